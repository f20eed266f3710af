#include "engine/sweep/outputs.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/core/version.hpp"
#include "engine/format/json_util.hpp"
#include "engine/output/atomic_file.hpp"

namespace pbr::sweep {

namespace {

using nlohmann::json;

constexpr const char* FORMAT = "pbrsim-sweep/1";

std::string with_extension(const std::string& csv_path, const std::string& extension) {
  std::filesystem::path p(csv_path);
  p.replace_extension(extension);
  return p.string();
}

json point_document(const json& base, const PointSpec& point) {
  json doc = base;
  for (const auto& a : point.assignments) doc[json::json_pointer(a.pointer)] = json::parse(a.json);
  return doc;
}

}  // namespace

std::string sidecar_path_for(const std::string& csv_path) {
  return with_extension(csv_path, ".json");
}

std::string journal_path_for(const std::string& csv_path) {
  return with_extension(csv_path, ".journal.jsonl");
}

json sidecar_json(const SweepOutput& out, const json& execution) {
  const SweepDefinition& def = out.definition;
  const SweepPlan& plan = def.plan;
  json doc;
  doc["format"] = FORMAT;
  doc["fingerprint"] = def.fingerprint;
  doc["engine"] = "pbrsim";
  doc["engine_version"] = core::ENGINE_VERSION;
  doc["git_sha"] = core::GIT_SHA;
  doc["layout"] = std::string(to_string(out.layout));
  doc["columns"] = csv_header(def, out.layout);
  const json base = json::parse(def.base_document);
  doc["base_scenario"] = {{"path", plan.scenario}, {"sha256", def.base_sha256}, {"resolved", base}};

  json params = json::array();
  for (const auto& p : plan.parameters) {
    json values = json::array();
    for (const auto& v : p.values) values.push_back(v.json);
    params.push_back({{"name", p.name}, {"pointer", p.pointer}, {"values", values}});
  }
  json derived = json::array();
  for (const auto& d : plan.derived)
    derived.push_back({{"pointer", d.pointer}, {"value", d.expression}});
  doc["plan"] = {{"path", plan.path},
                 {"description", plan.description},
                 {"design", std::string(to_string(plan.design))},
                 {"parameters", params},
                 {"derived", derived},
                 {"strategies", plan.strategies},
                 {"seed", plan.seed ? json(*plan.seed) : json(nullptr)},
                 {"replications", plan.replications ? json(*plan.replications) : json(nullptr)}};
  if (plan.draw_seed) doc["plan"]["draw_seed"] = *plan.draw_seed;

  json metrics = json::array();
  for (const auto& m : def.evaluator.metrics) {
    metrics.push_back({{"key", m.key},
                       {"unit", std::string(output::to_string(m.unit))},
                       {"description", m.description}});
  }
  doc["evaluator"] = {
      {"id", def.evaluator.id}, {"metrics", metrics}, {"verdict", def.evaluator.verdict}};
  doc["shard"] = nullptr;
  if (out.shard) {
    doc["shard"] = {{"index", out.shard->index},
                    {"count", out.shard->count},
                    {"points", shard_points(*out.shard, def.points.size())}};
  }
  doc["embed_scenarios"] = out.embed_scenarios;

  json points = json::array();
  for (const auto& p : def.points) {
    json labels = json::array();
    for (std::size_t k = 0; k < plan.parameters.size(); ++k) {
      labels.push_back(plan.parameters[k].values[p.choice[k]].label);
    }
    json assignments = json::array();
    for (const auto& a : p.assignments) {
      assignments.push_back({{"pointer", a.pointer}, {"value", json::parse(a.json)}});
    }
    json point = {{"index", p.index},
                  {"values", labels},
                  {"choice", p.choice},
                  {"assignments", assignments},
                  {"scenario_sha256", p.scenario_sha256},
                  {"seed", p.seed},
                  {"replications", p.replications},
                  {"strategies", p.strategies}};
    if (out.embed_scenarios) point["scenario"] = point_document(base, p);
    points.push_back(std::move(point));
  }
  doc["points"] = std::move(points);

  json results = json::array();
  for (std::size_t i = 0; i < out.results.size(); ++i) {
    if (!out.results[i]) continue;
    json r = result_to_json(*out.results[i]);
    r["point"] = i;
    results.push_back(std::move(r));
  }
  doc["results"] = std::move(results);
  doc["execution"] = execution;
  return doc;
}

SweepOutput read_sidecar(const json& doc, const std::string& file) {
  if (!doc.is_object() || doc.value("format", "") != FORMAT) {
    throw core::InputError(
        file, "/format",
        std::string("not a pbrsim sweep output (expected \"format\": \"") + FORMAT + "\")");
  }
  SweepOutput out;
  SweepDefinition& def = out.definition;
  std::string at;  // where we are, for the message when the content is malformed
  try {
    at = "/layout";
    const auto layout = parse_layout(doc.at("layout").get<std::string>());
    if (!layout) throw std::invalid_argument("unknown layout");
    out.layout = *layout;
    at = "/base_scenario";
    const json& base = doc.at("base_scenario");
    def.base_document = base.at("resolved").dump();
    def.base_sha256 = base.at("sha256").get<std::string>();
    at = "/plan";
    const json& plan = doc.at("plan");
    def.plan.path = plan.at("path").get<std::string>();
    def.plan.scenario = base.at("path").get<std::string>();
    def.plan.description = plan.at("description").get<std::string>();
    def.plan.design = plan.at("design").get<std::string>() == "zip" ? Design::zip : Design::grid;
    for (const auto& p : plan.at("parameters")) {
      Parameter param{p.at("name").get<std::string>(), p.at("pointer").get<std::string>(), {}};
      for (const auto& v : p.at("values")) param.values.push_back(make_value(v.get<std::string>()));
      def.plan.parameters.push_back(std::move(param));
    }
    for (const auto& d : plan.at("derived")) {
      def.plan.derived.push_back(
          {d.at("pointer").get<std::string>(), d.at("value").get<std::string>()});
    }
    def.plan.strategies = plan.at("strategies").get<std::vector<std::string>>();
    if (!plan.at("seed").is_null()) def.plan.seed = plan.at("seed").get<std::uint64_t>();
    if (!plan.at("replications").is_null()) {
      def.plan.replications = plan.at("replications").get<std::int64_t>();
    }
    if (plan.contains("draw_seed")) def.plan.draw_seed = plan.at("draw_seed").get<std::uint64_t>();
    at = "/evaluator";
    const json& ev = doc.at("evaluator");
    def.evaluator.id = ev.at("id").get<std::string>();
    def.evaluator.verdict = ev.at("verdict").get<bool>();
    for (const auto& m : ev.at("metrics")) {
      const auto unit = output::parse_unit(m.at("unit").get<std::string>());
      if (!unit) {
        throw std::invalid_argument("unknown unit " + m.at("unit").dump() +
                                    "; valid units: " + format::join_names(output::unit_words()));
      }
      def.evaluator.metrics.push_back(
          {m.at("key").get<std::string>(), *unit, m.at("description").get<std::string>()});
    }
    at = "/shard";
    if (!doc.at("shard").is_null()) {
      out.shard = ShardSpec{doc["shard"].at("index").get<std::size_t>(),
                            doc["shard"].at("count").get<std::size_t>()};
    }
    out.embed_scenarios = doc.at("embed_scenarios").get<bool>();
    at = "/points";
    for (const auto& p : doc.at("points")) {
      PointSpec point;
      point.index = p.at("index").get<std::size_t>();
      point.choice = p.at("choice").get<std::vector<std::size_t>>();
      if (point.index != def.points.size() || point.choice.size() != def.plan.parameters.size()) {
        throw std::invalid_argument("points out of order or with the wrong number of values");
      }
      for (std::size_t k = 0; k < point.choice.size(); ++k) {
        if (point.choice[k] >= def.plan.parameters[k].values.size()) {
          throw std::invalid_argument("a value index is out of range");
        }
      }
      for (const auto& a : p.at("assignments")) {
        point.assignments.push_back({a.at("pointer").get<std::string>(), a.at("value").dump()});
      }
      point.scenario_sha256 = p.at("scenario_sha256").get<std::string>();
      point.seed = p.at("seed").get<std::uint64_t>();
      point.replications = p.at("replications").get<std::int64_t>();
      point.strategies = p.at("strategies").get<std::vector<std::string>>();
      def.points.push_back(std::move(point));
    }
    at = "/results";
    out.results.assign(def.points.size(), std::nullopt);
    for (const auto& r : doc.at("results")) {
      const auto i = r.at("point").get<std::size_t>();
      if (i >= def.points.size())
        throw std::invalid_argument("a result names a point out of range");
      if (out.results[i])
        throw std::invalid_argument("point " + std::to_string(i) + " appears twice");
      out.results[i] = result_from_json(r, def.evaluator);
    }
    at = "/fingerprint";
    def.fingerprint = doc.at("fingerprint").get<std::string>();
  } catch (const std::exception& e) {
    throw core::InputError(file, at, std::string("malformed pbrsim sweep output: ") + e.what());
  }
  if (fingerprint_of(def) != def.fingerprint) {
    throw core::InputError(file, "/fingerprint",
                           "the fingerprint does not match the file's content (edited by hand, or "
                           "written by another pbrsim version)");
  }
  return out;
}

std::string sidecar_text(const SweepOutput& sweep_output, const json& execution) {
  // Top-level keys in reading order (what, from where, then the bulky parts); nested objects
  // keep the library's sorted order. The text is a pure function of the document.
  static constexpr const char* ORDER[] = {
      "format",          "fingerprint",   "engine", "engine_version", "git_sha",
      "layout",          "columns",       "plan",   "evaluator",      "shard",
      "embed_scenarios", "base_scenario", "points", "results",        "execution"};
  const json doc = sidecar_json(sweep_output, execution);
  nlohmann::ordered_json ordered;
  for (const char* key : ORDER) ordered[key] = nlohmann::ordered_json::parse(doc.at(key).dump());
  return ordered.dump(2) + "\n";
}

void write_outputs(const std::string& csv_path, const SweepOutput& sweep_output,
                   const json& execution) {
  output::create_parent_directories(csv_path);
  output::write_file_atomically(
      csv_path, render_csv(sweep_output.definition, sweep_output.results, sweep_output.layout));
  output::write_file_atomically(sidecar_path_for(csv_path), sidecar_text(sweep_output, execution));
}

}  // namespace pbr::sweep
