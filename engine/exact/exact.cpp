#include "engine/exact/exact.hpp"

#include <cmath>
#include <cstddef>
#include <stdexcept>

#include "engine/core/money.hpp"
#include "engine/exact/duration_chain.hpp"
#include "engine/exact/rule_trace.hpp"
#include "engine/sim/arrivals.hpp"
#include "engine/sim/path_tally.hpp"

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

// Expected clients of existing-caseload entry `e` in group g (referral share `share`): all of
// them when the entry names g, none when it names another group, else the share.
double existing_in_group(const model::ExistingCaseload& e, model::GroupIndex g, double share) {
  if (e.group >= 0) return e.group == g ? static_cast<double>(e.count) : 0.0;
  return static_cast<double>(e.count) * share;
}

// placements[t][i]: expected clients of group g (referral share `share`) placed at month t into
// augmented state i.
std::vector<Eigen::VectorXd> group_placements(const model::Scenario& scenario,
                                              const sim::GroupPolicy& gp, model::GroupIndex g,
                                              double share, const DurationChain& chain,
                                              const std::vector<double>& referrals, Who who) {
  const Month horizon = scenario.horizon_months;
  const auto& ref = scenario.referrals;
  std::vector<Eigen::VectorXd> out(static_cast<std::size_t>(horizon),
                                   Eigen::VectorXd::Zero(chain.size()));
  for (Month t = 0; t < horizon; ++t) {
    const double arriving = referrals[static_cast<std::size_t>(t)] * share;
    auto& v = out[static_cast<std::size_t>(t)];
    if (who.admitted) {
      v[chain.index(gp.entry_state.value_or(ref.admission_state), 0)] +=
          arriving * gp.admission_probability;
    }
    if (who.refused) {
      v[chain.index(ref.untreated_state, 0)] += arriving * (1.0 - gp.admission_probability);
    }
  }
  if (who.existing) {
    for (const auto& e : ref.existing) {
      out[0][chain.index(e.state, e.months_in_state)] += existing_in_group(e, g, share);
    }
  }
  return out;
}

std::vector<double> effective_shares(const model::Scenario& scenario) {
  // The Monte Carlo draws a group by comparing a uniform with the cumulative shares, the last
  // group taking whatever remains, so its share is 1 minus the others' (shares sum to 1 only
  // within 1e-6).
  std::vector<double> out;
  double running = 0.0, before = 0.0;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    running += scenario.groups[g].share;
    out.push_back((g + 1 == scenario.groups.size() ? 1.0 : running) - before);
    before = running;
  }
  return out;
}

void check_fit(const model::Scenario& scenario, const sim::ProviderPolicy& policy) {
  if (scenario.horizon_months < 1) throw std::invalid_argument("exact: horizon must be >= 1");
  for (const auto& e : scenario.referrals.existing) {
    if (e.months_in_state < 0 || e.count < 0) {
      throw std::invalid_argument("exact: existing caseload with a negative count or duration");
    }
  }
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

//! Whether `rule` pays band `band` anything in some tariff period.
bool pays_anything(const model::PaymentRule& rule, model::BandIndex band) {
  const auto b = static_cast<std::size_t>(band);
  if (rule.amount_by_band.at(b) != 0) return true;
  for (const auto& change : rule.tariff_changes) {
    if (change.amount_by_band.at(b) != 0) return true;
  }
  return false;
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
    if (rules[r].graded) {
      refuse(at + "/graded", "the graded schedule of payment '" + rules[r].name +
                                 "' couples clients (its share depends on the cohort's "
                                 "achievement rate)");
    }
    if (rules[r].tariff_changes.empty()) continue;
    if (rules[r].clawback && rules[r].frequency == model::PayFrequency::once_per_client) {
      refuse(at + "/tariff_changes",
             "payment '" + rules[r].name +
                 "' is paid once per client with a clawback and a tariff that changes: the "
                 "trace does not keep the month of the payment a clawback recovers");
    }
    for (std::size_t b = 0; b < rules[r].amount_by_band.size(); ++b) {
      bool zero = rules[r].amount_by_band[b] == 0, nonzero = !zero;
      for (const auto& change : rules[r].tariff_changes)
        (change.amount_by_band.at(b) == 0 ? zero : nonzero) = true;
      if (zero && nonzero) {
        refuse(at + "/tariff_changes",
               "payment '" + rules[r].name +
                   "' switches between a zero and a non-zero tariff "
                   "for band '" +
                   scenario.bands[b].name + "'" +
                   ": which event counts as a client's first paid one depends on the path");
        break;
      }
    }
  }
  if (scenario.contract.cap_per_client) {
    refuse("/contract/cap_per_client", "a per-client cap couples a client's payments across rules");
  }
  if (scenario.contract.cap_per_client_all_payments) {
    refuse("/contract/cap_per_client_all_payments",
           "a per-client cap couples a client's payments across rules");
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
  if (referrals.poisson) {
    for (Month t = 0; t < horizon; ++t) out[static_cast<std::size_t>(t)] = referrals.rate_at(t);
  } else {
    // Deterministic counts draw nothing: take them from the Monte Carlo's own function, so
    // that the rounding of the cumulative rate is the same by construction.
    const auto counts = sim::monthly_referrals(referrals, horizon, 0, 0);
    for (std::size_t t = 0; t < counts.size(); ++t) out[t] = static_cast<double>(counts[t]);
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
  double referral_total = 0.0;
  for (double r : referrals) referral_total += r;
  const auto shares = effective_shares(scenario);

  // Unit costs rounded exactly as the Monte Carlo rounds them (cost multiplier per client-month).
  const auto unit_cost = sim::unit_costs(scenario, policy);
  for (int g = 0; g < n_groups; ++g) {
    const auto& gp = policy.groups[static_cast<std::size_t>(g)];
    const auto& group = scenario.groups[static_cast<std::size_t>(g)];
    auto& gt = tally.by_group[static_cast<std::size_t>(g)];
    const double share = shares[static_cast<std::size_t>(g)];
    gt.referrals = referral_total * share;
    gt.admissions = gt.referrals * gp.admission_probability;
    const auto entry = gp.entry_state.value_or(scenario.referrals.admission_state);
    gt.direct_starts =
        scenario.states[static_cast<std::size_t>(entry)].kind == model::StateKind::treatment
            ? gt.admissions
            : 0.0;
    gt.refused = gt.referrals * (1.0 - gp.admission_probability);
    gt.existing = 0.0;
    for (const auto& e : scenario.referrals.existing) gt.existing += existing_in_group(e, g, share);

    const DurationChain chain(gp.transitions, horizon);
    const auto placements = group_placements(scenario, gp, g, share, chain, referrals, Who{});
    // The provider is paid for its own clients only: admitted referrals and the caseload.
    const auto paid_for =
        group_placements(scenario, gp, g, share, chain, referrals, Who{true, false, true});

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
        month_cost +=
            occ[s] * static_cast<double>(unit_cost[static_cast<std::size_t>(g * n_states + s)]);
      }
      tally.cost_at(t, g) = month_cost;
    }

    for (int r = 0; r < n_rules; ++r) {
      const auto& rule = scenario.contract.rules[static_cast<std::size_t>(r)];
      // The Monte Carlo drops zero payments, and qualifying counts positive payments only.
      if (!pays_anything(rule, group.band)) continue;
      const RuleExpectation re = expected_rule_for_band(chain, rule, group.band, paid_for, horizon);
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
  const auto unit_cost = sim::unit_costs(scenario, policy);
  const std::size_t n_states = scenario.states.size();
  std::vector<double> out;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    // Every referral admitted and the group given the whole referral flow (share 1): the
    // arrival months keep their weights, and the totals divide by `total` into per-client
    // values whatever the policy's admission probability and the group's share.
    sim::GroupPolicy gp = policy.groups[g];
    gp.admission_probability = 1.0;
    const DurationChain chain(gp.transitions, horizon);
    const auto placements = group_placements(scenario, gp, static_cast<model::GroupIndex>(g), 1.0,
                                             chain, referrals, Who{true, false, false});
    double margin = 0.0;
    Eigen::VectorXd x = Eigen::VectorXd::Zero(chain.size());
    for (Month t = 0; t < horizon; ++t) {
      if (t > 0) x = chain.step(t - 1).full * x;
      x += placements[static_cast<std::size_t>(t)];
      const Eigen::VectorXd occ = chain.by_state() * x;
      for (std::size_t s = 0; s < n_states; ++s)
        margin -=
            occ[static_cast<Eigen::Index>(s)] * static_cast<double>(unit_cost[g * n_states + s]);
    }
    const model::BandIndex band = scenario.groups[g].band;
    for (const auto& rule : scenario.contract.rules) {
      if (!pays_anything(rule, band)) continue;
      for (double p : expected_rule_for_band(chain, rule, band, placements, horizon).payments)
        margin += p;
    }
    out.push_back(margin / total / 100.0);
  }
  return out;
}

}  // namespace pbr::exact
