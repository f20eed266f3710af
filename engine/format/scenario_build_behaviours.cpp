// Provider behaviours (admission and effort per group) and the strategies to compare.
#include <algorithm>
#include <set>

#include "engine/format/json_util.hpp"
#include "engine/format/scenario_build.hpp"

namespace pbr::format::detail {

namespace {

constexpr double ROW_TOLERANCE = 1e-9;

bool is_builtin(const std::string& name) {
  return std::find(std::begin(BUILTIN_STRATEGIES), std::end(BUILTIN_STRATEGIES), name) !=
         std::end(BUILTIN_STRATEGIES);
}

bool takes_behaviour(const std::string& name) {
  return std::find(std::begin(BEHAVIOUR_STRATEGIES), std::end(BEHAVIOUR_STRATEGIES), name) !=
         std::end(BEHAVIOUR_STRATEGIES);
}

std::vector<model::TransitionMultiplier> read_multipliers(const DeclaredObject& source,
                                                          BuildContext& ctx) {
  std::vector<model::TransitionMultiplier> out;
  std::map<std::pair<int, int>, std::string> seen;
  for (const auto& m : source.objects("transition_multipliers")) {
    const auto from = ctx.lookup(ctx.states, m, "from");
    const auto to = ctx.lookup(ctx.states, m, "to");
    const auto factor = m.number("factor");
    if (!from || !to || !factor) continue;
    if (*from == *to) {
      ctx.error(m.pointer_to("to"), "a multiplier must name a move to another state, got '" +
                                        ctx.scenario.states[static_cast<std::size_t>(*to)].name +
                                        "' -> itself");
      continue;
    }
    const auto [it, inserted] = seen.emplace(std::make_pair(*from, *to), m.pointer());
    if (!inserted) {
      ctx.error(m.pointer(), "a second multiplier for the same move; first at " + it->second);
      continue;
    }
    out.push_back({*from, *to, *factor});
  }
  return out;
}

// Reports the first cell of each state whose exits, multiplied, sum above 1, with the
// behaviour at intensity t (its factors scaled as model::at_intensity does).
void check_rows(const model::Behaviour& b, model::GroupIndex g, double t,
                const std::string& pointer, BuildContext& ctx) {
  const auto& s = ctx.scenario;
  const auto multipliers =
      model::at_intensity(b.groups[static_cast<std::size_t>(g)], t).multipliers;
  if (multipliers.empty() || static_cast<std::size_t>(g) >= s.transitions.size()) return;
  const auto& schedules = s.transitions[static_cast<std::size_t>(g)].from;
  for (std::size_t from = 0; from < schedules.size(); ++from) {
    const auto& schedule = schedules[from];
    const int bands = static_cast<int>(schedule.duration_starts.size());
    for (int cell = 0; cell < static_cast<int>(schedule.cells.size()); ++cell) {
      double sum = 0.0;
      for (const auto& exit : schedule.cells[static_cast<std::size_t>(cell)].exits) {
        double factor = 1.0;
        for (const auto& m : multipliers) {
          if (m.from == static_cast<int>(from) && m.to == exit.to) factor = m.factor;
        }
        sum += exit.probability * factor;
      }
      if (sum > 1.0 + ROW_TOLERANCE) {
        const std::string at = t == 1.0 ? std::string() : " at intensity " + format_approx(t);
        ctx.error(pointer, "under behaviour '" + b.name + "'" + at + ", exit probabilities from '" +
                               s.states[from].name + "' for group '" +
                               s.groups[static_cast<std::size_t>(g)].name + "' sum to " +
                               format_approx(sum) + " (" +
                               cell_label(schedule, cell / bands, cell % bands) +
                               "); expected at most 1");
        break;
      }
    }
  }
}

}  // namespace

void build_behaviours(const DeclaredObject& root, BuildContext& ctx) {
  auto& s = ctx.scenario;
  const std::size_t n_groups = s.groups.size();
  for (const auto& [name, obj] : root.object_members("behaviours")) {
    model::Behaviour b;
    b.name = name;
    b.description = obj.string("description").value_or("");
    const auto form = obj.string("form").value_or("other");
    b.form = form == "parking"  ? model::GamingForm::parking
             : form == "timing" ? model::GamingForm::timing
                                : model::GamingForm::other;
    if (name.empty()) ctx.error(obj.pointer(), "a behaviour needs a non-empty name");
    if (is_builtin(name) && !takes_behaviour(name)) {
      ctx.error(obj.pointer(), "'" + name +
                                   "' is a built-in strategy that takes no behaviour; give the "
                                   "behaviour another name");
    }
    const std::string groups_pointer = obj.pointer_to("groups");
    DeclaredObject all(nullptr, &ctx.decl.group_behaviour,
                       pointer_append(groups_pointer, std::string(ALL_GROUPS_KEY)));
    std::map<model::GroupIndex, DeclaredObject> own;
    for (const auto& [key, entry] : obj.object_members("groups")) {
      if (key == ALL_GROUPS_KEY) {
        all = entry;
        continue;
      }
      const auto it = ctx.groups.index.find(key);
      if (it != ctx.groups.index.end()) {
        own[it->second] = entry;
      } else if (ctx.groups.complete && !ctx.diagnostics.next_is_shown()) {
        ctx.error(entry.pointer(), "unknown group '" + key + "'");  // counted, never shown
      } else if (ctx.groups.complete) {
        std::vector<std::string> valid{std::string(ALL_GROUPS_KEY)};
        for (const auto& n : ctx.groups.names) valid.push_back(n);
        ctx.error(entry.pointer(),
                  "unknown group '" + key + "'; valid groups: " + join_names(valid));
      }
    }
    // Each list is read once, however many groups it applies to, so problems in a "*" list
    // are reported once.
    const auto all_multipliers = read_multipliers(all, ctx);
    std::map<model::GroupIndex, std::vector<model::TransitionMultiplier>> own_multipliers;
    for (const auto& [g, entry] : own) {
      if (entry.has("transition_multipliers")) own_multipliers[g] = read_multipliers(entry, ctx);
    }

    b.groups.resize(n_groups);
    std::vector<std::string> sources(n_groups);
    std::map<const DeclaredObject*, bool> entry_read;
    std::map<const DeclaredObject*, std::optional<model::StateIndex>> entry_states;
    for (std::size_t gi = 0; gi < n_groups; ++gi) {
      const auto g = static_cast<model::GroupIndex>(gi);
      const auto found = own.find(g);
      const DeclaredObject* mine = found == own.end() ? nullptr : &found->second;
      const auto pick = [&](const char* key) -> const DeclaredObject& {
        return mine && mine->has(key) ? *mine : all;
      };
      auto& gb = b.groups[gi];
      gb.admission_probability =
          pick("admission_probability").number("admission_probability").value_or(1.0);
      gb.cost_multiplier = pick("cost_multiplier").number("cost_multiplier").value_or(1.0);
      const DeclaredObject& entry_source = pick("entry_state");
      if (entry_source.has("entry_state") && !entry_read[&entry_source]) {
        entry_read[&entry_source] = true;  // "*" applies to many groups: report it once
        entry_states[&entry_source] = ctx.lookup(ctx.states, entry_source, "entry_state");
        const auto s_index = entry_states[&entry_source];
        if (s_index && ctx.scenario.states[static_cast<std::size_t>(*s_index)].absorbing) {
          ctx.error(entry_source.pointer_to("entry_state"),
                    "admitted referrals cannot start in the absorbing state '" +
                        ctx.scenario.states[static_cast<std::size_t>(*s_index)].name + "'");
          entry_states[&entry_source].reset();
        }
      }
      if (entry_source.has("entry_state")) gb.entry_state = entry_states[&entry_source];
      const bool own_list = mine && mine->has("transition_multipliers");
      gb.multipliers = own_list ? own_multipliers[g] : all_multipliers;
      sources[gi] = (own_list ? *mine : all).pointer_to("transition_multipliers");
    }
    if (obj.has("intensity")) {
      const DeclaredObject range = obj.object("intensity");
      b.intensity = model::IntensityRange{range.number("min").value_or(1.0),
                                          range.number("max").value_or(1.0)};
    }
    // Rows are convex in the intensity (each factor is max(0, linear)): checking both ends of
    // the range covers every intensity in it.
    std::vector<double> intensities{1.0};
    if (b.intensity) {
      for (const double t : {b.intensity->min, b.intensity->max}) {
        if (t != 1.0) intensities.push_back(t);
      }
    }
    for (std::size_t gi = 0; gi < n_groups; ++gi) {
      for (const double t : intensities) {
        check_rows(b, static_cast<model::GroupIndex>(gi), t, sources[gi], ctx);
      }
    }
    s.behaviours.push_back(std::move(b));
  }

  const DeclaredObject obj = root.object("strategies");
  std::set<std::string> seen;
  for (const auto& item : obj.strings("evaluate")) {
    const auto name = item.value->get<std::string>();
    if (!seen.insert(name).second) {
      ctx.error(item.pointer, "strategy '" + name + "' is listed twice");
      continue;
    }
    const bool declared = model::find_behaviour(s.behaviours, name) >= 0;
    if (takes_behaviour(name) && !declared) {
      ctx.error(item.pointer, "strategy '" + name +
                                  "' takes its effort modifiers from a behaviour named '" + name +
                                  "'; declare it under behaviours");
    } else if (!is_builtin(name) && !declared && !ctx.diagnostics.next_is_shown()) {
      ctx.error(item.pointer, "unknown strategy '" + name + "'");  // counted, never shown
    } else if (!is_builtin(name) && !declared) {
      std::vector<std::string> valid(std::begin(BUILTIN_STRATEGIES), std::end(BUILTIN_STRATEGIES));
      for (const auto& b : s.behaviours) {
        if (!is_builtin(b.name)) valid.push_back(b.name);
      }
      const std::string near = core::nearest(name, valid);
      ctx.error(item.pointer, "unknown strategy '" + name + "'; " +
                                  (near.empty() ? "" : "did you mean '" + near + "'? ") +
                                  "valid strategies: " + join_names(valid));
    }
    s.strategies.names.push_back(name);
  }
  s.strategies.cherry_pick_min_margin = obj.money("cherry_pick_min_margin").value_or(0);
  s.strategies.open_access = obj.boolean("open_access").value_or(false);
}

}  // namespace pbr::format::detail
