// libFuzzer harness of the uncertainty file: any bytes either give a checked specification
// whose first draws are made, or raise core::InputError (bad input, located). Anything else
// (another exception, a crash, a sanitizer report, unbounded memory) is a finding. The
// scenario is not read (a fuzzer must not wander the file system).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/uncertainty/draws.hpp"
#include "engine/uncertainty/spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto document = pbr::format::parse_json_text(text, "fuzz.json");
    const auto spec = pbr::uncertainty::read_uncertainty_document(document, "fuzz.json");
    (void)pbr::uncertainty::draw_inputs(spec, 1, 3);
  } catch (const pbr::core::InputError&) {
    // Bad input, reported with file and JSON pointer: the expected outcome.
  }
  return 0;
}
