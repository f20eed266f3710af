// Economics and the contract: costs, capacity and the payment rules.
#include <algorithm>
#include <set>

#include "engine/format/json_util.hpp"
#include "engine/format/scenario_build.hpp"

namespace pbr::format::detail {

namespace {

std::string months_text(model::Month m) {
  return std::to_string(m);
}

std::optional<model::StateWindow> read_window(const DeclaredObject& obj, BuildContext& ctx) {
  if (!obj.present()) return std::nullopt;
  model::StateWindow w;
  for (const auto& item : obj.strings("states")) {
    if (const auto st = ctx.lookup(ctx.states, item.value->get<std::string>(), item.pointer))
      w.states.push_back(*st);
  }
  w.months = static_cast<model::Month>(obj.integer("months").value_or(1));
  return w;
}

//! The `amount_by_band` map of `obj` (a payment rule or a tariff change), one per band.
std::vector<core::Pence> read_amounts(const DeclaredObject& obj, BuildContext& ctx) {
  const auto& bands = ctx.scenario.bands;
  std::vector<core::Pence> out(bands.size(), 0);
  if (!obj.value("amount_by_band")) return out;  // missing or not an object: already reported
  std::vector<bool> given(bands.size(), false);
  for (const auto& item : obj.members("amount_by_band", true)) {
    const auto band = ctx.lookup(ctx.bands, item.name, item.pointer);
    if (!band) continue;
    given[static_cast<std::size_t>(*band)] = true;
    if (const auto pence = money_pence(*item.value); pence && *pence >= 0)
      out[static_cast<std::size_t>(*band)] = *pence;
  }
  if (!ctx.bands.complete) return out;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    if (!given[b] && !bands[b].name.empty()) {
      ctx.error(obj.pointer_to("amount_by_band"), "missing amount for band '" + bands[b].name +
                                                      "'; every band needs one (write 0 for none)");
    }
  }
  return out;
}

//! Checks that the `from_month` of each element increases and lies inside the horizon;
//! returns each element's month (0 where invalid).
std::vector<model::Month> change_months(const std::vector<DeclaredObject>& changes,
                                        BuildContext& ctx) {
  std::vector<model::Month> out;
  model::Month previous = 0;
  for (const auto& change : changes) {
    const auto from = static_cast<model::Month>(change.integer("from_month").value_or(0));
    out.push_back(from);
    if (from == 0) continue;  // missing or out of range: already reported
    if (from <= previous) {
      ctx.error(change.pointer_to("from_month"),
                "from_month " + months_text(from) + " must be after the previous change (" +
                    months_text(previous) + "); list changes in increasing order");
    } else if (ctx.horizon && from >= *ctx.horizon) {
      ctx.error(change.pointer_to("from_month"),
                "from_month " + months_text(from) + " is not below horizon_months " +
                    months_text(*ctx.horizon) + "; the change would never apply");
    }
    previous = std::max(previous, from);
  }
  return out;
}

std::optional<model::GradedSchedule> read_graded(const DeclaredObject& obj, BuildContext& ctx) {
  if (!obj.present()) return std::nullopt;
  model::GradedSchedule g;
  double previous = -1.0;
  for (const auto& point : obj.objects("schedule")) {
    const auto rate = point.number("rate");
    const auto share = point.number("share");
    if (!rate || !share) continue;
    if (*rate <= previous) {
      ctx.error(point.pointer_to("rate"),
                "rate " + format_number(*rate) + " must be above the previous point's rate " +
                    format_number(previous) + "; list points by increasing rate");
    }
    previous = std::max(previous, *rate);
    g.points.push_back({*rate, *share});
  }
  g.interpolation = obj.string("interpolation").value_or("steps") == "linear"
                        ? model::Interpolation::linear
                        : model::Interpolation::steps;
  g.reconcile_every_months =
      static_cast<model::Month>(obj.integer("reconcile_every_months").value_or(12));
  g.measured_over_months = static_cast<model::Month>(
      obj.integer("measured_over_months").value_or(g.reconcile_every_months));
  if (g.measured_over_months < g.reconcile_every_months) {
    ctx.error(obj.pointer_to("measured_over_months"),
              "measured_over_months " + months_text(g.measured_over_months) +
                  " is shorter than reconcile_every_months " +
                  months_text(g.reconcile_every_months) +
                  "; the rate must be measured over at least the period it pays for");
  }
  return g;
}

//! "YYYY-MM" -> a calendar month (years 1900 .. 2200).
std::optional<model::CalendarMonth> parse_calendar_month(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return std::nullopt;
  return model::CalendarMonth{year, month};
}

}  // namespace

void build_economics(const DeclaredObject& root, BuildContext& ctx) {
  auto& s = ctx.scenario;
  auto& e = s.economics;
  const DeclaredObject obj = root.object("economics");
  e.cost_per_month.assign(s.groups.size(), std::vector<core::Pence>(s.states.size(), 0));
  for (const auto& entry : obj.objects("cost_per_month")) {
    const auto groups = ctx.group_list(entry, "groups");
    const auto state = ctx.lookup(ctx.states, entry, "state");
    const auto pence = entry.money("pounds");
    if (!state || !pence) continue;
    for (const auto g : groups)
      e.cost_per_month[static_cast<std::size_t>(g)][static_cast<std::size_t>(*state)] = *pence;
  }
  e.block_payment_per_month = obj.money("block_payment_per_month").value_or(0);
  const auto block_changes = obj.objects("block_payment_changes");
  const auto block_months = change_months(block_changes, ctx);
  for (std::size_t i = 0; i < block_changes.size(); ++i) {
    if (const auto pence = block_changes[i].money("pounds"); pence && block_months[i] > 0)
      e.block_changes.push_back({block_months[i], *pence});
  }
  if (const auto capacity = obj.integer("capacity")) e.capacity = *capacity;
  const std::string overflow = obj.string("overflow").value_or("turn_away");
  e.overflow = overflow == "wait" ? model::OverflowPolicy::wait : model::OverflowPolicy::turn_away;
  if (const auto wait = obj.integer("max_wait_months"))
    e.max_wait_months = static_cast<model::Month>(*wait);
  const bool has_waiting = root.object("referrals").has("waiting_state");
  if (e.overflow == model::OverflowPolicy::wait && !has_waiting) {
    ctx.error(obj.pointer_to("overflow"),
              "overflow 'wait' needs a waiting state; set referrals.waiting_state to a state of "
              "kind 'waiting', or use overflow 'turn_away'");
  }
}

void build_contract(const DeclaredObject& root, BuildContext& ctx) {
  auto& c = ctx.scenario.contract;
  const DeclaredObject obj = root.object("contract");
  std::map<std::string, std::string> names;
  for (const auto& rule_obj : obj.objects("payments")) {
    model::PaymentRule rule;
    rule.name = rule_obj.string("name").value_or("");
    if (!rule.name.empty()) {
      const auto [it, inserted] = names.emplace(rule.name, rule_obj.pointer_to("name"));
      if (!inserted) {
        ctx.error(rule_obj.pointer_to("name"),
                  "duplicate payment name '" + rule.name + "'; first declared at " + it->second);
      }
    }
    rule.kind = rule_obj.string("kind").value_or("") == "attachment_fee"
                    ? model::RuleKind::attachment_fee
                    : model::RuleKind::outcome_payment;
    for (const auto& item : rule_obj.strings("trigger_states")) {
      if (const auto st = ctx.lookup(ctx.states, item.value->get<std::string>(), item.pointer))
        rule.trigger_states.push_back(*st);
    }
    rule.amount_by_band = read_amounts(rule_obj, ctx);
    const auto changes = rule_obj.objects("tariff_changes");
    const auto change_at = change_months(changes, ctx);
    for (std::size_t i = 0; i < changes.size(); ++i) {
      auto amounts = read_amounts(changes[i], ctx);
      if (change_at[i] > 0) rule.tariff_changes.push_back({change_at[i], std::move(amounts)});
    }
    rule.graded = read_graded(rule_obj.object("graded"), ctx);
    rule.lag_months = static_cast<model::Month>(rule_obj.integer("lag_months").value_or(0));
    rule.frequency = rule_obj.string("frequency").value_or("") == "once_per_episode"
                         ? model::PayFrequency::once_per_episode
                         : model::PayFrequency::once_per_client;
    if (const auto k = rule_obj.integer("min_consecutive_months"))
      rule.min_consecutive_months = static_cast<model::Month>(*k);
    rule.no_reentry = read_window(rule_obj.object("no_reentry"), ctx);
    rule.clawback = read_window(rule_obj.object("clawback"), ctx);
    rule.cohort_threshold = rule_obj.number("cohort_threshold");
    rule.deadweight_baseline = rule_obj.number("deadweight_baseline");
    rule.notes = rule_obj.annotation("notes");

    // Windows that no client could ever satisfy inside the contract are mistakes.
    if (const auto h = ctx.horizon) {
      const std::string horizon = " horizon_months " + months_text(*h);
      if (rule.lag_months >= *h) {
        ctx.error(rule_obj.pointer_to("lag_months"),
                  "lag_months " + months_text(rule.lag_months) + " is not below" + horizon +
                      "; no payment could fall inside the contract");
      }
      if (rule.min_consecutive_months && *rule.min_consecutive_months > *h) {
        ctx.error(rule_obj.pointer_to("min_consecutive_months"),
                  "min_consecutive_months " + months_text(*rule.min_consecutive_months) +
                      " exceeds" + horizon + "; no client could qualify");
      }
      if (rule.no_reentry && rule.no_reentry->months >= *h) {
        ctx.error(rule_obj.object("no_reentry").pointer_to("months"),
                  "no_reentry months " + months_text(rule.no_reentry->months) + " is not below" +
                      horizon + "; no event could be confirmed");
      }
    }
    c.rules.push_back(std::move(rule));
  }
  if (const auto cap = obj.money("cap_per_client")) c.cap_per_client = *cap;
  if (const auto cap = obj.money("cap_per_client_all_payments"))
    c.cap_per_client_all_payments = *cap;
  if (const auto cap = obj.money("cap_per_contract")) c.cap_per_contract = *cap;
  if (const auto start = obj.string("start")) {
    c.start = parse_calendar_month(*start);
    if (!c.start) {
      ctx.error(obj.pointer_to("start"),
                "expected a calendar month written YYYY-MM (years 1900 "
                "to 2200), got '" +
                    *start + "'");
    }
  }
  c.annual_discount_rate = obj.number("annual_discount_rate").value_or(0.0);
}

}  // namespace pbr::format::detail
