#include "engine/uncertainty/distribution.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "engine/format/json_util.hpp"

namespace pbr::uncertainty {

namespace {

std::string number(double x) {
  return format::format_approx(x);
}

bool positive_finite(double x) {
  return std::isfinite(x) && x > 0.0;
}

}  // namespace

std::string to_string(Family family) {
  switch (family) {
    case Family::fixed:
      return "fixed";
    case Family::beta:
      return "beta";
    case Family::gamma:
      return "gamma";
    case Family::lognormal:
      return "lognormal";
    case Family::uniform:
      return "uniform";
    case Family::triangular:
      return "triangular";
  }
  return "?";
}

double Distribution::quantile(double u) const {
  namespace bm = boost::math;
  switch (family) {
    case Family::fixed:
      return p1;
    case Family::beta:
      return bm::quantile(bm::beta_distribution<double>(p1, p2), u);
    case Family::gamma:
      return bm::quantile(bm::gamma_distribution<double>(p1, p2), u);
    case Family::lognormal:
      return bm::quantile(bm::lognormal_distribution<double>(p1, p2), u);
    case Family::uniform:
      return p1 + (p2 - p1) * u;
    case Family::triangular:
      return bm::quantile(bm::triangular_distribution<double>(p1, p2, p3), u);
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::mean() const {
  switch (family) {
    case Family::fixed:
      return p1;
    case Family::beta:
      return p1 / (p1 + p2);
    case Family::gamma:
      return p1 * p2;
    case Family::lognormal:
      return std::exp(p1 + p2 * p2 / 2);
    case Family::uniform:
      return (p1 + p2) / 2;
    case Family::triangular:
      return (p1 + p2 + p3) / 3;
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::variance() const {
  switch (family) {
    case Family::fixed:
      return 0.0;
    case Family::beta: {
      const double s = p1 + p2;
      return p1 * p2 / (s * s * (s + 1));
    }
    case Family::gamma:
      return p1 * p2 * p2;
    case Family::lognormal:
      return (std::exp(p2 * p2) - 1) * std::exp(2 * p1 + p2 * p2);
    case Family::uniform:
      return (p2 - p1) * (p2 - p1) / 12;
    case Family::triangular:
      return (p1 * p1 + p2 * p2 + p3 * p3 - p1 * p2 - p1 * p3 - p2 * p3) / 18;
  }
  throw std::logic_error("unknown distribution family");
}

std::string Distribution::describe() const {
  switch (family) {
    case Family::fixed:
      return "fixed(" + number(p1) + ")";
    case Family::beta:
      return "beta(alpha " + number(p1) + ", beta " + number(p2) + ")";
    case Family::gamma:
      return "gamma(shape " + number(p1) + ", scale " + number(p2) + ")";
    case Family::lognormal:
      return "lognormal(mu " + number(p1) + ", sigma " + number(p2) + ")";
    case Family::uniform:
      return "uniform(" + number(p1) + ", " + number(p2) + ")";
    case Family::triangular:
      return "triangular(" + number(p1) + ", " + number(p2) + ", " + number(p3) + ")";
  }
  return "?";
}

std::string beta_problem(double alpha, double beta) {
  if (!positive_finite(alpha) || !positive_finite(beta)) {
    return "alpha and beta must be finite and > 0, got alpha " + number(alpha) + ", beta " +
           number(beta);
  }
  if (alpha > MAX_SHAPE || beta > MAX_SHAPE) {
    return "alpha and beta must be at most 1e7, got alpha " + number(alpha) + ", beta " +
           number(beta) + " (so narrow a beta is a known value: use \"fixed\")";
  }
  return "";
}

std::string gamma_problem(double mean, double sd) {
  if (!positive_finite(mean) || !positive_finite(sd)) {
    return "mean and sd must be finite and > 0, got mean " + number(mean) + ", sd " + number(sd);
  }
  if ((mean / sd) * (mean / sd) > MAX_SHAPE) {
    return "sd must be at least mean / 3162 (a shape (mean/sd)^2 of at most 1e7), got mean " +
           number(mean) + ", sd " + number(sd) +
           " (so narrow a gamma is a known value: use "
           "\"fixed\")";
  }
  return "";
}

std::string lognormal_problem(double mu, double sigma) {
  if (!std::isfinite(mu) || !positive_finite(sigma)) {
    return "mu must be finite and sigma finite and > 0, got mu " + number(mu) + ", sigma " +
           number(sigma);
  }
  return "";
}

std::string range_problem(double min, double max) {
  if (!std::isfinite(min) || !std::isfinite(max) || !(min < max)) {
    return "expected finite min < max, got min " + number(min) + ", max " + number(max);
  }
  return "";
}

std::string triangular_problem(double min, double mode, double max) {
  if (!std::isfinite(min) || !std::isfinite(mode) || !std::isfinite(max) || !(min < max) ||
      mode < min || mode > max) {
    return "expected finite min <= mode <= max with min < max, got min " + number(min) + ", mode " +
           number(mode) + ", max " + number(max);
  }
  return "";
}

namespace {

Distribution checked(Family family, double p1, double p2, double p3, const std::string& problem) {
  if (!problem.empty()) throw std::invalid_argument(problem);
  return {family, p1, p2, p3};
}

}  // namespace

Distribution make_fixed(double value) {
  return checked(Family::fixed, value, 0, 0,
                 std::isfinite(value) ? "" : "value must be finite, got " + number(value));
}

Distribution make_beta(double alpha, double beta) {
  return checked(Family::beta, alpha, beta, 0, beta_problem(alpha, beta));
}

Distribution make_gamma(double mean, double sd) {
  auto problem = gamma_problem(mean, sd);
  const double shape = problem.empty() ? (mean / sd) * (mean / sd) : 0.0;
  const double scale = problem.empty() ? sd * sd / mean : 0.0;
  if (problem.empty() && !(positive_finite(shape) && positive_finite(scale))) {
    problem = "mean " + number(mean) + " and sd " + number(sd) +
              " give a shape or scale out of range (shape (mean/sd)^2 " + number(shape) +
              ", scale sd^2/mean " + number(scale) + ")";
  }
  return checked(Family::gamma, shape, scale, 0, problem);
}

Distribution make_lognormal(double mu, double sigma) {
  return checked(Family::lognormal, mu, sigma, 0, lognormal_problem(mu, sigma));
}

Distribution make_lognormal_moments(double mean, double sd) {
  if (!positive_finite(mean) || !positive_finite(sd)) {
    throw std::invalid_argument("mean and sd must be finite and > 0, got mean " + number(mean) +
                                ", sd " + number(sd));
  }
  const double s2 = std::log1p((sd / mean) * (sd / mean));
  if (!positive_finite(s2)) {
    throw std::invalid_argument("mean " + number(mean) + " and sd " + number(sd) +
                                " give a log-scale sd out of range");
  }
  return make_lognormal(std::log(mean) - s2 / 2, std::sqrt(s2));
}

Distribution make_lognormal_interval(double low, double high) {
  if (!positive_finite(low) || !positive_finite(high) || !(low < high)) {
    throw std::invalid_argument("a 95% interval needs 0 < low < high, got low " + number(low) +
                                ", high " + number(high));
  }
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 0.975);
  return make_lognormal((std::log(low) + std::log(high)) / 2,
                        (std::log(high) - std::log(low)) / (2 * z));
}

Distribution make_uniform(double min, double max) {
  return checked(Family::uniform, min, max, 0, range_problem(min, max));
}

Distribution make_triangular(double min, double mode, double max) {
  return checked(Family::triangular, min, mode, max, triangular_problem(min, mode, max));
}

std::vector<double> dirichlet_from_uniforms(std::span<const double> alphas,
                                            std::span<const double> uniforms) {
  if (alphas.size() != uniforms.size() || alphas.size() < 2) {
    throw std::invalid_argument("a Dirichlet draw needs one uniform per component, >= 2");
  }
  std::vector<double> x(alphas.size());
  for (std::size_t j = 0; j < x.size(); ++j) {
    x[j] = boost::math::gamma_p_inv(alphas[j], uniforms[j]);
  }
  const double total = std::accumulate(x.begin(), x.end(), 0.0);
  // Every Gamma draw below the smallest double (tiny alphas): no share can be told apart.
  if (!(total > 0) || !std::isfinite(total)) {
    throw std::domain_error(
        "the Gamma draws of every component underflowed (counts + prior "
        "too small)");
  }
  for (double& v : x) v /= total;
  return x;
}

}  // namespace pbr::uncertainty
