// States, bands, groups and referrals: the names everything else refers to.
#include <cmath>

#include "engine/format/json_util.hpp"
#include "engine/format/scenario_build.hpp"

namespace pbr::format::detail {

namespace {

constexpr double SHARE_TOLERANCE = 1e-6;

std::optional<model::StateKind> kind_named(const std::string& name) {
  for (const auto kind : model::ALL_STATE_KINDS) {
    if (model::to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

// A referral state must have a given kind, or the engine would, say, count turned-away
// clients towards treatment capacity.
void require_kind(BuildContext& ctx, const DeclaredObject& obj, const std::string& key,
                  model::StateKind kind, model::StateIndex& target) {
  const auto index = ctx.lookup(ctx.states, obj, key);
  if (!index) return;
  target = *index;
  const auto& state = ctx.scenario.states[static_cast<std::size_t>(*index)];
  if (state.kind != kind) {
    ctx.error(obj.pointer_to(key), "state '" + state.name + "' has kind '" +
                                       std::string(model::to_string(state.kind)) + "'; " + key +
                                       " must be a state of kind '" +
                                       std::string(model::to_string(kind)) + "'");
  }
}

}  // namespace

void build_pathway(const DeclaredObject& root, BuildContext& ctx) {
  auto& s = ctx.scenario;
  // An unreadable list (not an array) leaves every later reference uncheckable.
  if (!root.value("states")) ctx.states.complete = false;
  if (!root.value("bands")) ctx.bands.complete = false;
  if (!root.value("groups")) ctx.groups.complete = false;

  for (const auto& obj : root.objects("states")) {
    model::State st;
    const auto name = obj.string("name");
    ctx.declare(ctx.states, name, obj.pointer_to("name"));
    st.name = name.value_or("");
    if (const auto kind = obj.string("kind")) st.kind = kind_named(*kind).value_or(st.kind);
    st.absorbing = obj.boolean("absorbing").value_or(false);
    st.description = obj.string("description").value_or("");
    if (st.kind == model::StateKind::death && !st.absorbing) {
      ctx.error(obj.has("absorbing") ? obj.pointer_to("absorbing") : obj.pointer(),
                "death state '" + st.name + "' must be absorbing; set \"absorbing\": true");
    }
    s.states.push_back(std::move(st));
  }
  if (root.value("states") && s.states.size() != root.value("states")->size())
    ctx.states.complete = false;

  for (const auto& obj : root.objects("bands")) {
    const auto name = obj.string("name");
    ctx.declare(ctx.bands, name, obj.pointer_to("name"));
    s.bands.push_back({name.value_or(""), obj.string("description").value_or("")});
  }
  if (root.value("bands") && s.bands.size() != root.value("bands")->size())
    ctx.bands.complete = false;

  double share_sum = 0.0;
  bool shares_known = true;
  for (const auto& obj : root.objects("groups")) {
    model::Group g;
    const auto name = obj.string("name");
    ctx.declare(ctx.groups, name, obj.pointer_to("name"));
    g.name = name.value_or("");
    const auto share = obj.number("share");
    shares_known = shares_known && share.has_value();
    g.share = share.value_or(0.0);
    share_sum += g.share;
    if (const auto band = ctx.lookup(ctx.bands, obj, "band")) g.band = *band;
    for (const auto& item : obj.members("attributes"))
      g.attributes.emplace_back(item.name, item.value->get<std::string>());
    g.description = obj.string("description").value_or("");
    s.groups.push_back(std::move(g));
  }
  if (root.value("groups") && s.groups.size() != root.value("groups")->size()) {
    ctx.groups.complete = false;
    shares_known = false;
  }
  if (shares_known && !s.groups.empty() && std::fabs(share_sum - 1.0) > SHARE_TOLERANCE) {
    ctx.error(root.pointer_to("groups"),
              "group shares sum to " + format_number(share_sum) + "; expected 1 (within 1e-6)");
  }
}

void build_referrals(const DeclaredObject& root, BuildContext& ctx) {
  auto& r = ctx.scenario.referrals;
  const DeclaredObject obj = root.object("referrals");
  r.starting_cohort = obj.integer("starting_cohort").value_or(0);
  r.poisson = obj.boolean("poisson").value_or(true);

  const auto* rate = obj.value("monthly_rate");
  if (rate && rate->is_number()) {
    r.monthly_rate = {{0, rate->get<double>()}};
  } else {
    model::Month previous = -1;
    for (const auto& piece : obj.objects("monthly_rate")) {
      const auto from = piece.integer("from_month");
      const auto value = piece.number("rate");
      if (!from || !value) continue;
      const auto month = static_cast<model::Month>(*from);
      if (previous < 0 && month != 0) {
        ctx.error(piece.pointer_to("from_month"),
                  "the first rate piece must start at month 0, got " + std::to_string(month));
      } else if (previous >= 0 && month <= previous) {
        ctx.error(piece.pointer_to("from_month"),
                  "rate pieces must start in increasing months; expected a month after " +
                      std::to_string(previous) + ", got " + std::to_string(month));
      } else if (ctx.horizon && month >= *ctx.horizon) {
        ctx.error(piece.pointer_to("from_month"),
                  "from_month " + std::to_string(month) + " is not below horizon_months " +
                      std::to_string(*ctx.horizon) + "; the piece would never apply");
      }
      previous = std::max(previous, month);
      r.monthly_rate.push_back({month, *value});
    }
  }

  for (const auto& entry : obj.objects("existing_caseload")) {
    model::ExistingCaseload e;
    e.count = entry.integer("count").value_or(0);
    if (const auto st = ctx.lookup(ctx.states, entry, "state")) e.state = *st;
    e.months_in_state = static_cast<model::Month>(entry.integer("months_in_state").value_or(0));
    if (entry.has("group")) {
      if (const auto g = ctx.lookup(ctx.groups, entry, "group")) e.group = *g;
    }
    r.existing.push_back(e);
  }

  require_kind(ctx, obj, "admission_state", model::StateKind::treatment, r.admission_state);
  require_kind(ctx, obj, "untreated_state", model::StateKind::untreated, r.untreated_state);
  r.waiting_state = -1;
  if (obj.has("waiting_state"))
    require_kind(ctx, obj, "waiting_state", model::StateKind::waiting, r.waiting_state);
}

}  // namespace pbr::format::detail
