#pragma once
//! \file The report of a `pbrsim sweep` (wide layout): the gaming gain over one swept
//! parameter as lines with 95% bands, over two as a heat map, each with the CSV's rows.

#include <string>

#include <nlohmann/json.hpp>

namespace pbr::report {

//! The page for the sweep CSV `csv_path` whose sidecar (format "pbrsim-sweep/1") is
//! `sidecar`, read from `sidecar_path`. \throws core::InputError for a long-layout sweep
//! (the report reads the wide layout) or a CSV without the expected columns.
std::string sweep_report_html(const std::string& csv_path, const std::string& sidecar_path,
                              const nlohmann::json& sidecar);

}  // namespace pbr::report
