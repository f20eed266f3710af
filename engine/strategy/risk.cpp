#include "engine/strategy/risk.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <utility>

#include "engine/stats/distributions.hpp"

namespace pbr::strategy {

namespace {

constexpr double LEVEL = 0.95;

// Two decimals, so that a gain just under a threshold never prints as the threshold itself.
std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * share);
  return buf;
}

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double prob_mean_positive(const stats::Summary& s) {
  if (s.se > 0.0) return normal_cdf(s.mean / s.se);
  if (s.mean > 0.0) return 1.0;
  if (s.mean < 0.0) return 0.0;
  return 0.5;
}

//! Referrals, admissions and the referrals not admitted (refused or turned away), summed
//! over groups and replications.
struct DoorTotals {
  double referrals = 0.0, admissions = 0.0, not_admitted = 0.0;
};

DoorTotals door_totals(const sim::ReplicationTally<std::int64_t>& total) {
  std::int64_t referrals = 0, admissions = 0, not_admitted = 0;
  for (const auto& g : total.by_group) {
    referrals += g.referrals;
    admissions += g.admissions;
    not_admitted += g.refused + g.turned_away;
  }
  return {static_cast<double>(referrals), static_cast<double>(admissions),
          static_cast<double>(not_admitted)};
}

std::vector<ThresholdMiss> threshold_misses(const model::Scenario& scenario,
                                            const StrategyResult& base) {
  std::vector<ThresholdMiss> out;
  const auto& rules = scenario.contract.rules;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!rules[r].cohort_threshold) continue;
    const auto& count = base.thresholds[r];
    ThresholdMiss m;
    m.rule = rules[r].name;
    m.threshold = *rules[r].cohort_threshold;
    m.replications = static_cast<int>(count.replications);
    if (count.replications > 0) {
      const auto n = static_cast<double>(count.replications);
      m.mean_rate = count.rate_sum / n;
      m.miss_probability = static_cast<double>(count.missed) / n;
    }
    out.push_back(m);
  }
  return out;
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::low:
      return "low";
    case Verdict::medium:
      return "medium";
    case Verdict::high:
      return "high";
  }
  return "low";
}

VerdictResult decide_verdict(std::span<const VerdictEvidence> evidence,
                             const VerdictThresholds& th) {
  const VerdictEvidence* largest = nullptr;
  for (const auto& e : evidence) {
    if (!e.significant) continue;
    if (largest == nullptr || e.relative_gain > largest->relative_gain) largest = &e;
  }
  for (const auto& e : evidence) {
    if (e.kind == StrategyKind::cherry_pick && e.significant && e.relative_gain >= th.medium_gain &&
        e.extra_not_admitted >= th.high_turned_away) {
      return {Verdict::high, "cherry_pick gains " + percent(e.relative_gain) +
                                 " of the PbR payments (significant) while leaving " +
                                 percent(e.extra_not_admitted) + " more referrals unadmitted"};
    }
  }
  if (largest != nullptr && largest->relative_gain >= th.high_gain) {
    return {Verdict::high, largest->strategy + " gains " + percent(largest->relative_gain) +
                               " of the PbR payments (significant; high from " +
                               percent(th.high_gain) + ")"};
  }
  if (largest != nullptr && largest->relative_gain >= th.medium_gain) {
    return {Verdict::medium, largest->strategy + " gains " + percent(largest->relative_gain) +
                                 " of the PbR payments (significant; medium from " +
                                 percent(th.medium_gain) + ")"};
  }
  if (largest != nullptr) {
    return {Verdict::low, "the largest significant gain (" + largest->strategy + ", " +
                              percent(largest->relative_gain) + ") is below " +
                              percent(th.medium_gain) + " of the PbR payments"};
  }
  return {Verdict::low, "no gaming strategy gains significantly over admit_all"};
}

std::string effort_reach(const model::Scenario& scenario, model::GroupIndex g,
                         const GroupDecision& decision) {
  const auto gi = static_cast<std::size_t>(g);
  const std::string& name = scenario.groups.at(gi).name;
  if (decision.admission_probability > 0.0) return name;
  bool caseload = false;
  for (const auto& e : scenario.referrals.existing) {
    if (e.count > 0 && (e.group == g || (e.group < 0 && scenario.groups[gi].share > 0.0))) {
      caseload = true;
    }
  }
  // States reachable from the untreated state by the group's own transitions.
  const auto& from = scenario.transitions.at(gi).from;
  std::vector<bool> seen(scenario.states.size(), false);
  std::vector<model::StateIndex> to_visit{scenario.referrals.untreated_state};
  seen[static_cast<std::size_t>(scenario.referrals.untreated_state)] = true;
  bool returning = false;
  while (!to_visit.empty() && !returning) {
    const auto state = static_cast<std::size_t>(to_visit.back());
    to_visit.pop_back();
    if (state >= from.size()) continue;
    for (const auto& cell : from[state].cells) {
      for (const auto& exit : cell.exits) {
        const auto to = static_cast<std::size_t>(exit.to);
        if (exit.probability <= 0.0 || seen[to]) continue;
        seen[to] = true;
        if (scenario.states[to].kind == model::StateKind::treatment) returning = true;
        to_visit.push_back(exit.to);
      }
    }
  }
  const std::string returns = "refused clients who return to treatment";
  if (caseload && returning) return name + "'s existing caseload and " + returns;
  if (caseload) return name + "'s existing caseload";
  if (returning) return name + "'s " + returns;
  return name;
}

LeversThatPay levers_that_pay(const StrategyReport& strategy) {
  std::optional<bool> admission, effort;
  for (const auto& part : strategy.decomposition) {
    if (part.scope_kind != "lever") continue;
    const bool pays = part.difference.ci_low > 0.0;
    if (part.scope == "admission") admission = pays;
    if (part.scope == "effort") effort = pays;
  }
  if (!admission || !effort || (!*admission && !*effort)) return {};
  return {*admission, *effort};
}

std::string gaming_forms(const model::Scenario& scenario, const StrategyReport& strategy) {
  const LeversThatPay pays = levers_that_pay(strategy);
  std::vector<std::string> refused, fewer;
  std::vector<std::pair<std::string, std::vector<std::string>>> forms;  // in first-seen order
  const auto add = [&forms](const std::string& form, const std::string& who) {
    auto it =
        std::find_if(forms.begin(), forms.end(), [&](const auto& f) { return f.first == form; });
    if (it == forms.end()) it = forms.insert(forms.end(), {form, {}});
    it->second.push_back(who);
  };
  for (std::size_t g = 0; g < strategy.decisions.size() && g < scenario.groups.size(); ++g) {
    const auto& d = strategy.decisions[g];
    const auto& name = scenario.groups[g].name;
    if (pays.admission && d.admission_probability <= 0.0) refused.push_back(name);
    if (pays.admission && d.admission_probability > 0.0 && d.admission_probability < 1.0) {
      fewer.push_back(name);
    }
    if (!pays.effort || d.effort == Effort::honest || d.behaviour.empty()) continue;
    const int b = model::find_behaviour(scenario.behaviours, d.behaviour);
    model::GamingForm form = model::GamingForm::other;
    if (b >= 0) form = scenario.behaviours[static_cast<std::size_t>(b)].form;
    if (form == model::GamingForm::other && d.behaviour == "park")
      form = model::GamingForm::parking;
    if (form == model::GamingForm::other && d.behaviour == "fast_track") {
      form = model::GamingForm::timing;
    }
    const std::string who = g < strategy.reach.size()
                                ? strategy.reach[g]
                                : effort_reach(scenario, static_cast<model::GroupIndex>(g), d);
    add(form == model::GamingForm::other ? "other effort" : std::string(model::to_string(form)),
        who + (form == model::GamingForm::other ? ": " + d.behaviour : ""));
  }
  const auto list = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
  };
  std::vector<std::string> parts;
  if (!refused.empty() || !fewer.empty()) {
    std::string selection;
    if (!refused.empty()) selection += "refusing " + list(refused);
    if (!fewer.empty())
      selection += (selection.empty() ? "" : ", ") + ("admitting fewer of " + list(fewer));
    parts.push_back("cherry-picking (" + selection + ")");
  }
  for (const auto& [form, who] : forms) parts.push_back(form + " (" + list(who) + ")");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::vector<MarginRow> margin_rows(const model::Scenario& scenario, const PolicyEconomics& econ) {
  const double t = econ.replications >= 2
                       ? stats::student_t_quantile(0.5 + LEVEL / 2.0, econ.replications - 1.0)
                       : 0.0;
  const auto row = [&](std::string kind, std::string scope, std::string band, double m, double se) {
    MarginRow r;
    r.scope_kind = std::move(kind);
    r.scope = std::move(scope);
    r.band = std::move(band);
    r.margin = m;
    r.se = se;
    r.ci_low = m - t * se;
    r.ci_high = m + t * se;
    return r;
  };
  std::vector<MarginRow> out;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    const auto& e = econ.groups[g];
    const auto& grp = scenario.groups[g];
    auto r = row("group", grp.name, scenario.bands[static_cast<std::size_t>(grp.band)].name,
                 e.margin, e.margin_se);
    r.payments = e.payments;
    r.cost = e.cost;
    r.treatment_months = e.treatment_months;
    out.push_back(r);
  }
  for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
    out.push_back(row("band", scenario.bands[b].name, scenario.bands[b].name, econ.bands[b].margin,
                      econ.bands[b].se));
  }
  out.push_back(row("total", "total", "", econ.overall.margin, econ.overall.se));
  return out;
}

std::vector<SpreadRow> margin_spreads(const model::Scenario& scenario,
                                      const std::vector<MarginRow>& rows) {
  const auto spread = [](std::string scope, std::string band, auto&& select,
                         const std::vector<MarginRow>& all) {
    SpreadRow s;
    s.scope = std::move(scope);
    s.band = std::move(band);
    const MarginRow* hi = nullptr;
    const MarginRow* lo = nullptr;
    for (const auto& r : all) {
      if (!select(r)) continue;
      if (hi == nullptr || r.margin > hi->margin) hi = &r;
      if (lo == nullptr || r.margin < lo->margin) lo = &r;
    }
    if (hi != nullptr) {
      s.spread = hi->margin - lo->margin;
      s.highest = hi->scope;
      s.lowest = lo->scope;
    }
    return s;
  };
  std::vector<SpreadRow> out;
  out.push_back(spread(
      "across_bands", "", [](const MarginRow& r) { return r.scope_kind == "band"; }, rows));
  for (const auto& band : scenario.bands) {
    int members = 0;
    for (const auto& g : scenario.groups) {
      if (scenario.bands[static_cast<std::size_t>(g.band)].name == band.name) ++members;
    }
    if (members < 2) continue;
    out.push_back(spread(
        "within_band", band.name,
        [&](const MarginRow& r) { return r.scope_kind == "group" && r.band == band.name; }, rows));
  }
  return out;
}

RiskReport build_risk_report(const model::Scenario& scenario, const Comparison& comparison,
                             const VerdictThresholds& thresholds) {
  if (comparison.strategies.empty() || comparison.strategies[0].plan.name != "admit_all") {
    throw std::invalid_argument("build_risk_report: the comparison must start with admit_all");
  }
  RiskReport rep;
  rep.scenario = scenario.name;
  rep.verdict_thresholds = thresholds;
  rep.margin_method = comparison.margins.honest.method;
  rep.margin_replications = comparison.margins.honest.replications;
  rep.margins = margin_rows(scenario, comparison.margins.honest);
  rep.spreads = margin_spreads(scenario, rep.margins);

  const auto& base = comparison.strategies[0];
  const std::string margin_name = margin_metric(scenario);
  const std::string pay_name = payments_metric(scenario);
  rep.admit_all_payments = base.metrics.summary(pay_name).mean;
  // Relative gains are against what the tariff puts at stake; a contract without PbR payments
  // falls back to the provider's cost, so the ratio stays meaningful.
  double scale = rep.admit_all_payments;
  if (!(scale > 0.0)) {
    scale = base.metrics
                .summary(scenario.contract.annual_discount_rate > 0.0 ? "discounted_provider_cost"
                                                                      : "provider_cost")
                .mean;
  }
  if (!(scale > 0.0)) scale = 1.0;
  const DoorTotals base_door = door_totals(base.total);
  const double total_referrals = base_door.referrals;
  const double base_out_share =
      total_referrals > 0.0 ? base_door.not_admitted / total_referrals : 0.0;

  std::vector<VerdictEvidence> evidence;
  for (const auto& s : comparison.strategies) {
    StrategyReport r;
    r.strategy = s.plan.name;
    r.kind = s.plan.kind;
    r.decisions = s.plan.groups;
    r.provider_margin = s.metrics.summary(margin_name);
    r.payments = s.metrics.summary(pay_name);
    r.gain = s.gain.summary();
    r.relative_gain = r.gain.difference.mean / scale;
    r.prob_mean_gain_positive = prob_mean_positive(r.gain.difference);
    const DoorTotals door = door_totals(s.total);
    r.admitted_share = total_referrals > 0.0 ? door.admissions / total_referrals : 0.0;
    r.extra_not_admitted =
        (total_referrals > 0.0 ? door.not_admitted / total_referrals : 0.0) - base_out_share;
    r.population = s.population.result();
    r.untreated = untreated_outcomes(scenario, s.total, s.replications);
    r.mix = severity_mix(scenario, s.total);
    for (std::size_t k = 0; k < s.rule_payments.size(); ++k) {
      r.decomposition.push_back({"rule", scenario.contract.rules[k].name, "payments_gained",
                                 s.rule_payments[k].summary().difference});
    }
    for (std::size_t g = 0; g < r.decisions.size() && g < scenario.groups.size(); ++g) {
      r.reach.push_back(effort_reach(scenario, static_cast<model::GroupIndex>(g), r.decisions[g]));
    }
    r.decomposition.push_back({"total", "total", "cost_saved", s.cost.summary().difference});
    for (std::size_t g = 0; g < s.group_margin.size(); ++g) {
      r.decomposition.push_back({"group", scenario.groups[g].name, "margin_gained",
                                 s.group_margin[g].summary().difference});
    }
    if (s.admission_lever.count() > 0) {
      r.decomposition.push_back(
          {"lever", "admission", "margin_gained", s.admission_lever.summary().difference});
      r.decomposition.push_back(
          {"lever", "effort", "margin_gained", s.effort_lever.summary().difference});
    }
    if (s.plan.kind != StrategyKind::admit_all) {
      evidence.push_back({r.strategy, r.kind, r.relative_gain, r.gain.difference.ci_low > 0.0,
                          r.extra_not_admitted});
    }
    rep.strategies.push_back(std::move(r));
  }
  rep.thresholds = threshold_misses(scenario, base);
  rep.deadweight = analyse_deadweight(scenario, margin_settings(comparison.settings));
  rep.verdict = decide_verdict(evidence, thresholds);
  // The forms of gaming: of the best response when it gains significantly, else of the
  // strategy with the largest significant gain.
  const StrategyReport* gaming = nullptr;
  for (const auto& r : rep.strategies) {
    if (r.kind == StrategyKind::admit_all || !(r.gain.difference.ci_low > 0.0)) continue;
    if (r.kind == StrategyKind::best_response) {
      gaming = &r;
      break;
    }
    if (gaming == nullptr || r.gain.difference.mean > gaming->gain.difference.mean) gaming = &r;
  }
  if (gaming != nullptr) {
    rep.gaming_strategy = gaming->strategy;
    rep.gaming_forms = gaming_forms(scenario, *gaming);
  }
  return rep;
}

}  // namespace pbr::strategy
