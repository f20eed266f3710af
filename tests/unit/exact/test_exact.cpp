// Expected tallies of small scenarios worked by hand, the reference chain, and refusals.
#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/exact/exact.hpp"
#include "small_scenarios.hpp"

using namespace pbr;
using namespace pbr::exact;
using namespace pbr::exact::testing;
using model::StateKind;

namespace {

// T (0, treatment) -> C (1, completion) .2, T -> D (2, death) .1; C -> T .1.
// 100 clients start in T at month 0. By hand:
//   month 0: T 100
//   month 1: T 70, C 20, D 10
//   month 2: T 70 * .7 + 20 * .1 = 51, C 70 * .2 + 20 * .9 = 32, D 10 + 7 = 17
model::Scenario three_state() {
  auto s = small_scenario({StateKind::treatment, StateKind::completion, StateKind::death}, 3);
  set_exit(s, 0, 0, 1, 0.2);
  set_exit(s, 0, 0, 2, 0.1);
  set_exit(s, 0, 1, 0, 0.1);
  s.referrals.starting_cohort = 100;
  s.economics.cost_per_month[0] = {1000, 200, 0};
  return s;
}

}  // namespace

TEST_CASE("occupancy, moves and costs of a 3-state chain after 2 months", "[exact]") {
  const auto s = three_state();
  auto policy = sim::admit_all_policy(s);
  policy.groups[0].cost_multiplier = 1.5;  // treatment-kind states only: 1500 a month in T
  auto got = exact_expected_tally(s, policy);
  REQUIRE(got.horizon == 3);
  auto occ = [&](int t, int st) { return got.occupancy_at(t, st, 0); };
  CHECK(occ(0, 0) == Approx(100));
  CHECK(occ(1, 0) == Approx(70));
  CHECK(occ(1, 1) == Approx(20));
  CHECK(occ(2, 0) == Approx(51));
  CHECK(occ(2, 1) == Approx(32));
  CHECK(occ(2, 2) == Approx(17));
  const auto& g = got.by_group[0];
  CHECK(g.referrals == Approx(100));
  CHECK(g.admissions == Approx(100));
  CHECK(g.refused == Approx(0));
  CHECK(g.placements[0] == Approx(100));
  // Completions: moves T -> C at the ends of months 0 and 1 (20 + 14); none leave month 2.
  CHECK(g.transitions[0 * 3 + 1] == Approx(34));
  CHECK(g.transitions[1 * 3 + 0] == Approx(2));
  CHECK(g.transitions[0 * 3 + 2] == Approx(17));
  CHECK(g.client_months[0] == Approx(100 + 70 + 51));
  CHECK(g.client_months[1] == Approx(20 + 32));
  // Cost: 1500 per month in T (scaled), 200 in C (not a treatment state, not scaled).
  CHECK(got.cost[0] == Approx(150000));
  CHECK(got.cost[2] == Approx(51 * 1500 + 32 * 200));
}

TEST_CASE("the cost multiplier rounds per client-month as the Monte Carlo does", "[exact]") {
  auto s = three_state();
  s.economics.cost_per_month[0] = {333, 0, 0};
  auto policy = sim::admit_all_policy(s);
  policy.groups[0].cost_multiplier = 0.5;  // 166.5 rounds half away from zero to 167
  const auto got = exact_expected_tally(s, policy);
  CHECK(got.cost[0] == Approx(100 * 167));
}

TEST_CASE("refused referrals follow the untreated pathway", "[exact]") {
  // States: T (0), U (1, untreated), D (2, death). U -> D .5. 40 referrals at month 0 and
  // deterministic 0.5 a month (cumulative .5, 1, 1.5, 2: counts 0, 1, 0, 1 in months 0..3);
  // admission probability .25.
  auto s = small_scenario({StateKind::treatment, StateKind::untreated, StateKind::death}, 4);
  s.referrals.untreated_state = 1;
  s.referrals.starting_cohort = 40;
  s.referrals.monthly_rate = {{0, 0.5}};
  set_exit(s, 0, 1, 2, 0.5);
  // Only refused clients ever die here, and the provider is not paid for them.
  s.contract.rules = {simple_rule("death", {2}, 100), simple_rule("treated", {0}, 100)};
  auto policy = sim::admit_all_policy(s);
  policy.groups[0].admission_probability = 0.25;
  CHECK(expected_referrals(s.referrals, 4) == std::vector<double>{40, 1, 0, 1});
  auto got = exact_expected_tally(s, policy);
  const auto& g = got.by_group[0];
  CHECK(g.referrals == Approx(42));
  CHECK(g.admissions == Approx(10.5));
  CHECK(g.refused == Approx(31.5));
  CHECK(g.placements[1] == Approx(31.5));
  // U at month 1: 30 * .5 + .75 (the month-1 arrival refused) = 15.75.
  CHECK(got.occupancy_at(1, 1, 0) == Approx(15.75));
  CHECK(g.transitions[1 * 3 + 2] == Approx(15 + 7.875 + 3.9375));
  CHECK(got.ledger.qualifying_at(0, 0) == 0.0);
  CHECK(got.ledger.qualifying_at(1, 0) == Approx(10.5));
  CHECK(got.ledger.payment_at(1, 1, 0) == Approx(25));
}

TEST_CASE("Poisson referrals arrive at the rate, starting cohort on top", "[exact]") {
  model::Referrals r;
  r.poisson = true;
  r.starting_cohort = 7;
  r.monthly_rate = {{0, 2.5}, {2, 0.0}, {3, 1.25}};
  CHECK(expected_referrals(r, 5) == std::vector<double>{9.5, 2.5, 0, 1.25, 1.25});
}

TEST_CASE("existing caseload starts at its duration and is shared by the groups", "[exact]") {
  // T (0): exit to C (1) 0 for durations 0-1, .5 from duration 2. 10 existing clients in T
  // with 2 months there leave at once (.5 at the end of month 0); a referral at month 0
  // waits until the end of month 2. Two groups of equal share.
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 5, 2);
  for (int g = 0; g < 2; ++g) {
    set_pieces(s, g, 0, {0, 2}, {0});
    s.transitions[static_cast<std::size_t>(g)].from[0].cell_at(0, 1).exits = {{1, 0.5}};
  }
  s.referrals.existing = {{10, 0, 2}};
  s.referrals.starting_cohort = 2;
  auto got = exact_expected_tally(s, sim::admit_all_policy(s));
  auto occ = [&](int t) { return got.occupancy_at(t, 0, 1); };
  // Group 1: 5 existing (duration 2) and 1 referral (duration 0).
  CHECK(got.by_group[1].existing == Approx(5));
  CHECK(got.by_group[1].placements[0] == Approx(6));
  CHECK(occ(0) == Approx(6));
  CHECK(occ(1) == Approx(2.5 + 1));
  CHECK(occ(2) == Approx(1.25 + 1));
  CHECK(occ(3) == Approx(0.625 + 0.5));  // the referral reaches duration 2 at month 2
  CHECK(occ(4) == Approx(0.3125 + 0.25));
}

TEST_CASE("a calendar break changes the transitions from its month on", "[exact]") {
  // T -> C: 0 before month 2, .5 from month 2. One referral at month 1 (deterministic rate
  // 1 in month 1 only). It stays at the end of month 1, leaves with .5 at the end of 2.
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 5);
  set_pieces(s, 0, 0, {0}, {0, 2});
  s.transitions[0].from[0].cell_at(1, 0).exits = {{1, 0.5}};
  s.referrals.monthly_rate = {{0, 0.0}, {1, 1.0}, {2, 0.0}};
  auto got = exact_expected_tally(s, sim::admit_all_policy(s));
  CHECK(got.occupancy_at(1, 0, 0) == Approx(1));
  CHECK(got.occupancy_at(2, 0, 0) == Approx(1));
  CHECK(got.occupancy_at(3, 0, 0) == Approx(0.5));
  CHECK(got.occupancy_at(4, 0, 0) == Approx(0.25));
  CHECK(got.by_group[0].transitions[0 * 2 + 1] == Approx(0.75));
}

TEST_CASE("payments fill the ledger by month, rule and group", "[exact]") {
  // Two groups in different bands; ping-pong T <-> C (.5 each way); 10 clients at month 0.
  // Per client, entries into C: month 1 .5, 2 .25, 3 .25 (first entry: .5, .25, .125).
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 4, 2);
  s.groups[1].band = 1;
  set_exit_all(s, 0, 1, 0.5);
  set_exit_all(s, 1, 0, 0.5);
  s.referrals.starting_cohort = 20;
  auto fee = simple_rule("presentation", {0}, 100);
  fee.kind = model::RuleKind::attachment_fee;
  fee.frequency = model::PayFrequency::once_per_episode;
  auto outcome = simple_rule("completion", {1}, 0);
  outcome.amount_by_band = {0, 1000};  // band "low" is paid nothing: never qualifies
  s.contract.rules = {fee, outcome};
  auto got = exact_expected_tally(s, sim::admit_all_policy(s));
  // Entries into T: placement at 0 (10), then P(C at t-1) * .5 * 10: 0, 2.5, 2.5.
  CHECK(got.ledger.payment_at(0, 0, 0) == Approx(1000));
  CHECK(got.ledger.payment_at(1, 0, 0) == Approx(0));
  CHECK(got.ledger.payment_at(2, 0, 1) == Approx(250));
  CHECK(got.ledger.payment_at(3, 0, 1) == Approx(250));
  CHECK(got.ledger.qualifying_at(0, 0) == Approx(10));
  CHECK(got.ledger.qualifying_at(1, 0) == Approx(0));
  CHECK(got.ledger.payment_at(1, 1, 0) == Approx(0));
  CHECK(got.ledger.payment_at(1, 1, 1) == Approx(5000));
  CHECK(got.ledger.payment_at(3, 1, 1) == Approx(1250));
  CHECK(got.ledger.qualifying_at(1, 1) == Approx(8.75));
}

TEST_CASE("expected margin per admitted client", "[exact]") {
  // One client admitted at month 0 (share and admission probability do not matter): T costs
  // 1000 a month, T -> C .5 pays 100 on entry (once per client), horizon 3.
  // Cost: months 0, 1, 2 in T with probability 1, .5, .25 -> 1750. Paid: 50 + 25 = 75.
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 3, 2);
  set_exit_all(s, 0, 1, 0.5);
  s.economics.cost_per_month = {{1000, 0}, {1000, 0}};
  s.referrals.starting_cohort = 4;
  s.referrals.existing = {{50, 1, 0}};  // excluded from the per-admission margin
  s.contract.rules = {simple_rule("completion", {1}, 100)};
  auto policy = sim::admit_all_policy(s);
  policy.groups[1].admission_probability = 0.5;
  policy.groups[1].cost_multiplier = 2.0;
  const auto margin = expected_margin_per_admission(s, policy);
  REQUIRE(margin.size() == 2);
  CHECK(margin[0] == Approx((75 - 1750) / 100.0));
  CHECK(margin[1] == Approx((75 - 3500) / 100.0));
}

TEST_CASE("the 6-state reference chain at month 60", "[exact]") {
  // docs/reference-chain.md: every client in treatment at month 0, 60 steps.
  using K = StateKind;
  auto s = small_scenario(
      {K::treatment, K::completion, K::dropout, K::representation, K::death, K::recovery}, 61);
  const double p[6][6] = {{0.908, 0.040, 0.050, 0, 0.002, 0},
                          {0, 0.930, 0, 0.030, 0.001, 0.039},
                          {0.020, 0, 0.940, 0.035, 0.005, 0},
                          {0.300, 0, 0.100, 0.595, 0.005, 0},
                          {0, 0, 0, 0, 1, 0},
                          {0, 0, 0, 0.005, 0.001, 0.994}};
  for (int from = 0; from < 6; ++from) {
    for (int to = 0; to < 6; ++to) {
      if (to != from && p[from][to] > 0) set_exit(s, 0, from, to, p[from][to]);
    }
  }
  s.referrals.starting_cohort = 100000;
  auto got = exact_expected_tally(s, sim::admit_all_policy(s));
  const double want[6] = {0.1731, 0.1160, 0.2317, 0.0329, 0.1448, 0.3015};
  for (int st = 0; st < 6; ++st) {
    INFO("state " << st);
    CHECK(got.occupancy_at(60, st, 0) / 100000 == Approx(want[st]).margin(0.00005));
  }
}

TEST_CASE("scenarios that couple clients are refused, with every reason", "[exact]") {
  auto s = three_state();
  s.economics.capacity = 50;
  auto rule = simple_rule("recovery", {1}, 100);
  rule.cohort_threshold = 0.1;
  rule.deadweight_baseline = 0.05;
  s.contract.rules = {simple_rule("fee", {0}, 10), rule};
  s.contract.cap_per_client = 1000;
  s.contract.cap_per_contract = 100000;
  const auto policy = sim::admit_all_policy(s);
  const std::vector<std::string> want = {
      "/economics/capacity: exact mode cannot handle this: a capacity limit couples clients "
      "(whether a referral is admitted depends on how many others are in treatment); use "
      "--method mc",
      "/contract/payments/1/cohort_threshold: exact mode cannot handle this: the cohort "
      "threshold of payment 'recovery' couples clients (it pays only if enough of the cohort "
      "qualifies); use --method mc",
      "/contract/payments/1/deadweight_baseline: exact mode cannot handle this: the deadweight "
      "baseline of payment 'recovery' couples clients (payments scale with the cohort's count "
      "of outcomes); use --method mc",
      "/contract/cap_per_client: exact mode cannot handle this: a per-client cap couples a "
      "client's payments across rules; use --method mc",
      "/contract/cap_per_contract: exact mode cannot handle this: a contract cap couples "
      "clients; use --method mc"};
  CHECK(exact_refusal_reasons(s, policy) == want);
  try {
    (void)exact_expected_tally(s, policy);
    FAIL("expected a refusal");
  } catch (const core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 5);
    CHECK(e.diagnostics()[0].file.empty());
    CHECK(e.diagnostics()[3].pointer == "/contract/cap_per_client");
    CHECK(std::string(e.what()).find("/contract/cap_per_contract: ") != std::string::npos);
  }
  CHECK_THROWS_AS(expected_margin_per_admission(s, policy), core::InputError);
  CHECK(exact_refusal_reasons(three_state(), policy).empty());
}

TEST_CASE("a policy that does not fit the scenario is a programming error", "[exact]") {
  const auto s = three_state();
  auto policy = sim::admit_all_policy(s);
  policy.groups.push_back(policy.groups[0]);
  CHECK_THROWS_AS(exact_expected_tally(s, policy), std::invalid_argument);
}
