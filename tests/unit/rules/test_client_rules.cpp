// Per-client payout rules on small paths worked by hand. Every expected payment below is
// derived in a comment from the semantics in engine/rules/client_rules.hpp.
#include "engine/rules/client_rules.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <utility>
#include <vector>

namespace {

using pbr::model::ClientPath;
using pbr::model::Contract;
using pbr::model::PayFrequency;
using pbr::model::PaymentRule;
using pbr::model::State;
using pbr::model::StateKind;
using pbr::model::StateWindow;
using pbr::rules::ClientRules;
using pbr::rules::Payment;

// States of every test: indices fixed so paths read as (month, state) pairs.
constexpr int TREAT = 0, COMPLETE = 1, COMMUNITY = 2, DROPOUT = 3, REPRESENT = 4, DEATH = 5;

std::vector<State> states() {
  return {{"treatment", StateKind::treatment, false, ""},
          {"completion", StateKind::completion, false, ""},
          {"community", StateKind::community, false, ""},
          {"dropout", StateKind::dropout, false, ""},
          {"representation", StateKind::representation, false, ""},
          {"death", StateKind::death, true, ""}};
}

ClientPath path(std::initializer_list<std::pair<int, int>> entries) {
  ClientPath p;
  p.admitted = true;
  for (const auto& [month, state] : entries) p.entries.push_back({month, state});
  return p;
}

PaymentRule rule(std::vector<int> triggers, std::vector<pbr::core::Pence> amounts,
                 PayFrequency frequency = PayFrequency::once_per_client) {
  PaymentRule r;
  r.name.assign(1, 'r');  // (assigning a literal trips a g++ 12 -Wrestrict false positive)
  r.trigger_states = std::move(triggers);
  r.amount_by_band = std::move(amounts);
  r.frequency = frequency;
  return r;
}

std::vector<Payment> run(const Contract& contract, const ClientPath& p, int horizon, int band = 0) {
  const ClientRules rules(contract, states(), horizon);
  std::vector<Payment> out;
  rules.evaluate(p, band, out);
  return out;
}

std::vector<Payment> run(const PaymentRule& r, const ClientPath& p, int horizon, int band = 0) {
  Contract c;
  c.rules = {r};
  return run(c, p, horizon, band);
}

using P = std::vector<Payment>;

// A client who presents twice: treatment 2, drop-out 5, re-presents 8, treatment 9,
// completes 15, community 16.
const ClientPath TWO_EPISODES =
    path({{2, TREAT}, {5, DROPOUT}, {8, REPRESENT}, {9, TREAT}, {15, COMPLETE}, {16, COMMUNITY}});

}  // namespace

TEST_CASE("attachment fee per episode pays on each presentation", "[rules]") {
  auto fee = rule({TREAT}, {40000}, PayFrequency::once_per_episode);
  // Entries into treatment at 2 (placement) and 9 (from re-presentation): 2 payments.
  CHECK(run(fee, TWO_EPISODES, 24) == P{{0, 2, 40000}, {0, 9, 40000}});
  // Lag 1 month: paid at 3 and 10.
  fee.lag_months = 1;
  CHECK(run(fee, TWO_EPISODES, 24) == P{{0, 3, 40000}, {0, 10, 40000}});
  // Horizon 10: the second payment (month 10) is outside the contract.
  CHECK(run(fee, TWO_EPISODES, 10) == P{{0, 3, 40000}});
  // Once per client: only the first presentation pays.
  fee.frequency = PayFrequency::once_per_client;
  CHECK(run(fee, TWO_EPISODES, 24) == P{{0, 3, 40000}});
}

TEST_CASE("completion payment uses the client's band", "[rules]") {
  const auto pay = rule({COMPLETE}, {100000, 150000});
  CHECK(run(pay, TWO_EPISODES, 24, 0) == P{{0, 15, 100000}});
  CHECK(run(pay, TWO_EPISODES, 24, 1) == P{{0, 15, 150000}});
  CHECK_THROWS_AS(run(pay, TWO_EPISODES, 24, 2), std::out_of_range);
  // A zero tariff pays nothing (and so makes no payment record at all).
  CHECK(run(rule({COMPLETE}, {0}), TWO_EPISODES, 24).empty());
  // Never completes: nothing.
  CHECK(run(pay, path({{0, TREAT}, {4, DROPOUT}}), 24).empty());
}

TEST_CASE("completion without re-presentation within 6 months", "[rules]") {
  auto pay = rule({COMPLETE}, {90000});
  pay.no_reentry = StateWindow{{REPRESENT, TREAT}, 6};

  SECTION("qualifies: completes at 10, nothing entered in 11..16, confirmed at 16") {
    CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}}), 24) == P{{0, 16, 90000}});
    // Confirmation month 16 must be < horizon: horizon 17 pays, horizon 16 is censored.
    CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}}), 17) == P{{0, 16, 90000}});
    CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}}), 16).empty());
  }
  SECTION("disqualified: re-presents at 14, inside 11..16") {
    CHECK(
        run(pay, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}, {14, REPRESENT}}), 24).empty());
  }
  SECTION("window edges: re-presentation at 16 disqualifies, at 17 does not") {
    CHECK(
        run(pay, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}, {16, REPRESENT}}), 24).empty());
    CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}, {17, REPRESENT}}), 24) ==
          P{{0, 16, 90000}});
  }
  SECTION("first qualifying event: the second completion pays when the first fails") {
    // Completion 10 fails (re-presents 14); completion 18 is confirmed at 24.
    const auto p = path({{0, TREAT},
                         {10, COMPLETE},
                         {11, COMMUNITY},
                         {14, REPRESENT},
                         {15, TREAT},
                         {18, COMPLETE},
                         {19, COMMUNITY}});
    CHECK(run(pay, p, 25) == P{{0, 24, 90000}});
    // Horizon 24: confirmation month 24 is not observed: censored, nothing paid.
    CHECK(run(pay, p, 24).empty());
  }
  SECTION("being in a window state without entering it does not disqualify") {
    // Window states include COMMUNITY; the client enters it at 11 (inside 11..16): fails.
    auto strict = pay;
    strict.no_reentry = StateWindow{{COMMUNITY}, 6};
    CHECK(run(strict, path({{0, TREAT}, {10, COMPLETE}, {11, COMMUNITY}}), 24).empty());
    // Completion itself is in the window and the client stays there: no entry, qualifies.
    strict.no_reentry = StateWindow{{COMPLETE}, 6};
    CHECK(run(strict, path({{0, TREAT}, {10, COMPLETE}}), 24) == P{{0, 16, 90000}});
  }
}

TEST_CASE("k consecutive months in a state", "[rules]") {
  auto pay = rule({COMMUNITY}, {50000});
  pay.min_consecutive_months = 3;
  // In community 11, 12, 13 (next entry 14): 3 months; event date 11 + 3 - 1 = 13.
  CHECK(run(pay, path({{10, COMPLETE}, {11, COMMUNITY}, {14, REPRESENT}}), 24) ==
        P{{0, 13, 50000}});
  // Next entry at 13: only months 11, 12: does not qualify.
  CHECK(run(pay, path({{10, COMPLETE}, {11, COMMUNITY}, {13, REPRESENT}}), 24).empty());
  // Stays to the horizon: enters at 21, months 21, 22, 23 observed (horizon 24): event 23.
  CHECK(run(pay, path({{20, COMPLETE}, {21, COMMUNITY}}), 24) == P{{0, 23, 50000}});
  // Enters at 22: month 24 would be needed: not observed.
  CHECK(run(pay, path({{20, COMPLETE}, {22, COMMUNITY}}), 24).empty());
  // Placement counts as an entry: placed in community at 0, stays: event 2.
  CHECK(run(pay, path({{0, COMMUNITY}}), 24) == P{{0, 2, 50000}});
  // A repeated state is a continuation, not a new entry: one stay 11..15, one payment at 13.
  pay.frequency = PayFrequency::once_per_episode;
  CHECK(run(pay, path({{11, COMMUNITY}, {13, COMMUNITY}, {16, DEATH}}), 24) == P{{0, 13, 50000}});
}

TEST_CASE("consecutive months combined with no re-entry and a lag", "[rules]") {
  auto pay = rule({COMMUNITY}, {70000});
  pay.min_consecutive_months = 3;
  pay.no_reentry = StateWindow{{REPRESENT}, 6};
  pay.lag_months = 2;
  // Community from 11: event 13; window 14..19; representation at 20 is outside;
  // confirmed 19; paid 19 + 2 = 21.
  const auto p = path({{10, COMPLETE}, {11, COMMUNITY}, {20, REPRESENT}});
  CHECK(run(pay, p, 24) == P{{0, 21, 70000}});
  // Representation at 19 instead: inside the window: nothing.
  CHECK(run(pay, path({{10, COMPLETE}, {11, COMMUNITY}, {19, REPRESENT}}), 24).empty());
}

TEST_CASE("a lag pushes a payment past the horizon", "[rules]") {
  auto pay = rule({COMPLETE}, {100000});
  const auto p = path({{0, TREAT}, {20, COMPLETE}});
  pay.lag_months = 3;
  CHECK(run(pay, p, 24) == P{{0, 23, 100000}});  // 20 + 3 = 23 < 24
  pay.lag_months = 4;
  CHECK(run(pay, p, 24).empty());  // 20 + 4 = 24: outside the contract
}

TEST_CASE("once per client versus once per episode for outcomes", "[rules]") {
  // Completes at 5 and at 14.
  const auto p = path({{0, TREAT},
                       {5, COMPLETE},
                       {6, COMMUNITY},
                       {9, REPRESENT},
                       {10, TREAT},
                       {14, COMPLETE},
                       {15, DEATH}});
  auto pay = rule({COMPLETE}, {100000});
  CHECK(run(pay, p, 24) == P{{0, 5, 100000}});
  pay.frequency = PayFrequency::once_per_episode;
  CHECK(run(pay, p, 24) == P{{0, 5, 100000}, {0, 14, 100000}});
}

TEST_CASE("clawback on re-presentation after an outcome payment", "[rules]") {
  auto pay = rule({COMPLETE}, {100000});
  pay.clawback = StateWindow{{REPRESENT}, 6};
  // Paid at 10; window 11..16; re-presents at 14: -100000 at 14.
  CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {14, REPRESENT}}), 24) ==
        P{{0, 10, 100000}, {0, 14, -100000, 10}});
  // Edges: at 16 clawed back, at 17 not.
  CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {16, REPRESENT}}), 24) ==
        P{{0, 10, 100000}, {0, 16, -100000, 10}});
  CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {17, REPRESENT}}), 24) == P{{0, 10, 100000}});
  // Only the first entry in the window claws back (once).
  CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {12, REPRESENT}, {13, TREAT}, {15, REPRESENT}}),
            24) == P{{0, 10, 100000}, {0, 12, -100000, 10}});
  // Lag 2: paid at 12, window 13..18, re-presents at 14: still clawed back at 14.
  pay.lag_months = 2;
  CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {14, REPRESENT}}), 24) ==
        P{{0, 12, 100000}, {0, 14, -100000, 12}});
  // Entries at or after the horizon are ignored (window cut at horizon - 1 = 15).
  CHECK(run(pay, path({{0, TREAT}, {10, COMPLETE}, {16, REPRESENT}}), 16) == P{{0, 12, 100000}});
}

TEST_CASE("per-client cap across rules, in date order", "[rules]") {
  Contract c;
  c.rules = {rule({TREAT}, {40000}, PayFrequency::once_per_episode), rule({COMPLETE}, {100000})};
  c.cap_per_client = 120000;
  // Attachment 40000 at 0, completion 100000 at 5 (cut to 120000 - 40000 = 80000),
  // second attachment at 9: cap reached, dropped.
  const auto p = path({{0, TREAT},
                       {5, COMPLETE},
                       {6, COMMUNITY},
                       {8, REPRESENT},
                       {9, TREAT},
                       {12, COMPLETE},
                       {13, COMMUNITY}});
  CHECK(run(c, p, 24) == P{{0, 0, 40000}, {1, 5, 80000}});

  SECTION("a clawback recovers what was paid and frees headroom") {
    c.rules[1].clawback = StateWindow{{REPRESENT}, 6};
    // Completion paid 80000 at 5, clawed back at 8 (-80000, not -100000): net 40000, so the
    // attachment at 9 is paid in full (net 80000 <= 120000).
    CHECK(run(c, p, 24) == P{{0, 0, 40000}, {1, 5, 80000}, {1, 8, -80000, 5}, {0, 9, 40000}});
  }
  SECTION("a clawback in a payment's month is netted before that payment") {
    Contract s;
    s.rules = {rule({COMPLETE}, {100000}), rule({REPRESENT}, {50000})};
    s.rules[0].clawback = StateWindow{{REPRESENT}, 6};
    s.cap_per_client = 100000;
    // Completion 100000 at 5 fills the cap; the re-presentation at 8 claws it back and
    // triggers 50000 in the same month: net before it is 100000 - 100000 = 0, so it pays.
    CHECK(run(s, path({{0, TREAT}, {5, COMPLETE}, {8, REPRESENT}}), 12) ==
          P{{0, 5, 100000}, {0, 8, -100000, 5}, {1, 8, 50000}});
  }
  SECTION("ties in a month go by rule index") {
    Contract t;
    t.rules = {rule({TREAT}, {40000}), rule({TREAT}, {30000})};
    t.cap_per_client = 50000;
    CHECK(run(t, path({{0, TREAT}}), 12) == P{{0, 0, 40000}, {1, 0, 10000}});
    std::swap(t.rules[0], t.rules[1]);
    CHECK(run(t, path({{0, TREAT}}), 12) == P{{0, 0, 30000}, {1, 0, 20000}});
  }
  SECTION("many payments (more than the stack buffer holds) are capped in order") {
    Contract m;
    m.rules = {rule({TREAT}, {100}, PayFrequency::once_per_episode)};
    m.cap_per_client = 5000;
    // Treatment at every even month 0..198 (100 presentations, drop-out in between):
    // 5000 / 100 = 50 fees paid, at months 0, 2, ..., 98; the other 50 are dropped.
    ClientPath busy;
    for (int t = 0; t < 200; ++t) busy.entries.push_back({t, t % 2 == 0 ? TREAT : DROPOUT});
    const auto out = run(m, busy, 200);
    REQUIRE(out.size() == 50);
    CHECK(out.front() == Payment{0, 0, 100});
    CHECK(out.back() == Payment{0, 98, 100});
  }
  SECTION("a cap of zero pays nothing") {
    c.cap_per_client = 0;
    CHECK(run(c, p, 24).empty());
  }
  SECTION("a cap that never binds changes nothing") {
    c.cap_per_client = 1000000;
    CHECK(run(c, p, 24) == P{{0, 0, 40000}, {1, 5, 100000}, {0, 9, 40000}});
  }
}

TEST_CASE("cap_per_client caps outcome payments only; the all-payments cap caps every rule",
          "[rules]") {
  // An attachment fee of 400 at each presentation (months 0 and 9) and an outcome payment of
  // 1000 at completion (month 5). cap_per_client 800 covers outcome payments only: the fees
  // are paid in full and do not use up the outcome cap (before the fix the fee at 0 took 400
  // of the cap, so the outcome was cut to 400 and the second fee dropped).
  Contract c;
  c.rules = {rule({TREAT}, {40000}, PayFrequency::once_per_episode), rule({COMPLETE}, {100000})};
  c.rules[0].kind = pbr::model::RuleKind::attachment_fee;
  c.cap_per_client = 80000;
  const auto p = path({{0, TREAT}, {5, COMPLETE}, {6, COMMUNITY}, {8, REPRESENT}, {9, TREAT}});
  CHECK(run(c, p, 24) == P{{0, 0, 40000}, {1, 5, 80000}, {0, 9, 40000}});
  SECTION("cap_per_client_all_payments counts and cuts fees too") {
    c.cap_per_client.reset();
    c.cap_per_client_all_payments = 120000;
    CHECK(run(c, p, 24) == P{{0, 0, 40000}, {1, 5, 80000}});
  }
  SECTION("both caps: each binds on what it covers") {
    c.cap_per_client_all_payments = 100000;
    // Fee 400 at 0; outcome cut to min(800, 1000 - 400 = 600); second fee: 1000 reached.
    CHECK(run(c, p, 24) == P{{0, 0, 40000}, {1, 5, 60000}});
  }
}

TEST_CASE("a tariff that changes over the contract pays the amount of the payment month",
          "[rules]") {
  // Presentation fee 100 until month 5, then 250 from month 6, then 0 from month 12.
  auto fee = rule({TREAT}, {10000}, PayFrequency::once_per_episode);
  fee.tariff_changes = {{6, {25000}}, {12, {0}}};
  CHECK(run(fee, TWO_EPISODES, 24) == P{{0, 2, 10000}, {0, 9, 25000}});
  const auto late = path({{2, TREAT}, {5, DROPOUT}, {13, TREAT}});
  CHECK(run(fee, late, 24) == P{{0, 2, 10000}});
  SECTION("once per client: an event paid 0 is still the client's first") {
    auto once = rule({TREAT}, {0});
    once.tariff_changes = {{6, {25000}}};
    CHECK(run(once, TWO_EPISODES, 24).empty());
  }
  SECTION("malformed changes are rejected") {
    fee.tariff_changes = {{0, {1}}};
    CHECK_THROWS_WITH(run(fee, TWO_EPISODES, 24),
                      "payment rule 0 ('r'): tariff_changes must start after month 0 in "
                      "increasing order, got from_month 0");
  }
}

TEST_CASE("count_cohort counts each client once per measurement window it was treated in",
          "[rules]") {
  Contract c;
  c.rules = {rule({COMPLETE}, {100})};
  pbr::model::GradedSchedule g;
  g.points = {{0.0, 1.0}};
  g.reconcile_every_months = 3;
  g.measured_over_months = 6;
  c.rules[0].graded = g;
  const ClientRules rules(c, states(), 12);
  pbr::rules::PaymentLedger<std::int64_t> ledger(12, 1, 1);
  // Periods 0-2, 3-5, 6-8, 9-11; windows 0-2, 0-5, 3-8, 6-11. Treated in months 2..3 and
  // 10..11: windows 0, 1, 2 (via month 3) and 3.
  rules.count_cohort(path({{2, TREAT}, {4, DROPOUT}, {10, TREAT}}), ledger);
  CHECK(ledger.treated_in_window[0] == std::vector<std::int64_t>{1, 1, 1, 1});
  // Treated in month 7 only: windows 2 and 3.
  rules.count_cohort(path({{0, DROPOUT}, {7, TREAT}, {8, COMPLETE}}), ledger);
  CHECK(ledger.treated_in_window[0] == std::vector<std::int64_t>{1, 1, 2, 2});
}

TEST_CASE("reconciliation periods and the graded share", "[rules]") {
  using pbr::rules::ReconciliationPeriod;
  pbr::model::GradedSchedule g;
  g.reconcile_every_months = 3;
  g.measured_over_months = 12;
  // Contract from January: quarters aligned to April (offset 3): months 0-2, 3-5, 6-8, 9-10.
  CHECK(pbr::rules::reconciliation_periods(g, 11, 3) ==
        std::vector<ReconciliationPeriod>{{0, 2, 0}, {3, 5, 0}, {6, 8, 0}, {9, 10, 0}});
  g.measured_over_months = 3;
  CHECK(pbr::rules::reconciliation_periods(g, 7, 1) ==
        std::vector<ReconciliationPeriod>{{0, 0, 0}, {1, 3, 1}, {4, 6, 4}});
  // A period that does not divide 12 starts at month 0.
  g.reconcile_every_months = 5;
  g.measured_over_months = 5;
  CHECK(pbr::rules::reconciliation_periods(g, 12, 3) ==
        std::vector<ReconciliationPeriod>{{0, 4, 0}, {5, 9, 5}, {10, 11, 7}});
  g.points = {{0.1, 0.2}, {0.5, 1.0}};
  CHECK(pbr::rules::graded_share(g, 0.05) == 0.0);
  CHECK(pbr::rules::graded_share(g, 0.1) == 0.2);
  CHECK(pbr::rules::graded_share(g, 0.4) == 0.2);
  CHECK(pbr::rules::graded_share(g, 0.9) == 1.0);
  g.interpolation = pbr::model::Interpolation::linear;
  CHECK(pbr::rules::graded_share(g, 0.3) == Approx(0.6));
}

TEST_CASE("evaluate appends and leaves earlier content alone", "[rules]") {
  Contract c;
  c.rules = {rule({TREAT}, {40000})};
  const ClientRules rules(c, states(), 12);
  std::vector<Payment> out{{7, 7, 7}};
  rules.evaluate(path({{3, TREAT}}), 0, out);
  CHECK(out == P{{7, 7, 7}, {0, 3, 40000}});
}

TEST_CASE("add_to_ledger sums payments and counts qualifying clients once per rule", "[rules]") {
  pbr::rules::PaymentLedger<std::int64_t> ledger(12, 3, 2);
  // Rule 0: two positive payments (one client, counted once); rule 1: clawed back (the client
  // still had a positive payment: counted); rule 2: a lone negative record is not counted.
  const P pay{{0, 2, 40000}, {0, 9, 40000}, {1, 5, 80000}, {1, 8, -80000, 5}, {2, 4, -10, 1}};
  pbr::rules::add_to_ledger(pay, 1, ledger);
  CHECK(ledger.payment_at(2, 0, 1) == 40000);
  CHECK(ledger.payment_at(9, 0, 1) == 40000);
  CHECK(ledger.payment_at(5, 1, 1) == 80000);
  CHECK(ledger.payment_at(8, 1, 1) == -80000);
  CHECK(ledger.payment_at(4, 2, 1) == -10);
  CHECK(ledger.payment_at(2, 0, 0) == 0);
  CHECK(ledger.qualifying_at(0, 1) == 1);
  CHECK(ledger.qualifying_at(1, 1) == 1);
  CHECK(ledger.qualifying_at(2, 1) == 0);
  CHECK(ledger.qualifying_at(0, 0) == 0);
  // Positive payments are counted by month; clawbacks are kept with their payment month.
  CHECK(ledger.payment_count_at(2, 0, 1) == 1);
  CHECK(ledger.payment_count_at(8, 1, 1) == 0);
  REQUIRE(ledger.recoveries.size() == 2);
  CHECK(ledger.recoveries[0].paid_month == 5);
  CHECK(ledger.recoveries[0].month == 8);
  CHECK(ledger.recoveries[0].amount == 80000);
  pbr::rules::add_to_ledger(pay, 1, ledger);  // a second client
  CHECK(ledger.qualifying_at(0, 1) == 2);
  CHECK(ledger.payment_at(2, 0, 1) == 80000);
  ledger.compact_recoveries();
  REQUIRE(ledger.recoveries.size() == 2);  // one per (payment month, month, rule, group)
  CHECK(ledger.recoveries[1].amount == 2 * 80000);

  SECTION("rules beyond 64 are counted once too") {
    pbr::rules::PaymentLedger<std::int64_t> wide(3, 70, 1);
    pbr::rules::add_to_ledger(P{{66, 0, 5}, {66, 1, 5}, {65, 2, 5}}, 0, wide);
    CHECK(wide.qualifying_at(66, 0) == 1);
    CHECK(wide.qualifying_at(65, 0) == 1);
  }
}

TEST_CASE("ClientRules rejects malformed rules with a message", "[rules]") {
  Contract c;
  c.rules = {rule({7}, {100})};
  c.rules[0].name = "completion";
  CHECK_THROWS_WITH(ClientRules(c, states(), 12),
                    "payment rule 0 ('completion') trigger_states: state index 7 out of range "
                    "[0, 6)");
  c.rules = {rule({TREAT}, {100})};
  c.rules[0].clawback = StateWindow{{REPRESENT}, 0};
  CHECK_THROWS_WITH(ClientRules(c, states(), 12),
                    "payment rule 0 ('r') clawback: months must be >= 1, got 0");
  c.rules = {rule({TREAT}, {-1})};
  CHECK_THROWS_WITH(ClientRules(c, states(), 12), "payment rule 0 ('r'): negative amount -1");
  c.rules = {rule({TREAT}, {100})};
  CHECK_THROWS_AS(ClientRules(c, states(), 0), std::invalid_argument);
}
