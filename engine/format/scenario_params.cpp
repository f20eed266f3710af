#include "engine/format/scenario_params.hpp"

#include <utility>

#include "engine/format/scenario_limits.hpp"
#include "engine/model/states.hpp"

namespace pbr::format {

namespace {

// Bounds that keep every input far from overflow and from runs that could never finish; the
// largest realistic values (a 100-year horizon, a national caseload) fit well inside them.
constexpr std::int64_t MAX_MONTHS = 1200;
constexpr std::int64_t MAX_CLIENTS = 10'000'000;
constexpr std::int64_t MAX_REPLICATIONS = 1'000'000;

FieldSpec required(std::string key, ValueSpec value, std::string description,
                   std::string constraint = "") {
  return FieldSpec{std::move(key),         std::move(value),     true, nullptr, "",
                   std::move(description), std::move(constraint)};
}

FieldSpec optional(std::string key, ValueSpec value, nlohmann::json default_value,
                   std::string description, std::string constraint = "") {
  return FieldSpec{
      std::move(key),         std::move(value),     false, std::move(default_value), "",
      std::move(description), std::move(constraint)};
}

// An optional key without a default value: absent (or null) turns the feature off.
FieldSpec absent_means(std::string key, ValueSpec value, std::string default_text,
                       std::string description, std::string constraint = "") {
  return FieldSpec{
      std::move(key),         std::move(value),     false, nullptr, std::move(default_text),
      std::move(description), std::move(constraint)};
}

ValueSpec months(std::int64_t min) {
  return integer(min, MAX_MONTHS, "months");
}
ValueSpec names(std::string unit, std::size_t min_items) {
  auto s = array_of(text(true, unit), min_items);
  s.unit = std::move(unit);
  return s;
}

std::vector<std::string> state_kinds() {
  std::vector<std::string> out;
  for (const auto kind : model::ALL_STATE_KINDS) out.emplace_back(model::to_string(kind));
  return out;
}

// The keys that give one probability; `by_duration` is added for whole transitions.
std::vector<FieldSpec> probability_fields() {
  return {
      absent_means("monthly", probability("probability/month"), "", "monthly probability"),
      absent_means("annual_probability", probability("probability/year"), "",
                   "annual probability P; monthly = 1 - (1 - P)^(1/12)"),
      absent_means("annual_rate", number(0.0, 1000.0, "events/person-year"), "",
                   "annual rate r; monthly = 1 - exp(-r/12)"),
  };
}

}  // namespace

ScenarioDeclarations::ScenarioDeclarations() {
  run = {"run",
         "default run settings; the command line overrides them",
         {optional(
              "seed",
              [] {
                auto s = integer(0, std::nullopt, "");
                s.allow_u64 = true;
                return s;
              }(),
              1, "master seed of the random streams", "<= 2^64-1"),
          optional("replications", integer(1, MAX_REPLICATIONS, "replications"), 100,
                   "independent replications of the contract")}};

  state = {"state",
           "one state of the treatment pathway",
           {required("name", csv_name(text(true)), "state name", "unique"),
            required("kind", choice(state_kinds(), "state kind", "kinds"),
                     "what an entry into the state means to the engine"),
            optional("absorbing", boolean_value(), false,
                     "no transitions out; death states must be absorbing"),
            optional("description", text(), "", "free text")}};

  band = {"band",
          "a tariff band from the independent assessment",
          {required("name", csv_name(text(true)), "band name", "unique"),
           optional("description", text(), "", "free text")}};

  group = {"group",
           "one client group of the case-mix",
           {required("name", csv_name(text(true)), "group name", "unique"),
            required("share", probability("share"), "share of referrals", "shares sum to 1"),
            required("band", text(true, "band name"), "tariff band the assessment gives it"),
            optional("attributes", csv_name(map_of(csv_name(text()))), nlohmann::json::object(),
                     "what the provider sees and the tariff ignores, e.g. crack_use: yes"),
            optional("description", text(), "", "free text")}};

  rate_piece = {"rate_piece",
                "referrals per month from a calendar month on",
                {required("from_month", integer(0, MAX_MONTHS - 1, "month"), "piece start",
                          "first 0, increasing, < horizon"),
                 required("rate", number(0.0, 1'000'000.0, "clients/month"),
                          "expected referrals per month from then on")}};

  existing_caseload = {
      "existing_caseload",
      "clients already in the system at month 0: group, state and months in state",
      {required("count", integer(0, MAX_CLIENTS, "clients"), "number of clients"),
       required("state", text(true, "state name"), "state they are in at month 0"),
       optional("months_in_state", months(0), 0, "months already spent in that state"),
       absent_means("group", text(true, "group name"), "drawn by referral shares",
                    "the group of these clients")}};

  referrals = {
      "referrals",
      "how referrals arrive and where they go",
      {optional("starting_cohort", integer(0, MAX_CLIENTS, "clients"), 0,
                "referrals arriving at month 0, on top of the rate"),
       optional(
           "monthly_rate",
           union_of({number(0.0, 1'000'000.0, "clients/month"), array_of(object_of(rate_piece), 1)},
                    "a number >= 0 or a non-empty array of {from_month, rate} pieces"),
           0, "expected referrals per month, constant or piecewise"),
       optional("poisson", boolean_value(), true,
                "Poisson monthly counts; false: the integer part of the cumulative rate"),
       optional("existing_caseload", array_of(object_of(existing_caseload)),
                nlohmann::json::array(), "clients present at month 0"),
       required("admission_state", text(true, "state name"), "where admitted referrals start",
                "treatment kind"),
       required("untreated_state", text(true, "state name"),
                "where refused or turned-away referrals go", "untreated kind"),
       absent_means("waiting_state", text(true, "state name"), "none",
                    "where referrals wait for a place", "waiting kind")}};

  duration_piece = {"duration_piece",
                    "a probability from a number of months in the state on",
                    {required("from_duration", months(0), "piece start (months in the state)",
                              "first 0, increasing")}};
  for (auto& f : probability_fields()) duration_piece.fields.push_back(f);
  duration_piece.exactly_one_of = {{"monthly", "annual_probability", "annual_rate"}};

  transition = {"transition",
                "the monthly probability of one move, for some groups, from a calendar month on",
                {absent_means("groups", names("group names", 1), "all", "groups it applies to"),
                 required("from", text(true, "state name"), "state left", "not absorbing"),
                 required("to", text(true, "state name"), "state entered", "differs from from")}};
  for (auto& f : probability_fields()) transition.fields.push_back(f);
  transition.fields.push_back(absent_means("by_duration", array_of(object_of(duration_piece), 1),
                                           "", "piecewise by months in the from state"));
  transition.fields.push_back(optional("from_month", integer(0, MAX_MONTHS - 1, "month"), 0,
                                       "calendar month it applies from", "< horizon"));
  transition.exactly_one_of = {{"monthly", "annual_probability", "annual_rate", "by_duration"}};

  cost = {"cost",
          "the provider's cost of one client-month in a state",
          {absent_means("groups", names("group names", 1), "all", "groups it applies to"),
           required("state", text(true, "state name"), "state"),
           required("pounds", money(true, "pounds/client-month"), "cost")}};

  block_change = {"block_change",
                  "a new monthly block payment from a contract month on",
                  {required("from_month", integer(1, MAX_MONTHS - 1, "month"),
                            "first month of the new block payment", "increasing, < horizon"),
                   required("pounds", money(true, "pounds/month"), "block payment per month")}};

  economics = {
      "economics",
      "the provider's costs, block income and capacity",
      {optional("cost_per_month", array_of(object_of(cost)), nlohmann::json::array(),
                "cost by state and group; later entries override, unlisted cost 0"),
       optional("block_payment_per_month", money(true, "pounds/month"), 0,
                "fixed payment to the provider each month"),
       optional("block_payment_changes", array_of(object_of(block_change)), nlohmann::json::array(),
                "later block payments, e.g. a block that falls as the PbR share rises"),
       absent_means("capacity", or_null(integer(0, 100'000'000, "clients")), "unlimited",
                    "largest caseload in treatment-kind states at once; binds every entry into "
                    "treatment"),
       optional("overflow", choice({"wait", "turn_away"}, "overflow policy", "policies"),
                "turn_away",
                "what happens to referrals and re-presentations when treatment is full",
                "wait needs a waiting state"),
       absent_means("max_wait_months", or_null(months(1)), "no limit",
                    "longest wait for a place before a client is turned away")}};

  window = {"window",
            "a set of states and a window of months",
            {required("states", names("state names", 1), "states"),
             required("months", months(1), "window length")}};

  tariff_change = {
      "tariff_change",
      "new amounts of a payment rule from a contract month on",
      {required("from_month", integer(1, MAX_MONTHS - 1, "month"),
                "first payment month of the new amounts", "increasing, < horizon"),
       required("amount_by_band", map_of(money(true)), "amount per band", "every band")}};

  schedule_point = {
      "schedule_point",
      "a point of a graded schedule",
      {required("rate", probability("proportion"), "achievement rate of the period", "increasing"),
       required("share", probability("share"), "share of the tariff paid per qualifying client")}};

  graded = {
      "graded",
      "a payment that rises with the cohort's achievement rate, reconciled per period",
      {required("schedule", array_of(object_of(schedule_point), 1),
                "achievement rates and the share of the tariff each earns"),
       optional("interpolation", choice({"steps", "linear"}, "interpolation", "interpolations"),
                "steps", "tiered steps, or linear between points"),
       optional("reconcile_every_months", months(1), 12,
                "reconciliation period; aligned to April when it divides 12"),
       absent_means("measured_over_months", months(1), "reconcile_every_months",
                    "window ending with each period over which the rate is measured",
                    ">= reconcile_every_months")}};

  payment = {
      "payment_rule",
      "a per-client payment rule",
      {required("name", csv_name(text(true)), "rule name", "unique"),
       required("kind", choice({"attachment_fee", "outcome_payment"}, "payment kind", "kinds"),
                "what the rule pays for"),
       required("trigger_states", names("state names", 1), "entries into these states trigger it"),
       required("amount_by_band", map_of(money(true)), "amount per band", "every band"),
       optional("tariff_changes", array_of(object_of(tariff_change)), nlohmann::json::array(),
                "later amounts by payment month"),
       optional("lag_months", months(0), 0, "months from event to payment"),
       optional("frequency",
                choice({"once_per_client", "once_per_episode"}, "payment frequency", "frequencies"),
                "once_per_client", "first qualifying event only, or every one"),
       absent_means("min_consecutive_months", months(1), "none",
                    "qualifies only after k consecutive months in the state"),
       absent_means("no_reentry", object_of(window), "none",
                    "qualifies only without entering these states for N months"),
       absent_means("clawback", object_of(window), "none",
                    "recovered if the client enters these states within N months of payment"),
       absent_means("cohort_threshold", probability("proportion"), "none",
                    "pays only if qualifying clients / the cohort reaches this"),
       absent_means("deadweight_baseline", probability("proportion"), "none",
                    "pays only for outcomes above baseline x the cohort"),
       absent_means("graded", object_of(graded), "none",
                    "pays a share of the tariff that rises with the achievement rate")}};

  contract = {
      "contract",
      "the Payment-by-Results contract",
      {optional("payments", array_of(object_of(payment)), nlohmann::json::array(),
                "per-client payment rules"),
       absent_means("cap_per_client", or_null(money(true)), "none",
                    "cap on a client's total outcome payments (fees not counted)"),
       absent_means("cap_per_client_all_payments", or_null(money(true)), "none",
                    "cap on a client's total payments under every rule"),
       absent_means("cap_per_contract", or_null(money(true)), "none",
                    "cap on the net total of all rule payments"),
       absent_means("start", text(true, "YYYY-MM"), "none",
                    "calendar month of month 0; financial years run April to March", "YYYY-MM"),
       optional("annual_discount_rate", number(0.0, 1.0, "per year"), 0,
                "month t discounted by (1+r)^(-t/12)")}};

  multiplier = {
      "transition_multiplier",
      "multiplies the monthly probability of one move",
      {required("from", text(true, "state name"), "state left"),
       required("to", text(true, "state name"), "state entered"),
       required("factor", number(0.0, 1000.0, "factor"), "multiplier", "rows stay <= 1")}};

  group_behaviour = {
      "group_behaviour",
      "how the provider treats one group (or every group, under \"*\")",
      {optional("admission_probability", probability(), 1,
                "probability that a referral is admitted"),
       optional("cost_multiplier", number(0.0, 100.0, "factor"), 1,
                "multiplies the group's cost in treatment states"),
       absent_means("entry_state", text(true, "state name"), "referrals.admission_state",
                    "where admitted referrals start (e.g. a waiting state: "
                    "entry delayed)",
                    "not absorbing"),
       optional("transition_multipliers", array_of(object_of(multiplier)), nlohmann::json::array(),
                "effort modifiers on named moves")}};

  intensity = {"intensity",
               "bounds of a behaviour's intensity t: each factor f becomes 1 + t (f - 1), the "
               "cost multiplier likewise; 0 is honest, 1 as declared",
               {required("min", number(-10.0, 1.0, "intensity"), "lowest intensity", "<= 1"),
                required("max", number(1.0, 10.0, "intensity"), "highest intensity", ">= 1")}};

  behaviour = {
      "behaviour",
      "a provider behaviour to compare",
      {optional("description", text(), "", "free text"),
       optional("form", choice({"parking", "timing", "other"}, "gaming form", "forms"), "other",
                "the form of gaming it is, named by the verdict: parking (less effort for "
                "clients the tariff does not cover), timing (discharges rushed or held) or "
                "other"),
       absent_means("intensity", object_of(intensity), "fixed at 1",
                    "a continuous lever: the best response may choose the intensity in "
                    "[min, max]"),
       optional("groups", map_of(object_of(group_behaviour)), nlohmann::json::object(),
                "per group (or \"*\" for all) admission and effort", "known groups or *")}};

  strategies = {
      "strategies",
      "which strategies `pbrsim run` compares",
      {optional("evaluate", array_of(text(true)), nlohmann::json::array(),
                "strategy names; empty: admit_all only", "built-in or declared behaviour"),
       optional("cherry_pick_min_margin", money(false), 0,
                "cherry_pick admits a group whose expected margin reaches this"),
       optional("open_access", boolean_value(), false,
                "the provider must admit every referral: best_response chooses effort only")}};

  scenario = {
      "scenario",
      "a pbrsim scenario",
      {absent_means("extends", text(true, "path"), "none",
                    "base scenario, relative to this file; this file is a merge patch over it"),
       required("name", csv_name(text(true)), "scenario name"),
       optional("description", text(), "", "free text"),
       required("horizon_months", months(1), "months simulated (0 .. horizon-1)"),
       absent_means("run", object_of(run), "defaults", "default run settings"),
       required("states", at_most(array_of(object_of(state), 1), MAX_STATES, "states"),
                "pathway states"),
       required("bands", array_of(object_of(band), 1), "tariff bands"),
       required("groups", at_most(array_of(object_of(group), 1), MAX_GROUPS, "groups"),
                "client groups"),
       required("referrals", object_of(referrals), "referral flows"),
       optional("transitions", array_of(object_of(transition)), nlohmann::json::array(),
                "monthly exits; later entries override earlier ones"),
       optional("transition_overrides", array_of(object_of(transition)), nlohmann::json::array(),
                "applied after transitions (for variants)"),
       absent_means("economics", object_of(economics), "defaults", "provider economics"),
       absent_means("contract", object_of(contract), "defaults", "the contract"),
       optional("behaviours", csv_name(map_of(object_of(behaviour))), nlohmann::json::object(),
                "provider behaviours by name"),
       absent_means("strategies", object_of(strategies), "defaults", "strategy comparison")}};
}

const ScenarioDeclarations& scenario_declarations() {
  static const ScenarioDeclarations declarations;
  return declarations;
}

}  // namespace pbr::format
