// Economics and the contract: costs, capacity and the payment rules.
#include <set>

#include "engine/io/json_util.hpp"
#include "engine/io/scenario_build.hpp"

namespace pbr::io::detail {

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

void read_amounts(const DeclaredObject& rule, BuildContext& ctx, model::PaymentRule& out) {
  const auto& bands = ctx.scenario.bands;
  out.amount_by_band.assign(bands.size(), 0);
  if (!rule.value("amount_by_band")) return;  // missing or not an object: already reported
  std::vector<bool> given(bands.size(), false);
  for (const auto& item : rule.members("amount_by_band", true)) {
    const auto band = ctx.lookup(ctx.bands, item.name, item.pointer);
    if (!band) continue;
    given[static_cast<std::size_t>(*band)] = true;
    if (const auto pence = money_pence(*item.value); pence && *pence >= 0)
      out.amount_by_band[static_cast<std::size_t>(*band)] = *pence;
  }
  if (!ctx.bands.complete) return;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    if (!given[b] && !bands[b].name.empty()) {
      ctx.error(rule.pointer_to("amount_by_band"),
                "missing amount for band '" + bands[b].name +
                    "'; every band needs one (write 0 for none)");
    }
  }
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
    read_amounts(rule_obj, ctx, rule);
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
  if (const auto cap = obj.money("cap_per_contract")) c.cap_per_contract = *cap;
  c.annual_discount_rate = obj.number("annual_discount_rate").value_or(0.0);
}

}  // namespace pbr::io::detail
