// libFuzzer harness of the sweep plan file: any bytes either give a checked plan or raise
// core::InputError (bad input, located). Anything else (another exception, a crash, a
// sanitizer report, unbounded memory) is a finding. The scenario is not read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/sweep/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto document = pbr::format::parse_json_text(text, "fuzz.sweep.json");
    const auto plan = pbr::sweep::read_plan_document(document, "fuzz.sweep.json");
    pbr::sweep::check_plan(plan, "fuzz.sweep.json");
  } catch (const pbr::core::InputError&) {
    // Bad input, reported with file and JSON pointer: the expected outcome.
  }
  return 0;
}
