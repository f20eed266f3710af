#include "engine/stats/streaming.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/extended_p_square.hpp>
#include <boost/accumulators/statistics/stats.hpp>

#include "engine/stats/distributions.hpp"

namespace pbr::stats {

namespace acc = boost::accumulators;

namespace {

constexpr double PROBABILITIES[] = {0.05, 0.50, 0.95};

void check_kept(std::size_t kept_values) {
  if (kept_values < MIN_KEPT_VALUES) {
    throw std::invalid_argument(
        "streaming summary: kept_values must be >= " + std::to_string(MIN_KEPT_VALUES) + ", got " +
        std::to_string(kept_values));
  }
}

void check_finite(double x, const char* what) {
  if (!std::isfinite(x)) {
    throw std::invalid_argument(std::string(what) + ": value is not finite");
  }
}

//! Keeps values while there are at most `limit`; past it, frees them for good.
void keep(std::vector<double>& kept, double x, std::int64_t count_after, std::size_t limit) {
  if (static_cast<std::size_t>(count_after) <= limit) {
    kept.push_back(x);
  } else if (!kept.empty() || kept.capacity() > 0) {
    std::vector<double>().swap(kept);
  }
}

double t_half_width(std::int64_t n, double level, double se) {
  return n >= 2 ? student_t_quantile(0.5 + 0.5 * level, static_cast<double>(n - 1)) * se : 0.0;
}

}  // namespace

struct SummaryAccumulator::Quantiles {
  using Set = acc::accumulator_set<double, acc::stats<acc::tag::extended_p_square>>;
  Set set{acc::extended_p_square_probabilities =
              std::vector<double>(std::begin(PROBABILITIES), std::end(PROBABILITIES))};
};

SummaryAccumulator::SummaryAccumulator(std::size_t kept_values)
    : kept_values_(kept_values), quantiles_(std::make_unique<Quantiles>()) {
  check_kept(kept_values);
}

SummaryAccumulator::SummaryAccumulator(const SummaryAccumulator& other)
    : kept_values_(other.kept_values_),
      kept_(other.kept_),
      moments_(other.moments_),
      min_(other.min_),
      max_(other.max_),
      negative_(other.negative_),
      positive_(other.positive_),
      quantiles_(std::make_unique<Quantiles>(*other.quantiles_)) {}

SummaryAccumulator& SummaryAccumulator::operator=(const SummaryAccumulator& other) {
  if (this != &other) *this = SummaryAccumulator(other);
  return *this;
}

SummaryAccumulator::SummaryAccumulator(SummaryAccumulator&&) noexcept = default;
SummaryAccumulator& SummaryAccumulator::operator=(SummaryAccumulator&&) noexcept = default;
SummaryAccumulator::~SummaryAccumulator() = default;

void SummaryAccumulator::add(double x) {
  check_finite(x, "SummaryAccumulator::add");
  if (moments_.n == 0) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  negative_ += x < 0;
  positive_ += x > 0;
  moments_.add(x);
  keep(kept_, x, moments_.n, kept_values_);
  quantiles_->set(x);
}

bool SummaryAccumulator::exact() const {
  return static_cast<std::size_t>(moments_.n) <= kept_values_;
}

Summary SummaryAccumulator::summary(double level) const {
  if (moments_.n == 0) throw std::invalid_argument("SummaryAccumulator: no values");
  if (exact()) return summarise(kept_, level);
  Summary s;
  s.n = moments_.n;
  s.mean = moments_.mean;
  s.sd = moments_.sd();
  s.se = moments_.standard_error();
  const double half = t_half_width(s.n, level, s.se);
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  const auto markers = acc::extended_p_square(quantiles_->set);
  // The markers are estimates; clamp them to the observed range and keep them in order.
  s.p05 = std::clamp(markers[0], min_, max_);
  s.p50 = std::clamp(markers[1], s.p05, max_);
  s.p95 = std::clamp(markers[2], s.p50, max_);
  s.min = min_;
  s.max = max_;
  s.prob_negative = static_cast<double>(negative_) / static_cast<double>(s.n);
  s.prob_positive = static_cast<double>(positive_) / static_cast<double>(s.n);
  return s;
}

PairedAccumulator::PairedAccumulator(std::size_t kept_values)
    : kept_values_(kept_values), difference_(kept_values) {}

void PairedAccumulator::add(double a, double b) {
  check_finite(a, "PairedAccumulator::add");
  check_finite(b, "PairedAccumulator::add");
  difference_.add(a - b);
  a_.add(a);
  b_.add(b);
  keep(kept_a_, a, a_.n, kept_values_);
  keep(kept_b_, b, b_.n, kept_values_);
}

PairedSummary PairedAccumulator::summary(double level) const {
  if (a_.n == 0) throw std::invalid_argument("PairedAccumulator: no pairs");
  if (static_cast<std::size_t>(a_.n) <= kept_values_) {
    return summarise_paired(kept_a_, kept_b_, level);
  }
  PairedSummary out;
  out.difference = difference_.summary(level);
  const auto n = static_cast<double>(a_.n);
  out.unpaired_se = std::sqrt((a_.m2 + b_.m2) / (n - 1.0) / n);
  return out;
}

RatioAccumulator::RatioAccumulator(std::size_t kept_values) : kept_values_(kept_values) {
  check_kept(kept_values);
}

void RatioAccumulator::add(double x, double y) {
  check_finite(x, "RatioAccumulator::add");
  check_finite(y, "RatioAccumulator::add");
  ++n_;
  const auto n = static_cast<double>(n_);
  const double dx = x - mean_x_;
  const double dy = y - mean_y_;
  mean_x_ += dx / n;
  mean_y_ += dy / n;
  sxx_ += dx * (x - mean_x_);
  syy_ += dy * (y - mean_y_);
  sxy_ += dx * (y - mean_y_);
  keep(kept_x_, x, n_, kept_values_);
  keep(kept_y_, y, n_, kept_values_);
}

RatioOfMeans RatioAccumulator::result(double level) const {
  if (n_ == 0) throw std::invalid_argument("RatioAccumulator: no pairs");
  if (static_cast<std::size_t>(n_) <= kept_values_) {
    return ratio_of_means(kept_x_, kept_y_, level);
  }
  RatioOfMeans out;
  if (mean_y_ == 0.0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.ratio = out.se = out.ci_low = out.ci_high = nan;
    return out;
  }
  out.defined = true;
  out.ratio = mean_x_ / mean_y_;
  const auto n = static_cast<double>(n_);
  const double ss = std::max(0.0, sxx_ - 2.0 * out.ratio * sxy_ + out.ratio * out.ratio * syy_);
  out.se = std::sqrt(ss / (n - 1.0) / n) / std::abs(mean_y_);
  const double half = t_half_width(n_, level, out.se);
  out.ci_low = out.ratio - half;
  out.ci_high = out.ratio + half;
  return out;
}

}  // namespace pbr::stats
