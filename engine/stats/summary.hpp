#pragma once
//! \file Across-replication summaries: mean, spread, a Student t interval, quantiles and the
//! probability of a loss, for one metric's per-replication values.

#include <cstdint>
#include <span>

namespace pbr::stats {

//! Summary of n values x_1 .. x_n (one per replication).
struct Summary {
  std::int64_t n = 0;  //!< number of values
  double mean = 0.0;   //!< (1/n) sum x_i
  double sd = 0.0;     //!< sample standard deviation sqrt(sum (x_i - mean)^2 / (n - 1)); 0 if n = 1
  double se = 0.0;     //!< standard error of the mean, sd / sqrt(n); 0 if n = 1
  double ci_low = 0.0;         //!< mean - t_{(1+level)/2, n-1} * se (= mean if n = 1)
  double ci_high = 0.0;        //!< mean + t_{(1+level)/2, n-1} * se (= mean if n = 1)
  double p05 = 0.0;            //!< 5% quantile (Hyndman-Fan type 7)
  double p50 = 0.0;            //!< median (type 7)
  double p95 = 0.0;            //!< 95% quantile (type 7)
  double min = 0.0;            //!< smallest value
  double max = 0.0;            //!< largest value
  double prob_negative = 0.0;  //!< share of values < 0 (for a margin: the probability of a loss)
  double prob_positive = 0.0;  //!< share of values > 0
};

//! Summarises values given in replication order. Deterministic: the result depends only on
//! the values and their order (mean and sd are two-pass sums in the given order with
//! Neumaier compensation; quantiles use a sorted copy).
//!
//! The interval is the Student t interval for the mean at `level` (default 95%). With a
//! single value there is no estimate of spread: sd = se = 0 and the interval collapses to
//! the mean; callers should say so rather than report it as certainty.
//! \param values  finite values, at least one
//! \param level   confidence level, 0 < level < 1
//! \throws std::invalid_argument when values is empty or holds a non-finite value
Summary summarise(std::span<const double> values, double level = 0.95);

//! Quantile of sorted values by Hyndman and Fan's definition 7 (R's default, numpy's
//! "linear"): with h = (n - 1) p, j = floor(h), Q(p) = x_(j) + (h - j)(x_(j+1) - x_(j)),
//! using 0-based order statistics x_(0) <= ... <= x_(n-1).
//! \pre sorted ascending, non-empty; 0 <= p <= 1
double quantile_type7(std::span<const double> sorted, double p);

//! Summary of paired differences a_i - b_i (e.g. a strategy's margin minus admit-all's, both
//! from the same random numbers), with the standard error the difference would have had
//! if the samples were independent, for comparison.
struct PairedSummary {
  Summary difference;  //!< summarise(a_i - b_i)
  //! sqrt(var(a)/n + var(b)/n), sample variances; 0 if n = 1. Larger than difference.se when
  //! common random numbers correlate a and b positively.
  double unpaired_se = 0.0;
};

//! Summarises a_i - b_i. \pre a.size() == b.size() >= 1 (else std::invalid_argument)
PairedSummary summarise_paired(std::span<const double> a, std::span<const double> b,
                               double level = 0.95);

//! A ratio of two means, mean(x) / mean(y), with its delta-method standard error.
struct RatioOfMeans {
  bool defined = false;  //!< false when mean(y) == 0 (then every other field is NaN)
  double ratio = 0.0;    //!< mean(x) / mean(y)
  //! sqrt(sum (x_i - ratio * y_i)^2 / (n - 1) / n) / |mean(y)|: the first-order (delta
  //! method) standard error of the ratio; 0 if n = 1
  double se = 0.0;
  double ci_low = 0.0;   //!< ratio - t_{(1+level)/2, n-1} * se (= ratio if n = 1)
  double ci_high = 0.0;  //!< ratio + t_{(1+level)/2, n-1} * se
};

//! The ratio of the means of x and y over replications (e.g. commissioner spend per
//! sustained recovery as mean spend / mean recoveries): the estimator whose limit is the
//! exact E[x] / E[y], unlike the mean of the per-replication ratios x_i / y_i.
//! \pre x.size() == y.size() >= 1, finite values (else std::invalid_argument)
RatioOfMeans ratio_of_means(std::span<const double> x, std::span<const double> y,
                            double level = 0.95);

}  // namespace pbr::stats
