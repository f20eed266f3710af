#pragma once
//! \file The distributions of uncertain inputs (docs/uncertainty.md, "Distributions"), each
//! sampled by its quantile function from one uniform, so that a draw is a pure function of
//! its uniform and correlations can be imposed by a Gaussian copula on those uniforms.
//! Quantiles come from Boost.Math.

#include <span>
#include <string>
#include <vector>

namespace pbr::uncertainty {

//! The families a scalar input may follow.
enum class Family {
  fixed,       //!< always `value` (a known value, kept in the table for the record)
  beta,        //!< Beta(alpha, beta) on [0, 1]: a probability
  gamma,       //!< Gamma(shape k, scale theta) on [0, inf): a cost
  lognormal,   //!< exp(N(mu, sigma^2)): a cost, a rate ratio or an odds ratio
  uniform,     //!< U(min, max): an assumption with bounds only
  triangular,  //!< Tri(min, mode, max): an assumption with a most likely value
};

//! "fixed", "beta", ...
std::string to_string(Family family);

//! One scalar distribution. The meaning of p1..p3 depends on the family: fixed (value),
//! beta (alpha, beta), gamma (shape, scale), lognormal (mu, sigma of the logarithm), uniform
//! (min, max), triangular (min, mode, max). Build with the make_* functions, which check the
//! parameters.
struct Distribution {
  Family family = Family::fixed;
  double p1 = 0.0, p2 = 0.0, p3 = 0.0;

  //! The value whose cumulative probability is u, 0 < u < 1.
  [[nodiscard]] double quantile(double u) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  //! "beta(alpha 30, beta 70)", for messages and the summary's detail column.
  [[nodiscard]] std::string describe() const;
};

//! The largest Beta alpha or beta, Gamma shape and Dirichlet count + prior. Boost's quantile
//! functions cost more as these grow (a Beta(1e10, 1e10) draw takes a third of a
//! millisecond, Beta(1e25, 1e25) tens of seconds, a Gamma of shape 1e13 fails); up to 1e7 a
//! draw takes under 0.05 ms, and a distribution so narrow (a relative sd of 3e-4 or less)
//! is a known value for any practical purpose.
inline constexpr double MAX_SHAPE = 1e7;

//! Why parameters are invalid ("" when they are valid), in the words shown to the user.
std::string beta_problem(double alpha, double beta);
std::string gamma_problem(double mean, double sd);
std::string lognormal_problem(double mu, double sigma);
std::string range_problem(double min, double max);
std::string triangular_problem(double min, double mode, double max);

Distribution make_fixed(double value);
Distribution make_beta(double alpha, double beta);
//! Gamma with the given mean and standard deviation: shape (mean/sd)^2, scale sd^2/mean.
Distribution make_gamma(double mean, double sd);
//! Log-normal whose logarithm has mean mu and standard deviation sigma.
Distribution make_lognormal(double mu, double sigma);
//! Log-normal with the given mean and standard deviation of the value itself:
//! sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
Distribution make_lognormal_moments(double mean, double sd);
//! Log-normal whose 2.5% and 97.5% quantiles are `low` and `high` (a published 95% interval
//! of a ratio): mu = (ln low + ln high)/2, sigma = (ln high - ln low)/(2 z_0.975).
Distribution make_lognormal_interval(double low, double high);
Distribution make_uniform(double min, double max);
Distribution make_triangular(double min, double mode, double max);

//! One Dirichlet draw from one uniform per component: x_j = G_j^-1(u_j), the Gamma(alpha_j,
//! 1) quantile, then normalised to sum 1 (the standard Gamma construction of the Dirichlet).
//! \pre alphas.size() == uniforms.size() >= 2, every alpha > 0, every u in (0, 1)
std::vector<double> dirichlet_from_uniforms(std::span<const double> alphas,
                                            std::span<const double> uniforms);

}  // namespace pbr::uncertainty
