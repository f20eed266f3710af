#pragma once
//! \file The report of a run's outputs: one self-contained HTML file built from the files of
//! record (summary CSV, its JSON sidecar, the risk CSV and monthly CSV beside it), so the
//! page's numbers are the CSV's cells. docs/report.md describes every part.

#include <string>
#include <vector>

namespace pbr::report {

//! Where a report goes by default: beside the output, "out/x_summary.csv" -> "out/x_report.html"
//! (a trailing "_summary.csv", "_calibration.json", ".csv" or ".json" replaced by
//! "_report.html"; otherwise appended).
std::string default_report_path(const std::string& output);

//! The monthly CSV `pbrsim run --report` writes when --monthly is not given:
//! "out/x_summary.csv" -> "out/x_monthly.csv".
std::string default_monthly_path(const std::string& summary_path);

//! The files a report of `output` reads (the CSV, its sidecar and the files it names), for
//! output::check_output_files. \throws core::InputError as report_html.
std::vector<std::string> report_inputs(const std::string& output);

//! The report of `output`: a run's summary CSV (or its sidecar). The kind is read from the
//! sidecar beside it ("format": "pbrsim-run-sidecar").
//! \throws core::InputError naming the file, JSON path and what was expected when a file is
//!         missing or is not a pbrsim output of a kind the report knows.
std::string report_html(const std::string& output);

}  // namespace pbr::report
