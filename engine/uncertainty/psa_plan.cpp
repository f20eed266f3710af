#include "engine/uncertainty/psa_plan.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/sweep/values.hpp"

namespace pbr::uncertainty {

namespace {

using nlohmann::json;

//! A drawn number as a sweep value (shortest round-trip text of the rounded double).
sweep::Value number_value(double x) {
  return sweep::make_value(json(x).dump());
}

}  // namespace

bool is_input_column(const std::string& name) {
  return sweep::is_valid_name(name) && name != "draw" && name != "variant" && name != "mc_seed";
}

sweep::SweepPlan psa_sweep_plan(const UncertaintySpec& spec, const DrawTable& table,
                                std::uint64_t seed, const json& base) {
  sweep::SweepPlan plan;
  plan.path = spec.path;
  plan.scenario = spec.scenario;
  plan.description = spec.description;
  plan.design = sweep::Design::zip;
  plan.strategies = spec.strategies;
  plan.replications = spec.replications;
  plan.draw_seed = seed;
  const std::size_t draws = table.values.size();
  const std::size_t variants = std::max<std::size_t>(1, spec.variants.size());

  sweep::Parameter draw{"draw", "", {}};
  sweep::Parameter variant{"variant", "", {}};
  sweep::Parameter mc_seed{"mc_seed", "/run/seed", {}};
  std::vector<sweep::Parameter> inputs;
  for (const auto& column : table.columns) {
    inputs.push_back({column.name, column.pointers.size() == 1 ? column.pointers[0] : "", {}});
  }
  // Every pointer some variant sets, in order of first appearance.
  std::vector<std::string> set_pointers;
  for (const auto& v : spec.variants) {
    for (const auto& [pointer, value] : v.settings) {
      if (std::find(set_pointers.begin(), set_pointers.end(), pointer) == set_pointers.end()) {
        set_pointers.push_back(pointer);
      }
    }
  }
  core::DiagnosticList problems;
  std::vector<std::vector<sweep::Value>> variant_values(set_pointers.size());
  for (std::size_t p = 0; p < set_pointers.size(); ++p) {
    const json::json_pointer ptr(set_pointers[p]);
    for (std::size_t v = 0; v < spec.variants.size(); ++v) {
      const auto& settings = spec.variants[v].settings;
      const auto it = std::find_if(settings.begin(), settings.end(),
                                   [&](const auto& s) { return s.first == set_pointers[p]; });
      if (it != settings.end()) {
        variant_values[p].push_back(sweep::value_from_json(it->second));
      } else if (base.contains(ptr)) {
        try {
          variant_values[p].push_back(sweep::value_from_json(base.at(ptr).dump()));
        } catch (const sweep::ValuesSyntaxError& e) {
          // The scenario's own value is what this variant keeps, and it is not CSV-safe.
          problems.add(spec.scenario, set_pointers[p],
                       std::string(e.what()) + " (kept by variant '" + spec.variants[v].name +
                           "', and written to the CSV)");
        }
      } else {
        problems.add(spec.path, "/variants/" + std::to_string(v),
                     "variant '" + spec.variants[v].name + "' leaves " + set_pointers[p] +
                         " (set by another variant) and the scenario has no value there");
      }
    }
  }
  problems.throw_if_any();
  std::vector<sweep::Parameter> settings;
  for (std::size_t p = 0; p < set_pointers.size(); ++p) {
    settings.push_back({set_pointers[p], set_pointers[p], {}});
  }

  for (std::size_t d = 0; d < draws; ++d) {
    const auto seed_value =
        sweep::make_value(std::to_string(monte_carlo_seed(seed, static_cast<std::int64_t>(d))));
    for (std::size_t v = 0; v < variants; ++v) {
      draw.values.push_back(sweep::make_value(std::to_string(d + 1)));
      if (!spec.variants.empty())
        variant.values.push_back(sweep::string_value(spec.variants[v].name));
      mc_seed.values.push_back(seed_value);
      for (std::size_t c = 0; c < inputs.size(); ++c) {
        inputs[c].values.push_back(number_value(table.values[d][c]));
      }
      for (std::size_t p = 0; p < settings.size(); ++p) {
        settings[p].values.push_back(variant_values[p][v]);
      }
    }
  }
  plan.parameters.push_back(std::move(draw));
  if (!spec.variants.empty()) plan.parameters.push_back(std::move(variant));
  plan.parameters.push_back(std::move(mc_seed));
  for (std::size_t c = 0; c < inputs.size(); ++c) {
    plan.parameters.push_back(std::move(inputs[c]));
    // An input written at several places: the column is virtual, each place a derived value.
    if (table.columns[c].pointers.size() > 1) {
      for (const auto& pointer : table.columns[c].pointers) {
        plan.derived.push_back({pointer, table.columns[c].name});
      }
    }
  }
  for (auto& s : settings) plan.parameters.push_back(std::move(s));
  plan.derived.insert(plan.derived.end(), spec.derived.begin(), spec.derived.end());
  return plan;
}

}  // namespace pbr::uncertainty
