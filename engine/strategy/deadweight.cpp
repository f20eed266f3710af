#include "engine/strategy/deadweight.hpp"

#include <algorithm>

#include "engine/sim/policy.hpp"

namespace pbr::strategy {

DeadweightAnalysis deadweight_from(const model::Contract& contract,
                                   const std::vector<double>& weights,
                                   const PolicyEconomics& treated,
                                   const PolicyEconomics& untreated) {
  DeadweightAnalysis out;
  out.method = (treated.method == MarginMethod::exact && untreated.method == MarginMethod::exact)
                   ? MarginMethod::exact
                   : MarginMethod::monte_carlo;
  double total_weight = 0.0;
  for (double w : weights) total_weight += w;
  for (std::size_t r = 0; r < contract.rules.size(); ++r) {
    const auto& rule = contract.rules[r];
    if (rule.kind != model::RuleKind::outcome_payment) continue;
    RuleDeadweight d;
    d.rule = rule.name;
    for (std::size_t g = 0; g < weights.size(); ++g) {
      const double w = total_weight > 0.0 ? weights[g] / total_weight : 0.0;
      const double q_t = treated.groups[g].rule_qualifying[r];
      const double q_u = untreated.groups[g].rule_qualifying[r];
      const double pay = treated.groups[g].rule_payments[r];
      d.treated_probability += w * q_t;
      d.untreated_probability += w * q_u;
      d.payments += w * pay;
      // Without a treated outcome there is nothing paid to call deadweight.
      if (q_t > 0.0) d.deadweight += w * pay * std::min(1.0, q_u / q_t);
    }
    out.payments += d.payments;
    out.deadweight += d.deadweight;
    out.rules.push_back(d);
  }
  return out;
}

DeadweightAnalysis analyse_deadweight(const model::Scenario& scenario,
                                      const MarginSettings& settings) {
  std::vector<double> weights;
  for (const auto& g : scenario.groups) weights.push_back(g.share);
  const model::Scenario treated_scn = margin_scenario(scenario);
  // The untreated variant: an "admitted" client is placed where a refused one would go, so the
  // rules value the untreated pathway's outcomes with their own conditions.
  model::Scenario untreated_scn = treated_scn;
  untreated_scn.referrals.admission_state = untreated_scn.referrals.untreated_state;
  const auto policy = sim::admit_all_policy(scenario);
  const auto treated = measure_economics(treated_scn, policy, weights, settings);
  const auto untreated = measure_economics(untreated_scn, policy, weights, settings);
  return deadweight_from(scenario.contract, weights, treated, untreated);
}

}  // namespace pbr::strategy
