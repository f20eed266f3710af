// Transitions: the list of entries (with overrides) becomes, for every group and state, a
// StateSchedule over the union of the calendar and duration starts its entries use.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "engine/format/json_util.hpp"
#include "engine/format/scenario_build.hpp"

namespace pbr::format::detail {

namespace {

constexpr double ROW_TOLERANCE = 1e-9;
// Cells over all groups and states. Far above any real scenario; it stops a file with
// thousands of calendar and duration pieces from exhausting memory.
constexpr std::size_t MAX_CELLS = 1'000'000;

struct Piece {
  model::Month from_duration = 0;
  double probability = 0.0;
};

// The winning entry for one (group, from, to, from_month).
struct Slot {
  std::vector<Piece> pieces;
  std::string pointer;
  std::size_t order = 0;  // position in transitions + transition_overrides
};

std::optional<double> monthly_probability(const DeclaredObject& obj) {
  if (obj.has("monthly")) return obj.number("monthly");
  if (obj.has("annual_probability")) {
    const auto p = obj.number("annual_probability");
    return p ? std::optional<double>(model::monthly_from_annual_probability(*p)) : std::nullopt;
  }
  if (obj.has("annual_rate")) {
    const auto r = obj.number("annual_rate");
    return r ? std::optional<double>(model::monthly_from_annual_rate(*r)) : std::nullopt;
  }
  return std::nullopt;
}

// Reads the probability (constant or by duration); false when the entry cannot be used.
bool read_pieces(const DeclaredObject& entry, BuildContext& ctx, std::vector<Piece>& pieces) {
  if (!entry.has("by_duration")) {
    const auto p = monthly_probability(entry);
    if (p) pieces.push_back({0, *p});
    return p.has_value();
  }
  bool ok = true;
  model::Month previous = -1;
  const auto objects = entry.objects("by_duration");
  const auto* raw = entry.value("by_duration");
  if (!raw || objects.size() != raw->size() || objects.empty()) ok = false;
  for (const auto& piece : objects) {
    const auto from = piece.integer("from_duration");
    const auto p = monthly_probability(piece);
    if (!from || !p) {
      ok = false;
      continue;
    }
    const auto d = static_cast<model::Month>(*from);
    if (previous < 0 && d != 0) {
      ctx.error(piece.pointer_to("from_duration"),
                "the first duration piece must start at 0 months, got " + std::to_string(d));
      ok = false;
    } else if (previous >= 0 && d <= previous) {
      ctx.error(piece.pointer_to("from_duration"),
                "duration pieces must start at increasing durations; expected more than " +
                    std::to_string(previous) + ", got " + std::to_string(d));
      ok = false;
    }
    previous = std::max(previous, d);
    pieces.push_back({d, *p});
  }
  return ok;
}

}  // namespace

void build_transitions(const DeclaredObject& root, BuildContext& ctx) {
  auto& s = ctx.scenario;
  const std::size_t n_states = s.states.size();
  s.transitions.assign(s.groups.size(),
                       model::GroupTransitions{std::vector<model::StateSchedule>(n_states)});

  using Key = std::tuple<model::GroupIndex, model::StateIndex, model::StateIndex, model::Month>;
  std::map<Key, Slot> slots;
  std::size_t order = 0;
  for (const char* list : {"transitions", "transition_overrides"}) {
    for (const auto& entry : root.objects(list)) {
      ++order;
      bool ok = true;
      const auto groups = ctx.group_list(entry, "groups");
      const auto from = ctx.lookup(ctx.states, entry, "from");
      const auto to = ctx.lookup(ctx.states, entry, "to");
      if (from && to && *from == *to) {
        ctx.error(entry.pointer_to("to"), "a transition must lead to another state, got '" +
                                              s.states[static_cast<std::size_t>(*to)].name +
                                              "' -> itself");
        ok = false;
      }
      if (from && s.states[static_cast<std::size_t>(*from)].absorbing) {
        ctx.error(entry.pointer_to("from"), "state '" +
                                                s.states[static_cast<std::size_t>(*from)].name +
                                                "' is absorbing; no transition may leave it");
        ok = false;
      }
      const auto month = entry.integer("from_month");
      if (month && ctx.horizon && *month >= *ctx.horizon) {
        ctx.error(entry.pointer_to("from_month"),
                  "from_month " + std::to_string(*month) + " is not below horizon_months " +
                      std::to_string(*ctx.horizon) + "; the entry would never apply");
        ok = false;
      }
      std::vector<Piece> pieces;
      ok = read_pieces(entry, ctx, pieces) && ok;
      if (!ok || !from || !to || !month) continue;
      for (const auto g : groups) {
        slots[{g, *from, *to, static_cast<model::Month>(*month)}] =
            Slot{pieces, entry.pointer(), order};
      }
    }
  }

  // Map order puts the slots of one (group, from) together, by `to` then by from_month.
  std::map<std::pair<model::GroupIndex, model::StateIndex>,
           std::map<model::StateIndex, std::vector<std::pair<model::Month, const Slot*>>>>
      rows;
  for (const auto& [key, slot] : slots) {
    const auto& [g, from, to, month] = key;
    rows[{g, from}][to].emplace_back(month, &slot);
  }

  std::size_t total_cells = 0;
  for (const auto& [row, by_target] : rows) {
    const auto [g, from] = row;
    std::set<model::Month> months{0}, durations{0};
    for (const auto& [to, entries] : by_target) {
      for (const auto& [month, slot] : entries) {
        months.insert(month);
        for (const auto& piece : slot->pieces) durations.insert(piece.from_duration);
      }
    }
    total_cells += months.size() * durations.size();
    if (total_cells > MAX_CELLS) {
      ctx.error(root.pointer_to("transitions"),
                "the transition tables need more than " + std::to_string(MAX_CELLS) +
                    " cells (calendar pieces x duration pieces, over all groups and states); "
                    "use fewer pieces");
      return;
    }
    model::StateSchedule schedule;
    schedule.month_starts.assign(months.begin(), months.end());
    schedule.duration_starts.assign(durations.begin(), durations.end());
    schedule.cells.assign(months.size() * durations.size(), model::TransitionCell{});

    // Periods and bands are visited in increasing order, so one cursor per target (into its
    // calendar entries) and one per band sweep (into the pieces) find the value in force
    // without rescanning: the work is linear in cells x targets plus pieces.
    struct Target {
      model::StateIndex to;
      const std::vector<std::pair<model::Month, const Slot*>>* entries;
      std::size_t next = 0;
      const Slot* in_force = nullptr;
    };
    std::vector<Target> targets;
    for (const auto& [to, entries] : by_target) targets.push_back({to, &entries});
    int bad_cells = 0;
    std::string first_problem, culprit;
    std::vector<std::size_t> piece(targets.size());
    for (int period = 0; period < static_cast<int>(months.size()); ++period) {
      const auto month = schedule.month_starts[static_cast<std::size_t>(period)];
      const Slot* latest = nullptr;
      for (auto& t : targets) {
        while (t.next < t.entries->size() && (*t.entries)[t.next].first <= month)
          t.in_force = (*t.entries)[t.next++].second;
        if (t.in_force && (!latest || t.in_force->order > latest->order)) latest = t.in_force;
      }
      std::fill(piece.begin(), piece.end(), 0);
      for (int band = 0; band < static_cast<int>(durations.size()); ++band) {
        const auto duration = schedule.duration_starts[static_cast<std::size_t>(band)];
        auto& cell = schedule.cell_at(period, band);
        for (std::size_t i = 0; i < targets.size(); ++i) {
          const Slot* slot = targets[i].in_force;
          if (!slot) continue;
          while (piece[i] + 1 < slot->pieces.size() &&
                 slot->pieces[piece[i] + 1].from_duration <= duration)
            ++piece[i];
          const double p = slot->pieces[piece[i]].probability;
          if (p > 0.0) cell.exits.push_back({targets[i].to, p});
        }
        const double sum = cell.exit_probability();
        if (sum > 1.0 + ROW_TOLERANCE && bad_cells++ == 0) {
          first_problem = format_approx(sum) + " (" + cell_label(schedule, period, band) + ")";
          culprit = latest ? latest->pointer : root.pointer_to("transitions");
        }
      }
    }
    if (bad_cells > 0) {
      ctx.error(culprit, "exit probabilities from '" +
                             s.states[static_cast<std::size_t>(from)].name + "' for group '" +
                             s.groups[static_cast<std::size_t>(g)].name + "' sum to " +
                             first_problem + "; expected at most 1" +
                             (bad_cells > 1 ? " (" + std::to_string(bad_cells - 1) +
                                                  " more cells of this state exceed 1 too)"
                                            : ""));
    }
    s.transitions[static_cast<std::size_t>(g)].from[static_cast<std::size_t>(from)] =
        std::move(schedule);
  }
}

}  // namespace pbr::format::detail
