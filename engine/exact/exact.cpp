#include "engine/exact/exact.hpp"

#include <cmath>
#include <cstddef>
#include <stdexcept>

#include "engine/core/money.hpp"
#include "engine/exact/duration_chain.hpp"
#include "engine/exact/rule_trace.hpp"

namespace pbr::exact {

namespace {

using model::Month;
using model::StateIndex;

constexpr const char* USE_MC = "; use --method mc";

// Who is placed: the three kinds of client enter the chain differently.
struct Who {
  bool admitted = true;
  bool refused = true;
  bool existing = true;
};

// placements[t][i]: expected clients of a group (referral share `share`) placed at month t into
// augmented state i.
std::vector<Eigen::VectorXd> group_placements(const model::Scenario& scenario,
                                              const sim::GroupPolicy& gp, double share,
                                              const DurationChain& chain,
                                              const std::vector<double>& referrals, Who who) {
  const Month horizon = scenario.horizon_months;
  const auto& ref = scenario.referrals;
  std::vector<Eigen::VectorXd> out(static_cast<std::size_t>(horizon),
                                   Eigen::VectorXd::Zero(chain.size()));
  for (Month t = 0; t < horizon; ++t) {
    const double arriving = referrals[static_cast<std::size_t>(t)] * share;
    auto& v = out[static_cast<std::size_t>(t)];
    if (who.admitted) v[chain.index(ref.admission_state, 0)] += arriving * gp.admission_probability;
    if (who.refused) {
      v[chain.index(ref.untreated_state, 0)] += arriving * (1.0 - gp.admission_probability);
    }
  }
  if (who.existing) {
    for (const auto& e : ref.existing) {
      out[0][chain.index(e.state, e.months_in_state)] += static_cast<double>(e.count) * share;
    }
  }
  return out;
}

// Cost in pence of one client-month of group g in each state, as the Monte Carlo charges it.
std::vector<double> cost_per_state(const model::Scenario& scenario, const sim::GroupPolicy& gp,
                                   model::GroupIndex g) {
  const auto& row = scenario.economics.cost_per_month[static_cast<std::size_t>(g)];
  std::vector<double> out(row.size());
  for (std::size_t s = 0; s < row.size(); ++s) {
    const bool treatment = scenario.states[s].kind == model::StateKind::treatment;
    out[s] =
        static_cast<double>(treatment ? core::scale_pence(row[s], gp.cost_multiplier) : row[s]);
  }
  return out;
}

void check_fit(const model::Scenario& scenario, const sim::ProviderPolicy& policy) {
  if (policy.groups.size() != scenario.groups.size()) {
    throw std::invalid_argument("exact: policy '" + policy.name + "' has " +
                                std::to_string(policy.groups.size()) + " groups, scenario " +
                                std::to_string(scenario.groups.size()));
  }
  for (const auto& gp : policy.groups) {
    if (gp.transitions.from.size() != scenario.states.size()) {
      throw std::invalid_argument("exact: policy '" + policy.name +
                                  "' has transitions for a different number of states");
    }
  }
}

void refuse_if_needed(const model::Scenario& scenario, const sim::ProviderPolicy& policy) {
  auto refusals = exact_refusals(scenario, policy);
  if (!refusals.empty()) throw core::InputError(std::move(refusals));
}

}  // namespace

std::vector<core::Diagnostic> exact_refusals(const model::Scenario& scenario,
                                             const sim::ProviderPolicy& /*policy*/) {
  std::vector<core::Diagnostic> out;
  const auto refuse = [&out](std::string pointer, std::string why) {
    out.push_back({"", std::move(pointer), "exact mode cannot handle this: " + why + USE_MC});
  };
  if (scenario.economics.capacity) {
    refuse("/economics/capacity",
           "a capacity limit couples clients (whether a referral is admitted depends on how "
           "many others are in treatment)");
  }
  const auto& rules = scenario.contract.rules;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const std::string at = "/contract/payments/" + std::to_string(r);
    if (rules[r].cohort_threshold) {
      refuse(at + "/cohort_threshold",
             "the cohort threshold of payment '" + rules[r].name +
                 "' couples clients (it pays only if enough of the cohort qualifies)");
    }
    if (rules[r].deadweight_baseline) {
      refuse(at + "/deadweight_baseline",
             "the deadweight baseline of payment '" + rules[r].name +
                 "' couples clients (payments scale with the cohort's count of outcomes)");
    }
  }
  if (scenario.contract.cap_per_client) {
    refuse("/contract/cap_per_client", "a per-client cap couples a client's payments across rules");
  }
  if (scenario.contract.cap_per_contract) {
    refuse("/contract/cap_per_contract", "a contract cap couples clients");
  }
  return out;
}

std::vector<std::string> exact_refusal_reasons(const model::Scenario& scenario,
                                               const sim::ProviderPolicy& policy) {
  std::vector<std::string> out;
  for (const auto& d : exact_refusals(scenario, policy)) out.push_back(d.to_string());
  return out;
}

std::vector<double> expected_referrals(const model::Referrals& referrals, Month horizon) {
  std::vector<double> out(static_cast<std::size_t>(horizon), 0.0);
  double cumulative = 0.0;
  for (Month t = 0; t < horizon; ++t) {
    const double rate = referrals.rate_at(t);
    if (referrals.poisson) {
      out[static_cast<std::size_t>(t)] = rate;
    } else {
      // The deterministic count is the increment of the integer part of the cumulative rate.
      const double before = std::floor(cumulative);
      cumulative += rate;
      out[static_cast<std::size_t>(t)] = std::floor(cumulative) - before;
    }
  }
  if (horizon > 0) out[0] += static_cast<double>(referrals.starting_cohort);
  return out;
}

sim::ReplicationTally<double> exact_expected_tally(const model::Scenario& scenario,
                                                   const sim::ProviderPolicy& policy) {
  refuse_if_needed(scenario, policy);
  check_fit(scenario, policy);
  const int n_states = static_cast<int>(scenario.states.size());
  const int n_groups = static_cast<int>(scenario.groups.size());
  const int n_rules = static_cast<int>(scenario.contract.rules.size());
  const Month horizon = scenario.horizon_months;
  sim::ReplicationTally<double> tally(n_states, n_groups, n_rules, horizon);
  const auto referrals = expected_referrals(scenario.referrals, horizon);
  double existing_total = 0.0;
  for (const auto& e : scenario.referrals.existing) existing_total += static_cast<double>(e.count);
  double referral_total = 0.0;
  for (double r : referrals) referral_total += r;

  for (int g = 0; g < n_groups; ++g) {
    const auto& gp = policy.groups[static_cast<std::size_t>(g)];
    const auto& group = scenario.groups[static_cast<std::size_t>(g)];
    auto& gt = tally.by_group[static_cast<std::size_t>(g)];
    gt.referrals = referral_total * group.share;
    gt.admissions = gt.referrals * gp.admission_probability;
    gt.refused = gt.referrals * (1.0 - gp.admission_probability);
    gt.existing = existing_total * group.share;

    const DurationChain chain(gp.transitions, horizon);
    const auto placements = group_placements(scenario, gp, group.share, chain, referrals, Who{});
    const auto cost = cost_per_state(scenario, gp, g);

    Eigen::VectorXd x = Eigen::VectorXd::Zero(chain.size());
    for (Month t = 0; t < horizon; ++t) {
      const Eigen::VectorXd& placed = placements[static_cast<std::size_t>(t)];
      const Eigen::VectorXd placed_by_state = chain.by_state() * placed;
      for (int s = 0; s < n_states; ++s)
        gt.placements[static_cast<std::size_t>(s)] += placed_by_state[s];
      if (t > 0) {
        const auto& st = chain.step(t - 1);
        const Eigen::VectorXd flows = st.flow * x;
        for (int i = 0; i < n_states * n_states; ++i)
          gt.transitions[static_cast<std::size_t>(i)] += flows[i];
        x = st.full * x;
      }
      x += placed;
      const Eigen::VectorXd occ = chain.by_state() * x;
      double month_cost = 0.0;
      for (int s = 0; s < n_states; ++s) {
        tally.occupancy_at(t, s, g) = occ[s];
        gt.client_months[static_cast<std::size_t>(s)] += occ[s];
        month_cost += occ[s] * cost[static_cast<std::size_t>(s)];
      }
      tally.cost_at(t, g) = month_cost;
    }

    for (int r = 0; r < n_rules; ++r) {
      const auto& rule = scenario.contract.rules[static_cast<std::size_t>(r)];
      const core::Pence amount = rule.amount_by_band.at(static_cast<std::size_t>(group.band));
      // The Monte Carlo drops zero payments, and qualifying counts positive payments only.
      if (amount == 0) continue;
      const RuleExpectation re = expected_rule(chain, rule, amount, placements, horizon);
      for (Month t = 0; t < horizon; ++t)
        tally.ledger.payment_at(t, r, g) = re.payments[static_cast<std::size_t>(t)];
      tally.ledger.qualifying_at(r, g) = re.qualifying;
    }
  }
  return tally;
}

std::vector<double> expected_margin_per_admission(const model::Scenario& scenario,
                                                  const sim::ProviderPolicy& policy) {
  refuse_if_needed(scenario, policy);
  check_fit(scenario, policy);
  const Month horizon = scenario.horizon_months;
  auto referrals = expected_referrals(scenario.referrals, horizon);
  double total = 0.0;
  for (double r : referrals) total += r;
  if (!(total > 0.0)) {
    referrals.assign(referrals.size(), 0.0);
    referrals[0] = 1.0;
    total = 1.0;
  }
  std::vector<double> out;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    // Every referral admitted and the group given the whole referral flow (share 1): the
    // arrival months keep their weights, and the totals divide by `total` into per-client
    // values whatever the policy's admission probability and the group's share.
    sim::GroupPolicy gp = policy.groups[g];
    gp.admission_probability = 1.0;
    const auto gi = static_cast<model::GroupIndex>(g);
    const DurationChain chain(gp.transitions, horizon);
    const auto placements =
        group_placements(scenario, gp, 1.0, chain, referrals, Who{true, false, false});
    const auto cost = cost_per_state(scenario, gp, gi);
    double margin = 0.0;
    Eigen::VectorXd x = Eigen::VectorXd::Zero(chain.size());
    for (Month t = 0; t < horizon; ++t) {
      if (t > 0) x = chain.step(t - 1).full * x;
      x += placements[static_cast<std::size_t>(t)];
      const Eigen::VectorXd occ = chain.by_state() * x;
      for (std::size_t s = 0; s < cost.size(); ++s)
        margin -= occ[static_cast<Eigen::Index>(s)] * cost[s];
    }
    for (const auto& rule : scenario.contract.rules) {
      const core::Pence amount =
          rule.amount_by_band.at(static_cast<std::size_t>(scenario.groups[g].band));
      if (amount == 0) continue;
      for (double p : expected_rule(chain, rule, amount, placements, horizon).payments) margin += p;
    }
    out.push_back(margin / total / 100.0);
  }
  return out;
}

}  // namespace pbr::exact
