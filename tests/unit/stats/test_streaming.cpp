// Streaming summaries: exact while the values are kept, and past that within stated bands of
// the exact summary of the same values.
#include "engine/stats/streaming.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace pbr::stats;

namespace {

// n deterministic pseudo-random values: a skewed mix (uniform plus a squared uniform), so
// quantiles are not symmetric around the mean.
std::vector<double> values(std::size_t n, std::uint64_t seed) {
  std::vector<double> out;
  out.reserve(n);
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (std::size_t i = 0; i < n; ++i) {
    // splitmix64: a fixed, well-mixed sequence for test data
    x += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    const double u = static_cast<double>(z >> 11) * 0x1.0p-53;
    out.push_back(1000.0 * u * u - 200.0);
  }
  return out;
}

}  // namespace

TEST_CASE("a streaming summary equals summarise while every value is kept", "[stats][streaming]") {
  const auto v = values(500, 1);
  SummaryAccumulator acc(500);
  for (const double x : v) acc.add(x);
  CHECK(acc.exact());
  const auto a = acc.summary();
  const auto b = summarise(v);
  CHECK(a.n == b.n);
  CHECK(a.mean == b.mean);
  CHECK(a.sd == b.sd);
  CHECK(a.ci_low == b.ci_low);
  CHECK(a.p05 == b.p05);
  CHECK(a.p50 == b.p50);
  CHECK(a.p95 == b.p95);
  CHECK(a.prob_negative == b.prob_negative);
}

TEST_CASE("past the kept values a summary streams within stated bands", "[stats][streaming]") {
  // 200,000 values of 1000 u^2 - 200 (u uniform): true p05 = 1000 * 0.05^2 - 200 = -197.5,
  // p50 = 50, p95 = 702.5. The streaming summary keeps none of them.
  const auto v = values(200000, 2);
  SummaryAccumulator acc(MIN_KEPT_VALUES);
  for (const double x : v) acc.add(x);
  CHECK_FALSE(acc.exact());
  const auto a = acc.summary();
  const auto b = summarise(v);
  CHECK(a.n == b.n);
  // Welford against the compensated two-pass sums: equal to 1e-12 relative.
  CHECK(a.mean == Approx(b.mean).epsilon(1e-12));
  CHECK(a.sd == Approx(b.sd).epsilon(1e-12));
  CHECK(a.ci_high == Approx(b.ci_high).epsilon(1e-12));
  // Exact by counting.
  CHECK(a.min == b.min);
  CHECK(a.max == b.max);
  CHECK(a.prob_negative == b.prob_negative);
  CHECK(a.prob_positive == b.prob_positive);
  // P-square estimates: within 0.5% of the range (6 pounds on a 1,000-pound range) of the
  // exact type 7 quantiles of the same values.
  const double band = 0.005 * (b.max - b.min);
  CHECK(a.p05 == Approx(b.p05).margin(band));
  CHECK(a.p50 == Approx(b.p50).margin(band));
  CHECK(a.p95 == Approx(b.p95).margin(band));
  CHECK(b.p50 == Approx(50.0).margin(band));
}

TEST_CASE("paired and ratio accumulators stream the same statistics", "[stats][streaming]") {
  const auto a = values(5000, 3);
  const auto b = values(5000, 4);
  std::vector<double> y;
  for (const double x : b) y.push_back(x + 400.0);  // a denominator well away from 0
  PairedAccumulator kept(5000), streamed(MIN_KEPT_VALUES);
  RatioAccumulator kept_ratio(5000), streamed_ratio(MIN_KEPT_VALUES);
  for (std::size_t i = 0; i < a.size(); ++i) {
    kept.add(a[i], b[i]);
    streamed.add(a[i], b[i]);
    kept_ratio.add(a[i], y[i]);
    streamed_ratio.add(a[i], y[i]);
  }
  const auto p = kept.summary();
  const auto q = streamed.summary();
  const auto exact = summarise_paired(a, b);
  CHECK(p.difference.mean == exact.difference.mean);
  CHECK(p.unpaired_se == exact.unpaired_se);
  CHECK(q.difference.mean == Approx(exact.difference.mean).epsilon(1e-12));
  CHECK(q.difference.se == Approx(exact.difference.se).epsilon(1e-12));
  CHECK(q.unpaired_se == Approx(exact.unpaired_se).epsilon(1e-12));
  const auto r = kept_ratio.result();
  const auto s = streamed_ratio.result();
  const auto exact_ratio = ratio_of_means(a, y);
  CHECK(r.ratio == exact_ratio.ratio);
  CHECK(r.se == exact_ratio.se);
  CHECK(s.defined);
  CHECK(s.ratio == Approx(exact_ratio.ratio).epsilon(1e-12));
  CHECK(s.se == Approx(exact_ratio.se).epsilon(1e-9));
  CHECK(s.ci_low == Approx(exact_ratio.ci_low).epsilon(1e-9));
}

TEST_CASE("streaming accumulators refuse what they cannot summarise", "[stats][streaming]") {
  CHECK_THROWS_WITH(SummaryAccumulator(3), "streaming summary: kept_values must be >= 16, got 3");
  SummaryAccumulator acc;
  CHECK_THROWS_WITH(acc.summary(), "SummaryAccumulator: no values");
  CHECK_THROWS_WITH(acc.add(std::nan("")), "SummaryAccumulator::add: value is not finite");
  RatioAccumulator ratio(MIN_KEPT_VALUES);
  for (int i = 0; i < 40; ++i) ratio.add(i, 0.0);
  CHECK_FALSE(ratio.result().defined);  // mean(y) = 0: undefined, not infinite
  CHECK(std::isnan(ratio.result().ratio));
  // A copy carries on independently of the original.
  SummaryAccumulator a(MIN_KEPT_VALUES);
  for (int i = 0; i < 40; ++i) a.add(i);
  SummaryAccumulator b = a;
  b.add(1000.0);
  CHECK(a.summary().max == 39.0);
  CHECK(b.summary().max == 1000.0);
  CHECK(b.count() == 41);
}
