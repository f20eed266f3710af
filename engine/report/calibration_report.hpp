#pragma once
//! \file The report of `pbrsim calibrate --report`: the tariff before and after calibration,
//! side by side: margins per admitted client by band and group, each strategy's gain over
//! honest behaviour and the verdict, every number from the two risk CSVs the calibration
//! wrote beside its sidecar (output::calibration_report_files).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pbr::report {

//! True when `sidecar` is a calibration's ("format": "pbrsim-calibration/1").
bool is_calibration_sidecar(const nlohmann::json& sidecar);

//! The files the page reads: the sidecar and both risk CSVs.
std::vector<std::string> calibration_report_inputs(const std::string& sidecar_path,
                                                   const nlohmann::json& sidecar);

//! The page. \throws core::InputError naming the file and JSON path when a file is missing
//! or the sidecar lacks a key.
std::string calibration_report_html(const std::string& sidecar_path, const nlohmann::json& sidecar);

}  // namespace pbr::report
