#pragma once
//! \file Mergeable running moments and the standard-error stopping rule.

#include <cstdint>

namespace pbr::stats {

//! Running count, mean and sum of squared deviations of a stream of values.
//!
//! add() is Welford's update: with delta = x - mean_{n-1},
//!   mean_n = mean_{n-1} + delta / n,   M2_n = M2_{n-1} + delta * (x - mean_n).
//! merge() is the pairwise update of Chan, Golub and LeVeque (1979): for parts A and B with
//! delta = mean_B - mean_A and n = n_A + n_B,
//!   mean = mean_A + delta * n_B / n,   M2 = M2_A + M2_B + delta^2 * n_A * n_B / n.
//! Merging is exact in real arithmetic and associative up to rounding, so callers merge in
//! a fixed order (block order) to get byte-identical results for any thread count.
//!
//! **Example**
//! \code
//! stats::Moments m;
//! for (double x : margins) m.add(x);
//! if (stats::standard_error_within(m, 100.0)) { ... }  // se of the mean <= 100 pence
//! \endcode
struct Moments {
  std::int64_t n = 0;  //!< number of values added
  double mean = 0.0;   //!< arithmetic mean (0 when n == 0)
  double m2 = 0.0;     //!< sum of squared deviations from the mean, >= 0

  //! Adds one value. \pre x is finite.
  void add(double x);
  //! Adds every value of `other`, as if they had been add()ed here (up to rounding).
  void merge(const Moments& other);
  //! Sample variance M2 / (n - 1). \pre n >= 2, else throws std::logic_error.
  [[nodiscard]] double variance() const;
  //! Sample standard deviation sqrt(variance()). \pre n >= 2, else throws std::logic_error.
  [[nodiscard]] double sd() const;
  //! Standard error of the mean, sd() / sqrt(n). \pre n >= 2, else throws std::logic_error.
  [[nodiscard]] double standard_error() const;
};

//! The standard-error stopping rule (QuantLib McSimulation::value(tolerance), OpenMC
//! triggers): true once at least max(min_n, 2) values are in and se of the mean <= tolerance.
//! \param tolerance  in the units of the values, > 0
//! \param min_n      replications required before the rule may stop (guards against a small
//!                   sample whose sd happens to be tiny)
bool standard_error_within(const Moments& m, double tolerance, std::int64_t min_n = 10);

//! Replications needed for se <= tolerance if the sd stays as estimated:
//! ceil(variance / tolerance^2), and at least n. \pre m.n >= 2, tolerance > 0.
std::int64_t replications_needed(const Moments& m, double tolerance);

}  // namespace pbr::stats
