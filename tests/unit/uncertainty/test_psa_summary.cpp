// The summary of an uncertainty analysis on hand-made results whose answers are known: the
// expected value of perfect information, verdict shares, the Monte Carlo part of the spread.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/uncertainty/psa_evaluator.hpp"
#include "engine/uncertainty/psa_summary.hpp"

using namespace pbr;

namespace {

//! An analysis output of `nb[d][v]` net benefits (draws x variants) on best_response's rows,
//! with verdicts and a gain of 10 x d (interval +-1.96 t-free: replications 1).
sweep::SweepOutput output_of(const std::vector<std::vector<double>>& nb,
                             const std::vector<std::string>& verdicts) {
  sweep::SweepOutput out;
  auto& def = out.definition;
  def.evaluator.id = uncertainty::PSA_EVALUATOR_ID;
  def.evaluator.verdict = true;
  def.evaluator.metrics = {{"gaming_gain", sweep::Unit::gbp, ""},
                           {"gaming_gain_expected", sweep::Unit::gbp, ""},
                           {"net_benefit", sweep::Unit::gbp, ""},
                           {"commissioner_spend", sweep::Unit::gbp, ""},
                           {"sustained_recoveries", sweep::Unit::count, ""}};
  const std::size_t draws = nb.size(), variants = nb[0].size();
  sweep::Parameter draw{"draw", "", {}}, variant{"variant", "", {}}, x{"x", "", {}};
  for (std::size_t d = 0; d < draws; ++d) {
    draw.values.push_back(sweep::make_value(std::to_string(d + 1)));
    x.values.push_back(sweep::make_value(std::to_string(d)));
  }
  for (std::size_t v = 0; v < variants; ++v) {
    variant.values.push_back(sweep::string_value("v" + std::to_string(v)));
  }
  def.plan.parameters = {draw, variant, x};
  for (std::size_t d = 0; d < draws; ++d) {
    for (std::size_t v = 0; v < variants; ++v) {
      sweep::PointSpec point;
      point.index = d * variants + v;
      point.choice = {d, v, d};
      point.replications = 1;
      point.strategies = {"admit_all", "best_response"};
      def.points.push_back(point);
      sweep::PointResult result;
      const double gain = 10.0 * static_cast<double>(d);
      // Variant v spends 1,000 (v + 1) and buys 10 (v + 1) + d recoveries.
      const double spend = 1000.0 * static_cast<double>(v + 1);
      const double recoveries = 10.0 * static_cast<double>(v + 1) + static_cast<double>(d);
      result.rows.push_back(
          {"admit_all",
           {{0, 0, 0}, {0, 0, 0}, {0, NAN, NAN}, {spend, spend, spend}, {recoveries, NAN, NAN}},
           verdicts[d]});
      result.rows.push_back({"best_response",
                             {{gain, gain, gain},
                              {gain, gain, gain},
                              {nb[d][v], NAN, NAN},
                              {spend, spend, spend},
                              {recoveries, NAN, NAN}},
                             verdicts[d]});
      out.results.push_back(result);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("psa summary: EVPI, the chosen variant and the probability each is best",
          "[uncertainty]") {
  // Variant v0 pays 10 in draws 1 and 3, v1 pays 5 in draws 2 and 4: E[v0] = 5 > E[v1] =
  // 2.5, so v0 is chosen; with perfect information the best in each draw: (10+5+10+5)/4 = 7.5;
  // EVPI = 7.5 - 5 = 2.5.
  const auto out = output_of({{10, 0}, {0, 5}, {10, 0}, {0, 5}}, {"high", "low", "high", "medium"});
  const auto s = uncertainty::summarise_psa(out);
  REQUIRE(s.decision);
  CHECK(s.decision->strategy == "best_response");
  CHECK(s.decision->chosen == "v0");
  CHECK(s.decision->evpi == Approx(2.5));
  CHECK(s.decision->variants[0].expected_net_benefit == Approx(5));
  CHECK(s.decision->variants[0].probability_best == Approx(0.5));
  CHECK(s.decision->variants[1].probability_best == Approx(0.5));
  // v1 spends 1,000 more for 10 more recoveries: it matches v0 at 100 pounds a recovery.
  CHECK(std::isnan(s.decision->variants[0].break_even_value));
  CHECK(s.decision->variants[1].break_even_value == Approx(100));
  // Verdict shares per variant: high 2 of 4, medium 1, low 1.
  REQUIRE(s.verdicts.size() == 6);
  CHECK(s.verdicts[0].variant == "v0");
  CHECK(s.verdicts[0].verdict == "low");
  CHECK(s.verdicts[0].probability == Approx(0.25));
  CHECK(s.verdicts[2].probability == Approx(0.5));
  // The gain 0, 10, 20, 30 is exactly x * 10: the only input drives it, perfectly.
  REQUIRE(s.drivers.size() == 2);
  REQUIRE(s.drivers[0].drivers.size() == 1);
  CHECK(s.drivers[0].metric == "gaming_gain_expected");
  CHECK(s.drivers[0].drivers[0].prcc == Approx(1.0));
  CHECK(s.drivers[0].r_squared == Approx(1.0));
  // Exact values have no Monte Carlo part: all of the spread is the parameters'.
  for (const auto& r : s.spreads) {
    if (r.strategy != "best_response" || r.metric != "gaming_gain") continue;
    CHECK(r.sd_monte_carlo == 0.0);
    CHECK(r.sd_parameter == Approx(r.sd_total));
    CHECK(r.mean == Approx(15));
  }
}

TEST_CASE("psa summary: a dominated variant leaves nothing to learn", "[uncertainty]") {
  const auto s =
      uncertainty::summarise_psa(output_of({{3, 1}, {7, 2}, {5, 4}}, {"low", "low", "low"}));
  REQUIRE(s.decision);
  CHECK(s.decision->evpi == 0.0);
  CHECK(s.decision->variants[0].probability_best == 1.0);
}

TEST_CASE("psa summary: the output of one shard is refused", "[uncertainty]") {
  auto out = output_of({{1, 2}, {3, 4}}, {"low", "low"});
  out.definition.plan.path = "a.json";
  out.results[2].reset();
  CHECK_THROWS_WITH(uncertainty::summarise_psa(out),
                    "a.json: /: 1 of 4 points (draws x variants) have no result (the output of "
                    "one shard?): merge every shard's output with pbrsim merge first");
}
