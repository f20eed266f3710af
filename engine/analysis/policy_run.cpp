#include "engine/analysis/policy_run.hpp"

#include <span>
#include <utility>

#include "engine/core/diagnostics.hpp"
#include "engine/exact/exact.hpp"
#include "engine/sim/metric_summaries.hpp"
#include "engine/sim/metrics.hpp"

namespace pbr::analysis {

PolicyRunOutputs run_policy(const model::Scenario& scenario, const sim::ProviderPolicy& policy,
                            const std::string& name, const sim::RunSettings& settings,
                            bool with_monthly, const sim::RunHooks& hooks) {
  sim::MetricSummaries summaries(scenario);
  sim::ReplicationTally<std::int64_t> total;
  sim::for_each_replication(
      scenario, std::span(&policy, 1), settings,
      [&](int rep, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
        summaries.add(sim::compute_metrics(scenario, tallies[0]));
        if (rep == 0) {
          total = std::move(tallies[0]);
        } else {
          total.merge(tallies[0]);
        }
      },
      hooks);
  PolicyRunOutputs out;
  out.rows = output::summary_rows_monte_carlo(name, summaries);
  if (with_monthly) {
    out.monthly.push_back(
        output::monthly_table_monte_carlo(scenario, name, total, settings.replications));
  }
  return out;
}

PolicyRunOutputs run_policy_exact(const model::Scenario& scenario,
                                  const sim::ProviderPolicy& policy, const std::string& name,
                                  bool with_monthly) {
  if (auto refusals = exact::exact_refusals(scenario, policy); !refusals.empty()) {
    throw core::InputError(std::move(refusals));
  }
  const auto expected = exact::exact_expected_tally(scenario, policy);
  PolicyRunOutputs out;
  out.rows = output::summary_rows_exact(scenario, name, expected);
  if (with_monthly) out.monthly.push_back(output::monthly_table_exact(scenario, name, expected));
  return out;
}

}  // namespace pbr::analysis
