// Across-replication summaries on data worked by hand.
#include "engine/stats/summary.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace pbr::stats;

TEST_CASE("summary of fixed data", "[stats]") {
  // Sum 27 -> mean 2.7; squared deviations sum 134.1 -> variance 14.9, sd 3.86005181312376,
  // se sd / sqrt(10) = 1.22065556157337; t_{0.975,9} = 2.2621571627982 -> half-width 2.7613147.
  // Sorted: -5 -1 1 2 3 3 4 5 6 9. Type 7: p05 h = 0.45 -> -5 + 0.45 * 4 = -3.2;
  // p50 h = 4.5 -> 3; p95 h = 8.55 -> 6 + 0.55 * 3 = 7.65.
  const std::vector<double> v{3, -1, 4, 1, -5, 9, 2, 6, 5, 3};
  const auto s = summarise(v);
  CHECK(s.n == 10);
  CHECK(s.mean == Approx(2.7).epsilon(1e-15));
  CHECK(s.sd == Approx(3.8600518131237565).epsilon(1e-14));
  CHECK(s.se == Approx(1.2206555615733703).epsilon(1e-14));
  CHECK(s.ci_low == Approx(-0.061314721922665585).epsilon(1e-12));
  CHECK(s.ci_high == Approx(5.4613147219226656).epsilon(1e-13));
  CHECK(s.p05 == Approx(-3.2).epsilon(1e-15));
  CHECK(s.p50 == 3.0);
  CHECK(s.p95 == Approx(7.65).epsilon(1e-15));
  CHECK(s.min == -5.0);
  CHECK(s.max == 9.0);
  CHECK(s.prob_negative == Approx(0.2));
  CHECK(s.prob_positive == Approx(0.8));
  // A 90% interval is narrower (t_{0.95,9} = 1.8331129326562372).
  const auto s90 = summarise(v, 0.90);
  CHECK(s90.ci_high - s90.mean == Approx(1.8331129326562372 * s.se).epsilon(1e-12));
}

TEST_CASE("zeros are neither negative nor positive", "[stats]") {
  const std::vector<double> v{0, -1, 2};
  const auto s = summarise(v);
  CHECK(s.prob_negative == Approx(1.0 / 3.0));
  CHECK(s.prob_positive == Approx(1.0 / 3.0));
}

TEST_CASE("a single value has no spread and a point interval", "[stats]") {
  const std::vector<double> v{42.5};
  const auto s = summarise(v);
  CHECK(s.n == 1);
  CHECK(s.mean == 42.5);
  CHECK(s.sd == 0.0);
  CHECK(s.se == 0.0);
  CHECK(s.ci_low == 42.5);
  CHECK(s.ci_high == 42.5);
  CHECK(s.p05 == 42.5);
  CHECK(s.p95 == 42.5);
}

TEST_CASE("summarise rejects empty and non-finite input", "[stats]") {
  CHECK_THROWS_WITH(summarise(std::vector<double>{}), "summarise: no values");
  CHECK_THROWS_WITH(summarise(std::vector<double>{1.0, std::nan("")}),
                    "summarise: value 1 is not finite");
}

TEST_CASE("quantile type 7 worked values", "[stats]") {
  // R: quantile(1:4, c(0, 0.1, 0.25, 0.5, 0.9, 1), type = 7) = 1, 1.3, 1.75, 2.5, 3.7, 4.
  const std::vector<double> x{1, 2, 3, 4};
  CHECK(quantile_type7(x, 0.0) == 1.0);
  CHECK(quantile_type7(x, 0.1) == Approx(1.3).epsilon(1e-15));
  CHECK(quantile_type7(x, 0.25) == Approx(1.75).epsilon(1e-15));
  CHECK(quantile_type7(x, 0.5) == 2.5);
  CHECK(quantile_type7(x, 0.9) == Approx(3.7).epsilon(1e-15));
  CHECK(quantile_type7(x, 1.0) == 4.0);
  CHECK_THROWS_AS(quantile_type7(x, 1.5), std::invalid_argument);
}

TEST_CASE("summary is deterministic and does not depend on sorting", "[stats]") {
  const std::vector<double> v{5, 1, 4, 2, 3}, w{1, 2, 3, 4, 5};
  const auto a = summarise(v), b = summarise(v), c = summarise(w);
  CHECK(a.mean == b.mean);
  CHECK(a.sd == b.sd);
  CHECK(a.p50 == c.p50);
  CHECK(a.p05 == c.p05);
}

TEST_CASE("paired differences narrow the interval under common random numbers", "[stats]") {
  // a - b = 1, 0.5, 1, 0.5: mean 0.75, sd sqrt(0.25/3), se 0.144337567.
  // var(a) = 20/3, var(b) = 22.25/3: unpaired se sqrt(42.25/12) = 1.876388375.
  const std::vector<double> a{10, 12, 14, 16}, b{9, 11.5, 13, 15.5};
  const auto p = summarise_paired(a, b);
  CHECK(p.difference.mean == Approx(0.75).epsilon(1e-15));
  CHECK(p.difference.se == Approx(0.14433756729740644).epsilon(1e-14));
  CHECK(p.unpaired_se == Approx(1.8763883748662837).epsilon(1e-14));
  CHECK(p.unpaired_se > p.difference.se);
  CHECK_THROWS_AS(summarise_paired(a, std::vector<double>{1}), std::invalid_argument);
}
