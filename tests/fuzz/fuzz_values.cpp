// libFuzzer harness of the sweep's value lists and --set options (lists, JSON arrays, exact
// decimal ranges). Bad text raises a located error; nothing else.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/sweep/parameter.hpp"
#include "engine/sweep/values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)pbr::sweep::parse_values(text);
  } catch (const pbr::core::InputError&) {
  } catch (const std::invalid_argument&) {
  }
  try {
    (void)pbr::sweep::parse_set_option(text);
  } catch (const pbr::core::InputError&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
