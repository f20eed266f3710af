#include "engine/sim/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pbr::sim {

namespace {

// log(k!) for the PTRS acceptance test. std::lgamma writes the global `signgam`, a data
// race when replications run in parallel, so use a table and Stirling's series instead.
double log_factorial(std::int64_t k) {
  static constexpr double SMALL[] = {0.0,
                                     0.0,
                                     0.69314718055994530942,
                                     1.79175946922805500081,
                                     3.17805383034794561965,
                                     4.78749174278204599425,
                                     6.57925121201010099506,
                                     8.52516136106541430017,
                                     10.60460290274525022842,
                                     12.80182748008146961121};
  if (k < 10) return SMALL[k];
  const double n = static_cast<double>(k) + 1.0;  // log Gamma(n), n >= 11
  const double inv = 1.0 / n;
  const double inv2 = inv * inv;
  constexpr double HALF_LOG_2PI = 0.91893853320467274178;
  return (n - 0.5) * std::log(n) - n + HALF_LOG_2PI +
         inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
}

std::int64_t poisson_inversion(double mean, rng::ClientStream& rng) {
  const double u = rng.uniform();
  double p = std::exp(-mean);
  double cdf = p;
  std::int64_t k = 0;
  // The tail beyond 200 has probability below 1e-150 for mean < 10.
  while (u > cdf && k < 200) {
    ++k;
    p *= mean / static_cast<double>(k);
    cdf += p;
  }
  return k;
}

// W. Hormann, "The transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12 (1993) 39-45, algorithm PTRS.
std::int64_t poisson_ptrs(double mean, rng::ClientStream& rng) {
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double kd = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(kd);
    if (kd < 0.0 || (us < 0.013 && v > us)) continue;
    const auto k = static_cast<std::int64_t>(kd);
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + kd * loglam - log_factorial(k)) {
      return k;
    }
  }
}

}  // namespace

std::int64_t sample_poisson(double mean, rng::ClientStream& rng) {
  if (!(mean >= 0.0) || !std::isfinite(mean)) {
    throw std::invalid_argument("Poisson mean must be finite and >= 0");
  }
  if (mean == 0.0) return 0;
  return mean < 10.0 ? poisson_inversion(mean, rng) : poisson_ptrs(mean, rng);
}

ClientSlot ArrivalPlan::slot(model::ClientId cid) const {
  const auto id = static_cast<std::int64_t>(cid);
  ClientSlot out;
  if (id < existing) {
    out.existing = true;
    out.existing_entry = static_cast<int>(
        std::upper_bound(existing_ends.begin(), existing_ends.end(), id) - existing_ends.begin());
    return out;
  }
  if (id < existing + starting_cohort) return out;
  // The last month whose first id is <= id (months with no arrivals share their first id).
  const auto it = std::upper_bound(month_first.begin(), month_first.end() - 1, id);
  out.arrival = static_cast<model::Month>(it - month_first.begin()) - 1;
  return out;
}

std::vector<std::int64_t> monthly_referrals(const model::Referrals& referrals, model::Month horizon,
                                            std::uint64_t seed, std::uint64_t replication) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(horizon), 0);
  if (referrals.poisson) {
    for (model::Month t = 0; t < horizon; ++t) {
      rng::ClientStream rng(
          {seed, rng::Stream::arrival, replication, static_cast<std::uint64_t>(t)});
      counts[static_cast<std::size_t>(t)] = sample_poisson(referrals.rate_at(t), rng);
    }
    return counts;
  }
  constexpr double EPS = 1e-9;
  double cumulative = 0.0;
  auto before = static_cast<std::int64_t>(std::floor(cumulative + EPS));
  for (model::Month t = 0; t < horizon; ++t) {
    cumulative += referrals.rate_at(t);
    const auto after = static_cast<std::int64_t>(std::floor(cumulative + EPS));
    counts[static_cast<std::size_t>(t)] = after - before;
    before = after;
  }
  return counts;
}

ArrivalPlan plan_arrivals(const model::Referrals& referrals, model::Month horizon,
                          std::uint64_t seed, std::uint64_t replication) {
  ArrivalPlan plan;
  for (const auto& e : referrals.existing) {
    plan.existing += e.count;
    plan.existing_ends.push_back(plan.existing);
  }
  plan.starting_cohort = referrals.starting_cohort;
  const auto counts = monthly_referrals(referrals, horizon, seed, replication);
  plan.month_first.resize(static_cast<std::size_t>(horizon) + 1);
  std::int64_t next = plan.existing + plan.starting_cohort;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    plan.month_first[t] = next;
    next += counts[t];
  }
  plan.month_first.back() = next;
  return plan;
}

}  // namespace pbr::sim
