#include "engine/report/sidecar_files.hpp"

#include <filesystem>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/report/csv_table.hpp"

namespace pbr::report {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::string sidecar_for(const std::string& output) {
  if (ends_with(output, ".json")) return output;
  if (ends_with(output, ".csv")) return output.substr(0, output.size() - 4) + ".json";
  return output + ".json";
}

nlohmann::json read_sidecar_json(const std::string& path) {
  // The checked parser: an out-of-range number or a NUL is an input error with its JSON
  // pointer, a syntax error (invalid UTF-8 included) has its line and column.
  return format::read_json_file(path, REPORT_INPUT_LIMIT);
}

std::string named_output(const std::string& sidecar_path, const nlohmann::json& sidecar,
                         const std::string& key) {
  if (!sidecar.is_object() || !sidecar.contains("outputs") || !sidecar["outputs"].is_object()) {
    return "";
  }
  const auto& outputs = sidecar["outputs"];
  if (!outputs.contains(key) || outputs[key].is_null()) return "";
  if (!outputs[key].is_string()) {
    throw core::InputError(sidecar_path, "/outputs/" + key, "expected a file name or null");
  }
  return (fs::path(sidecar_path).parent_path() / outputs[key].get<std::string>()).string();
}

ProvenanceItems engine_and_scenario(const nlohmann::json& provenance) {
  const auto& scenario = provenance.at("scenario");
  return {{"engine", "pbrsim " + provenance.value("engine_version", "") + " (" +
                         provenance.value("git_sha", "") + ")"},
          {"scenario", scenario.value("path", "")},
          {"scenario SHA-256", scenario.value("sha256", "")}};
}

}  // namespace pbr::report
