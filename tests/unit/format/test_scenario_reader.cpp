// build_scenario / load_scenario on valid input: the values that reach the model, the
// conversions, the content hash, and problems collected together.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/core/sha256.hpp"
#include "engine/format/json_util.hpp"
#include "engine/format/scenario_reader.hpp"
#include "scenario_test_support.hpp"

using pbr::format::build_scenario;
using pbr::format::load_scenario;
using namespace pbr;

namespace {

const model::TransitionCell& cell(const model::Scenario& s, const std::string& group,
                                  const std::string& from, model::Month month,
                                  model::Month duration) {
  int g = -1;
  for (std::size_t i = 0; i < s.groups.size(); ++i) {
    if (s.groups[i].name == group) g = static_cast<int>(i);
  }
  REQUIRE(g >= 0);
  const auto f = model::find_state(s.states, from);
  REQUIRE(f >= 0);
  return s.transitions[static_cast<std::size_t>(g)].from[static_cast<std::size_t>(f)].cell(
      month, duration);
}

double exit_to(const model::Scenario& s, const model::TransitionCell& c, const std::string& to) {
  const auto t = model::find_state(s.states, to);
  for (const auto& e : c.exits) {
    if (e.to == t) return e.probability;
  }
  return 0.0;
}

std::vector<std::string> messages_of(const nlohmann::json& doc) {
  try {
    build_scenario(doc, "t.json");
  } catch (const core::InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

nlohmann::json minimal_doc() {
  return nlohmann::json::parse(test::read_text(test::source_path("tests/data/valid/minimal.json")));
}

}  // namespace

TEST_CASE("the minimal fixture loads with every value in place", "[format][scenario]") {
  const auto loaded = load_scenario(test::source_path("tests/data/valid/minimal.json"));
  const auto& s = loaded.scenario;
  CHECK(s.name == "minimal");
  CHECK(s.horizon_months == 12);
  CHECK(s.run.seed == 42);
  CHECK(s.run.replications == 10);
  REQUIRE(s.states.size() == 5);
  CHECK(s.states[3].name == "died");
  CHECK(s.states[3].kind == model::StateKind::death);
  CHECK(s.states[3].absorbing);
  CHECK_FALSE(s.states[0].absorbing);
  REQUIRE(s.groups.size() == 1);
  CHECK(s.groups[0].share == 1.0);
  CHECK(s.groups[0].band == 0);
  CHECK(s.referrals.starting_cohort == 100);
  REQUIRE(s.referrals.monthly_rate.size() == 1);
  CHECK(s.referrals.monthly_rate[0].rate == 10.0);
  CHECK(s.referrals.poisson);
  CHECK(s.referrals.admission_state == 0);
  CHECK(s.referrals.untreated_state == 4);
  CHECK(s.referrals.waiting_state == -1);
  const auto& c = cell(s, "all_clients", "in_treatment", 5, 3);
  CHECK(exit_to(s, c, "completed") == 0.05);
  CHECK(exit_to(s, c, "dropped_out") == 0.04);
  CHECK(exit_to(s, c, "died") == Approx(1.0 - std::exp(-0.007 / 12.0)).epsilon(1e-12));
  CHECK(s.economics.cost_per_month[0][0] == 20000);
  CHECK(s.economics.cost_per_month[0][1] == 0);
  CHECK(s.economics.overflow == model::OverflowPolicy::turn_away);
  CHECK_FALSE(s.economics.capacity.has_value());
  REQUIRE(s.contract.rules.size() == 1);
  CHECK(s.contract.rules[0].kind == model::RuleKind::outcome_payment);
  CHECK(s.contract.rules[0].trigger_states == std::vector<model::StateIndex>{1});
  CHECK(s.contract.rules[0].amount_by_band == std::vector<core::Pence>{100000});
  CHECK(s.contract.rules[0].frequency == model::PayFrequency::once_per_client);
  CHECK(s.strategies.names.empty());
  CHECK(model::check_invariants(s).empty());
  CHECK(loaded.sha256 == core::sha256_hex(loaded.resolved.dump()));
  CHECK(loaded.sha256.size() == 64);
}

TEST_CASE("the annotated example in docs/scenario-format.md is a valid scenario",
          "[format][scenario][docs]") {
  const std::string text = test::doc_example_text();
  REQUIRE_FALSE(text.empty());
  const auto doc = format::parse_json_text(text, "doc-example.json");
  const auto s = build_scenario(doc, "doc-example.json");
  CHECK(s.horizon_months == 24);
  REQUIRE(s.referrals.monthly_rate.size() == 2);
  CHECK(s.referrals.monthly_rate[1].from_month == 12);
  CHECK(s.referrals.monthly_rate[1].rate == 35.0);
  CHECK(s.referrals.existing.size() == 1);
  CHECK(s.referrals.existing[0].months_in_state == 12);
  CHECK(s.referrals.waiting_state == model::find_state(s.states, "waiting"));
  // The example shows every key added with the graded, calendar-aware contract.
  CHECK(s.referrals.existing[0].group == 0);  // "opiate"
  REQUIRE(s.economics.block_changes.size() == 1);
  CHECK(s.economics.block_payment_at(11) == 4000000);
  CHECK(s.economics.block_payment_at(12) == 3500000);
  REQUIRE(s.contract.start.has_value());
  CHECK(*s.contract.start == model::CalendarMonth{2012, 4});
  CHECK(s.contract.cap_per_client == 300000);
  CHECK(s.contract.cap_per_client_all_payments == 310000);
  const auto& completion = s.contract.rules[1];
  REQUIRE(completion.tariff_changes.size() == 1);
  CHECK(completion.amount_at(1, 11) == 120000);
  CHECK(completion.amount_at(1, 12) == 140000);
  REQUIRE(completion.graded.has_value());
  CHECK(completion.graded->interpolation == model::Interpolation::linear);
  CHECK(completion.graded->reconcile_every_months == 3);
  CHECK(completion.graded->measured_over_months == 12);
  CHECK(completion.graded->points.size() == 2);
  CHECK(s.groups[0].attributes ==
        std::vector<std::pair<std::string, std::string>>{{"crack_use", "no"}});

  SECTION("a per-group entry overrides the all-groups default") {
    CHECK(exit_to(s, cell(s, "opiate", "in_treatment", 0, 0), "completed") ==
          Approx(model::monthly_from_annual_probability(0.074)).epsilon(1e-12));
    CHECK(exit_to(s, cell(s, "alcohol", "in_treatment", 0, 0), "completed") ==
          Approx(model::monthly_from_annual_probability(0.36)).epsilon(1e-12));
  }
  SECTION("a calendar entry applies from its month on") {
    CHECK(exit_to(s, cell(s, "alcohol", "in_treatment", 11, 5), "completed") ==
          Approx(model::monthly_from_annual_probability(0.36)).epsilon(1e-12));
    CHECK(exit_to(s, cell(s, "alcohol", "in_treatment", 12, 5), "completed") ==
          Approx(model::monthly_from_annual_probability(0.30)).epsilon(1e-12));
    CHECK(exit_to(s, cell(s, "opiate", "in_treatment", 12, 5), "completed") ==
          Approx(model::monthly_from_annual_probability(0.074)).epsilon(1e-12));
  }
  SECTION("duration pieces apply by months in the state") {
    CHECK(exit_to(s, cell(s, "opiate", "in_treatment", 3, 0), "dropped_out") == 0.09);
    CHECK(exit_to(s, cell(s, "opiate", "in_treatment", 3, 1), "dropped_out") == 0.02);
    CHECK(exit_to(s, cell(s, "opiate", "in_treatment", 3, 40), "dropped_out") == 0.02);
    CHECK(exit_to(s, cell(s, "opiate", "community", 0, 5), "recovered") == 0.0);
    CHECK(exit_to(s, cell(s, "opiate", "community", 0, 6), "recovered") == 0.05);
  }
  SECTION("money becomes exact pence; later cost entries override") {
    const auto treat = model::find_state(s.states, "in_treatment");
    const auto wait = model::find_state(s.states, "waiting");
    CHECK(s.economics.cost_per_month[0][static_cast<std::size_t>(treat)] == 25000);
    CHECK(s.economics.cost_per_month[2][static_cast<std::size_t>(treat)] == 18000);
    CHECK(s.economics.cost_per_month[2][static_cast<std::size_t>(wait)] == 1250);
    CHECK(s.economics.block_payment_per_month == 4000000);
    CHECK(s.economics.capacity == 450);
    CHECK(s.economics.overflow == model::OverflowPolicy::wait);
    CHECK(s.economics.max_wait_months == 3);
    CHECK(s.contract.cap_per_client == 300000);
    CHECK_FALSE(s.contract.cap_per_contract.has_value());
    CHECK(s.contract.annual_discount_rate == 0.035);
  }
  SECTION("payment rules keep their conditions") {
    REQUIRE(s.contract.rules.size() == 3);
    const auto& fee = s.contract.rules[0];
    CHECK(fee.kind == model::RuleKind::attachment_fee);
    CHECK(fee.frequency == model::PayFrequency::once_per_episode);
    CHECK(fee.amount_by_band == std::vector<core::Pence>{10000, 15000});
    const auto& completion = s.contract.rules[1];
    REQUIRE(completion.no_reentry.has_value());
    CHECK(completion.no_reentry->months == 6);
    CHECK(completion.no_reentry->states ==
          std::vector<model::StateIndex>{model::find_state(s.states, "re_presented")});
    CHECK(completion.lag_months == 1);
    CHECK(completion.clawback.has_value());
    CHECK_FALSE(completion.min_consecutive_months.has_value());
    CHECK(s.contract.rules[2].cohort_threshold == 0.05);
    CHECK(s.contract.rules[2].deadweight_baseline == 0.01);
  }
  SECTION("behaviours: the group's own fields replace the \"*\" fields") {
    REQUIRE(s.behaviours.size() == 2);
    const auto& park = s.behaviours[model::find_behaviour(s.behaviours, "park")];
    CHECK(park.groups[0].cost_multiplier == 0.7);
    REQUIRE(park.groups[0].multipliers.size() == 1);
    CHECK(park.groups[0].multipliers[0].factor == 0.6);
    CHECK(park.groups[2].cost_multiplier == 1.0);
    CHECK(park.groups[2].multipliers.empty());
    const auto& refuse = s.behaviours[model::find_behaviour(s.behaviours, "refuse_crack")];
    CHECK(refuse.groups[1].admission_probability == 0.5);
    CHECK(refuse.groups[0].admission_probability == 1.0);
    CHECK(s.strategies.names ==
          std::vector<std::string>{"admit_all", "cherry_pick", "park", "refuse_crack"});
  }
}

TEST_CASE("money may be a number or a string of pounds", "[format][scenario][money]") {
  auto doc = minimal_doc();
  auto& cost = doc["economics"]["cost_per_month"][0]["pounds"];
  for (const auto& [value, pence] :
       std::vector<std::pair<nlohmann::json, core::Pence>>{{200, 20000},
                                                           {12.5, 1250},
                                                           {"12.50", 1250},
                                                           {"0.07", 7},
                                                           {1e3, 100000},
                                                           {"1250", 125000},
                                                           {0.1, 10},
                                                           {99999999.99, 9999999999}}) {
    cost = value;
    CAPTURE(value);
    CHECK(build_scenario(doc, "t.json").economics.cost_per_month[0][0] == pence);
  }
  for (const auto& bad :
       std::vector<nlohmann::json>{-5, "12.345", 0.125, "1e3", "", "£5", true, "-0.01", 1e300}) {
    cost = bad;
    CAPTURE(bad);
    CHECK(messages_of(doc) ==
          std::vector<std::string>{"t.json: /economics/cost_per_month/0/pounds: expected pounds "
                                   ">= 0 with at most two decimals, got " +
                                   format::render_value(bad)});
  }
}

TEST_CASE("a file with several problems reports all of them, in document order",
          "[format][scenario]") {
  auto doc = minimal_doc();
  doc["horizon_months"] = 0;
  doc["states"][3]["absorbing"] = false;
  doc["groups"][0]["band"] = "premium";
  doc["transitions"][0]["monthly"] = 1.5;
  doc["contract"]["payments"][0]["kind"] = "outcome_pay";
  doc["economics"]["cost_per_month"][0]["pounds"] = -5;
  doc["strategies"] = {{"evaluate", {"admit_al"}}};
  CHECK(messages_of(doc) ==
        std::vector<std::string>{
            "t.json: /horizon_months: expected an integer from 1 to 1200, got 0",
            "t.json: /transitions/0/monthly: expected a probability from 0 to 1, got 1.5",
            "t.json: /economics/cost_per_month/0/pounds: expected pounds >= 0 with at most two "
            "decimals, got -5",
            "t.json: /contract/payments/0/kind: unknown payment kind 'outcome_pay'; valid kinds: "
            "attachment_fee, outcome_payment",
            "t.json: /states/3/absorbing: death state 'died' must be absorbing; set "
            "\"absorbing\": true",
            "t.json: /groups/0/band: unknown band 'premium'; valid bands: standard",
            "t.json: /strategies/evaluate/0: unknown strategy 'admit_al'; did you mean "
            "'admit_all'? valid strategies: admit_all, cherry_pick, park, fast_track, "
            "best_response, worst_case"});
}

TEST_CASE("the content hash is the SHA-256 of the canonical resolved document",
          "[format][scenario][hash]") {
  test::TempDir dir;
  const auto minimal = test::read_text(test::source_path("tests/data/valid/minimal.json"));
  const auto a = dir.write("a.json", minimal);
  // The same scenario with other whitespace and key order, and as a layered file.
  auto reordered = nlohmann::json::parse(minimal).dump(7);
  const auto b = dir.write("b.json", reordered);
  dir.write("base.json", minimal);
  const auto c = dir.write("c.json", R"({"extends": "base.json", "horizon_months": 12})");
  const auto d = dir.write("d.json", R"({"extends": "base.json", "horizon_months": 13})");
  const auto ha = load_scenario(a).sha256;
  CHECK(ha == load_scenario(b).sha256);
  CHECK(ha == load_scenario(c).sha256);
  CHECK(ha != load_scenario(d).sha256);
}

TEST_CASE("files that are not scenario files are reported, never crash", "[format][scenario]") {
  test::TempDir dir;
  const auto check_message = [](const std::string& path, const std::string& message) {
    try {
      load_scenario(path);
      FAIL("no error for " << path);
    } catch (const core::InputError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].to_string() == path + ": /: " + message);
    }
  };
  check_message(dir.file("absent.json"), "file not found");
  std::filesystem::create_directories(dir.file("folder.json"));
  check_message(dir.file("folder.json"), "is a directory; expected a JSON file");
  check_message(dir.write("empty.json", ""), "empty file; expected a JSON object");
  check_message(dir.write("blank.json", " \n\t\n"), "empty file; expected a JSON object");
  check_message(dir.write("array.json", "[1, 2]"),
                "expected a JSON object at the top level, got [1,2]");
  check_message(dir.write("number.json", "12"), "expected a JSON object at the top level, got 12");
  check_message(dir.write("deep.json", std::string(200, '[') + std::string(200, ']')),
                "JSON nested more than 64 levels deep; a scenario never needs that");
  check_message(dir.write("binary.json", std::string("{\"name\": \"\xff\xfe\"}")),
                "malformed JSON at line 1, column 11: syntax error while parsing value - invalid "
                "string: ill-formed UTF-8 byte; last read: '\"\xff'");
  if (::geteuid() != 0) {  // root reads anything, so the permission case is skipped there
    const auto locked = dir.write("locked.json", "{}");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    check_message(locked, "cannot read file");
  }
}

TEST_CASE("build_scenario refuses unresolved and non-object documents", "[format][scenario]") {
  auto doc = minimal_doc();
  doc["extends"] = "base.json";
  CHECK(messages_of(doc) ==
        std::vector<std::string>{"t.json: /extends: 'extends' must be resolved before a scenario "
                                 "is built (read the file with load_scenario)"});
  CHECK(messages_of(nlohmann::json::array()) ==
        std::vector<std::string>{"t.json: /: expected a JSON object at the top level, got []"});
  CHECK(messages_of(nlohmann::json::object()) ==
        std::vector<std::string>{"t.json: /: missing required key 'name'",
                                 "t.json: /: missing required key 'horizon_months'",
                                 "t.json: /: missing required key 'states'",
                                 "t.json: /: missing required key 'bands'",
                                 "t.json: /: missing required key 'groups'",
                                 "t.json: /: missing required key 'referrals'"});
}

TEST_CASE("an existing-caseload entry may name its group; without one, shares decide",
          "[format][scenario]") {
  auto doc = minimal_doc();
  doc["groups"] = nlohmann::json::parse(
      R"([{"name": "opiate", "share": 0.4, "band": "standard"},
          {"name": "alcohol", "share": 0.6, "band": "standard"}])");
  doc["referrals"]["existing_caseload"] = nlohmann::json::parse(
      R"([{"count": 30, "state": "in_treatment", "months_in_state": 20, "group": "opiate"},
          {"count": 10, "state": "dropped_out", "group": "alcohol"},
          {"count": 7, "state": "in_treatment"}])");
  const auto s = build_scenario(doc, "t.json");
  REQUIRE(s.referrals.existing.size() == 3);
  CHECK(s.referrals.existing[0].group == 0);
  CHECK(s.referrals.existing[0].months_in_state == 20);
  CHECK(s.referrals.existing[1].group == 1);
  CHECK(s.referrals.existing[1].state == model::find_state(s.states, "dropped_out"));
  CHECK(s.referrals.existing[2].group == -1);
  CHECK(model::check_invariants(s).empty());

  doc["referrals"]["existing_caseload"][1]["group"] = "cannabis";
  CHECK(messages_of(doc) ==
        std::vector<std::string>{"t.json: /referrals/existing_caseload/1/group: unknown group "
                                 "'cannabis'; valid groups: opiate, alcohol"});
}

TEST_CASE("a behaviour's intensity range is read, bounded and checked at both ends",
          "[format][scenario][behaviour]") {
  auto doc = minimal_doc();
  doc["behaviours"] = nlohmann::json::parse(R"({
    "hold": {"intensity": {"min": 0, "max": 2},
             "groups": {"*": {"cost_multiplier": 0.5, "transition_multipliers": [
               {"from": "in_treatment", "to": "completed", "factor": 0.5}]}}}})");
  const auto s = build_scenario(doc, "t.json");
  REQUIRE(s.behaviours.size() == 1);
  REQUIRE(s.behaviours[0].intensity);
  CHECK(s.behaviours[0].intensity->min == 0.0);
  CHECK(s.behaviours[0].intensity->max == 2.0);
  // Out of its bounds (min <= 1 <= max), and rows above 1 at the top of the range: at
  // intensity 10 the factor 3.5 becomes 1 + 10 x 2.5 = 26: 0.04 x 26 + 0.05 + deaths > 1.
  doc["behaviours"] = nlohmann::json::parse(R"({
    "bad": {"intensity": {"min": 2, "max": 0.5}},
    "push": {"intensity": {"min": 0, "max": 10},
             "groups": {"*": {"transition_multipliers": [
               {"from": "in_treatment", "to": "dropped_out", "factor": 3.5}]}}}})");
  CHECK(messages_of(doc) ==
        std::vector<std::string>{
            "t.json: /behaviours/bad/intensity/min: expected a number from -10 to 1, got 2",
            "t.json: /behaviours/bad/intensity/max: expected a number from 1 to 10, got 0.5",
            "t.json: /behaviours/push/groups/*/transition_multipliers: under behaviour 'push' at "
            "intensity 10, exit probabilities from 'in_treatment' for group 'all_clients' sum to "
            "1.090583163 (calendar month 0, duration 0 months); expected at most 1"});
}

TEST_CASE("a behaviour may start admitted referrals elsewhere, never in an absorbing state",
          "[format][scenario][behaviour]") {
  auto doc = minimal_doc();
  doc["behaviours"] = nlohmann::json::parse(R"({
    "delay": {"groups": {"*": {"entry_state": "dropped_out"}}}})");
  const auto s = build_scenario(doc, "t.json");
  REQUIRE(s.behaviours.size() == 1);
  CHECK(s.behaviours[0].groups[0].entry_state == model::find_state(s.states, "dropped_out"));
  doc["behaviours"] = nlohmann::json::parse(R"({
    "bad": {"groups": {"*": {"entry_state": "died"}}},
    "typo": {"groups": {"*": {"entry_state": "dropped"}}}})");
  const auto messages = messages_of(doc);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0] ==
        "t.json: /behaviours/bad/groups/*/entry_state: admitted referrals cannot "
        "start in the absorbing state 'died'");
  CHECK(messages[1].rfind("t.json: /behaviours/typo/groups/*/entry_state: unknown state "
                          "'dropped'",
                          0) == 0);
}
