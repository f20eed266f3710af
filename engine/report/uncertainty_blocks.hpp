#pragma once
//! \file The report's place for the uncertainty analysis (`pbrsim psa`, engine/uncertainty):
//! verdict probabilities and a tornado of the inputs that drive the gain (issue 12,
//! requirement 3). Not filled yet: the analysis is being written; when its outputs exist,
//! build their blocks here from its CSV (as run_report.cpp does from the risk CSV) and
//! report_html dispatches to them by the sidecar's "format".

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/report/page.hpp"

namespace pbr::report {

//! The blocks of an uncertainty analysis's report, from its sidecar. Today: none.
std::vector<Block> uncertainty_blocks(const nlohmann::json& sidecar);

}  // namespace pbr::report
