#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine/format/scenario_reader.hpp"
#include "engine/output/risk_report.hpp"
#include "unit/output/rfc4180.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;

namespace {

// One report of the two-group contract (easy profitable, hard loss-making), built once.
const strategy::RiskReport& report() {
  static const strategy::RiskReport rep = [] {
    const auto s = strategy::testing::two_group_scenario();
    strategy::CompareSettings cs;
    cs.run.seed = 21;
    cs.run.replications = 30;
    return strategy::build_risk_report(s, strategy::compare_strategies(s, cs, s.strategies.names));
  }();
  return rep;
}

std::vector<std::vector<std::string>> parsed() {
  return test::parse_rfc4180(output::risk_report_csv(report()));
}

}  // namespace

TEST_CASE("risk CSV: header, one quantity per row, sections in order", "[output][risk_report]") {
  const auto rows = parsed();
  REQUIRE(rows.size() > 10);
  CHECK(rows[0] == output::risk_columns());
  CHECK(rows[0] == std::vector<std::string>{"section", "strategy", "scope_kind", "scope", "measure",
                                            "unit", "value", "se", "ci_low", "ci_high", "detail"});
  const std::vector<std::string> order{"verdict",       "margin",     "spread",    "gain",
                                       "decomposition", "population", "untreated", "decision",
                                       "mix",           "deadweight"};
  std::size_t at = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == 11);
    while (at < order.size() && rows[i][0] != order[at]) ++at;
    INFO("row " << i << " section " << rows[i][0]);
    CHECK(at < order.size());  // a known section, never out of order
  }
  CHECK(rows[1][0] == "verdict");
  CHECK(rows[1][6] == "2");
  CHECK(rows[1][10].rfind("high: cherry_pick gains", 0) == 0);
}

TEST_CASE("risk CSV: margins in pounds, gains with intervals", "[output][risk_report]") {
  const auto& rep = report();
  std::map<std::string, std::vector<std::string>> by_key;
  for (const auto& r : parsed()) by_key[r[0] + "|" + r[1] + "|" + r[3] + "|" + r[4]] = r;

  const auto& easy = by_key.at("margin|admit_all|easy|margin_per_admission");
  CHECK(easy[2] == "group");
  CHECK(easy[5] == "GBP");
  CHECK(std::stod(easy[6]) == Approx(std::round(rep.margins[0].margin) / 100.0));
  CHECK(easy[7] == "0.00");  // exact mode: no sampling error; money to the penny
  CHECK(easy[6].size() > 3);
  CHECK(easy[6][easy[6].size() - 3] == '.');
  CHECK(easy[10] == "exact");
  CHECK(by_key.count("margin|admit_all|easy|payments_per_admission") == 1);
  CHECK(by_key.count("margin|admit_all|low|margin_per_admission") == 1);

  const auto& gain = by_key.at("gain|cherry_pick|total|gain");
  const auto& g = rep.strategies[1].gain.difference;
  CHECK(std::stod(gain[6]) == Approx(g.mean));
  CHECK(std::stod(gain[7]) == Approx(g.se));
  CHECK(std::stod(gain[8]) == Approx(g.ci_low));
  CHECK(std::stod(gain[9]) == Approx(g.ci_high));
  CHECK(std::stod(by_key.at("gain|cherry_pick|total|gain_unpaired_se")[6]) > std::stod(gain[7]));
  CHECK(by_key.at("gain|cherry_pick|total|prob_mean_gain_positive")[5] == "probability");
  CHECK(std::stod(by_key.at("decision|cherry_pick|hard|admission_probability")[6]) == 0.0);
  CHECK(by_key.at("decision|best_response|easy|admission_probability")[10] == "effort fast_track");
  CHECK(by_key.at("mix|cherry_pick|high|admission_share")[6] == "0");
  CHECK(by_key.at("mix|cherry_pick|yes|referral_share")[2] == "crack_use");
  CHECK(by_key.count("population|cherry_pick|total|deaths_added_per_1000") == 1);
  CHECK(by_key.count("untreated|cherry_pick|total|deaths_untreated") == 1);
  CHECK(by_key.at("deadweight|admit_all|total|deadweight_share")[6] == "0");
  CHECK(by_key.count("deadweight|admit_all|completion|untreated_probability") == 1);
}

TEST_CASE("risk table reads as a report", "[output][risk_report]") {
  const auto text = output::risk_report_text(report());
  CHECK(text.rfind("Gaming risk: HIGH\n", 0) == 0);
  CHECK_THAT(text, Catch::Contains(
                       "Expected margin per admitted client (payments - cost, pounds; exact)"));
  CHECK_THAT(text, Catch::Contains("spread across bands"));
  CHECK_THAT(text, Catch::Contains("paired over 30 replications"));
  CHECK_THAT(text, Catch::Contains("cherry_pick"));
  CHECK_THAT(text, Catch::Contains("Severity mix of admissions against referrals"));
  CHECK_THAT(text, Catch::Contains("Deadweight: 0.0% of outcome payments"));
  CHECK_THAT(text, !Catch::Contains("Cohort thresholds"));  // the contract has none
}

TEST_CASE("the gain headline names the lever and the rule that make gaming pay",
          "[output][risk_report]") {
  strategy::StrategyReport s;
  s.strategy = "cherry_pick";
  s.kind = strategy::StrategyKind::cherry_pick;
  s.decisions.resize(3);
  s.decisions[1].admission_probability = 0.0;
  s.decisions[2].effort = strategy::Effort::park;
  s.gain.difference.mean = 29012.4;
  s.gain.difference.ci_low = 27500.0;
  s.gain.difference.ci_high = 30524.8;
  const auto part = [](std::string kind, std::string scope, std::string measure, double mean) {
    strategy::GainPart p{std::move(kind), std::move(scope), std::move(measure), {}};
    p.difference.mean = mean;
    return p;
  };
  s.decomposition = {part("rule", "presentation_fee", "payments_gained", -1000.0),
                     part("rule", "completion", "payments_gained", -11987.6),
                     part("total", "total", "cost_saved", 42000.0),
                     part("group", "easy", "margin_gained", 0.0),
                     part("group", "hard", "margin_gained", 25000.0),
                     part("group", "medium", "margin_gained", 4012.4)};
  CHECK(output::gain_headline(s) ==
        "Refusing hard and parking medium (cherry_pick) pays: 42,000 pounds less provider cost, "
        "against 11,988 pounds less in completion payments; gain 29,012 pounds (95% interval "
        "27,500 to 30,525).");
  // A rule that pays more is named as the reason.
  s.decomposition[0].difference.mean = 50000.0;
  s.decomposition[2].difference.mean = -8000.0;
  s.decisions[1].admission_probability = 1.0;
  s.decisions[2].effort = strategy::Effort::fast_track;
  CHECK(output::gain_headline(s) ==
        "Fast-tracking medium (cherry_pick) pays: 50,000 pounds more in presentation_fee "
        "payments, against 11,988 pounds less in completion payments; gain 29,012 pounds (95% "
        "interval 27,500 to 30,525).");
  s.gain.difference.ci_low = -100.0;
  const auto loss = [&] {
    auto l = s;
    l.gain.difference = {};
    l.gain.difference.mean = -5000.0;
    l.gain.difference.ci_low = -6000.0;
    l.gain.difference.ci_high = -4000.0;
    return output::gain_headline(l);
  }();
  CHECK(loss ==
        "Fast-tracking medium (cherry_pick) loses money: gain -5,000 pounds (95% interval "
        "-6,000 to -4,000).");
  CHECK(output::gain_headline(s) ==
        "Fast-tracking medium (cherry_pick) does not pay significantly: gain 29,012 pounds (95% "
        "interval -100 to 30,525).");
  s.decisions[2].intensity = 0.5;  // a behaviour scaled to half its declared strength
  CHECK(output::gain_headline(s).rfind(
            "Fast-tracking medium (intensity 0.50) (cherry_pick) does not", 0) == 0);
  s.kind = strategy::StrategyKind::admit_all;
  CHECK(output::gain_headline(s).empty());
}

TEST_CASE("the gain headline names only levers that pay, and says when none does",
          "[output][risk_report]") {
  strategy::StrategyReport s;
  s.strategy = "best_response";
  s.kind = strategy::StrategyKind::best_response;
  s.decisions.resize(2);
  s.gain.difference.mean = 10.0;
  s.gain.difference.ci_low = -20.0;
  s.gain.difference.ci_high = 40.0;
  CHECK(output::gain_headline(s) ==
        "No declared lever pays: the best response is to admit everyone with honest effort.");
  s.decisions[1] = {0.0, strategy::Effort::park, "park", 0.0};
  s.reach = {"easy", "hard's refused clients who return to treatment"};
  s.gain.difference.ci_low = 5.0;
  const auto lever = [](const std::string& scope, double low) {
    strategy::GainPart p{"lever", scope, "margin_gained", {}};
    p.difference.ci_low = low;
    return p;
  };
  const strategy::GainPart easy{"group", "easy", "margin_gained", {}};
  const strategy::GainPart hard{"group", "hard", "margin_gained", {}};
  s.decomposition = {easy, hard, lever("admission", 1.0), lever("effort", 2.0)};
  CHECK(output::gain_headline(s).rfind(
            "Refusing hard and parking hard's refused clients who return to treatment "
            "(best_response) pays",
            0) == 0);
  s.decomposition = {easy, hard, lever("admission", 1.0), lever("effort", -2.0)};
  CHECK(output::gain_headline(s).rfind("Refusing hard (best_response) pays", 0) == 0);
}

TEST_CASE("risk CSV path sits beside the summary", "[output][risk_report]") {
  CHECK(output::risk_path_for("out/pilot_summary.csv") == "out/pilot_risk.csv");
  CHECK(output::risk_path_for("out/run.csv") == "out/run_risk.csv");
  CHECK(output::risk_path_for("results") == "results_risk.csv");
}
