// libFuzzer harness of the sweep's derived-value expressions: parse, list names, evaluate.
// Bad text raises core::InputError or std::invalid_argument with a message; nothing else.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/sweep/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto e = pbr::sweep::Expression::parse(text);
    (void)e.names();
    (void)e.base_pointers();
    (void)e.evaluate([](const std::string&) { return 1.5; },
                     [](const std::string&) { return 100.0; });
  } catch (const pbr::core::InputError&) {
  } catch (const std::invalid_argument&) {
  } catch (const std::domain_error&) {
  }
  return 0;
}
