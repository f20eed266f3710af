// The distributions of uncertain inputs and their draws: known moments and quantiles, a
// Dirichlet from counts, the Gaussian copula, and draws keyed by (seed, draw, input).
// Statistical checks use fixed seeds and state their bands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/uncertainty/distribution.hpp"
#include "engine/uncertainty/draws.hpp"

using namespace pbr::uncertainty;

namespace {

double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double variance_of(const std::vector<double>& x) {
  const double m = mean_of(x);
  double ss = 0.0;
  for (const double v : x) ss += (v - m) * (v - m);
  return ss / static_cast<double>(x.size() - 1);
}

UncertainInput scalar(const std::string& name, Distribution d, std::optional<int> decimals = 12) {
  UncertainInput input;
  input.name = name;
  input.distribution = d;
  input.decimals = decimals;
  return input;
}

std::vector<double> column(const DrawTable& t, std::size_t c) {
  std::vector<double> x;
  for (const auto& row : t.values) x.push_back(row[c]);
  return x;
}

//! Sample mean within 4 standard errors of `mean`, and sample variance within 4 standard
//! errors of `variance` (the variance's standard error estimated from the sample's fourth
//! central moment: sqrt((m4 - s^4) / n)).
void check_moments(const std::vector<double>& x, double mean, double variance) {
  const double n = static_cast<double>(x.size());
  const double m = mean_of(x), s2 = variance_of(x);
  double m4 = 0.0;
  for (const double v : x) m4 += std::pow(v - m, 4) / n;
  CHECK(std::abs(m - mean) <= 4 * std::sqrt(variance / n));
  CHECK(std::abs(s2 - variance) <= 4 * std::sqrt((m4 - s2 * s2) / n));
}

constexpr std::int64_t N = 20000;

}  // namespace

TEST_CASE("distributions: exact moments and quantiles of each family", "[uncertainty]") {
  const auto beta = make_beta(30, 70);
  CHECK(beta.mean() == Approx(0.3));
  CHECK(beta.variance() == Approx(0.3 * 0.7 / 101));
  const auto gamma = make_gamma(95, 19);
  CHECK(gamma.mean() == Approx(95));
  CHECK(gamma.variance() == Approx(19.0 * 19.0));
  // A published 95% interval is the distribution's 2.5% and 97.5% quantiles.
  const auto ratio = make_lognormal_interval(0.788, 0.937);
  CHECK(ratio.quantile(0.025) == Approx(0.788).epsilon(1e-12));
  CHECK(ratio.quantile(0.975) == Approx(0.937).epsilon(1e-12));
  const auto lm = make_lognormal_moments(70, 14);
  CHECK(lm.mean() == Approx(70));
  CHECK(lm.variance() == Approx(196));
  const auto tri = make_triangular(0.6, 0.7, 0.85);
  CHECK(tri.quantile(0.5) > 0.6);
  CHECK(tri.mean() == Approx((0.6 + 0.7 + 0.85) / 3));
  CHECK(make_uniform(2, 4).quantile(0.25) == Approx(2.5));
  CHECK(make_fixed(3).quantile(0.9) == 3);
  CHECK_THROWS_WITH(make_beta(0, 1), "alpha and beta must be finite and > 0, got alpha 0, beta 1");
  // Bounded to where Boost's quantile is fast (once, alpha = beta = 1e308 never finished).
  CHECK_THROWS_WITH(make_beta(1e308, 1e308),
                    "alpha and beta must be at most 1e7, got alpha 1e+308, beta 1e+308 (so "
                    "narrow a beta is a known value: use \"fixed\")");
  CHECK(make_beta(1e7, 1e7).quantile(0.975) == Approx(0.5 + 1.96 * 0.5 / std::sqrt(2e7 + 1)));
  CHECK_THROWS_WITH(make_gamma(1, 1e-4),
                    "sd must be at least mean / 3162 (a shape (mean/sd)^2 of at most 1e7), got "
                    "mean 1, sd 0.0001 (so narrow a gamma is a known value: use \"fixed\")");
  CHECK_THROWS_WITH(make_triangular(1, 3, 2),
                    "expected finite min <= mode <= max with min < max, got min 1, mode 3, max 2");
}

TEST_CASE("draws: each family's sample has its mean and variance (4 standard errors)",
          "[uncertainty]") {
  UncertaintySpec spec;
  spec.inputs = {scalar("b", make_beta(30, 70)), scalar("g", make_gamma(95, 19)),
                 scalar("l", make_lognormal_moments(70, 14)), scalar("u", make_uniform(0.3, 0.7)),
                 scalar("t", make_triangular(2, 3, 3.25))};
  const auto table = draw_inputs(spec, 11, N);
  REQUIRE(table.values.size() == static_cast<std::size_t>(N));
  for (std::size_t c = 0; c < spec.inputs.size(); ++c) {
    INFO(spec.inputs[c].name);
    check_moments(column(table, c), spec.inputs[c].distribution.mean(),
                  spec.inputs[c].distribution.variance());
  }
}

TEST_CASE("draws: a Dirichlet from counts has the right means and covariances", "[uncertainty]") {
  // Counts (166, 38, 1796) with prior 1: Dirichlet(167, 39, 1797).
  UncertainInput row;
  row.name = "exits";
  row.decimals = 12;
  const std::vector<double> alpha = {167, 39, 1797};
  for (std::size_t j = 0; j < alpha.size(); ++j) {
    row.components.push_back({"exits_" + std::to_string(j), {}, alpha[j]});
  }
  UncertaintySpec spec;
  spec.inputs = {row};
  const auto table = draw_inputs(spec, 5, N);
  REQUIRE(table.columns.size() == 3);
  CHECK(table.columns[2].determined);
  const double a0 = std::accumulate(alpha.begin(), alpha.end(), 0.0);
  const double n = static_cast<double>(N);
  for (const auto& r : table.values) CHECK(r[0] + r[1] + r[2] == Approx(1.0).margin(1e-11));
  for (std::size_t i = 0; i < 3; ++i) {
    const auto xi = column(table, i);
    const double mi = alpha[i] / a0;
    check_moments(xi, mi, mi * (1 - mi) / (a0 + 1));
    for (std::size_t j = i + 1; j < 3; ++j) {
      // Cov(X_i, X_j) = -alpha_i alpha_j / (a0^2 (a0 + 1)); the estimate's standard error from
      // the sample of products of deviations.
      const auto xj = column(table, j);
      const double mx = mean_of(xi), my = mean_of(xj);
      std::vector<double> products;
      for (std::size_t k = 0; k < xi.size(); ++k) products.push_back((xi[k] - mx) * (xj[k] - my));
      const double cov = mean_of(products);
      const double se = std::sqrt(variance_of(products) / n);
      INFO("components " << i << ", " << j);
      CHECK(std::abs(cov - (-alpha[i] * alpha[j] / (a0 * a0 * (a0 + 1)))) <= 4 * se);
    }
  }
}

TEST_CASE("draws: a Gaussian copula correlates ranks and keeps the margins", "[uncertainty]") {
  UncertaintySpec spec;
  spec.inputs = {scalar("a", make_uniform(0, 1)), scalar("b", make_gamma(10, 3))};
  spec.correlations = {{"a", "b", 0.6, ""}};
  const auto table = draw_inputs(spec, 3, N);
  const auto a = column(table, 0), b = column(table, 1);
  check_moments(a, 0.5, 1.0 / 12);
  check_moments(b, 10, 9);
  // Spearman's rho of a normal copula: (6 / pi) asin(rho / 2) = 0.5822; its standard error is
  // about (1 - rho_s^2) / sqrt(n) (0.0047 here): within 4 of them.
  auto ranks = [](std::vector<double> x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto i, auto j) { return x[i] < x[j]; });
    std::vector<double> r(x.size());
    for (std::size_t k = 0; k < order.size(); ++k) r[order[k]] = static_cast<double>(k);
    return r;
  };
  const auto ra = ranks(a), rb = ranks(b);
  const double ma = mean_of(ra), mb = mean_of(rb);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t k = 0; k < ra.size(); ++k) {
    sab += (ra[k] - ma) * (rb[k] - mb);
    saa += (ra[k] - ma) * (ra[k] - ma);
    sbb += (rb[k] - mb) * (rb[k] - mb);
  }
  const double spearman = sab / std::sqrt(saa * sbb);
  const double expected = 6 / M_PI * std::asin(0.3);
  CHECK(std::abs(spearman - expected) <= 4 * (1 - expected * expected) / std::sqrt(N));
}

TEST_CASE("draws: keyed by (seed, draw, input name), not by order or count", "[uncertainty]") {
  UncertaintySpec spec;
  spec.inputs = {scalar("a", make_beta(2, 5), std::nullopt), scalar("b", make_gamma(3, 1))};
  const auto long_run = draw_inputs(spec, 42, 100);
  const auto short_run = draw_inputs(spec, 42, 10);
  for (std::size_t d = 0; d < 10; ++d) CHECK(short_run.values[d] == long_run.values[d]);
  // Another order of the inputs, and one more input: the same values for the same names.
  UncertaintySpec reordered;
  reordered.inputs = {scalar("c", make_uniform(0, 1)), spec.inputs[1], spec.inputs[0]};
  const auto other = draw_inputs(reordered, 42, 100);
  for (std::size_t d = 0; d < 100; ++d) {
    CHECK(other.values[d][2] == long_run.values[d][0]);
    CHECK(other.values[d][1] == long_run.values[d][1]);
  }
  // Another seed, other values; 6 significant digits unless told otherwise.
  CHECK(draw_inputs(spec, 43, 1).values[0] != long_run.values[0]);
  CHECK(round_drawn(0.123456789, std::nullopt) == 0.123457);
  CHECK(round_drawn(70.125, 2) == 70.13);
  CHECK(monte_carlo_seed(42, 3) < (std::uint64_t{1} << 48));
  CHECK(monte_carlo_seed(42, 3) != monte_carlo_seed(42, 4));
}

TEST_CASE("draws: a value that cannot be drawn is an input error naming the input",
          "[uncertainty]") {
  UncertaintySpec spec;
  spec.path = "u.json";
  auto wide = scalar("w", make_uniform(-1e308, 1e308));
  wide.at = "/inputs/0";
  spec.inputs = {wide};
  CHECK_THROWS_WITH(draw_inputs(spec, 1, 2),
                    "u.json: /inputs/0: cannot draw input 'w' at draw 1: uniform(-1e+308, "
                    "1e+308) gave a value that is not finite");
  CHECK_THROWS_WITH(make_gamma(1e-300, 1e300),
                    "mean 1e-300 and sd 1e+300 give a shape or scale out of range (shape "
                    "(mean/sd)^2 0, scale sd^2/mean inf)");
  // Huge values keep their digits when decimals are asked for.
  CHECK(round_drawn(1e300, 2) == 1e300);
}
