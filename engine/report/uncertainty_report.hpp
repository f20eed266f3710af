#pragma once
//! \file The report of an uncertainty analysis (`pbrsim psa`, docs/uncertainty.md): the
//! probability of each verdict, each strategy's gain over honest behaviour with parameter
//! uncertainty, a tornado of the inputs that drive the gain and, with contract variants, the
//! decision between them; every number from the analysis's summary CSV.

#include <string>

#include <nlohmann/json.hpp>

namespace pbr::report {

//! True when `sidecar` is the sidecar of a `pbrsim psa` per-draw CSV (a sweep sidecar whose
//! evaluator is "psa/1").
bool is_uncertainty_sidecar(const nlohmann::json& sidecar);

//! The summary CSV the report reads, beside the per-draw CSV `csv_path`
//! ("out/x_psa.csv" -> "out/x_psa_summary.csv").
std::string uncertainty_summary_path(const std::string& csv_path);

//! The page for the per-draw CSV `csv_path` whose sidecar, read from `sidecar_path`, is
//! `sidecar`. \throws core::InputError when the summary CSV is missing (a shard: merge the
//! shards first) or lacks the expected columns.
std::string uncertainty_report_html(const std::string& csv_path, const std::string& sidecar_path,
                                    const nlohmann::json& sidecar);

}  // namespace pbr::report
