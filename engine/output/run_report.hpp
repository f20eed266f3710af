#pragma once
//! \file The files of one `pbrsim run`: where they go, the JSON sidecar (provenance, the
//! resolved scenario, metric definitions), writing them all atomically, and the text of a
//! single client's trace. Row and table content: run_summary.hpp and run_monthly.hpp.
//! Every file and column is documented in docs/outputs.md.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/scenario.hpp"
#include "engine/output/provenance.hpp"
#include "engine/sim/cohort_runner.hpp"

namespace pbr::output {

//! The default summary CSV of a scenario: "out/<name>_summary.csv", relative to the working
//! directory. Characters other than letters, digits, '.', '-' and '_' in the scenario name
//! become '_' (a name is free text; a file name must not climb directories).
std::string default_summary_path(const std::string& scenario_name);

//! The JSON sidecar beside a summary CSV: the ".csv" extension replaced by ".json"
//! ("out/pilot_summary.csv" -> "out/pilot_summary.json"), or ".json" appended when the
//! summary path does not end in ".csv".
std::string sidecar_path_for(const std::string& summary_path);

//! The sidecar document:
//! \code{.json}
//! {"format": "pbrsim-run-sidecar", "format_version": 1,
//!  "provenance": {...provenance_to_json...},
//!  "outputs": {"summary_csv": "pilot_summary.csv", "monthly_csv": null, "risk_csv": null},
//!  "strategies": ["admit_all"],
//!  "metrics": [{"name": "referrals", "unit": "count", "description": "...",
//!               "total_only": false}, ...],
//!  "scenario": {...the resolved scenario document...}}
//! \endcode
//! Output files are named without their directory: the sidecar sits beside the summary and
//! must not change when the same run is written elsewhere. "risk_csv" names
//! risk_path_for(summary_path) when `strategies` has more than one strategy (a comparison,
//! which is when `pbrsim run` writes it), else null.
//! \param monthly_path  the monthly CSV, when one is written
nlohmann::json run_sidecar(const Provenance& provenance, const nlohmann::json& resolved_scenario,
                           const model::Scenario& scenario,
                           const std::vector<std::string>& strategies,
                           const std::string& summary_path,
                           const std::optional<std::string>& monthly_path);

//! The sidecar as text: keys sorted, indented by 2, ending with a newline.
std::string sidecar_text(const nlohmann::json& sidecar);

//! One file to write.
struct OutputFile {
  std::string path;
  std::string content;
};

//! Writes `files` in the order given, each with write_file_atomically, after creating their
//! directories. Each file is complete or untouched. `pbrsim run` passes the summary CSV last,
//! so that a summary newer than its sidecar and monthly CSV is never left behind by a
//! failure. \throws std::runtime_error naming the file that could not be written; the files
//! before it are already written.
void write_output_files(const std::vector<OutputFile>& files);

//! The text of `pbrsim run --trace-client`: the client's group, band, arrival and fate, its
//! path (month, state) and its dated stage-1 payments by rule, in pounds. Payments are before
//! the contract-level stage (thresholds, deadweight, contract cap), which acts on the whole
//! replication; the text says so.
std::string client_trace_text(const model::Scenario& scenario, const sim::ClientTrace& trace);

}  // namespace pbr::output
