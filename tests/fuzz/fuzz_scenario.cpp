// libFuzzer harness of the scenario reader: any bytes either build a scenario or raise
// core::InputError (bad input, located). Anything else (another exception, a crash, a
// sanitizer report, unbounded memory) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/format/scenario_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto document = pbr::format::parse_json_text(text, "fuzz.json");
    // `extends` would read files: a fuzzer must not wander the file system.
    if (document.is_object() && document.contains("extends")) return 0;
    (void)pbr::format::build_scenario(document, "fuzz.json");
  } catch (const pbr::core::InputError&) {
    // Bad input, reported with file and JSON pointer: the expected outcome.
  }
  return 0;
}
