#pragma once
//! \file One provider policy from scenario to outputs: what `pbrsim run` writes when it
//! compares no strategies (admit_all, or one declared behaviour), by Monte Carlo or exactly.
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/output/run_monthly.hpp"
#include "engine/output/run_summary.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/policy.hpp"

namespace pbr::analysis {

//! The summary rows of one policy and, when asked, its monthly table.
struct PolicyRunOutputs {
  std::vector<output::SummaryRow> rows;
  std::vector<output::MonthlyTable> monthly;  //!< one table, or none unless asked
};

//! Simulates `policy` with `settings` and summarises it under the strategy name `name`.
//! Streamed: each replication's metrics are summarised and its tally added to the total as it
//! comes (sim::for_each_replication), so memory does not grow with the replications. The rows
//! equal those of analysis::run_strategies for the same policy and settings.
PolicyRunOutputs run_policy(const model::Scenario& scenario, const sim::ProviderPolicy& policy,
                            const std::string& name, const sim::RunSettings& settings,
                            bool with_monthly, const sim::RunHooks& hooks = {});

//! The expected values of `policy` by the exact method (a Markov trace), under `name`.
//! \throws core::InputError with exact mode's refusals for a policy or scenario it cannot
//! trace (exact::exact_refusals).
PolicyRunOutputs run_policy_exact(const model::Scenario& scenario,
                                  const sim::ProviderPolicy& policy, const std::string& name,
                                  bool with_monthly);

}  // namespace pbr::analysis
