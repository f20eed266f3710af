// Special functions and distributions against published tables and mpmath at 30 digits.
#include "engine/stats/distributions.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace pbr::stats;

TEST_CASE("log_gamma against mpmath", "[stats]") {
  CHECK(log_gamma(0.5) == Approx(0.57236494292470008707).epsilon(1e-14));
  CHECK(std::fabs(log_gamma(1.0)) < 1e-14);
  CHECK(log_gamma(2.5) == Approx(0.28468287047291915963).epsilon(1e-14));
  CHECK(log_gamma(10.0) == Approx(12.801827480081469611).epsilon(1e-14));
  CHECK(log_gamma(100.0) == Approx(359.13420536957539878).epsilon(1e-14));
  CHECK(log_gamma(12345.678) == Approx(103959.91990554606092).epsilon(1e-14));
  CHECK(log_gamma(1e-5) == Approx(11.512919692895825707).epsilon(1e-13));
  CHECK_THROWS_AS(log_gamma(0.0), std::domain_error);
}

TEST_CASE("incomplete gamma and beta against mpmath", "[stats]") {
  CHECK(gamma_p(3.0, 2.5) == Approx(0.456186884116670482).epsilon(1e-13));
  CHECK(gamma_q(3.0, 2.5) == Approx(1.0 - 0.456186884116670482).epsilon(1e-13));
  CHECK(gamma_p(2.0, 0.0) == 0.0);
  CHECK(beta_inc(2.5, 3.5, 0.3) == Approx(0.29675298929566637832).epsilon(1e-13));
  CHECK(beta_inc(50.0, 0.5, 0.99) == Approx(0.3173043978741973734).epsilon(1e-12));
  CHECK(beta_inc(2.0, 3.0, 0.0) == 0.0);
  CHECK(beta_inc(2.0, 3.0, 1.0) == 1.0);
}

TEST_CASE("normal quantile to full precision", "[stats]") {
  CHECK(normal_quantile(0.975) == Approx(1.9599639845400542355).epsilon(1e-15));
  CHECK(normal_quantile(0.05) == Approx(-1.6448536269514727149).epsilon(1e-15));
  CHECK(normal_quantile(0.999) == Approx(3.0902323061678135415).epsilon(1e-14));
  CHECK(normal_quantile(1e-10) == Approx(-6.3613409024040562047).epsilon(1e-14));
  CHECK(normal_quantile(0.5) == 0.0);
  CHECK_THROWS_AS(normal_quantile(1.0), std::domain_error);
}

TEST_CASE("Student t quantiles match tables", "[stats]") {
  // Printed tables: t_{0.975,9} = 2.262157, t_{0.975,1} = 12.7062.
  CHECK(std::fabs(student_t_quantile(0.975, 9) - 2.262157) < 5e-7);
  CHECK(std::fabs(student_t_quantile(0.975, 1) - 12.7062) < 5e-5);
  // mpmath, 17 digits, at the double nearest p (0.9999999 is 1 - 9.9999999947e-8).
  struct Row {
    double p, df, t;
  };
  const std::vector<Row> rows = {
      {0.975, 1, 12.706204736174705},    {0.975, 2, 4.3026527297494639},
      {0.975, 3, 3.1824463052837096},    {0.975, 4, 2.7764451051977944},
      {0.975, 5, 2.5705818356363155},    {0.975, 9, 2.2621571627982055},
      {0.975, 10, 2.2281388519862747},   {0.975, 29, 2.0452296421327043},
      {0.975, 30, 2.0422724563012383},   {0.975, 99, 1.9842169515864175},
      {0.975, 1000, 1.9623390808264085}, {0.975, 4999, 1.9604386466615249},
      {0.975, 5000, 1.9604385517065079}, {0.975, 100000, 1.9599877075346096},
      {0.995, 3, 5.8409093097333573},    {0.9999999, 3, 222.57159098625124},
      {0.9, 5, 1.4758840488244811},
  };
  for (const auto& r : rows) {
    INFO("p = " << r.p << ", df = " << r.df);
    CHECK(student_t_quantile(r.p, r.df) == Approx(r.t).epsilon(1e-13));
    CHECK(student_t_quantile(1.0 - r.p, r.df) == Approx(-r.t).epsilon(1e-13));
  }
  CHECK(student_t_quantile(0.5, 7) == 0.0);
  // Beyond 1e6 degrees of freedom the expansion is used (mpmath: 1.9599640082627668; the
  // normal quantile 1.9599639845 differs in the 8th digit, so this can tell them apart).
  CHECK(student_t_quantile(0.975, 1e8) == Approx(1.9599640082627668).epsilon(1e-14));
  CHECK_THROWS_AS(student_t_quantile(0.975, 0), std::domain_error);
}

TEST_CASE("Student t distribution function", "[stats]") {
  CHECK(student_t_cdf(2.0, 7) == Approx(0.95719033571851196437).epsilon(1e-13));
  CHECK(student_t_cdf(-3.0, 2500) == Approx(0.0013632284056764369434).epsilon(1e-11));
  CHECK(student_t_cdf(0.0, 3) == 0.5);
  // The quantile inverts the distribution function.
  CHECK(student_t_cdf(student_t_quantile(0.9, 17), 17) == Approx(0.9).epsilon(1e-13));
}

TEST_CASE("chi-square p-values match tables", "[stats]") {
  // Table critical values at 5%: 3.841459 (1 df), 18.307038 (10 df).
  CHECK(chi_square_sf(3.841458820694124, 1) == Approx(0.05).epsilon(1e-12));
  CHECK(chi_square_sf(18.307038053275146, 10) == Approx(0.05).epsilon(1e-12));
  // 2 df: exactly exp(-x/2).
  CHECK(chi_square_sf(5.0, 2) == Approx(std::exp(-2.5)).epsilon(1e-14));
  // mpmath.
  CHECK(chi_square_sf(1.0, 5) == Approx(0.96256577324729637).epsilon(1e-13));
  CHECK(chi_square_sf(30.0, 3) == Approx(1.3800570312932547e-6).epsilon(1e-12));
  CHECK(chi_square_sf(100.0, 50) == Approx(3.4549313829848639e-5).epsilon(1e-11));
  CHECK(chi_square_sf(80.0, 100) == Approx(0.92966493334060505).epsilon(1e-12));
  CHECK(chi_square_sf(100.0, 1) == Approx(1.5239706048321052e-23).epsilon(1e-10));
  CHECK(chi_square_sf(0.0, 4) == 1.0);
}

TEST_CASE("chi-square tests of counts", "[stats]") {
  // Goodness of fit: (49 + 9 + 25 + 225) / 25 = 12.32 on 3 df; p from mpmath.
  const std::vector<double> obs{18, 22, 20, 40}, exp{25, 25, 25, 25};
  const auto gof = chi_square_goodness_of_fit(obs, exp);
  CHECK(gof.statistic == Approx(12.32).epsilon(1e-14));
  CHECK(gof.df == 3);
  CHECK(gof.p_value == Approx(0.006363629995195266).epsilon(1e-12));
  CHECK(chi_square_goodness_of_fit(obs, exp, 1).df == 2);
  // Homogeneity: totals 60/60, columns 30/40/50, E = 15/20/25 per row;
  // X2 = 2 * 25/15 + 0 + 2 * 25/25 = 16/3 on 2 df: p = exp(-8/3).
  const std::vector<double> a{10, 20, 30, 0}, b{20, 20, 20, 0};
  const auto hom = chi_square_homogeneity(a, b);
  CHECK(hom.statistic == Approx(16.0 / 3.0).epsilon(1e-14));
  CHECK(hom.df == 2);  // the empty category is skipped
  CHECK(hom.p_value == Approx(0.069483451222801535).epsilon(1e-13));
  CHECK_THROWS_AS(chi_square_goodness_of_fit(obs, std::vector<double>{1, 2}), std::domain_error);
}
