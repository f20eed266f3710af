#include "engine/core/money.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace pbr::core {

std::optional<Pence> parse_pounds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  Pence whole = 0;
  std::size_t whole_digits = 0;
  // Bound well below INT64_MAX / 100 so the final scaling cannot overflow.
  constexpr Pence LIMIT = std::numeric_limits<Pence>::max() / 1000;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > LIMIT) return std::nullopt;
  }
  Pence fraction = 0;
  std::size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
      if (fraction_digits == 2) return std::nullopt;
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (fraction_digits == 0) return std::nullopt;
  }
  if (i != text.size() || whole_digits == 0) return std::nullopt;
  if (fraction_digits == 1) fraction *= 10;
  const Pence pence = whole * 100 + fraction;
  return negative ? -pence : pence;
}

std::optional<Pence> pounds_to_pence(double pounds) {
  if (!std::isfinite(pounds) || std::fabs(pounds) > 1e13) return std::nullopt;
  const double scaled = pounds * 100.0;
  const double rounded = std::round(scaled);
  // A value typed with two decimals (or computed from such values) is within a few ulps of
  // a whole number of pence. The tolerance is in ulps, not relative to the amount: a third
  // decimal is refused at every magnitude (once, 1500.009 passed as 1500.01).
  const double ulp = std::nextafter(std::fabs(scaled), HUGE_VAL) - std::fabs(scaled);
  if (std::fabs(scaled - rounded) > 4.0 * ulp) return std::nullopt;
  return static_cast<Pence>(rounded);
}

std::string format_pounds(Pence amount) {
  const bool negative = amount < 0;
  // Work in unsigned to format INT64_MIN safely.
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(amount + 1)) + 1 : static_cast<std::uint64_t>(amount);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 100);
  const auto cents = magnitude % 100;
  out += cents < 10 ? ".0" : ".";
  out += std::to_string(cents);
  return out;
}

Pence scale_pence(Pence amount, double factor) {
  return static_cast<Pence>(std::llround(static_cast<double>(amount) * factor));
}

}  // namespace pbr::core
