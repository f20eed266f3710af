#include "engine/strategy/margins.hpp"

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>

#include "engine/exact/exact.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/stats/streaming.hpp"

namespace pbr::strategy {

namespace {

constexpr std::uint64_t PRELIMINARY_SEED_MIX = 0x9E3779B97F4A7C15ULL;
// Margins are per admitted client, so a scenario with no referrals (only an existing caseload)
// is measured on a probe cohort of this size; the size cancels out of per-client margins.
constexpr std::int64_t PROBE_COHORT_WITHOUT_REFERRALS = 1000;

// One replication's totals for one group: the numerators and the denominator of every
// per-admitted-client ratio.
struct GroupSums {
  double admissions = 0.0;
  double payments = 0.0;
  double cost = 0.0;
  double treatment_months = 0.0;
  std::vector<double> rule_payments;
  std::vector<double> rule_qualifying;
  std::vector<double> entries;
};

template <class T>
std::vector<GroupSums> group_sums(const model::Scenario& scn, const sim::ReplicationTally<T>& tally,
                                  const std::vector<double>& disc) {
  const int n_states = tally.states;
  const int n_rules = tally.rules;
  std::vector<GroupSums> out(static_cast<std::size_t>(tally.groups));
  for (int g = 0; g < tally.groups; ++g) {
    auto& o = out[static_cast<std::size_t>(g)];
    const auto& gt = tally.by_group[static_cast<std::size_t>(g)];
    o.admissions = static_cast<double>(gt.admissions);
    o.rule_payments.assign(static_cast<std::size_t>(n_rules), 0.0);
    o.rule_qualifying.assign(static_cast<std::size_t>(n_rules), 0.0);
    o.entries.assign(static_cast<std::size_t>(n_states), 0.0);
    for (int t = 0; t < tally.horizon; ++t) {
      const double d = disc[static_cast<std::size_t>(t)];
      for (int r = 0; r < n_rules; ++r) {
        const double p = static_cast<double>(tally.ledger.payment_at(t, r, g)) * d;
        o.rule_payments[static_cast<std::size_t>(r)] += p;
        o.payments += p;
      }
      o.cost +=
          static_cast<double>(
              tally.cost[static_cast<std::size_t>(t) * static_cast<std::size_t>(tally.groups) +
                         static_cast<std::size_t>(g)]) *
          d;
    }
    for (int r = 0; r < n_rules; ++r) {
      o.rule_qualifying[static_cast<std::size_t>(r)] =
          static_cast<double>(tally.ledger.qualifying_at(r, g));
    }
    for (int s = 0; s < n_states; ++s) {
      const auto si = static_cast<std::size_t>(s);
      if (scn.states[si].kind == model::StateKind::treatment) {
        o.treatment_months += static_cast<double>(gt.client_months[si]);
      }
      double in = static_cast<double>(gt.placements[si]);
      for (int from = 0; from < n_states; ++from) {
        in += static_cast<double>(
            gt.transitions[static_cast<std::size_t>(from) * static_cast<std::size_t>(n_states) +
                           si]);
      }
      o.entries[si] = in;
    }
  }
  return out;
}

double safe_ratio(double num, double den) {
  return den > 0.0 ? num / den : 0.0;
}

//! Every replication's GroupSums, added as they come: per group their total and the
//! ratio-of-sums estimator of the margin per admission with its delta-method standard error,
//! m = sum x / sum a, se = sqrt(sum (x_i - m a_i)^2 / (n (n - 1))) / mean(a)
//! (stats::RatioAccumulator; 0 and 0 when nobody was admitted).
class EconomicsAccumulator {
 public:
  explicit EconomicsAccumulator(const model::Scenario& scn) : groups_(scn.groups.size()) {
    for (auto& g : groups_) {
      g.total.rule_payments.assign(scn.contract.rules.size(), 0.0);
      g.total.rule_qualifying.assign(scn.contract.rules.size(), 0.0);
      g.total.entries.assign(scn.states.size(), 0.0);
    }
  }

  void add(const std::vector<GroupSums>& replication) {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      const auto& s = replication[g];
      auto& acc = groups_[g];
      acc.margin.add(s.payments - s.cost, s.admissions);
      acc.total.admissions += s.admissions;
      acc.total.payments += s.payments;
      acc.total.cost += s.cost;
      acc.total.treatment_months += s.treatment_months;
      for (std::size_t r = 0; r < s.rule_payments.size(); ++r) {
        acc.total.rule_payments[r] += s.rule_payments[r];
        acc.total.rule_qualifying[r] += s.rule_qualifying[r];
      }
      for (std::size_t k = 0; k < s.entries.size(); ++k) acc.total.entries[k] += s.entries[k];
    }
  }

  //! Per-admission economics of each group (PolicyEconomics::groups).
  [[nodiscard]] std::vector<GroupEconomics> groups() const {
    std::vector<GroupEconomics> out(groups_.size());
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      auto& e = out[g];
      const auto& acc = groups_[g];
      const auto margin = acc.margin.result();
      if (margin.defined && acc.total.admissions > 0.0) {
        e.margin = margin.ratio;
        e.margin_se = margin.se;
      }
      const double adm = acc.total.admissions;
      e.payments = safe_ratio(acc.total.payments, adm);
      e.cost = safe_ratio(acc.total.cost, adm);
      e.treatment_months = safe_ratio(acc.total.treatment_months, adm);
      for (double v : acc.total.rule_payments) e.rule_payments.push_back(safe_ratio(v, adm));
      for (double v : acc.total.rule_qualifying) e.rule_qualifying.push_back(safe_ratio(v, adm));
      for (double v : acc.total.entries) e.entries.push_back(safe_ratio(v, adm));
    }
    return out;
  }

 private:
  struct Group {
    GroupSums total;
    stats::RatioAccumulator margin;
  };
  std::vector<Group> groups_;
};

PolicyEconomics aggregate(const model::Scenario& scn, const std::vector<double>& weights,
                          const EconomicsAccumulator& sums) {
  PolicyEconomics out;
  const std::size_t n_groups = scn.groups.size();
  out.groups = sums.groups();
  // Bands and overall: share-weighted means of group margins; the groups' estimates come from
  // disjoint clients, so their variances add (the weak coupling through the monthly referral
  // counts is ignored).
  const auto pool = [&](auto&& in_pool) {
    PooledMargin p;
    double var = 0.0;
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (!in_pool(g)) continue;
      p.weight += weights[g];
    }
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (!in_pool(g) || !(p.weight > 0.0)) continue;
      const double w = weights[g] / p.weight;
      p.margin += w * out.groups[g].margin;
      var += w * w * out.groups[g].margin_se * out.groups[g].margin_se;
    }
    p.se = std::sqrt(var);
    return p;
  };
  for (std::size_t b = 0; b < scn.bands.size(); ++b) {
    out.bands.push_back(
        pool([&](std::size_t g) { return static_cast<std::size_t>(scn.groups[g].band) == b; }));
  }
  out.overall = pool([](std::size_t) { return true; });
  return out;
}

}  // namespace

std::string_view to_string(MarginMethod method) {
  return method == MarginMethod::exact ? "exact" : "monte_carlo";
}

std::uint64_t preliminary_seed(std::uint64_t seed) {
  return seed ^ PRELIMINARY_SEED_MIX;
}

std::vector<double> discount_factors(double annual_rate, model::Month horizon) {
  std::vector<double> out(static_cast<std::size_t>(std::max(horizon, 0)), 1.0);
  if (annual_rate <= 0.0) return out;
  for (model::Month t = 0; t < horizon; ++t) {
    out[static_cast<std::size_t>(t)] = std::pow(1.0 + annual_rate, -static_cast<double>(t) / 12.0);
  }
  return out;
}

model::Scenario margin_scenario(const model::Scenario& scenario) {
  model::Scenario out = scenario;
  out.referrals.existing.clear();
  out.economics.capacity.reset();
  out.economics.max_wait_months.reset();
  out.economics.overflow = model::OverflowPolicy::turn_away;
  for (auto& rule : out.contract.rules) {
    rule.cohort_threshold.reset();
    rule.deadweight_baseline.reset();
  }
  out.contract.cap_per_contract.reset();
  const double n_groups = static_cast<double>(out.groups.size());
  for (auto& g : out.groups) g.share = 1.0 / n_groups;
  double referrals = static_cast<double>(out.referrals.starting_cohort);
  for (model::Month t = 0; t < out.horizon_months; ++t) referrals += out.referrals.rate_at(t);
  if (!(referrals > 0.0)) out.referrals.starting_cohort = PROBE_COHORT_WITHOUT_REFERRALS;
  return out;
}

PolicyEconomics measure_economics(const model::Scenario& prepared,
                                  const sim::ProviderPolicy& policy,
                                  const std::vector<double>& weights,
                                  const MarginSettings& settings) {
  if (policy.groups.size() != prepared.groups.size() || weights.size() != prepared.groups.size()) {
    throw std::invalid_argument("margins: policy '" + policy.name +
                                "' or weights do not match the scenario's groups");
  }
  sim::ProviderPolicy admitted = policy;
  for (auto& gp : admitted.groups) gp.admission_probability = 1.0;
  const auto disc =
      discount_factors(prepared.contract.annual_discount_rate, prepared.horizon_months);
  const auto refusals = exact::exact_refusal_reasons(prepared, admitted);

  EconomicsAccumulator sums(prepared);
  MarginMethod method = MarginMethod::exact;
  int replications = 0;
  if (refusals.empty() && !settings.force_monte_carlo) {
    sums.add(group_sums(prepared, exact::exact_expected_tally(prepared, admitted), disc));
  } else {
    if (settings.replications < 2) {
      throw std::invalid_argument("margins: the preliminary Monte Carlo needs >= 2 replications");
    }
    method = MarginMethod::monte_carlo;
    replications = settings.replications;
    sim::RunSettings rs;
    rs.seed = preliminary_seed(settings.seed);
    rs.replications = settings.replications;
    rs.threads = settings.threads;
    sim::for_each_replication(prepared, std::span(&admitted, 1), rs,
                              [&](int, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
                                sums.add(group_sums(prepared, tallies[0], disc));
                              });
  }
  PolicyEconomics out = aggregate(prepared, weights, sums);
  out.policy = policy.name;
  out.method = method;
  out.replications = replications;
  out.exact_refusals = refusals;
  return out;
}

PolicyEconomics policy_economics(const model::Scenario& scenario, const sim::ProviderPolicy& policy,
                                 const MarginSettings& settings) {
  std::vector<double> weights;
  for (const auto& g : scenario.groups) weights.push_back(g.share);
  return measure_economics(margin_scenario(scenario), policy, weights, settings);
}

}  // namespace pbr::strategy
