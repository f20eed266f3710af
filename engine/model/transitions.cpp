#include "engine/model/transitions.hpp"

#include <algorithm>
#include <cmath>

namespace pbr::model {

double TransitionCell::exit_probability() const {
  double total = 0.0;
  for (const auto& e : exits) total += e.probability;
  return total;
}

namespace {
// Index of the last start <= value; starts are ascending and begin at 0.
int piece_of(const std::vector<Month>& starts, Month value) {
  const auto it = std::upper_bound(starts.begin(), starts.end(), value);
  return static_cast<int>(it - starts.begin()) - 1;
}
}  // namespace

int StateSchedule::band_of(Month duration) const {
  return piece_of(duration_starts, duration);
}
int StateSchedule::period_of(Month month) const {
  return piece_of(month_starts, month);
}

bool StateSchedule::has_no_exits() const {
  return std::all_of(cells.begin(), cells.end(), [](const TransitionCell& c) {
    return std::all_of(c.exits.begin(), c.exits.end(),
                       [](const Exit& e) { return e.probability == 0.0; });
  });
}

double monthly_from_annual_probability(double p_year) {
  return 1.0 - std::pow(1.0 - p_year, 1.0 / 12.0);
}

double monthly_from_annual_rate(double rate_per_year) {
  return 1.0 - std::exp(-rate_per_year / 12.0);
}

}  // namespace pbr::model
