#include "engine/report/sidecar_files.hpp"

#include <filesystem>

#include "engine/core/diagnostics.hpp"
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
  const std::string text = read_text_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw core::InputError(
        path, "",
        std::string("is not JSON (") + e.what() + "); expected the sidecar a pbrsim run wrote");
  }
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
