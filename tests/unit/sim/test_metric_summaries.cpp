// MetricSummaries: each metric summarised as its catalogue entry says, from replications
// added one at a time.
#include "engine/sim/metric_summaries.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/policy.hpp"
#include "engine/stats/summary.hpp"
#include "test_models.hpp"

using namespace pbr;

namespace {

// The per-replication values of one (metric, scope) in `reps`.
std::vector<double> series(const std::vector<std::vector<sim::MetricValue>>& reps,
                           const std::string& metric, const std::string& kind = "total",
                           const std::string& scope = "total") {
  std::vector<double> out;
  for (const auto& rep : reps) {
    for (const auto& v : rep) {
      if (v.metric == metric && v.scope_kind == kind && v.scope == scope) out.push_back(v.value);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("metric summaries follow each metric's catalogue entry", "[sim][metrics][streaming]") {
  const auto s = test::pilot_like(12);
  std::vector<std::vector<sim::MetricValue>> reps;
  for (const auto& t : sim::run_cohort(s, sim::admit_all_policy(s), {5, 30, 0, 4096})) {
    reps.push_back(sim::compute_metrics(s, t));
  }
  sim::MetricSummaries summaries(s);
  for (const auto& rep : reps) summaries.add(rep);
  CHECK(summaries.replications() == 30);
  REQUIRE(summaries.keys().size() == reps[0].size());
  // A plain metric: stats::summarise of its values, exactly.
  const auto margin = summaries.summary("provider_margin", "group", "alcohol");
  const auto expected = stats::summarise(series(reps, "provider_margin", "group", "alcohol"));
  CHECK(margin.mean == expected.mean);
  CHECK(margin.sd == expected.sd);
  CHECK(margin.p95 == expected.p95);
  // A ratio metric: the ratio of the means of its parts, with no single-replication spread.
  const auto cost = summaries.summary("cost_per_sustained_recovery");
  const auto ratio = stats::ratio_of_means(series(reps, "commissioner_spend"),
                                           series(reps, "sustained_recoveries"));
  CHECK(cost.mean == ratio.ratio);
  CHECK(cost.se == ratio.se);
  CHECK(std::isnan(cost.sd));
  // A mean of ratios: the replications where it is defined.
  std::vector<double> defined;
  for (const double x : series(reps, "cost_per_sustained_recovery_mean_of_ratios")) {
    if (std::isfinite(x)) defined.push_back(x);
  }
  const auto mor = summaries.summary("cost_per_sustained_recovery_mean_of_ratios");
  CHECK(mor.n == static_cast<std::int64_t>(defined.size()));
  if (!defined.empty()) CHECK(mor.mean == stats::summarise(defined).mean);
  // Replications of another shape are refused.
  auto shorter = reps[0];
  shorter.pop_back();
  CHECK_THROWS_WITH(summaries.add(shorter), "MetricSummaries: replications disagree in shape");
}

TEST_CASE("many scopes share one budget of kept values", "[sim][metrics][streaming]") {
  auto s = test::pilot_like(6);
  s.behaviours.clear();
  // 300 groups: thousands of (metric, scope) rows, each of which may not keep 10,000 values.
  while (s.groups.size() < 300) {
    auto g = s.groups[0];
    g.name = "copy_" + std::to_string(s.groups.size());
    g.share = 0.0;
    s.groups.push_back(g);
    s.transitions.push_back(s.transitions[0]);
    s.economics.cost_per_month.push_back(s.economics.cost_per_month[0]);
  }
  const auto tallies = sim::run_cohort(s, sim::admit_all_policy(s), {5, 1, 0, 4096});
  sim::MetricSummaries summaries(s);
  summaries.add(sim::compute_metrics(s, tallies[0]));
  const auto keys = summaries.keys().size();
  INFO(keys << " keys keep " << summaries.kept_values() << " values each");
  CHECK(keys > 2 * sim::KEPT_VALUE_BUDGET / stats::KEPT_VALUES);
  CHECK(summaries.kept_values() < stats::KEPT_VALUES);
  CHECK(summaries.kept_values() * keys <= sim::KEPT_VALUE_BUDGET);
  CHECK(summaries.kept_values() >= stats::MIN_KEPT_VALUES);
  // A small scenario keeps the full default.
  const auto small = test::pilot_like(6);
  sim::MetricSummaries few(small);
  few.add(sim::compute_metrics(
      small, sim::run_cohort(small, sim::admit_all_policy(small), {5, 1, 0, 4096})[0]));
  CHECK(few.kept_values() == stats::KEPT_VALUES);
}
