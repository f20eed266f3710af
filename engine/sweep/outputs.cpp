#include "engine/sweep/outputs.hpp"

#include <filesystem>
#include <functional>
#include <iterator>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/core/sha256.hpp"
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

namespace {

//! The top-level keys of a sidecar, in the order written (what, from where, then the bulky
//! parts); nested objects keep the library's sorted order.
constexpr const char* SIDECAR_KEYS[] = {
    "format",          "fingerprint",   "engine", "engine_version", "git_sha",
    "layout",          "columns",       "plan",   "evaluator",      "shard",
    "embed_scenarios", "base_scenario", "points", "results",        "execution"};

//! The sidecar without its two bulky arrays ("points" and "results"), which are written
//! element by element.
json sidecar_head(const SweepOutput& out, const json& base, const json& execution) {
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
  doc["execution"] = execution;
  return doc;
}

json point_entry(const SweepOutput& out, const json& base, const PointSpec& p) {
  const SweepPlan& plan = out.definition.plan;
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
  return point;
}

json result_entry(const PointResult& result, std::size_t point) {
  json r = result_to_json(result);
  r["sha256"] = result_digest(r);
  r["point"] = point;
  return r;
}

//! `text` (a value dumped with indent 2) as it sits `prefix` deep in its parent.
std::string indented(const std::string& text, const std::string& prefix) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

//! Calls `each(i, element)` for the elements of a bulky array, in order.
using ElementVisitor = std::function<void(const std::function<void(const json&)>&)>;

//! Writes the document as nlohmann's dump(2) would write the whole, except that each result
//! is one compact line, without ever holding the bulky arrays.
void write_sidecar_document(const json& head, const ElementVisitor& points,
                            const ElementVisitor& results, const TextSink& sink) {
  sink("{\n");
  const std::size_t last = std::size(SIDECAR_KEYS) - 1;
  for (std::size_t k = 0; k <= last; ++k) {
    const std::string key = SIDECAR_KEYS[k];
    sink("  " + json(key).dump() + ": ");
    if (key == "points" || key == "results") {
      bool first = true;
      (key == "points" ? points : results)([&](const json& element) {
        sink(first ? "[\n    " : ",\n    ");
        // A result on one line: the numbers are most of a sidecar, and indenting each
        // [mean, ci_low, ci_high] over five lines would triple its size.
        sink(key == "points" ? indented(element.dump(2), "    ") : element.dump());
        first = false;
      });
      sink(first ? "[]" : "\n  ]");
    } else {
      sink(indented(head.at(key).dump(2), "  "));
    }
    sink(k == last ? "\n" : ",\n");
  }
  sink("}\n");
}

void write_sidecar(const SweepOutput& out, const json& execution, const TextSink& sink) {
  const json base = json::parse(out.definition.base_document);
  write_sidecar_document(
      sidecar_head(out, base, execution),
      [&](const auto& each) {
        for (const auto& p : out.definition.points) each(point_entry(out, base, p));
      },
      [&](const auto& each) {
        for (std::size_t i = 0; i < out.results.size(); ++i) {
          if (out.results[i]) each(result_entry(*out.results[i], i));
        }
      },
      sink);
}

}  // namespace

std::string result_digest(const json& result) {
  return core::sha256_hex(json{{"rows", result.at("rows")}}.dump());
}

json sidecar_json(const SweepOutput& out, const json& execution) {
  const json base = json::parse(out.definition.base_document);
  json doc = sidecar_head(out, base, execution);
  json points = json::array();
  for (const auto& p : out.definition.points) points.push_back(point_entry(out, base, p));
  doc["points"] = std::move(points);
  json results = json::array();
  for (std::size_t i = 0; i < out.results.size(); ++i) {
    if (out.results[i]) results.push_back(result_entry(*out.results[i], i));
  }
  doc["results"] = std::move(results);
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
  core::DiagnosticList tampered;
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
      std::vector<std::size_t> sizes;
      for (const auto& parameter : def.plan.parameters) sizes.push_back(parameter.values.size());
      if (point.index >= point_count(def.plan.design, sizes) ||
          point.choice != choice_of(def.plan.design, sizes, point.index)) {
        // The CSV's parameter columns come from the choice: it must be the design's.
        throw std::invalid_argument("point " + std::to_string(point.index + 1) +
                                    " has value indices the design does not give it");
      }
      for (std::size_t k = 0; k < point.choice.size(); ++k) {
        if (point.choice[k] >= sizes[k])
          throw std::invalid_argument("a value index is out of range");
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
    const json& results = doc.at("results");
    if (!results.is_array()) throw std::invalid_argument("expected an array");
    for (std::size_t k = 0; k < results.size(); ++k) {
      const json& r = results[k];
      at = "/results/" + std::to_string(k);
      const auto i = r.at("point").get<std::size_t>();
      if (i >= def.points.size())
        throw std::invalid_argument("a result names a point out of range");
      if (out.results[i])
        throw std::invalid_argument("point " + std::to_string(i + 1) + " appears twice");
      out.results[i] = result_from_json(r, def.evaluator);
      // Each result carries the digest pbrsim computed when it wrote it: a number edited by
      // hand (or replaced by "nan") no longer matches, and is refused rather than merged.
      if (!r.contains("sha256") || !r["sha256"].is_string() ||
          r["sha256"].get<std::string>() != result_digest(r)) {
        tampered.add(file, at,
                     "the result of " + point_label(def.plan, def.points[i]) +
                         " does not match its digest (\"sha256\"): its numbers were changed "
                         "after pbrsim wrote them; compute this shard again");
      }
    }
    at = "/fingerprint";
    def.fingerprint = doc.at("fingerprint").get<std::string>();
  } catch (const std::exception& e) {
    throw core::InputError(file, at, std::string("malformed pbrsim sweep output: ") + e.what());
  }
  tampered.throw_if_any();
  if (fingerprint_of(def) != def.fingerprint) {
    throw core::InputError(file, "/fingerprint",
                           "the fingerprint does not match the file's content (edited by hand, or "
                           "written by another pbrsim version)");
  }
  return out;
}

std::string sidecar_text(const SweepOutput& sweep_output, const json& execution) {
  std::string text;
  write_sidecar(sweep_output, execution, [&](std::string_view piece) { text += piece; });
  return text;
}

void write_outputs(const std::string& csv_path, const SweepOutput& sweep_output,
                   const json& execution) {
  output::create_parent_directories(csv_path);
  // Streamed: a large sweep's CSV and sidecar are never held in memory whole.
  {
    output::AtomicWriter csv(csv_path);
    write_csv(sweep_output.definition, sweep_output.results, sweep_output.layout,
              [&](std::string_view piece) { csv.write(piece); });
    csv.commit();
  }
  output::AtomicWriter sidecar(sidecar_path_for(csv_path));
  write_sidecar(sweep_output, execution, [&](std::string_view piece) { sidecar.write(piece); });
  sidecar.commit();
}

}  // namespace pbr::sweep
