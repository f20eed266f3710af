#include "engine/format/scenario_reader.hpp"

#include <algorithm>

#include "engine/core/sha256.hpp"
#include "engine/format/json_util.hpp"
#include "engine/format/param_schema.hpp"
#include "engine/format/scenario_build.hpp"
#include "engine/format/scenario_limits.hpp"

namespace pbr::format {

namespace detail {

std::optional<int> BuildContext::lookup(const NameTable& table, const std::string& name,
                                        const std::string& pointer) {
  const auto it = table.index.find(name);
  if (it != table.index.end()) return it->second;
  if (!table.complete) return std::nullopt;
  if (!diagnostics.next_is_shown()) {
    // Counted, never shown: skip the name list and the nearest-name search.
    error(pointer, "unknown " + table.noun + " '" + name + "'");
  } else {
    std::vector<std::string> valid;
    for (const auto& n : table.names) {
      if (!n.empty()) valid.push_back(n);
    }
    const std::string near = core::nearest(name, valid);
    error(pointer, "unknown " + table.noun + " '" + name + "'; " +
                       (near.empty() ? "" : "did you mean '" + near + "'? ") + "valid " +
                       table.plural + ": " + join_names(valid));
  }
  return std::nullopt;
}

std::optional<int> BuildContext::lookup(const NameTable& table, const DeclaredObject& obj,
                                        const std::string& key) {
  const auto name = obj.string(key);
  if (!name) return std::nullopt;
  return lookup(table, *name, obj.pointer_to(key));
}

std::vector<model::GroupIndex> BuildContext::group_list(const DeclaredObject& obj,
                                                        const std::string& key) {
  std::vector<model::GroupIndex> out;
  if (!obj.has(key)) {
    for (std::size_t g = 0; g < scenario.groups.size(); ++g)
      out.push_back(static_cast<model::GroupIndex>(g));
    return out;
  }
  for (const auto& item : obj.strings(key)) {
    const auto g = lookup(groups, item.value->get<std::string>(), item.pointer);
    if (g && std::find(out.begin(), out.end(), *g) == out.end()) out.push_back(*g);
  }
  return out;
}

void BuildContext::declare(NameTable& table, const std::optional<std::string>& name,
                           const std::string& pointer) {
  const int position = static_cast<int>(table.names.size());
  table.names.push_back(name.value_or(""));
  table.pointers.push_back(pointer);
  if (!name) {
    table.complete = false;
    return;
  }
  const auto [it, inserted] = table.index.emplace(*name, position);
  if (!inserted) {
    error(pointer, "duplicate " + table.noun + " name '" + *name + "'; first declared at " +
                       table.pointers[static_cast<std::size_t>(it->second)]);
  }
}

std::string cell_label(const model::StateSchedule& schedule, int period, int band) {
  const auto month = schedule.month_starts[static_cast<std::size_t>(period)];
  const auto duration = schedule.duration_starts[static_cast<std::size_t>(band)];
  return "calendar month " + std::to_string(month) + ", duration " + std::to_string(duration) +
         (duration == 1 ? " month" : " months");
}

}  // namespace detail

model::Scenario build_scenario(const nlohmann::json& resolved, const std::string& file_label) {
  if (json_depth(resolved) > MAX_JSON_DEPTH) {
    throw core::InputError(file_label, "",
                           "JSON nested more than " + std::to_string(MAX_JSON_DEPTH) +
                               " levels deep; a scenario never needs that");
  }
  if (!resolved.is_object()) {
    throw core::InputError(
        file_label, "", "expected a JSON object at the top level, got " + render_value(resolved));
  }
  const ScenarioDeclarations& decl = scenario_declarations();
  core::DiagnosticList diagnostics;
  check_object(resolved, decl.scenario, "", file_label, diagnostics);
  // Too many states or groups leave those lists unread (check_object reported them), so
  // nothing grows with them; a tally over its limit stops here, before the tables are built.
  const DeclaredObject root(&resolved, &decl.scenario, "");
  if (!check_tally_size(resolved, root.integer("horizon_months"), file_label, diagnostics)) {
    diagnostics.throw_if_any();
  }

  model::Scenario s;
  detail::BuildContext ctx{file_label, diagnostics, s, decl, std::nullopt};
  if (root.has("extends")) {
    ctx.error("/extends",
              "'extends' must be resolved before a scenario is built (read the file with "
              "load_scenario)");
  }
  s.name = root.string("name").value_or("");
  s.description = root.string("description").value_or("");
  if (const auto h = root.integer("horizon_months")) {
    s.horizon_months = static_cast<model::Month>(*h);
    ctx.horizon = s.horizon_months;
  }
  const DeclaredObject run = root.object("run");
  s.run.seed = run.unsigned_integer("seed").value_or(s.run.seed);
  s.run.replications = static_cast<int>(run.integer("replications").value_or(s.run.replications));

  detail::build_pathway(root, ctx);
  detail::build_referrals(root, ctx);
  detail::build_transitions(root, ctx);
  detail::build_economics(root, ctx);
  detail::build_contract(root, ctx);
  detail::build_behaviours(root, ctx);

  if (diagnostics.empty()) {
    // Every rule below is also checked above with a precise message; reaching this is a bug.
    for (const auto& problem : model::check_invariants(s)) {
      diagnostics.add(file_label, "",
                      "internal error: the scenario passed validation but " + problem +
                          " (please report this)");
    }
  }
  diagnostics.throw_if_any();
  return s;
}

LoadedScenario load_scenario(const std::string& path) {
  LoadedScenario out;
  out.path = path;
  out.resolved = resolve_scenario_document(path, &out.files);
  out.scenario = build_scenario(out.resolved, path);
  out.sha256 = core::sha256_hex(out.resolved.dump());
  return out;
}

nlohmann::json scenario_schema() {
  SchemaOptions options;
  options.id = "https://pbrsim.invalid/schema/scenario.schema.json";
  options.title = "pbrsim scenario";
  options.description =
      "A pbrsim scenario (docs/scenario-format.md). Money is in pounds with at most two "
      "decimals. A document with \"extends\" is a JSON merge patch over its base.";
  options.patch_key = "extends";
  return json_schema(scenario_declarations().scenario, options);
}

std::string scenario_key_table() {
  return markdown_key_table(scenario_declarations().scenario);
}

}  // namespace pbr::format
