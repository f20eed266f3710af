#include "engine/stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/stats/distributions.hpp"

namespace pbr::stats {

namespace {

//! Neumaier's compensated sum: money totals of a million pence per replication summed over
//! thousands of replications keep every significant digit.
class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    comp_ += std::fabs(sum_) >= std::fabs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
  }
  [[nodiscard]] double value() const { return sum_ + comp_; }

 private:
  double sum_ = 0.0, comp_ = 0.0;
};

//! Mean and sum of squared deviations, two-pass, with the second pass's correction term
//! (Chan, Golub and LeVeque's "corrected two-pass" algorithm).
void mean_and_m2(std::span<const double> values, double& mean, double& m2) {
  CompensatedSum s;
  for (const double x : values) s.add(x);
  const double n = static_cast<double>(values.size());
  mean = s.value() / n;
  CompensatedSum sq, dev;
  for (const double x : values) {
    sq.add((x - mean) * (x - mean));
    dev.add(x - mean);
  }
  m2 = std::max(0.0, sq.value() - dev.value() * dev.value() / n);
}

}  // namespace

double quantile_type7(std::span<const double> sorted, double p) {
  if (sorted.empty() || !(p >= 0 && p <= 1)) {
    throw std::invalid_argument("quantile_type7: need values and 0 <= p <= 1");
  }
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto j = static_cast<std::size_t>(std::floor(h));
  if (j + 1 >= sorted.size()) return sorted.back();
  const double lo = sorted[j], hi = sorted[j + 1];
  return lo == hi ? lo : lo + (h - static_cast<double>(j)) * (hi - lo);
}

Summary summarise(std::span<const double> values, double level) {
  if (values.empty()) throw std::invalid_argument("summarise: no values");
  if (!(level > 0 && level < 1)) {
    throw std::invalid_argument("summarise: level must be in (0, 1), got " + std::to_string(level));
  }
  Summary s;
  s.n = static_cast<std::int64_t>(values.size());
  std::int64_t negative = 0, positive = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument("summarise: value " + std::to_string(i) + " is not finite");
    }
    negative += values[i] < 0;
    positive += values[i] > 0;
  }
  double m2 = 0.0;
  mean_and_m2(values, s.mean, m2);
  if (s.n >= 2) {
    s.sd = std::sqrt(m2 / static_cast<double>(s.n - 1));
    s.se = s.sd / std::sqrt(static_cast<double>(s.n));
  }
  const double half =
      s.n >= 2 ? student_t_quantile(0.5 + 0.5 * level, static_cast<double>(s.n - 1)) * s.se : 0.0;
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  s.p05 = quantile_type7(sorted, 0.05);
  s.p50 = quantile_type7(sorted, 0.50);
  s.p95 = quantile_type7(sorted, 0.95);
  s.min = sorted.front();
  s.max = sorted.back();
  s.prob_negative = static_cast<double>(negative) / static_cast<double>(s.n);
  s.prob_positive = static_cast<double>(positive) / static_cast<double>(s.n);
  return s;
}

PairedSummary summarise_paired(std::span<const double> a, std::span<const double> b, double level) {
  if (a.size() != b.size() || a.empty()) {
    throw std::invalid_argument("summarise_paired: need two samples of the same size >= 1, got " +
                                std::to_string(a.size()) + " and " + std::to_string(b.size()));
  }
  std::vector<double> diff(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) diff[i] = a[i] - b[i];
  PairedSummary out;
  out.difference = summarise(diff, level);
  if (a.size() >= 2) {
    double mean = 0, m2a = 0, m2b = 0;
    mean_and_m2(a, mean, m2a);
    mean_and_m2(b, mean, m2b);
    const double n = static_cast<double>(a.size());
    out.unpaired_se = std::sqrt((m2a + m2b) / (n - 1) / n);
  }
  return out;
}

RatioOfMeans ratio_of_means(std::span<const double> x, std::span<const double> y, double level) {
  if (x.size() != y.size() || x.empty()) {
    throw std::invalid_argument("ratio_of_means: need two non-empty samples of equal size");
  }
  const Summary sx = summarise(x, level);
  const Summary sy = summarise(y, level);
  RatioOfMeans out;
  if (sy.mean == 0.0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.ratio = out.se = out.ci_low = out.ci_high = nan;
    return out;
  }
  out.defined = true;
  out.ratio = sx.mean / sy.mean;
  const auto n = static_cast<double>(x.size());
  if (x.size() < 2) {
    out.ci_low = out.ci_high = out.ratio;
    return out;
  }
  double ss = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double d = x[i] - out.ratio * y[i];
    ss += d * d;
  }
  out.se = std::sqrt(ss / (n - 1.0) / n) / std::abs(sy.mean);
  const double t = student_t_quantile((1.0 + level) / 2.0, n - 1.0);
  out.ci_low = out.ratio - t * out.se;
  out.ci_high = out.ratio + t * out.se;
  return out;
}

}  // namespace pbr::stats
