#include "engine/rules/graded.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace pbr::rules {

std::vector<ReconciliationPeriod> reconciliation_periods(const model::GradedSchedule& schedule,
                                                         model::Month horizon,
                                                         model::Month year_offset) {
  const model::Month r = schedule.reconcile_every_months;
  if (r < 1 || horizon < 1) {
    throw std::invalid_argument(
        "reconciliation_periods: need reconcile_every_months >= 1 and a "
        "horizon >= 1, got " +
        std::to_string(r) + " and " + std::to_string(horizon));
  }
  const model::Month m = std::max(schedule.measured_over_months, r);
  // Aligned to the financial year when the period divides it: the first boundary after 0.
  const model::Month first_boundary = 12 % r == 0 ? year_offset % r : 0;
  std::vector<ReconciliationPeriod> out;
  model::Month start = 0;
  model::Month next = first_boundary > 0 ? first_boundary : r;
  while (start < horizon) {
    const model::Month last = std::min(next, horizon) - 1;
    out.push_back({start, last, std::max<model::Month>(0, last - m + 1)});
    start = next;
    next += r;
  }
  return out;
}

double graded_share(const model::GradedSchedule& schedule, double rate) {
  const auto& pts = schedule.points;
  if (pts.empty() || rate < pts.front().rate) return 0.0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    if (rate < pts[i + 1].rate) {
      if (schedule.interpolation == model::Interpolation::steps) return pts[i].share;
      const double w = (rate - pts[i].rate) / (pts[i + 1].rate - pts[i].rate);
      return pts[i].share + w * (pts[i + 1].share - pts[i].share);
    }
  }
  return pts.back().share;
}

void count_treated_in_windows(const model::ClientPath& path, std::span<const char> is_treatment,
                              model::Month horizon, std::span<const ReconciliationPeriod> periods,
                              std::vector<std::int64_t>& cohort) {
  if (cohort.size() < periods.size()) cohort.resize(periods.size(), 0);
  const auto& es = path.entries;
  std::size_t next_k = 0;  // windows before it already counted this client
  for (std::size_t i = 0; i < es.size() && next_k < periods.size(); ++i) {
    if (es[i].month >= horizon) break;
    if (!is_treatment[static_cast<std::size_t>(es[i].state)]) continue;
    const model::Month a = es[i].month;
    const model::Month b = (i + 1 < es.size() ? std::min(es[i + 1].month, horizon) : horizon) - 1;
    // Windows are ordered with non-decreasing bounds: those meeting [a, b] are contiguous.
    while (next_k < periods.size() && periods[next_k].last < a) ++next_k;
    for (std::size_t k = next_k; k < periods.size() && periods[k].measured_from <= b; ++k) {
      ++cohort[k];
      next_k = k + 1;
    }
  }
}

}  // namespace pbr::rules
