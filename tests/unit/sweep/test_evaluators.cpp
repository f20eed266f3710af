#include "engine/sweep/evaluators.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/sweep/results.hpp"

using Catch::Matchers::Contains;
using pbr::sweep::PointContext;

namespace {
const std::string TINY = std::string(PBR_SOURCE_DIR) + "/tests/unit/sweep/data/tiny.json";

pbr::model::Scenario tiny_with(const std::string& pointer, const nlohmann::json& value) {
  auto doc = pbr::format::resolve_scenario_document(TINY);
  doc[nlohmann::json::json_pointer(pointer)] = value;
  return pbr::format::build_scenario(doc, "tiny");
}
}  // namespace

TEST_CASE("admit_all evaluator: one row with every metric", "[sweep][evaluators]") {
  const auto e = pbr::sweep::admit_all_evaluator();
  CHECK(e.info.metrics.size() == 9);
  CHECK_FALSE(e.info.verdict);
  const auto s = pbr::format::load_scenario(TINY).scenario;
  const auto r = e.evaluate(s, {0, 3, 10, {"admit_all"}, nullptr});
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].metrics.size() == 9);
  CHECK(r.rows[0].metrics[0].ci_low <= r.rows[0].metrics[0].mean);
  CHECK(r.rows[0].metrics[0].mean <= r.rows[0].metrics[0].ci_high);
  CHECK_THROWS_AS(e.resolve_strategies(s, {"admit_all", "park"}), pbr::core::InputError);
}

TEST_CASE("strategy evaluator: admit_all first, gain against it, a verdict",
          "[sweep][evaluators]") {
  const auto e = pbr::sweep::strategy_evaluator();
  CHECK(e.info.verdict);
  CHECK(e.info.metrics[1].key == "gaming_gain");
  CHECK(e.info.metrics[1].unit == pbr::sweep::Unit::gbp);
  const auto s = pbr::format::load_scenario(TINY).scenario;
  CHECK(e.resolve_strategies(s, {"cherry_pick"}) ==
        std::vector<std::string>{"admit_all", "cherry_pick"});
  CHECK_THROWS_AS(e.resolve_strategies(s, {"cherry_pik"}), pbr::core::InputError);
  const auto r = e.evaluate(s, {0, 3, 10, {"admit_all", "cherry_pick"}, nullptr});
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].strategy == "admit_all");
  CHECK(r.rows[0].metrics[1].mean == 0.0);  // admit_all's gain over itself
  CHECK(r.rows[1].strategy == "cherry_pick");
  CHECK(r.rows[0].verdict == r.rows[1].verdict);
  CHECK(
      (r.rows[0].verdict == "low" || r.rows[0].verdict == "medium" || r.rows[0].verdict == "high"));
  // A pure function of its inputs: what resuming and sharding rely on.
  CHECK(
      pbr::sweep::same_result(r, e.evaluate(s, {5, 3, 10, {"admit_all", "cherry_pick"}, nullptr})));
}

TEST_CASE("common random numbers: a payment amount changes money, not outcomes",
          "[sweep][evaluators]") {
  const auto e = pbr::sweep::strategy_evaluator();
  const PointContext ctx{0, 3, 10, {"admit_all"}, nullptr};
  const auto a = e.evaluate(tiny_with("/contract/payments/0/amount_by_band/standard", 100), ctx);
  const auto b = e.evaluate(tiny_with("/contract/payments/0/amount_by_band/standard", 300), ctx);
  // Same clients, same paths: identical counts (columns 4..6), higher spend.
  for (std::size_t m = 4; m < 7; ++m) CHECK(a.rows[0].metrics[m].mean == b.rows[0].metrics[m].mean);
  CHECK(b.rows[0].metrics[2].mean > a.rows[0].metrics[2].mean);
}

namespace {
std::size_t column(const pbr::sweep::Evaluator& e, const std::string& key) {
  for (std::size_t i = 0; i < e.info.metrics.size(); ++i) {
    if (e.info.metrics[i].key == key) return i;
  }
  FAIL("no sweep metric " << key);
  return 0;
}
}  // namespace

TEST_CASE("sweep budget columns: PbR payments, block, PbR share, gain as a share of PbR",
          "[sweep][evaluators][budget]") {
  auto doc = pbr::format::resolve_scenario_document(TINY);
  doc["economics"]["block_payment_per_month"] = 1000;
  const auto s = pbr::format::build_scenario(doc, "tiny");
  for (const auto& e : {pbr::sweep::admit_all_evaluator(), pbr::sweep::strategy_evaluator()}) {
    CAPTURE(e.info.id);
    CHECK(e.info.metrics[column(e, "pbr_payments")].unit == pbr::sweep::Unit::gbp);
    CHECK(e.info.metrics[column(e, "block_payment")].unit == pbr::sweep::Unit::gbp);
    CHECK(e.info.metrics[column(e, "pbr_share_of_income")].unit == pbr::sweep::Unit::share);
    const std::vector<std::string> names =
        e.info.verdict ? std::vector<std::string>{"admit_all", "cherry_pick"}
                       : std::vector<std::string>{"admit_all"};
    const auto r = e.evaluate(s, {0, 3, 10, names, nullptr});
    const auto& row = r.rows[0].metrics;
    const double pbr = row[column(e, "pbr_payments")].mean;
    const double block = row[column(e, "block_payment")].mean;
    CHECK(block == Approx(1000.0 * s.horizon_months));
    CHECK(pbr > 0.0);
    CHECK(pbr + block == Approx(row[column(e, "commissioner_spend")].mean));
    CHECK(row[column(e, "pbr_share_of_income")].mean == Approx(pbr / (pbr + block)));
  }
  const auto e = pbr::sweep::strategy_evaluator();
  const std::size_t share = column(e, "gaming_gain_share_of_pbr");
  CHECK(e.info.metrics[share].unit == pbr::sweep::Unit::share);
  const auto r = e.evaluate(s, {0, 3, 10, {"admit_all", "cherry_pick"}, nullptr});
  REQUIRE(r.rows.size() == 2);
  CHECK(std::isnan(r.rows[0].metrics[share].mean));  // admit_all: empty
  const double admit_all_pbr = r.rows[0].metrics[column(e, "pbr_payments")].mean;
  const auto& gain = r.rows[1].metrics[column(e, "gaming_gain")];
  CHECK(r.rows[1].metrics[share].mean == Approx(gain.mean / admit_all_pbr));
  CHECK(r.rows[1].metrics[share].ci_low == Approx(gain.ci_low / admit_all_pbr));
  // No PbR payments: the share is undefined, the cell empty.
  auto unpaid = doc;
  for (auto& rule : unpaid["contract"]["payments"]) {
    for (auto& amount : rule["amount_by_band"]) amount = 0;
  }
  const auto z = e.evaluate(pbr::format::build_scenario(unpaid, "tiny"),
                            {0, 3, 10, {"admit_all", "cherry_pick"}, nullptr});
  CHECK(std::isnan(z.rows[1].metrics[share].mean));
}
