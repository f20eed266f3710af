#pragma once
//! \file Writing the result of `pbrsim calibrate`: a small scenario file that `extends` the
//! input and overrides only the contract's payment amounts, and the before/after comparison
//! printed for people.

#include <string>

#include <nlohmann/json.hpp>

#include "engine/format/scenario_reader.hpp"
#include "engine/output/provenance.hpp"
#include "engine/strategy/calibrate.hpp"
#include "engine/strategy/risk.hpp"

namespace pbr::output {

//! Where the calibrated scenario goes by default: beside the input, "<stem>_calibrated.json"
//! ("scenarios/default.json" -> "scenarios/default_calibrated.json").
std::string default_calibrated_path(const std::string& input_path);

//! `target` written relative to the directory of `from_file` (both made absolute from the
//! working directory first), with '/' separators: what an "extends" key in `from_file` must
//! say to reach `target`.
std::string relative_path_from(const std::string& from_file, const std::string& target);

//! The calibrated variant (keys in this order):
//! \code{.json}
//! {"extends": "default.json", "name": "<name>_calibrated", "description": "...",
//!  "notes": ["pbrsim calibrate --objective equal_margin: band multipliers high 1.6851, ..."],
//!  "contract": {"payments": [ ...the input's resolved payments, amount_by_band replaced... ]}}
//! \endcode
//! The payments array is the resolved input's, entry by entry (so notes and sources are
//! kept), because a merge patch replaces arrays whole. Amounts are written in pounds as
//! JSON numbers (strings with two decimals where a number would not read back exactly).
//! \param input     the loaded input scenario (its resolved document supplies the payments)
//! \param result    calibrate()'s result (its contract holds the new amounts)
//! \param out_path  where the file will be written (the extends path is relative to it)
nlohmann::ordered_json calibrated_scenario_document(const format::LoadedScenario& input,
                                                    const strategy::CalibrationResult& result,
                                                    const std::string& out_path);

//! The document as file text: indented by 2, ending with a newline.
std::string calibrated_scenario_text(const nlohmann::ordered_json& document);

//! The side-by-side comparison `pbrsim calibrate` prints: band multipliers and amounts per
//! rule, expected margins by band and group, the expected worst-case gain, each strategy's
//! simulated gain and the verdict, before and after.
std::string calibration_comparison_text(const model::Scenario& scenario,
                                        const strategy::CalibrationResult& result,
                                        const strategy::RiskReport& before,
                                        const strategy::RiskReport& after);

//! The data files `pbrsim calibrate --report HTML` writes beside the report, named after it
//! ("out/x_report.html" or "out/x.html" -> "out/x_calibration.json", "out/x_risk_before.csv",
//! "out/x_risk_after.csv"): the report is built from them, as every report is from its CSVs.
struct CalibrationReportFiles {
  std::string sidecar;      //!< the calibration's sidecar (CALIBRATION_SIDECAR_FORMAT)
  std::string risk_before;  //!< the risk CSV of the comparison under the input's tariff
  std::string risk_after;   //!< the same under the calibrated tariff
};
CalibrationReportFiles calibration_report_files(const std::string& html_path);

//! The "format" of a calibration's sidecar.
inline constexpr const char* CALIBRATION_SIDECAR_FORMAT = "pbrsim-calibration/1";

//! The calibration's sidecar (keys sorted when written; docs/outputs.md, "Calibrated scenario"):
//! \code{.json}
//! {"format": "pbrsim-calibration/1", "provenance": {...provenance_to_json...},
//!  "objective": "equal_margin", "tolerance": 1.0, "converged": true,
//!  "multipliers": {"high": 1.6851, ...}, "calibrated_scenario": "../scenarios/x_calibrated.json",
//!  "outputs": {"risk_before_csv": "x_risk_before.csv", "risk_after_csv": "x_risk_after.csv"},
//!  "scenario": {...the input's resolved document...},
//!  "calibrated": {...the calibrated scenario's resolved document...}}
//! \endcode
//! File names are relative to the sidecar's directory.
nlohmann::json calibration_sidecar(const Provenance& provenance,
                                   const format::LoadedScenario& input,
                                   const nlohmann::ordered_json& calibrated_document,
                                   const strategy::CalibrationResult& result,
                                   const std::string& calibrated_path,
                                   const CalibrationReportFiles& files);

}  // namespace pbr::output
