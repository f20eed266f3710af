// The Monte Carlo against exact mode: every tally entry's mean over replications must lie
// within 4 standard errors of its exact expectation. Six scenarios of different shapes,
// fixed seeds.
//
// The standard error is the sample one, sd / sqrt(R). Where fewer than 10 replications saw
// a non-zero value, the sample sd says little (a rare tally is often 0 in every
// replication), so that entry is judged by its expected count instead: the Poisson standard
// error sqrt(quantum * |exact| / R), quantum being the size of one event (1 for counts and
// client-months, the payment for payments, the dearest client-month for costs).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/exact/exact.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/path_tally.hpp"
#include "small_scenarios.hpp"

using namespace pbr;
using namespace pbr::exact::testing;
using model::StateKind;

namespace {

constexpr double Z_BAND = 4.0;
constexpr int MIN_NONZERO = 10;

// One tally entry: where it lives, and the size of one event.
struct Entry {
  std::string name;
  double quantum = 1.0;
};

// Every entry of a tally, in a fixed order, as doubles.
template <class T>
std::vector<double> flatten(const sim::ReplicationTally<T>& t) {
  std::vector<double> out;
  const auto put = [&out](const auto& v) {
    for (const auto& x : v) out.push_back(static_cast<double>(x));
  };
  for (const auto& g : t.by_group) {
    for (auto x : {g.referrals, g.admissions, g.refused, g.turned_away, g.existing, g.waited,
                   g.wait_months, g.direct_starts}) {
      out.push_back(static_cast<double>(x));
    }
    put(g.transitions);
    put(g.placements);
    put(g.client_months);
  }
  put(t.occupancy);
  put(t.ledger.payments);
  put(t.ledger.qualifying);
  put(t.cost);
  return out;
}

// Names and quanta in flatten's order.
std::vector<Entry> describe(const model::Scenario& sc, const sim::ProviderPolicy& policy) {
  const int S = static_cast<int>(sc.states.size());
  const int G = static_cast<int>(sc.groups.size());
  const int R = static_cast<int>(sc.contract.rules.size());
  const int H = sc.horizon_months;
  std::vector<Entry> out;
  const auto name = [&](int g) { return "group " + sc.groups[static_cast<std::size_t>(g)].name; };
  for (int g = 0; g < G; ++g) {
    for (const char* f : {"referrals", "admissions", "refused", "turned_away", "existing", "waited",
                          "wait_months", "direct_starts"}) {
      out.push_back({name(g) + " " + f});
    }
    for (int a = 0; a < S; ++a) {
      for (int b = 0; b < S; ++b) {
        out.push_back({name(g) + " transitions " + std::to_string(a) + "->" + std::to_string(b)});
      }
    }
    for (int s = 0; s < S; ++s) out.push_back({name(g) + " placements " + std::to_string(s)});
    for (int s = 0; s < S; ++s) out.push_back({name(g) + " client_months " + std::to_string(s)});
  }
  for (int t = 0; t < H; ++t) {
    for (int s = 0; s < S; ++s) {
      for (int g = 0; g < G; ++g) {
        out.push_back({"occupancy month " + std::to_string(t) + " state " + std::to_string(s) +
                       " " + name(g)});
      }
    }
  }
  const auto amount = [&](int r, int g) {
    const auto band = static_cast<std::size_t>(sc.groups[static_cast<std::size_t>(g)].band);
    return static_cast<double>(sc.contract.rules[static_cast<std::size_t>(r)].amount_by_band[band]);
  };
  for (int t = 0; t < H; ++t) {
    for (int r = 0; r < R; ++r) {
      for (int g = 0; g < G; ++g) {
        out.push_back(
            {"payments month " + std::to_string(t) + " rule " + std::to_string(r) + " " + name(g),
             amount(r, g)});
      }
    }
  }
  for (int r = 0; r < R; ++r) {
    for (int g = 0; g < G; ++g)
      out.push_back({"qualifying rule " + std::to_string(r) + " " + name(g)});
  }
  const auto costs = sim::unit_costs(sc, policy);
  for (int t = 0; t < H; ++t) {
    for (int g = 0; g < G; ++g) {
      const auto first = costs.begin() + static_cast<std::ptrdiff_t>(g) * S;
      const double dearest = static_cast<double>(*std::max_element(first, first + S));
      out.push_back({"cost month " + std::to_string(t) + " " + name(g), std::max(dearest, 1.0)});
    }
  }
  return out;
}

// Runs the Monte Carlo and checks every entry; returns the largest |z| seen.
double check_against_mc(const model::Scenario& sc, const sim::ProviderPolicy& policy,
                        std::uint64_t seed, int replications) {
  const auto exact = flatten(exact::exact_expected_tally(sc, policy));
  const auto entries = describe(sc, policy);
  REQUIRE(entries.size() == exact.size());
  const auto tallies = sim::run_cohort(sc, policy, {.seed = seed, .replications = replications});
  const std::size_t n = exact.size();
  std::vector<double> sum(n, 0.0), sum_sq(n, 0.0);
  std::vector<int> nonzero(n, 0);
  for (const auto& t : tallies) {
    const auto v = flatten(t);
    for (std::size_t i = 0; i < n; ++i) {
      sum[i] += v[i];
      sum_sq[i] += v[i] * v[i];
      nonzero[i] += v[i] != 0.0;
    }
  }
  const double r = replications;
  double worst = 0.0;
  int failures = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double mean = sum[i] / r;
    const double var = std::max(0.0, (sum_sq[i] - r * mean * mean) / (r - 1.0));
    double se = std::sqrt(var / r);
    if (nonzero[i] < MIN_NONZERO) se = std::sqrt(entries[i].quantum * std::fabs(exact[i]) / r);
    const double diff = std::fabs(mean - exact[i]);
    const double slack = 1e-9 * (1.0 + std::fabs(exact[i]));  // floating-point sums
    const double z = diff <= slack ? 0.0 : (se > 0.0 ? diff / se : HUGE_VAL);
    worst = std::max(worst, z);
    if (z > Z_BAND && failures++ < 20) {
      std::ostringstream msg;
      msg << entries[i].name << ": Monte Carlo mean " << mean << ", exact " << exact[i] << ", se "
          << se << ", z " << z;
      FAIL_CHECK(msg.str());
    }
  }
  CHECK(failures == 0);
  return worst;
}

// Sets the exits of one (calendar period, duration band) cell of group g's state `from`.
void set_cell(model::Scenario& sc, int g, model::StateIndex from, int period, int band,
              std::vector<model::Exit> exits) {
  sc.transitions[static_cast<std::size_t>(g)].from[from].cell_at(period, band).exits =
      std::move(exits);
}

model::StateWindow window(std::vector<model::StateIndex> states, model::Month months) {
  return model::StateWindow{std::move(states), months};
}

}  // namespace

TEST_CASE("MC vs exact: duration bands, existing caseload, Poisson referrals (4 se)",
          "[exact][stat]") {
  // treat (0), completed (1), dropped (2), re-presented (3), dead (4).
  enum { TREAT, DONE, DROP, REP, DEAD };
  auto sc = small_scenario({StateKind::treatment, StateKind::completion, StateKind::dropout,
                            StateKind::representation, StateKind::death},
                           24);
  set_pieces(sc, 0, TREAT, {0, 3, 6}, {0});
  set_cell(sc, 0, TREAT, 0, 0, {{DROP, 0.12}, {DONE, 0.02}, {DEAD, 0.003}});
  set_cell(sc, 0, TREAT, 0, 1, {{DROP, 0.05}, {DONE, 0.10}, {DEAD, 0.003}});
  set_cell(sc, 0, TREAT, 0, 2, {{DROP, 0.03}, {DONE, 0.06}, {DEAD, 0.003}});
  set_pieces(sc, 0, DONE, {0, 6}, {0});
  set_cell(sc, 0, DONE, 0, 0, {{REP, 0.04}, {DEAD, 0.001}});
  set_cell(sc, 0, DONE, 0, 1, {{REP, 0.01}, {DEAD, 0.001}});
  set_exit(sc, 0, DROP, REP, 0.05);
  set_exit(sc, 0, DROP, DEAD, 0.005);
  set_exit(sc, 0, REP, TREAT, 0.5);
  set_exit(sc, 0, REP, DROP, 0.1);
  sc.referrals.poisson = true;
  sc.referrals.monthly_rate = {{0, 60.0}};
  sc.referrals.starting_cohort = 100;
  sc.referrals.existing = {{300, TREAT, 4}, {50, DONE, 2}};
  sc.economics.cost_per_month[0] = {20000, 0, 0, 5000, 0};
  auto fee = simple_rule("presentation", {TREAT}, 10000);
  fee.kind = model::RuleKind::attachment_fee;
  fee.frequency = model::PayFrequency::once_per_episode;
  auto completion = simple_rule("completion", {DONE}, 50000);
  completion.no_reentry = window({REP}, 6);
  completion.lag_months = 1;
  sc.contract.rules = {fee, completion};
  REQUIRE(model::check_invariants(sc).empty());
  const double worst = check_against_mc(sc, sim::admit_all_policy(sc), 11, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
}

TEST_CASE("MC vs exact: calendar periods, deterministic referrals, min consecutive months (4 se)",
          "[exact][stat]") {
  enum { TREAT, DONE, RECOVERED, REP, DEAD };
  auto sc = small_scenario({StateKind::treatment, StateKind::completion, StateKind::recovery,
                            StateKind::representation, StateKind::death},
                           20);
  set_pieces(sc, 0, TREAT, {0}, {0, 6, 12});
  set_cell(sc, 0, TREAT, 0, 0, {{DONE, 0.05}, {DEAD, 0.002}});
  set_cell(sc, 0, TREAT, 1, 0, {{DONE, 0.10}, {DEAD, 0.002}});
  set_cell(sc, 0, TREAT, 2, 0, {{DONE, 0.03}, {DEAD, 0.002}});
  set_pieces(sc, 0, DONE, {0}, {0, 9});
  set_cell(sc, 0, DONE, 0, 0, {{RECOVERED, 0.08}, {REP, 0.03}});
  set_cell(sc, 0, DONE, 1, 0, {{RECOVERED, 0.12}, {REP, 0.03}});
  set_exit(sc, 0, RECOVERED, REP, 0.01);
  set_exit(sc, 0, REP, TREAT, 0.6);
  sc.referrals.poisson = false;
  sc.referrals.monthly_rate = {{0, 37.5}, {8, 12.3}, {15, 0.0}};
  sc.economics.cost_per_month[0] = {15000, 1000, 0, 0, 0};
  auto sustained = simple_rule("sustained", {RECOVERED}, 80000);
  sustained.min_consecutive_months = 3;
  sustained.lag_months = 2;
  auto completion = simple_rule("completion", {DONE}, 20000);
  completion.min_consecutive_months = 2;
  completion.frequency = model::PayFrequency::once_per_episode;
  sc.contract.rules = {sustained, completion};
  REQUIRE(model::check_invariants(sc).empty());
  const double worst = check_against_mc(sc, sim::admit_all_policy(sc), 12, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
}

TEST_CASE("MC vs exact: groups in bands, refused referrals, untreated pathway (4 se)",
          "[exact][stat]") {
  enum { TREAT, DONE, UNTREATED, RECOVERED, DEAD };
  auto sc = small_scenario({StateKind::treatment, StateKind::completion, StateKind::untreated,
                            StateKind::recovery, StateKind::death},
                           18, 3);
  sc.groups[0].share = 0.5;
  sc.groups[1].share = 0.3;
  sc.groups[2].share = 0.2;
  sc.groups[2].band = 1;
  const double completion[3] = {0.08, 0.04, 0.06};
  for (int g = 0; g < 3; ++g) {
    set_exit(sc, g, TREAT, DONE, completion[g]);
    set_exit(sc, g, TREAT, DEAD, 0.003 * (g + 1));
    set_exit(sc, g, DONE, RECOVERED, 0.1);
    set_exit(sc, g, DONE, TREAT, 0.03);
    set_exit(sc, g, UNTREATED, RECOVERED, 0.01);
    set_exit(sc, g, UNTREATED, DEAD, 0.01);
    set_exit(sc, g, UNTREATED, TREAT, 0.02);  // refused clients may come back (unpaid)
    set_exit(sc, g, RECOVERED, TREAT, 0.02);
    sc.economics.cost_per_month[static_cast<std::size_t>(g)] = {12345, 500, 0, 0, 0};
  }
  sc.referrals.untreated_state = UNTREATED;
  sc.referrals.poisson = true;
  sc.referrals.monthly_rate = {{0, 80.0}};
  auto fee = simple_rule("attachment", {TREAT}, 10000);
  fee.kind = model::RuleKind::attachment_fee;
  fee.amount_by_band = {10000, 0};  // band 1 is not paid an attachment fee
  auto recovery = simple_rule("recovery", {RECOVERED}, 30000);
  recovery.amount_by_band = {30000, 60000};
  recovery.no_reentry = window({TREAT}, 3);
  sc.contract.rules = {fee, recovery};
  REQUIRE(model::check_invariants(sc).empty());
  auto policy = sim::admit_all_policy(sc);
  const double admit[3] = {0.8, 0.3, 1.0}, cost[3] = {1.0, 0.7, 1.25};
  for (int g = 0; g < 3; ++g) {
    policy.groups[static_cast<std::size_t>(g)].admission_probability = admit[g];
    policy.groups[static_cast<std::size_t>(g)].cost_multiplier = cost[g];
  }
  const double worst = check_against_mc(sc, policy, 13, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
}

TEST_CASE("MC vs exact: clawbacks, both frequencies, overlapping windows (4 se)", "[exact][stat]") {
  // completed <-> re-presented loops let a client complete again inside a pending window.
  enum { TREAT, DONE, REP, DEAD };
  auto sc = small_scenario(
      {StateKind::treatment, StateKind::completion, StateKind::representation, StateKind::death},
      24);
  set_exit(sc, 0, TREAT, DONE, 0.3);
  set_exit(sc, 0, TREAT, DEAD, 0.005);
  set_exit(sc, 0, DONE, REP, 0.2);
  set_exit(sc, 0, REP, TREAT, 0.3);
  set_exit(sc, 0, REP, DONE, 0.2);
  set_exit(sc, 0, REP, DEAD, 0.01);
  sc.referrals.starting_cohort = 1500;
  sc.referrals.existing = {{200, DONE, 3}};
  sc.economics.cost_per_month[0] = {10000, 0, 2500, 0};
  auto episode = simple_rule("completion_each", {DONE}, 10000);
  episode.frequency = model::PayFrequency::once_per_episode;
  episode.lag_months = 1;
  episode.clawback = window({REP}, 4);
  auto first = simple_rule("completion_first", {DONE}, 40000);
  first.no_reentry = window({TREAT}, 3);
  first.lag_months = 2;
  first.clawback = window({REP, DEAD}, 3);
  auto stay = simple_rule("treatment_stay", {TREAT}, 5000);
  stay.frequency = model::PayFrequency::once_per_episode;
  stay.min_consecutive_months = 2;
  stay.no_reentry = window({REP}, 2);
  sc.contract.rules = {episode, first, stay};
  REQUIRE(model::check_invariants(sc).empty());
  const double worst = check_against_mc(sc, sim::admit_all_policy(sc), 14, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
}

TEST_CASE("MC vs exact: a behaviour's policy on bands x periods, every rule feature (4 se)",
          "[exact][stat]") {
  enum { TREAT, DONE, COMMUNITY, REP, RECOVERED, UNTREATED, DEAD };
  auto sc = small_scenario(
      {StateKind::treatment, StateKind::completion, StateKind::community, StateKind::representation,
       StateKind::recovery, StateKind::untreated, StateKind::death},
      30, 2);
  sc.groups[0].share = 0.6;
  sc.groups[1].share = 0.4;
  sc.groups[1].band = 1;
  for (int g = 0; g < 2; ++g) {
    // Treatment: duration bands 0-2, 3+ crossed with calendar periods from 0 and 10.
    set_pieces(sc, g, TREAT, {0, 3}, {0, 10});
    const double k = g == 0 ? 1.0 : 0.6;
    set_cell(sc, g, TREAT, 0, 0, {{DONE, 0.02 * k}, {REP, 0.05}, {DEAD, 0.002}});
    set_cell(sc, g, TREAT, 0, 1, {{DONE, 0.12 * k}, {REP, 0.03}, {DEAD, 0.002}});
    set_cell(sc, g, TREAT, 1, 0, {{DONE, 0.04 * k}, {REP, 0.05}, {DEAD, 0.002}});
    set_cell(sc, g, TREAT, 1, 1, {{DONE, 0.08 * k}, {REP, 0.02}, {DEAD, 0.002}});
    set_exit(sc, g, DONE, COMMUNITY, 0.5);
    set_exit(sc, g, DONE, REP, 0.05);
    set_exit(sc, g, COMMUNITY, RECOVERED, 0.07);
    set_exit(sc, g, COMMUNITY, REP, 0.04);
    set_exit(sc, g, RECOVERED, REP, 0.01);
    set_exit(sc, g, REP, TREAT, 0.4);
    set_exit(sc, g, REP, DEAD, 0.004);
    set_exit(sc, g, UNTREATED, REP, 0.05);
    set_exit(sc, g, UNTREATED, DEAD, 0.008);
    sc.economics.cost_per_month[static_cast<std::size_t>(g)] = {18000, 2000, 500, 3000, 0, 0, 0};
  }
  sc.referrals.untreated_state = UNTREATED;
  sc.referrals.poisson = true;
  sc.referrals.monthly_rate = {{0, 30.0}, {6, 45.0}, {20, 20.0}};
  sc.referrals.starting_cohort = 60;
  sc.referrals.existing = {{200, TREAT, 8}, {80, COMMUNITY, 1}};
  auto fee = simple_rule("presentation", {TREAT}, 8000);
  fee.kind = model::RuleKind::attachment_fee;
  fee.frequency = model::PayFrequency::once_per_episode;
  auto completion = simple_rule("completion", {DONE, COMMUNITY}, 40000);
  completion.amount_by_band = {40000, 70000};
  completion.min_consecutive_months = 2;
  completion.no_reentry = window({REP}, 4);
  completion.lag_months = 1;
  completion.clawback = window({REP}, 3);
  auto recovery = simple_rule("recovery", {RECOVERED}, 60000);
  recovery.frequency = model::PayFrequency::once_per_episode;
  recovery.min_consecutive_months = 3;
  recovery.clawback = window({REP}, 6);
  sc.contract.rules = {fee, completion, recovery};
  model::Behaviour park{"park", {}, "less effort, cheaper, selective"};
  park.groups.resize(2);
  park.groups[0].cost_multiplier = 0.6;
  park.groups[0].multipliers = {{TREAT, DONE, 0.5}, {TREAT, REP, 1.5}};
  park.groups[1].admission_probability = 0.7;
  park.groups[1].cost_multiplier = 0.85;
  sc.behaviours = {park};
  REQUIRE(model::check_invariants(sc).empty());
  const double worst = check_against_mc(sc, sim::apply_behaviour(sc, park), 15, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
}

TEST_CASE(
    "MC vs exact: an existing caseload with its own case-mix by group, state and duration "
    "(4 se)",
    "[exact][stat]") {
  // Three groups with different treatment exits; the caseload at month 0 is mostly group 0
  // long in treatment, some group 2 dropped out, and a part spread by the referral shares.
  enum { TREAT, DONE, DROP, REP, DEAD };
  auto sc = small_scenario({StateKind::treatment, StateKind::completion, StateKind::dropout,
                            StateKind::representation, StateKind::death},
                           18, 3);
  sc.groups[0].share = 0.2;
  sc.groups[1].share = 0.3;
  sc.groups[2].share = 0.5;
  sc.groups[2].band = 1;
  const double completion[3] = {0.01, 0.05, 0.09};
  for (int g = 0; g < 3; ++g) {
    set_pieces(sc, g, TREAT, {0, 12}, {0});
    set_cell(sc, g, TREAT, 0, 0, {{DROP, 0.04}, {DONE, completion[g]}, {DEAD, 0.002}});
    set_cell(sc, g, TREAT, 0, 1, {{DROP, 0.02}, {DONE, completion[g] * 0.5}, {DEAD, 0.002}});
    set_exit(sc, g, DONE, REP, 0.02 * (g + 1));
    set_exit(sc, g, DROP, REP, 0.04);
    set_exit(sc, g, DROP, DEAD, 0.004);
    set_exit(sc, g, REP, TREAT, 0.7);
    sc.economics.cost_per_month[static_cast<std::size_t>(g)] = {20000 + 5000 * g, 0, 0, 0, 0};
  }
  sc.referrals.poisson = true;
  sc.referrals.monthly_rate = {{0, 20.0}};
  sc.referrals.existing = {{400, TREAT, 14, 0}, {150, DROP, 3, 2}, {60, TREAT, 2}};
  auto completed = simple_rule("completion", {DONE}, 40000);
  completed.amount_by_band = {40000, 15000};
  completed.no_reentry = window({REP}, 3);
  sc.contract.rules = {completed};
  REQUIRE(model::check_invariants(sc).empty());
  const auto exact = exact::exact_expected_tally(sc, sim::admit_all_policy(sc));
  // The caseload's own groups reach the expectation: 400 + 60 x 0.2 in group 0, 60 x 0.3 in
  // group 1, 150 + 60 x 0.5 in group 2.
  CHECK(exact.by_group[0].existing == Approx(412.0));
  CHECK(exact.by_group[1].existing == Approx(18.0));
  CHECK(exact.by_group[2].existing == Approx(180.0));
  const double worst = check_against_mc(sc, sim::admit_all_policy(sc), 14, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
}

TEST_CASE("MC vs exact: a behaviour that delays entry through a waiting state (4 se)",
          "[exact][stat]") {
  // Group 0's admitted referrals start in WAIT under the behaviour; they start treatment at
  // 30% a month, or give up to UNTREATED at 10%. Group 1 is admitted straight to TREAT.
  enum { WAIT, TREAT, DONE, UNTREATED, DEAD };
  auto sc = small_scenario({StateKind::waiting, StateKind::treatment, StateKind::completion,
                            StateKind::untreated, StateKind::death},
                           18, 2);
  for (int g = 0; g < 2; ++g) {
    set_exit(sc, g, WAIT, TREAT, 0.3);
    set_exit(sc, g, WAIT, UNTREATED, 0.1);
    set_exit(sc, g, TREAT, DONE, 0.1);
    set_exit(sc, g, TREAT, DEAD, 0.003);
    set_exit(sc, g, DONE, TREAT, 0.05);
    set_exit(sc, g, UNTREATED, DEAD, 0.008);
    sc.economics.cost_per_month[static_cast<std::size_t>(g)] = {1000, 20000, 0, 0, 0};
  }
  sc.referrals.admission_state = TREAT;
  sc.referrals.untreated_state = UNTREATED;
  sc.referrals.monthly_rate = {{0, 25.0}};
  sc.referrals.poisson = true;
  auto fee = simple_rule("presentation", {TREAT}, 8000);
  fee.kind = model::RuleKind::attachment_fee;
  fee.frequency = model::PayFrequency::once_per_episode;
  sc.contract.rules = {fee};
  model::Behaviour delay{"delay_entry", {}, "admitted referrals wait before a start"};
  delay.groups.resize(2);
  delay.groups[0].entry_state = WAIT;
  sc.behaviours = {delay};
  REQUIRE(model::check_invariants(sc).empty());
  const auto policy = sim::apply_behaviour(sc, delay);
  const double worst = check_against_mc(sc, policy, 15, 200);
  INFO("largest |z| " << worst);
  CHECK(worst > 0.0);
  // Exactly: group 0 starts nobody straight away, group 1 every admission.
  const auto expected = exact::exact_expected_tally(sc, policy);
  CHECK(expected.by_group[0].direct_starts == 0.0);
  CHECK(expected.by_group[1].direct_starts == expected.by_group[1].admissions);
  CHECK(expected.by_group[0].placements[WAIT] > 0.0);
}
