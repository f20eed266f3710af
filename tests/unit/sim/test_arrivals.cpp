// Arrivals: Poisson sampling, deterministic counts, and the order of client ids.
#include <catch2/catch.hpp>

#include "engine/sim/arrivals.hpp"

#include <cmath>

using namespace pbr;

TEST_CASE("sample_poisson has the Poisson mean and variance (within 4 SE), both algorithms",
          "[sim][arrivals][stat]") {
  // Inversion below 10, PTRS from 10 on: check both sides of the switch and a large mean.
  for (const double mean : {0.3, 2.5, 9.99, 10.0, 37.5, 1e5}) {
    constexpr int N = 40000;
    double sum = 0, sq = 0;
    for (int i = 0; i < N; ++i) {
      rng::ClientStream rng({17, rng::Stream::arrival, 0, static_cast<std::uint64_t>(i)});
      const auto k = static_cast<double>(sim::sample_poisson(mean, rng));
      sum += k;
      sq += k * k;
    }
    const double m = sum / N, v = sq / N - m * m;
    INFO("mean " << mean << ": sample mean " << m << ", variance " << v);
    CHECK(std::fabs(m - mean) <= 4 * std::sqrt(mean / N));
    // Var of the sample variance of a Poisson: (mu + 2 mu^2) / N.
    CHECK(std::fabs(v - mean) <= 4 * std::sqrt((mean + 2 * mean * mean) / N));
  }
  rng::ClientStream rng({1, rng::Stream::arrival, 0, 0});
  CHECK(sim::sample_poisson(0.0, rng) == 0);
  CHECK(rng.draws() == 0);
  CHECK_THROWS_AS(sim::sample_poisson(-1.0, rng), std::invalid_argument);
}

TEST_CASE(
    "Poisson small-mean probabilities match the mass function (chi-square by eye: "
    "each cell within 4 SE)",
    "[sim][arrivals][stat]") {
  constexpr int N = 100000;
  const double mean = 1.7;
  int counts[8] = {};
  for (int i = 0; i < N; ++i) {
    rng::ClientStream rng({23, rng::Stream::arrival, 1, static_cast<std::uint64_t>(i)});
    const auto k = sim::sample_poisson(mean, rng);
    if (k < 8) ++counts[k];
  }
  double p = std::exp(-mean);
  for (int k = 0; k < 8; ++k) {
    const double observed = static_cast<double>(counts[k]) / N;
    CHECK(std::fabs(observed - p) <= 4 * std::sqrt(p * (1 - p) / N) + 1e-12);
    p *= mean / (k + 1);
  }
}

TEST_CASE("deterministic referrals follow the cumulative rate exactly", "[sim][arrivals]") {
  model::Referrals r;
  r.poisson = false;
  r.monthly_rate = {{0, 2.5}, {4, 0.1}};
  const auto counts = sim::monthly_referrals(r, 14, 1, 0);
  const std::vector<std::int64_t> expected = {2, 3, 2, 3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
  // cumulative: 2.5, 5, 7.5, 10, then +0.1 a month: 10.1 ... 11.0 at month 13 (10 x 0.1 = 1
  // within rounding), so the 11th referral arrives in month 13.
  CHECK(counts[0] + counts[1] + counts[2] + counts[3] == 10);
  std::int64_t total = 0;
  for (auto c : counts) total += c;
  CHECK(total == 11);
  CHECK(std::vector<std::int64_t>(counts.begin(), counts.begin() + 4) ==
        std::vector<std::int64_t>(expected.begin(), expected.begin() + 4));
  CHECK(counts[13] == 1);
}

TEST_CASE("Poisson monthly counts depend on (seed, replication, month) only", "[sim][arrivals]") {
  model::Referrals r;
  r.monthly_rate = {{0, 40.0}};
  const auto a = sim::monthly_referrals(r, 12, 5, 3);
  CHECK(a == sim::monthly_referrals(r, 12, 5, 3));
  CHECK(a != sim::monthly_referrals(r, 12, 5, 4));
  CHECK(a != sim::monthly_referrals(r, 12, 6, 3));
  // A longer horizon keeps the first months' counts (each month has its own stream).
  const auto longer = sim::monthly_referrals(r, 24, 5, 3);
  CHECK(std::vector<std::int64_t>(longer.begin(), longer.begin() + 12) == a);
}

TEST_CASE("client ids: existing caseload, starting cohort, then referrals by month",
          "[sim][arrivals]") {
  model::Referrals r;
  r.poisson = false;
  r.starting_cohort = 3;
  r.monthly_rate = {{0, 0.0}, {2, 2.0}};
  r.existing = {{2, 1, 5}, {0, 2, 0}, {1, 3, 0}};
  const auto plan = sim::plan_arrivals(r, 4, 1, 0);
  CHECK(plan.existing == 3);
  CHECK(plan.total() == 3 + 3 + 4);
  const auto slot = [&](model::ClientId c) { return plan.slot(c); };
  CHECK(slot(0).existing);
  CHECK(slot(0).existing_entry == 0);
  CHECK(slot(1).existing_entry == 0);
  CHECK(slot(2).existing_entry == 2);  // the empty entry 1 is skipped
  for (model::ClientId c = 3; c < 6; ++c) {
    CHECK_FALSE(slot(c).existing);
    CHECK(slot(c).arrival == 0);  // starting cohort
  }
  CHECK(slot(6).arrival == 2);  // months 0 and 1 have no referrals
  CHECK(slot(7).arrival == 2);
  CHECK(slot(8).arrival == 3);
  CHECK(slot(9).arrival == 3);
  CHECK(plan.arrivals_in(1) == 0);
  CHECK(plan.arrivals_in(2) == 2);
}
