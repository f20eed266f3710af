#include "engine/output/run_summary.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine/exact/exact.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/metrics.hpp"
#include "unit/output/rfc4180.hpp"
#include "unit/output/run_fixture.hpp"

using pbr::output::summary_columns;
using pbr::output::summary_csv;
using pbr::output::summary_rows_exact;
using pbr::output::summary_rows_monte_carlo;
using pbr::output::SummaryRow;
using pbr::test::minimal_scenario;
using pbr::test::minimal_tally;
using pbr::test::parse_rfc4180;

namespace {
const SummaryRow& find_row(const std::vector<SummaryRow>& rows, const std::string& metric,
                           const std::string& scope_kind) {
  for (const auto& r : rows) {
    if (r.metric == metric && r.scope_kind == scope_kind) return r;
  }
  FAIL("no row " << metric << " / " << scope_kind);
  return rows.front();
}
}  // namespace

TEST_CASE("summary columns are the documented ones, in order", "[output][run_summary]") {
  CHECK(summary_columns() ==
        std::vector<std::string>{"strategy", "metric", "scope_kind", "scope", "unit", "mean", "sd",
                                 "se", "ci_low", "ci_high", "p05", "p50", "p95", "prob_negative"});
}

TEST_CASE("Monte Carlo rows summarise each metric across replications", "[output][run_summary]") {
  // Three replications with 10, 20 and 30 referrals, each referral paid £5: by hand, the
  // referrals have mean 20, sd 10, se 10/sqrt(3), median 20; payments mean £100.
  const std::vector tallies = {minimal_tally(10, 500, 4, 80000), minimal_tally(20, 500, 4, 80000),
                               minimal_tally(30, 500, 4, 80000)};
  const auto rows = summary_rows_monte_carlo(minimal_scenario(), "admit_all", tallies);
  const auto& referrals = find_row(rows, "referrals", "total");
  CHECK(referrals.strategy == "admit_all");
  CHECK(referrals.scope == "total");
  CHECK(referrals.unit == "count");
  CHECK(referrals.mean == 20.0);
  REQUIRE(referrals.spread);
  CHECK(referrals.spread->n == 3);
  CHECK(referrals.spread->sd == Approx(10.0));
  CHECK(referrals.spread->se == Approx(10.0 / std::sqrt(3.0)));
  CHECK(referrals.spread->p50 == 20.0);
  CHECK(referrals.spread->p05 == Approx(11.0));  // type 7: 10 + 0.1 * (20 - 10)
  // Band and group rows carry the same values here (one band, one group).
  CHECK(find_row(rows, "referrals", "band").scope == "standard");
  CHECK(find_row(rows, "referrals", "group").scope == "all_clients");
  const auto& paid = find_row(rows, "payments_completion", "total");
  CHECK(paid.unit == "GBP");
  CHECK(paid.mean == Approx(100.0));
  // Cost 12 months x £800 = £9,600 against payments of £50 .. £150: always a loss.
  const auto& margin = find_row(rows, "provider_margin", "total");
  CHECK(margin.mean == Approx(100.0 - 9600.0));
  CHECK(margin.spread->prob_negative == 1.0);
}

TEST_CASE("Monte Carlo rows come in compute_metrics order: total, bands, groups",
          "[output][run_summary]") {
  const std::vector tallies = {minimal_tally(10, 500, 4, 80000)};
  const auto rows = summary_rows_monte_carlo(minimal_scenario(), "admit_all", tallies);
  REQUIRE(rows.size() >= 3);
  CHECK(rows[0].metric == "referrals");
  CHECK(rows[0].scope_kind == "total");
  CHECK(rows[1].scope_kind == "band");
  CHECK(rows[2].scope_kind == "group");
  // One replication: no estimate of spread, the interval collapses to the mean.
  CHECK(rows[0].spread->sd == 0.0);
  CHECK(rows[0].spread->ci_low == rows[0].mean);
}

TEST_CASE("Monte Carlo rows refuse an empty run and a tally of the wrong shape",
          "[output][run_summary]") {
  const std::vector<pbr::sim::ReplicationTally<std::int64_t>> none;
  CHECK_THROWS_AS(summary_rows_monte_carlo(minimal_scenario(), "admit_all", none),
                  std::invalid_argument);
  const std::vector wrong = {pbr::sim::ReplicationTally<std::int64_t>(2, 1, 1, 12)};
  CHECK_THROWS_AS(summary_rows_monte_carlo(minimal_scenario(), "admit_all", wrong),
                  std::invalid_argument);
}

TEST_CASE("summary CSV is strict RFC 4180 with plain numbers", "[output][run_summary]") {
  const std::vector tallies = {minimal_tally(10, 500, 4, 80000), minimal_tally(21, 500, 4, 80000)};
  const auto rows = summary_rows_monte_carlo(minimal_scenario(), "admit_all", tallies);
  const auto text = summary_csv(rows);
  CHECK(text.substr(text.size() - 2) == "\r\n");
  const auto parsed = parse_rfc4180(text);
  REQUIRE(parsed.size() == rows.size() + 1);
  CHECK(parsed[0] == summary_columns());
  for (std::size_t i = 1; i < parsed.size(); ++i) {
    for (std::size_t c = 5; c < parsed[i].size(); ++c) {
      INFO(parsed[i][1] << " column " << parsed[0][c] << " = " << parsed[i][c]);
      CHECK(parsed[i][c].find_first_not_of("-0123456789.") == std::string::npos);
      // Ratio rows have no per-replication spread (sd, quantiles, prob_negative); a mean of
      // ratios over replications that never had a recovery has no value at all.
      const bool ratio = parsed[i][1] == "cost_per_sustained_recovery" ||
                         parsed[i][1] == "mean_wait_months" ||
                         parsed[i][1] == "pbr_share_of_income";
      // (A ratio whose denominator is 0 in every replication, e.g. no recovery state here,
      // is undefined: every cell of its row is empty.)
      const bool spread_column = c == 6 || c >= 10 || parsed[i][5].empty();
      if (parsed[i][1] != "cost_per_sustained_recovery_mean_of_ratios" &&
          !(ratio && spread_column)) {
        CHECK_FALSE(parsed[i][c].empty());
      }
    }
  }
  CHECK(parsed[1][5] == "15.5");  // referrals: mean of 10 and 21
}

TEST_CASE("exact rows carry the expected value and leave the spread empty",
          "[output][run_summary]") {
  const auto& s = minimal_scenario();
  pbr::sim::ReplicationTally<double> expected(static_cast<int>(s.states.size()), 1, 1,
                                              s.horizon_months);
  expected.by_group[0].referrals = 12.5;
  const auto rows = summary_rows_exact(s, "admit_all", expected);
  const auto& referrals = find_row(rows, "referrals", "total");
  CHECK(referrals.mean == 12.5);
  CHECK_FALSE(referrals.spread);
  const auto parsed = parse_rfc4180(summary_csv(rows));
  REQUIRE(parsed.size() == rows.size() + 1);
  CHECK(parsed[1] == std::vector<std::string>{"admit_all", "referrals", "total", "total", "count",
                                              "12.5", "", "", "", "", "", "", "", ""});
}

TEST_CASE("ratio metrics are ratios of means in Monte Carlo and exact runs alike",
          "[output][run_summary][stat]") {
  // The default scenario with a 24-month horizon. Before the fix, the Monte Carlo reported
  // the mean over replications of spend / recoveries while the exact mode reported
  // E[spend] / E[recoveries]: 2-5% apart. Both now report the ratio of means; they agree
  // within 4 standard errors (delta method), and the mean of ratios has its own row.
  auto loaded = pbr::format::load_scenario(PBR_SOURCE_DIR "/scenarios/default.json");
  auto s = loaded.scenario;
  s.horizon_months = 24;
  const auto policy = pbr::sim::admit_all_policy(s);
  const auto tallies =
      pbr::sim::run_cohort(s, policy, {.seed = 20121, .replications = 200, .threads = 2});
  const auto mc = summary_rows_monte_carlo(s, "admit_all", tallies);
  const auto exact =
      summary_rows_exact(s, "admit_all", pbr::exact::exact_expected_tally(s, policy));
  for (const char* metric : {"cost_per_sustained_recovery", "mean_wait_months"}) {
    CAPTURE(metric);
    const auto& m = find_row(mc, metric, "total");
    const auto& e = find_row(exact, metric, "total");
    REQUIRE(m.spread.has_value());
    if (m.spread->se > 0) CHECK(std::abs(m.mean - e.mean) <= 4 * m.spread->se);
    // The ratio row has no per-replication spread or quantiles: empty cells, not zeros.
    CHECK(std::isnan(m.spread->sd));
    CHECK(std::isnan(m.spread->p50));
  }
  const auto& ratio = find_row(mc, "cost_per_sustained_recovery", "total");
  const auto& spend = find_row(mc, "commissioner_spend", "total");
  const auto& recoveries = find_row(mc, "sustained_recoveries", "total");
  CHECK(ratio.mean == Approx(spend.mean / recoveries.mean).epsilon(1e-12));
  CHECK(std::isnan(find_row(exact, "cost_per_sustained_recovery_mean_of_ratios", "total").mean));
  CHECK(std::isfinite(find_row(mc, "cost_per_sustained_recovery_mean_of_ratios", "total").mean));
}

TEST_CASE("financial-year rows agree in Monte Carlo and exact runs and add up to the total",
          "[output][run_summary][stat][budget]") {
  // The default scenario over 24 months from October 2012: 2012/13 (6 months), 2013/14 (12),
  // 2014/15 (6), with a block payment that changes at month 12.
  auto s = pbr::format::load_scenario(PBR_SOURCE_DIR "/scenarios/default.json").scenario;
  s.horizon_months = 24;
  s.contract.start = pbr::model::CalendarMonth{2012, 10};
  s.economics.block_payment_per_month = 3000000;
  s.economics.block_changes = {{12, 1000000}};
  const auto policy = pbr::sim::admit_all_policy(s);
  const auto tallies =
      pbr::sim::run_cohort(s, policy, {.seed = 20122, .replications = 100, .threads = 2});
  const auto mc = summary_rows_monte_carlo(s, "admit_all", tallies);
  const auto exact =
      summary_rows_exact(s, "admit_all", pbr::exact::exact_expected_tally(s, policy));
  REQUIRE(mc.size() == exact.size());
  std::vector<std::string> years;
  for (std::size_t i = 0; i < mc.size(); ++i) {
    const auto& m = mc[i];
    const auto& e = exact[i];
    REQUIRE(m.metric == e.metric);
    REQUIRE(m.scope == e.scope);
    if (m.scope_kind != "financial_year" && m.metric != "pbr_share_of_income") continue;
    CAPTURE(m.metric, m.scope);
    if (m.metric == "block_payment") years.push_back(m.scope);
    REQUIRE(m.spread.has_value());
    if (m.spread->se > 0) {
      CHECK(std::abs(m.mean - e.mean) <= 4 * m.spread->se);
    } else {
      CHECK(m.mean == Approx(e.mean));
    }
  }
  CHECK(years == std::vector<std::string>{"2012/13", "2013/14", "2014/15"});
  CHECK(find_row(exact, "block_payment", "financial_year").mean == Approx(6 * 30000.0));
  const auto& share = find_row(mc, "pbr_share_of_income", "total");
  CHECK(share.mean == Approx(find_row(mc, "payments_total", "total").mean /
                             find_row(mc, "commissioner_spend", "total").mean)
                          .epsilon(1e-12));
  CHECK(std::isnan(share.spread->sd));  // a ratio of means: no per-replication spread
  // In every replication the years' money adds up to the total in pence, exactly.
  for (const auto& tally : tallies) {
    std::map<std::string, long long> total, by_years;
    for (const auto& v : pbr::sim::compute_metrics(s, tally)) {
      if (v.unit != "GBP") continue;
      const long long pence = std::llround(v.value * 100);
      if (v.scope_kind == "total") total[v.metric] = pence;
      if (v.scope_kind == "financial_year") by_years[v.metric] += pence;
    }
    REQUIRE(by_years.size() == 5);
    for (const auto& [metric, pence] : by_years) {
      CAPTURE(metric);
      CHECK(pence == total.at(metric));
    }
  }
}
