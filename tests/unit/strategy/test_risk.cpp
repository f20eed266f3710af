#include <catch2/catch.hpp>

#include <tuple>
#include <vector>

#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/policy.hpp"
#include "engine/stats/distributions.hpp"
#include "engine/strategy/risk.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using strategy::StrategyKind;
using strategy::Verdict;
using strategy::VerdictEvidence;
using namespace strategy::testing;

TEST_CASE("verdict rule: high, medium and low", "[strategy][risk][verdict]") {
  using strategy::decide_verdict;
  const std::vector<VerdictEvidence> none;
  CHECK(decide_verdict(none).verdict == Verdict::low);

  // A large gain that is not significant does not count.
  const std::vector<VerdictEvidence> noisy{
      {"best_response", StrategyKind::best_response, 0.5, false, 0.0}};
  CHECK(decide_verdict(noisy).verdict == Verdict::low);

  const std::vector<VerdictEvidence> small{{"park", StrategyKind::park, 0.019, true, 0.0}};
  CHECK(decide_verdict(small).verdict == Verdict::low);
  CHECK_THAT(decide_verdict(small).reason, Catch::Contains("park"));

  const std::vector<VerdictEvidence> medium{
      {"park", StrategyKind::park, 0.02, true, 0.0},
      {"fast_track", StrategyKind::fast_track, 0.05, true, 0.0}};
  const auto m = decide_verdict(medium);
  CHECK(m.verdict == Verdict::medium);
  CHECK_THAT(m.reason, Catch::Contains("fast_track gains 5.00%"));

  const std::vector<VerdictEvidence> high{
      {"best_response", StrategyKind::best_response, 0.10, true, 0.0}};
  CHECK(decide_verdict(high).verdict == Verdict::high);

  // cherry_pick: a medium gain that turns away many referrals is high ...
  const std::vector<VerdictEvidence> selective{
      {"cherry_pick", StrategyKind::cherry_pick, 0.03, true, 0.10}};
  const auto h = decide_verdict(selective);
  CHECK(h.verdict == Verdict::high);
  CHECK_THAT(h.reason, Catch::Contains("10.00% more referrals unadmitted"));
  // ... but not when it turns away few, or when the gain is not significant.
  const std::vector<VerdictEvidence> few{
      {"cherry_pick", StrategyKind::cherry_pick, 0.03, true, 0.09}};
  CHECK(decide_verdict(few).verdict == Verdict::medium);
  const std::vector<VerdictEvidence> unsure{
      {"cherry_pick", StrategyKind::cherry_pick, 0.03, false, 0.5}};
  CHECK(decide_verdict(unsure).verdict == Verdict::low);

  // Thresholds are parameters.
  strategy::VerdictThresholds strict;
  strict.medium_gain = 0.01;
  CHECK(decide_verdict(small, strict).verdict == Verdict::medium);
}

TEST_CASE("risk report of a contract that rewards refusing the hard group",
          "[strategy][risk][stat]") {
  const auto s = two_group_scenario();
  strategy::CompareSettings cs;
  cs.run.seed = 5;
  cs.run.replications = 80;
  const auto cmp = strategy::compare_strategies(s, cs, s.strategies.names);
  const auto rep = strategy::build_risk_report(s, cmp);

  CHECK(rep.scenario == "two_groups");
  CHECK(rep.margin_method == strategy::MarginMethod::exact);
  // groups, bands, total
  REQUIRE(rep.margins.size() == 2 + 2 + 1);
  CHECK(rep.margins[0].scope == "easy");
  CHECK(rep.margins[0].band == "low");
  CHECK(rep.margins[0].ci_low == rep.margins[0].margin);  // exact: a point interval
  CHECK(rep.margins[4].scope_kind == "total");
  REQUIRE(rep.spreads.size() == 1);  // across bands only: each band holds one group
  CHECK(rep.spreads[0].spread == Approx(rep.margins[0].margin - rep.margins[1].margin));
  CHECK(rep.spreads[0].highest == "low");
  CHECK(rep.spreads[0].lowest == "high");

  REQUIRE(rep.strategies.size() == 5);
  const auto& base = rep.strategies[0];
  CHECK(base.strategy == "admit_all");
  CHECK(base.gain.difference.mean == 0.0);
  CHECK(base.admitted_share == 1.0);
  const auto& cp = rep.strategies[1];
  CHECK(cp.strategy == "cherry_pick");
  CHECK(cp.gain.difference.ci_low > 0.0);
  CHECK(cp.prob_mean_gain_positive > 0.999);
  CHECK(cp.gain.difference.prob_positive == 1.0);
  CHECK(cp.relative_gain == Approx(cp.gain.difference.mean / rep.admit_all_payments));
  CHECK(cp.extra_not_admitted == Approx(0.5).margin(0.05));  // half the referrals are "hard"
  CHECK(cp.population.turned_away.mean == Approx(1000.0 * cp.extra_not_admitted).margin(30.0));
  CHECK(cp.untreated.refused > 0.0);
  // The severity mix: the high band is referred half the time and never admitted.
  CHECK(cp.mix[1].value == "high");
  CHECK(cp.mix[1].admission_share == 0.0);
  const auto& wc = rep.strategies[4];
  CHECK(wc.gain.difference.mean >= cp.gain.difference.mean);  // the worst case is the worst
  CHECK(rep.verdict.verdict == Verdict::high);
  CHECK(rep.thresholds.empty());
  CHECK(rep.deadweight.share() == 0.0);
}

TEST_CASE("the gain's decomposition adds up to the gain", "[strategy][risk]") {
  auto s = two_group_scenario();
  s.contract.rules[0].cohort_threshold.reset();
  strategy::CompareSettings cs;
  cs.run.seed = 8;
  cs.run.replications = 40;
  const auto rep =
      strategy::build_risk_report(s, strategy::compare_strategies(s, cs, s.strategies.names));
  for (const auto& r : rep.strategies) {
    INFO(r.strategy);
    double by_rule = 0.0, by_group = 0.0, by_lever = 0.0;
    REQUIRE(r.decomposition.size() == s.contract.rules.size() + 1 + s.groups.size() + 2);
    for (const auto& part : r.decomposition) {
      if (part.scope_kind == "group") {
        by_group += part.difference.mean;
      } else if (part.scope_kind == "lever") {
        by_lever += part.difference.mean;
      } else {
        by_rule += part.difference.mean;  // the rules' payments gained and the cost saved
      }
    }
    // The margin is undiscounted here, so every sum is the gain (to rounding).
    CHECK(by_rule == Approx(r.gain.difference.mean).margin(1e-6));
    CHECK(by_group == Approx(r.gain.difference.mean).margin(1e-6));
    CHECK(by_lever == Approx(r.gain.difference.mean).margin(1e-6));
  }
  // cherry_pick refuses the hard group: its whole gain is that group's, from cost saved.
  const auto& cp = rep.strategies[1];
  REQUIRE(cp.strategy == "cherry_pick");
  const auto& hard = cp.decomposition[s.contract.rules.size() + 1 + 1];
  CHECK(hard.scope == "hard");
  CHECK(hard.difference.mean == Approx(cp.gain.difference.mean).margin(1e-6));
  const auto& cost = cp.decomposition[s.contract.rules.size()];
  CHECK(cost.measure == "cost_saved");
  CHECK(cost.difference.mean > cp.gain.difference.mean);  // payments were lost on the way
  CHECK(cost.difference.ci_low > 0.0);
  // By lever: cherry_pick's gain is all admission; the best response refuses the same group
  // and fast-tracks the easy one, so its admission part is cherry_pick's gain exactly (the
  // same policy on the same random numbers) and the rest is effort.
  const auto lever = [](const strategy::StrategyReport& r, const std::string& which) {
    for (const auto& part : r.decomposition) {
      if (part.scope_kind == "lever" && part.scope == which) return part.difference;
    }
    throw std::logic_error("no lever part");
  };
  CHECK(lever(cp, "effort").mean == 0.0);
  const auto& br = rep.strategies.back();
  REQUIRE(br.strategy == "best_response");
  REQUIRE(br.decisions[1].admission_probability == 0.0);
  REQUIRE(br.decisions[0].effort == strategy::Effort::fast_track);
  CHECK(lever(br, "admission").mean == cp.gain.difference.mean);
  CHECK(lever(br, "effort").mean ==
        Approx(br.gain.difference.mean - cp.gain.difference.mean).margin(1e-6));
  CHECK(lever(br, "effort").ci_low > 0.0);
}

TEST_CASE("probability that an honest provider misses a cohort threshold",
          "[strategy][risk][stat]") {
  auto s = two_group_scenario();
  s.referrals.poisson = true;
  s.strategies.names.clear();
  strategy::CompareSettings cs;
  cs.run.seed = 3;
  cs.run.replications = 60;
  // Rate = clients with a completion / admitted clients; set thresholds well below, near and
  // well above what admit_all achieves.
  // The rate, replication by replication, from the runner itself.
  double rate = 0.0;
  for (const auto& t : sim::run_cohort(s, sim::admit_all_policy(s), cs.run)) {
    rate += static_cast<double>(t.ledger.qualifying_at(0, 0) + t.ledger.qualifying_at(0, 1)) /
            static_cast<double>(t.by_group[0].admissions + t.by_group[1].admissions);
  }
  rate /= 60.0;
  for (const auto& [threshold, low, high] : std::vector<std::tuple<double, double, double>>{
           {rate * 0.5, 0.0, 0.0}, {rate, 0.15, 0.85}, {rate * 1.5, 1.0, 1.0}}) {
    auto t = s;
    t.contract.rules[0].cohort_threshold = threshold;
    const auto rep = strategy::build_risk_report(t, strategy::compare_strategies(t, cs, {}));
    REQUIRE(rep.thresholds.size() == 1);
    INFO("threshold " << threshold << " miss " << rep.thresholds[0].miss_probability);
    CHECK(rep.thresholds[0].rule == "completion");
    CHECK(rep.thresholds[0].replications == 60);
    CHECK(rep.thresholds[0].mean_rate == Approx(rate).epsilon(1e-12));
    CHECK(rep.thresholds[0].miss_probability >= low);
    CHECK(rep.thresholds[0].miss_probability <= high);
  }
}

TEST_CASE("spreads inside a band compare its groups", "[strategy][risk]") {
  auto s = two_group_scenario();
  s.groups[1].band = 0;  // both groups in band low; band high is empty
  const auto m = strategy::analyse_margins(s, {});
  const auto rows = strategy::margin_rows(s, m.honest);
  const auto spreads = strategy::margin_spreads(s, rows);
  REQUIRE(spreads.size() == 2);
  CHECK(spreads[1].scope == "within_band");
  CHECK(spreads[1].band == "low");
  CHECK(spreads[1].spread == Approx(m.honest.groups[0].margin - m.honest.groups[1].margin));
  CHECK(spreads[1].highest == "easy");
  CHECK(spreads[1].lowest == "hard");
}

TEST_CASE("Monte Carlo margins get a Student t interval", "[strategy][risk]") {
  const auto s = two_group_scenario();
  strategy::MarginSettings ms;
  ms.force_monte_carlo = true;
  ms.replications = 30;
  const auto econ = strategy::policy_economics(s, sim::admit_all_policy(s), ms);
  const auto rows = strategy::margin_rows(s, econ);
  const double t = stats::student_t_quantile(0.975, 29);
  CHECK(rows[0].ci_high - rows[0].margin == Approx(t * rows[0].se));
  CHECK(rows[0].margin - rows[0].ci_low == Approx(t * rows[0].se));
}

TEST_CASE("the verdict names the forms of gaming a strategy's decisions show", "[strategy][risk]") {
  auto s = two_group_scenario();
  s.behaviours[1].form = model::GamingForm::timing;  // fast_track
  s.referrals.existing = {{40, TREAT, 0, 1}};        // hard clients already in treatment
  strategy::StrategyReport r;
  r.decisions.resize(2);
  CHECK(strategy::gaming_forms(s, r).empty());  // honest admission of everyone
  r.decisions[1].admission_probability = 0.0;
  r.decisions[1].effort = strategy::Effort::park;  // reaches the existing caseload only
  r.decisions[1].behaviour = "park";               // no form declared: park is parking
  r.decisions[0].admission_probability = 0.5;
  r.decisions[0].effort = strategy::Effort::fast_track;
  r.decisions[0].behaviour = "fast_track";
  CHECK(strategy::gaming_forms(s, r) ==
        "cherry-picking (refusing hard, admitting fewer of easy); timing (easy); parking "
        "(hard's existing caseload)");
  r.decisions[0] = {1.0, strategy::Effort::declared, "secret", 0.0};
  CHECK(strategy::gaming_forms(s, r) ==
        "cherry-picking (refusing hard); other effort (easy: secret); parking (hard's existing "
        "caseload)");
}

TEST_CASE("a refused group's effort is named by whom it reaches", "[strategy][risk]") {
  auto s = two_group_scenario();
  strategy::GroupDecision refused{0.0, strategy::Effort::park, "park", 0.0};
  // No caseload, and the untreated pathway leads only to recovery and death.
  CHECK(strategy::effort_reach(s, 1, refused) == "hard");
  CHECK(strategy::effort_reach(s, 1, {}) == "hard");  // admitted: the group itself
  // Untreated clients may come back to treatment: the effort reaches those who return.
  set_exit(s, 1, UNTREATED, TREAT, 0.02);
  CHECK(strategy::effort_reach(s, 1, refused) == "hard's refused clients who return to treatment");
  CHECK(strategy::effort_reach(s, 0, refused) == "easy");  // easy's pathway does not return
  s.referrals.existing = {{40, TREAT, 0, -1}};             // groups drawn from the shares
  CHECK(strategy::effort_reach(s, 1, refused) ==
        "hard's existing caseload and refused clients who return to treatment");
  CHECK(strategy::effort_reach(s, 0, refused) == "easy's existing caseload");
  s.referrals.existing = {{40, TREAT, 0, 0}};  // easy's caseload only
  CHECK(strategy::effort_reach(s, 1, refused) == "hard's refused clients who return to treatment");
}

TEST_CASE("only the levers whose part of the gain is significant are named", "[strategy][risk]") {
  auto s = two_group_scenario();
  s.referrals.existing = {{40, TREAT, 0, 1}};
  strategy::StrategyReport r;
  r.decisions.resize(2);
  r.decisions[1] = {0.0, strategy::Effort::park, "park", 0.0};
  const auto lever = [](const std::string& scope, double low) {
    strategy::GainPart p{"lever", scope, "margin_gained", {}};
    p.difference.ci_low = low;
    return p;
  };
  // Not split by lever: both named.
  CHECK(strategy::gaming_forms(s, r) ==
        "cherry-picking (refusing hard); parking (hard's existing caseload)");
  r.decomposition = {lever("admission", 1000.0), lever("effort", -0.01)};
  CHECK(strategy::gaming_forms(s, r) == "cherry-picking (refusing hard)");
  r.decomposition = {lever("admission", -5.0), lever("effort", 20.0)};
  CHECK(strategy::gaming_forms(s, r) == "parking (hard's existing caseload)");
  // Neither part alone is significant: the gain needs both, both are named.
  r.decomposition = {lever("admission", -5.0), lever("effort", -3.0)};
  CHECK(strategy::gaming_forms(s, r) ==
        "cherry-picking (refusing hard); parking (hard's existing caseload)");
}
