// Moments: known values, Welford against the definition, Chan merge against a single pass.
#include "engine/stats/moments.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using pbr::stats::Moments;

namespace {

Moments of(const std::vector<double>& xs) {
  Moments m;
  for (const double x : xs) m.add(x);
  return m;
}

// Deterministic, irregular test data (not random numbers: a fixed formula).
std::vector<double> data(int n) {
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(1.0e6 + 250.0 * std::sin(1.3 * i) + 0.01 * i * i);
  return xs;
}

}  // namespace

TEST_CASE("Moments of fixed data", "[stats]") {
  // 2,4,4,4,5,5,7,9: mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; variance 32/7.
  const auto m = of({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(m.n == 8);
  CHECK(m.mean == 5.0);
  CHECK(m.m2 == Approx(32.0).epsilon(1e-15));
  CHECK(m.variance() == Approx(32.0 / 7.0).epsilon(1e-15));
  CHECK(m.sd() == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-15));
  CHECK(m.standard_error() == Approx(std::sqrt(32.0 / 7.0 / 8.0)).epsilon(1e-15));
}

TEST_CASE("Moments need two values for a variance", "[stats]") {
  Moments m;
  m.add(3.0);
  CHECK(m.mean == 3.0);
  CHECK_THROWS_WITH(m.variance(), "Moments::variance: needs n >= 2, got n = 1");
  CHECK_THROWS_AS(m.standard_error(), std::logic_error);
  m.add(3.0);
  CHECK(m.variance() == 0.0);
}

TEST_CASE("Chan merge equals a single pass", "[stats]") {
  const auto xs = data(1000);
  const auto all = of(xs);
  // Three unequal parts merged in order, and the same parts merged as (A + (B + C)).
  Moments a, b, c;
  for (std::size_t i = 0; i < xs.size(); ++i) (i < 37 ? a : i < 100 ? b : c).add(xs[i]);
  Moments left = a;
  left.merge(b);
  left.merge(c);
  Moments bc = b;
  bc.merge(c);
  Moments right = a;
  right.merge(bc);
  for (const auto* m : {&left, &right}) {
    CHECK(m->n == 1000);
    CHECK(m->mean == Approx(all.mean).epsilon(1e-14));
    CHECK(m->m2 == Approx(all.m2).epsilon(1e-10));
  }
  // And the single pass agrees with the textbook two-pass definition.
  double mean = 0;
  for (const double x : xs) mean += x;
  mean /= 1000.0;
  double m2 = 0;
  for (const double x : xs) m2 += (x - mean) * (x - mean);
  CHECK(all.mean == Approx(mean).epsilon(1e-14));
  CHECK(all.m2 == Approx(m2).epsilon(1e-10));
}

TEST_CASE("merging with an empty Moments is the identity", "[stats]") {
  const auto m = of({1, 2, 6});
  Moments e;
  e.merge(m);
  CHECK(e.n == 3);
  CHECK(e.mean == m.mean);
  CHECK(e.m2 == m.m2);
  Moments f = m;
  f.merge(Moments{});
  CHECK(f.n == 3);
  CHECK(f.m2 == m.m2);
}

TEST_CASE("standard-error stopping rule", "[stats]") {
  // {1, 3}: sd sqrt(2), se sqrt(2)/sqrt(2) = 1.
  const auto m = of({1, 3});
  CHECK(pbr::stats::standard_error_within(m, 1.0, 2));
  CHECK_FALSE(pbr::stats::standard_error_within(m, 0.99, 2));
  CHECK_FALSE(pbr::stats::standard_error_within(m, 1.0));  // default minimum is 10 values
  CHECK_FALSE(pbr::stats::standard_error_within(Moments{}, 1.0, 0));
  CHECK_THROWS_AS(pbr::stats::standard_error_within(m, 0.0, 2), std::invalid_argument);
  // Variance 2, tolerance 0.5: ceil(2 / 0.25) = 8 replications.
  CHECK(pbr::stats::replications_needed(m, 0.5) == 8);
  CHECK(pbr::stats::replications_needed(m, 10.0) == 2);  // never fewer than already run
}
