#include "engine/sweep/merge.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/io/json_util.hpp"

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
  return {sidecar, read_sidecar(io::read_json_file(sidecar), sidecar)};
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
    // When the gap is exactly one shard's share, say which shard's output is missing.
    const std::size_t n = first.output.shard ? first.output.shard->count : 0;
    if (n > 1) {
      const ShardSpec candidate{missing.front() % n + 1, n};
      if (shard_points(candidate, total) == missing) {
        message += " (the points of shard " + candidate.to_string() + ")";
      }
    }
    problems.add("", "/results", message);
  }
  problems.throw_if_any();
  return merged;
}

}  // namespace pbr::sweep
