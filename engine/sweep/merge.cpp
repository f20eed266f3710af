#include "engine/sweep/merge.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"

namespace pbr::sweep {

namespace {

//! Names a list of 1-based point numbers, cut after a dozen.
std::string list_points(const std::vector<std::size_t>& points) {
  std::string out;
  for (std::size_t k = 0; k < points.size() && k < 12; ++k) {
    out += (k ? ", " : "") + std::to_string(points[k] + 1);
  }
  if (points.size() > 12) out += ", ... (" + std::to_string(points.size() - 12) + " more)";
  return out;
}

}  // namespace

ShardFile read_shard_file(const std::string& path) {
  std::string sidecar = path;
  if (std::filesystem::path(path).extension() != ".json") sidecar = sidecar_path_for(path);
  const nlohmann::json doc = format::read_json_file(sidecar, SIDECAR_LIMIT);
  SweepOutput output = read_sidecar(doc, sidecar);  // checks that doc is an object
  const auto text_at = [&](const char* key) {
    return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : "";
  };
  return {sidecar, std::move(output), text_at("git_sha"),
          doc.contains("execution") ? doc["execution"] : nlohmann::json()};
}

SweepOutput merge_shards(const std::vector<ShardFile>& shards, std::optional<Layout> layout) {
  if (shards.empty()) throw core::InputError("", "", "no shard outputs to merge");
  core::DiagnosticList problems;
  const ShardFile& first = shards.front();
  const std::size_t total = first.output.definition.points.size();
  for (const auto& s : shards) {
    if (s.output.definition.fingerprint != first.output.definition.fingerprint) {
      problems.add(s.path, "/fingerprint",
                   "belongs to a different sweep than " + first.path + " (fingerprint " +
                       s.output.definition.fingerprint.substr(0, 12) + "... vs " +
                       first.output.definition.fingerprint.substr(0, 12) +
                       "...): the scenario, plan, options or engine differ");
    }
  }
  problems.throw_if_any();

  if (!layout) {
    layout = first.output.layout;
    for (const auto& s : shards) {
      if (s.output.layout != *layout) {
        problems.add(s.path, "/layout",
                     "layout '" + std::string(to_string(s.output.layout)) + "' differs from " +
                         first.path + "'s '" + std::string(to_string(*layout)) +
                         "'; choose one with --layout");
      }
    }
  }

  SweepOutput merged = first.output;
  merged.shard.reset();
  merged.layout = *layout;
  merged.results.assign(total, std::nullopt);
  std::vector<const ShardFile*> owner(total, nullptr);
  for (const auto& s : shards) {
    for (std::size_t i = 0; i < total; ++i) {
      if (!s.output.results[i]) continue;
      if (owner[i]) {
        problems.add(s.path, "/results",
                     point_label(merged.definition.plan, merged.definition.points[i]) +
                         " is in both " + owner[i]->path + " and " + s.path);
        continue;
      }
      owner[i] = &s;
      merged.results[i] = s.output.results[i];
    }
    merged.embed_scenarios = merged.embed_scenarios || s.output.embed_scenarios;
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < total; ++i) {
    if (!owner[i]) missing.push_back(i);
  }
  if (!missing.empty()) {
    std::string message = std::to_string(missing.size()) + " of " + std::to_string(total) +
                          " points are in no shard output: points " + list_points(missing);
    // Name the shards whose points are all missing: on a cluster, the tasks to look at.
    const std::size_t n = first.output.shard ? first.output.shard->count : 0;
    if (n > 1) {
      std::vector<bool> is_missing(total, false);
      for (const std::size_t i : missing) is_missing[i] = true;
      std::vector<std::string> whole;
      std::size_t covered = 0;
      for (std::size_t k = 1; k <= n; ++k) {
        const auto points = shard_points(ShardSpec{k, n}, total);
        bool all = !points.empty();
        for (const std::size_t i : points) all = all && is_missing[i];
        if (!all) continue;
        whole.push_back(ShardSpec{k, n}.to_string());
        covered += points.size();
      }
      if (!whole.empty()) {
        std::string names;
        for (std::size_t k = 0; k < whole.size() && k < 12; ++k) {
          names += (k ? ", " : "") + whole[k];
        }
        if (whole.size() > 12) names += ", ... (" + std::to_string(whole.size() - 12) + " more)";
        message += std::string(covered == missing.size() ? " (the points of " : " (including ") +
                   (whole.size() == 1 ? "shard " : "shards ") + names +
                   (covered == missing.size() ? ")" : " entirely)");
      }
    }
    problems.add("", "/results", message);
  }
  problems.throw_if_any();
  return merged;
}

}  // namespace pbr::sweep
