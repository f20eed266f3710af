// libFuzzer harness of the CSV files `pbrsim report` reads: any bytes either parse into a
// table whose every cell can be read as the number a report needs (or an empty cell), or
// raise core::InputError naming the file and where. Anything else (another exception, a
// crash, a sanitizer report, unbounded memory) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/report/csv_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto table = pbr::report::parse_csv(text, "fuzz.csv");
    for (const auto& column : table.header) {
      for (std::size_t r = 0; r < table.rows.size(); ++r) {
        try {
          (void)pbr::report::number_at(table, r, column);
        } catch (const pbr::core::InputError&) {
          // A cell that is not a number, located by row and column.
        }
      }
    }
  } catch (const pbr::core::InputError&) {
    // Not UTF-8, an open quote, a ragged row: located.
  }
  return 0;
}
