#pragma once
//! \file Finding the files of an output from its JSON sidecar: every report starts from a
//! sidecar (a run's, a sweep's, an uncertainty analysis's or a calibration's) and reads the
//! files it names beside it.

#include <string>

#include <nlohmann/json.hpp>

#include "engine/report/page.hpp"

namespace pbr::report {

//! The sidecar of `output`: itself for "x.json", "x.json" for "x.csv", else output + ".json".
std::string sidecar_for(const std::string& output);

//! The sidecar's JSON. \throws core::InputError naming `path` when it cannot be read or is
//! not JSON.
nlohmann::json read_sidecar_json(const std::string& path);

//! The file the sidecar names under /outputs/<key>, beside the sidecar; "" when absent or null.
//! \throws core::InputError naming the JSON path when the entry is not a file name.
std::string named_output(const std::string& sidecar_path, const nlohmann::json& sidecar,
                         const std::string& key);

//! What every run-like sidecar's /provenance records first, as the report shows it: the
//! engine (version and git SHA), the scenario's path and its SHA-256.
ProvenanceItems engine_and_scenario(const nlohmann::json& provenance);

}  // namespace pbr::report
