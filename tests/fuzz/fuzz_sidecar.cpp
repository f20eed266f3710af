// libFuzzer harness of a sweep's sidecar as `pbrsim merge` reads a shard: any bytes either
// give a sweep output whose fingerprint and result digests check, or raise core::InputError.
// Anything else (another exception, a crash, a sanitizer report, unbounded memory) is a
// finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/sweep/outputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto document = pbr::format::parse_json_text(text, "fuzz.json");
    const auto output = pbr::sweep::read_sidecar(document, "fuzz.json");
    // What merge writes from it must be writable too.
    (void)pbr::sweep::sidecar_text(output, nullptr);
  } catch (const pbr::core::InputError&) {
    // Bad input, reported with file and location: the expected outcome.
  }
  return 0;
}
