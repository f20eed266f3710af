#pragma once
//! \file Summaries built one replication at a time, in memory that does not grow with the
//! number of replications.
//!
//! Each accumulator keeps the first `kept_values` values it is given and, alongside, running
//! statistics of every value. While the count is within `kept_values` its result is the
//! exact one of summary.hpp on the kept values (so runs of up to KEPT_VALUES replications
//! give the same numbers as ever). Past it, the kept values are dropped and the result comes
//! from the running statistics:
//! - mean and spread: Welford's update (moments.hpp), in the order the values were added;
//! - p05, p50, p95: the extended P-square estimator (Jain and Chlamtac 1985; Boost.Accumulators
//!   `extended_p_square`), five markers per quantile plus three, updated per value: an
//!   estimate, not the type 7 order statistic;
//! - min, max and the shares below and above zero: exact counts.
//! Values must be added in a fixed order (replication order): the running statistics and
//! the P-square markers depend on it, so a fixed order is what makes results byte-identical
//! for any thread count.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/stats/moments.hpp"
#include "engine/stats/summary.hpp"

namespace pbr::stats {

//! Values kept for exact summaries: above this many replications summaries stream.
inline constexpr std::size_t KEPT_VALUES = 10000;

//! The smallest `kept_values` an accumulator accepts: the P-square estimator needs a few
//! values to place its markers.
inline constexpr std::size_t MIN_KEPT_VALUES = 16;

//! The streaming form of stats::summarise.
class SummaryAccumulator {
 public:
  //! \throws std::invalid_argument when kept_values < MIN_KEPT_VALUES
  explicit SummaryAccumulator(std::size_t kept_values = KEPT_VALUES);
  SummaryAccumulator(const SummaryAccumulator& other);
  SummaryAccumulator& operator=(const SummaryAccumulator& other);
  SummaryAccumulator(SummaryAccumulator&&) noexcept;
  SummaryAccumulator& operator=(SummaryAccumulator&&) noexcept;
  ~SummaryAccumulator();

  //! Adds the next value. \throws std::invalid_argument when x is not finite
  void add(double x);
  //! Values added so far.
  [[nodiscard]] std::int64_t count() const { return moments_.n; }
  //! True while every value is kept (the summary is exact).
  [[nodiscard]] bool exact() const;
  //! The summary of every value added. \throws std::invalid_argument when none was added
  [[nodiscard]] Summary summary(double level = 0.95) const;

 private:
  struct Quantiles;  // the P-square markers (Boost.Accumulators), behind a pointer
  std::size_t kept_values_;
  std::vector<double> kept_;
  Moments moments_;
  double min_ = 0.0, max_ = 0.0;
  std::int64_t negative_ = 0, positive_ = 0;
  std::unique_ptr<Quantiles> quantiles_;
};

//! The streaming form of stats::summarise_paired: differences a_i - b_i, and the variances
//! of a and b for the unpaired standard error.
class PairedAccumulator {
 public:
  explicit PairedAccumulator(std::size_t kept_values = KEPT_VALUES);
  //! Adds the next pair. \throws std::invalid_argument when a or b is not finite
  void add(double a, double b);
  [[nodiscard]] std::int64_t count() const { return difference_.count(); }
  //! \throws std::invalid_argument when no pair was added
  [[nodiscard]] PairedSummary summary(double level = 0.95) const;

 private:
  std::size_t kept_values_;
  SummaryAccumulator difference_;
  std::vector<double> kept_a_, kept_b_;
  Moments a_, b_;
};

//! The streaming form of stats::ratio_of_means: running means, variances and the covariance
//! of x and y (the bivariate Welford update), from which
//!   sum (x_i - r y_i)^2 = Sxx - 2 r Sxy + r^2 Syy   with r = mean(x) / mean(y).
class RatioAccumulator {
 public:
  explicit RatioAccumulator(std::size_t kept_values = KEPT_VALUES);
  //! Adds the next pair. \throws std::invalid_argument when x or y is not finite
  void add(double x, double y);
  [[nodiscard]] std::int64_t count() const { return n_; }
  //! \throws std::invalid_argument when no pair was added
  [[nodiscard]] RatioOfMeans result(double level = 0.95) const;

 private:
  std::size_t kept_values_;
  std::vector<double> kept_x_, kept_y_;
  std::int64_t n_ = 0;
  double mean_x_ = 0.0, mean_y_ = 0.0, sxx_ = 0.0, syy_ = 0.0, sxy_ = 0.0;
};

}  // namespace pbr::stats
