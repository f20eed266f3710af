#include "engine/output/units.hpp"

#include <array>
#include <stdexcept>

#include "engine/output/csv.hpp"

namespace pbr::output {

namespace {

constexpr std::array<std::string_view, 7> WORDS = {"GBP",         "count", "months", "share",
                                                   "probability", "level", "number"};

}  // namespace

std::string_view to_string(Unit unit) {
  return WORDS.at(static_cast<std::size_t>(unit));
}

std::optional<Unit> parse_unit(std::string_view word) {
  for (std::size_t i = 0; i < WORDS.size(); ++i) {
    if (WORDS[i] == word) return static_cast<Unit>(i);
  }
  return std::nullopt;
}

const std::vector<std::string>& unit_words() {
  static const std::vector<std::string> words(WORDS.begin(), WORDS.end());
  return words;
}

std::string csv_value(double value, Unit unit) {
  return unit == Unit::gbp ? csv_money(value) : csv_number(value);
}

std::string csv_value(double value, std::string_view unit_word) {
  const auto unit = parse_unit(unit_word);
  if (!unit) throw std::logic_error("unit '" + std::string(unit_word) + "' is not in output::Unit");
  return csv_value(value, *unit);
}

}  // namespace pbr::output
