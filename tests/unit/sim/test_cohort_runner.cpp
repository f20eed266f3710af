// The cohort runner: determinism across thread counts, replay of single clients, the
// accounting identities of a tally, and the reference chain against its exact occupancy.
#include <catch2/catch.hpp>

#include "engine/sim/cohort_runner.hpp"

#include <cmath>
#include <map>
#include <numeric>
#include <span>
#include <utility>
#include <vector>

#include "engine/rules/contract_terms.hpp"
#include "engine/sim/arrivals.hpp"
#include "engine/sim/path_tally.hpp"
#include "tally_compare.hpp"
#include "test_models.hpp"

using namespace pbr;
using sim::ClientOutcome;
using sim::ClientTrace;
using sim::RunSettings;

namespace {

model::Scenario with_capacity(model::Scenario s, std::int64_t capacity,
                              model::OverflowPolicy overflow,
                              std::optional<model::Month> max_wait) {
  s.economics.capacity = capacity;
  s.economics.overflow = overflow;
  s.economics.max_wait_months = max_wait;
  return s;
}

}  // namespace

TEST_CASE("tallies are byte-identical for 1, 2 and 8 threads and any block size",
          "[sim][runner][determinism]") {
  const auto base = test::pilot_like(24);
  const auto park = sim::apply_behaviour(base, base.behaviours[0]);
  const std::pair<const char*, model::Scenario> scenarios[] = {
      {"uncapped", base},
      {"capacity, wait, max 2 months", with_capacity(base, 160, model::OverflowPolicy::wait, 2)},
      {"capacity, turn away", with_capacity(base, 150, model::OverflowPolicy::turn_away, {})}};
  for (const auto& [name, scenario] : scenarios) {
    INFO(name);
    RunSettings settings{20260401, 6, 1, 4096};
    const auto one = sim::run_cohort(scenario, park, settings);
    settings.threads = 2;
    const auto two = sim::run_cohort(scenario, park, settings);
    settings.threads = 8;
    settings.block_size = 37;  // many small blocks, scheduled differently
    const auto eight = sim::run_cohort(scenario, park, settings);
    CHECK(test::identical(one, two));
    CHECK(test::identical(one, eight));
    // A different seed gives a different result (the comparison can fail).
    settings.seed += 1;
    CHECK_FALSE(test::identical(one, sim::run_cohort(scenario, park, settings)));
  }
}

TEST_CASE("replications are independent of how many are run", "[sim][runner][determinism]") {
  const auto s = test::pilot_like(12);
  const auto policy = sim::admit_all_policy(s);
  const auto three = sim::run_cohort(s, policy, {7, 3, 2, 4096});
  const auto five = sim::run_cohort(s, policy, {7, 5, 2, 4096});
  for (std::size_t r = 0; r < 3; ++r) CHECK(test::identical(three[r], five[r]));
  CHECK_FALSE(test::identical(five[0], five[1]));
}

TEST_CASE("for_each_replication hands every policy's replications over in order",
          "[sim][runner][determinism][streaming]") {
  const auto base = test::pilot_like(12);
  const auto capped = with_capacity(base, 150, model::OverflowPolicy::wait, 2);
  for (const auto& scenario : {base, capped}) {
    const std::vector<sim::ProviderPolicy> policies = {
        sim::admit_all_policy(scenario), sim::apply_behaviour(scenario, scenario.behaviours[0])};
    for (const int threads : {1, 3}) {
      INFO("threads " << threads << (scenario.economics.capacity ? ", capacity" : ""));
      // 29 replications: more than one window on 1 thread (4 per thread), a partial last one.
      const RunSettings settings{11, 29, threads, 4096};
      std::vector<int> order;
      std::vector<std::vector<sim::ReplicationTally<std::int64_t>>> seen(policies.size());
      sim::for_each_replication(
          scenario, policies, settings,
          [&](int rep, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
            order.push_back(rep);
            REQUIRE(tallies.size() == policies.size());
            for (std::size_t p = 0; p < tallies.size(); ++p) seen[p].push_back(tallies[p]);
          });
      std::vector<int> expected(29);
      std::iota(expected.begin(), expected.end(), 0);
      CHECK(order == expected);
      // Each policy's replications are those of its own run (common random numbers).
      for (std::size_t p = 0; p < policies.size(); ++p) {
        CHECK(test::identical(seen[p], sim::run_cohort(scenario, policies[p], settings)));
      }
      CHECK_FALSE(test::identical(seen[0], seen[1]));
    }
  }
  CHECK_THROWS_WITH(
      sim::for_each_replication(base, {}, RunSettings{},
                                [](int, std::span<sim::ReplicationTally<std::int64_t>>) {}),
      "for_each_replication: no policy");
}

TEST_CASE("trace_client replays exactly the client seen in the full run", "[sim][runner][replay]") {
  const auto base = test::pilot_like(18);
  const auto park = sim::apply_behaviour(base, base.behaviours[0]);
  for (const bool capped : {false, true}) {
    INFO((capped ? "with capacity (wait)" : "without capacity"));
    const auto s = capped ? with_capacity(base, 150, model::OverflowPolicy::wait, 3) : base;
    std::map<std::pair<int, model::ClientId>, ClientTrace> seen;
    sim::RunHooks hooks;
    hooks.observer = [&](const ClientTrace& t) { seen[{t.replication, t.path.cid}] = t; };
    const RunSettings settings{99, 2, 2, 64};
    sim::run_cohort(s, park, settings, hooks);
    std::map<ClientOutcome, int> outcomes;
    for (int rep = 0; rep < 2; ++rep) {
      const auto n = sim::client_count(s, settings, rep);
      std::int64_t count = 0;
      for (const auto& [key, t] : seen) count += key.first == rep;
      REQUIRE(count == n);  // every client observed once
      for (model::ClientId cid = 0; cid < static_cast<model::ClientId>(n); cid += 7) {
        const auto replay = sim::trace_client(s, park, settings, rep, cid);
        const auto& full = seen.at({rep, cid});
        ++outcomes[full.outcome];
        CHECK(replay.outcome == full.outcome);
        CHECK(replay.path.group == full.path.group);
        CHECK(replay.path.arrival == full.path.arrival);
        CHECK(replay.path.admitted == full.path.admitted);
        CHECK(replay.path.wait_months == full.path.wait_months);
        REQUIRE(replay.path.entries.size() == full.path.entries.size());
        for (std::size_t i = 0; i < full.path.entries.size(); ++i) {
          CHECK(replay.path.entries[i].month == full.path.entries[i].month);
          CHECK(replay.path.entries[i].state == full.path.entries[i].state);
        }
        CHECK(replay.payments == full.payments);
      }
    }
    // The sample covers the interesting kinds of client.
    CHECK(outcomes[ClientOutcome::existing] > 0);
    CHECK(outcomes[ClientOutcome::admitted] > 0);
    CHECK(outcomes[ClientOutcome::refused] > 0);
    if (capped)
      CHECK(outcomes[ClientOutcome::still_waiting] + outcomes[ClientOutcome::turned_away] > 0);
    CHECK_THROWS_AS(sim::trace_client(s, park, settings, 0, 1u << 30), std::out_of_range);
  }
}

TEST_CASE("a tally's counters agree with each other", "[sim][runner]") {
  const auto s = test::pilot_like(24);
  const auto policy = sim::apply_behaviour(s, s.behaviours[0]);
  const RunSettings settings{3, 2, 0, 4096};
  const auto tallies = sim::run_cohort(s, policy, settings);
  for (int rep = 0; rep < 2; ++rep) {
    const auto& t = tallies[static_cast<std::size_t>(rep)];
    const auto plan = sim::plan_arrivals(s.referrals, s.horizon_months, settings.seed,
                                         static_cast<std::uint64_t>(rep));
    std::int64_t referrals = 0, existing = 0, placements = 0, months = 0;
    for (const auto& g : t.by_group) {
      referrals += g.referrals;
      existing += g.existing;
      CHECK(g.admissions + g.refused + g.turned_away == g.referrals);  // no capacity
      placements += std::accumulate(g.placements.begin(), g.placements.end(), std::int64_t{0});
    }
    CHECK(existing == 150);
    CHECK(referrals + existing == plan.total());
    CHECK(placements == plan.total());
    // Client-months: every client is somewhere from arrival to the horizon.
    for (model::Month m = 0; m < s.horizon_months; ++m) {
      const auto arrived = m == 0 ? plan.month_first[1] : plan.arrivals_in(m);
      months += arrived * (s.horizon_months - m);
    }
    CHECK(sim::simulated_client_months(t) == months);
    // Occupancy of the last month counts everyone who arrived.
    std::int64_t last = 0;
    for (int st = 0; st < t.states; ++st) {
      for (int g = 0; g < t.groups; ++g) {
        last += const_cast<sim::ReplicationTally<std::int64_t>&>(t).occupancy_at(
            s.horizon_months - 1, st, g);
      }
    }
    CHECK(last == plan.total());
  }
}

TEST_CASE("progress reports reach the total once, in increasing order", "[sim][runner]") {
  const auto s = test::pilot_like(12);
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  sim::RunHooks hooks;
  hooks.progress = [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); };
  const RunSettings settings{5, 3, 2, 100};
  sim::run_cohort(s, sim::admit_all_policy(s), settings, hooks);
  REQUIRE_FALSE(calls.empty());
  const std::int64_t total = sim::client_count(s, settings, 0) + sim::client_count(s, settings, 1) +
                             sim::client_count(s, settings, 2);
  CHECK(calls.back() == std::make_pair(total, total));
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first > calls[i - 1].first);
}

TEST_CASE("bad settings and inconsistent scenarios are refused", "[sim][runner]") {
  const auto s = test::pilot_like(12);
  const auto policy = sim::admit_all_policy(s);
  CHECK_THROWS_AS(sim::run_cohort(s, policy, {1, 0, 1, 4096}), std::invalid_argument);
  CHECK_THROWS_AS(sim::run_cohort(s, policy, {1, 1, 1, 0}), std::invalid_argument);
  auto bad = s;
  bad.groups[0].share = 0.9;
  CHECK_THROWS_WITH(sim::run_cohort(bad, policy, {1, 1, 1, 4096}),
                    Catch::Contains("group shares sum to"));
}

TEST_CASE(
    "reference chain: occupancy at month 60 matches the exact matrix power within 4 SE "
    "(100000 clients)",
    "[sim][runner][stat]") {
  // Exact occupancy at month 60 (reference-chain.md, matrix power, to 4 places). "Month 60"
  // is the state after 60 monthly steps, i.e. the occupancy the tally reports for month 60
  // of a 61-month horizon.
  const double exact[] = {0.1731, 0.1160, 0.2317, 0.0329, 0.1448, 0.3015};
  constexpr std::int64_t N = 100000;
  const auto s = test::reference_chain(N, 61);
  auto tallies = sim::run_cohort(s, sim::admit_all_policy(s), {12345, 1, 0, 4096});
  auto& t = tallies[0];
  for (int st = 0; st < 6; ++st) {
    const double p = static_cast<double>(t.occupancy_at(60, st, 0)) / N;
    const double se = std::sqrt(exact[st] * (1 - exact[st]) / N);
    INFO("state " << st << ": simulated " << p << ", exact " << exact[st] << ", se " << se);
    CHECK(std::fabs(p - exact[st]) <= 4 * se + 5e-5);  // + rounding of the 4-place table
  }
}

TEST_CASE("the cohort of contract-level terms includes the existing caseload", "[sim][runner]") {
  // No referrals at all: only an existing caseload of 200 in treatment. A completion payment
  // with a 1% cohort threshold pays, since the existing caseload is in the denominator
  // (with admissions alone the rate would be undefined and nothing paid).
  auto s = test::reference_chain(0, 24);
  s.referrals.existing = {{200, 0, 0}};
  model::PaymentRule pay;
  pay.name = "completion";
  pay.trigger_states = {1};
  pay.amount_by_band = {10000};
  pay.cohort_threshold = 0.01;
  s.contract.rules = {pay};
  const auto tallies = sim::run_cohort(s, sim::admit_all_policy(s), {.seed = 3, .replications = 2});
  for (const auto& t : tallies) {
    CHECK(t.by_group[0].admissions == 0);
    CHECK(rules::rule_total(t.ledger, 0) > 0);
  }
}

TEST_CASE("graded payments scale the simulated ledger and count the treated cohort",
          "[sim][runner]") {
  auto s = test::reference_chain(300, 24);
  s.referrals.monthly_rate = {{0, 20.0}};
  model::PaymentRule pay;
  pay.name = "completion";
  pay.trigger_states = {1};
  pay.amount_by_band = {10000};
  s.contract.rules = {pay};
  const RunSettings settings{.seed = 11, .replications = 3, .threads = 2};
  const auto plain = sim::run_cohort(s, sim::admit_all_policy(s), settings);

  model::GradedSchedule full;
  full.points = {{0.0, 1.0}};
  full.reconcile_every_months = 6;
  s.contract.rules[0].graded = full;
  sim::RunHooks hooks;
  // Clients in treatment during months 0..5 (the first window), counted from the paths.
  std::vector<std::int64_t> treated_first_window(3, 0);
  hooks.observer = [&](const ClientTrace& t) {
    const auto& e = t.path.entries;
    for (std::size_t i = 0; i < e.size(); ++i) {
      const auto end = i + 1 < e.size() ? e[i + 1].month : 24;
      if (e[i].state == 0 && e[i].month <= 5 && end > 0) {
        ++treated_first_window[static_cast<std::size_t>(t.replication)];
        break;
      }
    }
  };
  const auto graded = sim::run_cohort(s, sim::admit_all_policy(s), settings, hooks);
  for (std::size_t r = 0; r < graded.size(); ++r) {
    // A schedule that always pays the whole tariff changes nothing.
    CHECK(graded[r].ledger.payments == plain[r].ledger.payments);
    REQUIRE(graded[r].ledger.treated_in_window[0].size() == 4);
    CHECK(graded[r].ledger.treated_in_window[0][0] == treated_first_window[r]);
  }
  s.contract.rules[0].graded->points = {{0.0, 0.5}};
  const auto half = sim::run_cohort(s, sim::admit_all_policy(s), settings);
  for (std::size_t r = 0; r < half.size(); ++r) {
    // Half the tariff, exactly to the penny per reconciliation period (floor of the total).
    const auto total = rules::rule_total(plain[r].ledger, 0);
    CHECK(rules::rule_total(half[r].ledger, 0) <= total / 2);
    CHECK(rules::rule_total(half[r].ledger, 0) >= total / 2 - 4);
  }
}

TEST_CASE("each existing-caseload entry keeps its own group, state and months in state",
          "[sim][runner]") {
  enum : int { TREAT = 1, DROP = 4 };
  auto s = test::pilot_like(12);
  // Entries 0 and 1 name their group; entry 2 is spread by the referral shares.
  s.referrals.existing = {{40, TREAT, 5, 1}, {25, DROP, 2, 2}, {30, TREAT, 0}};
  for (const bool capped : {false, true}) {
    CAPTURE(capped);
    auto sc = s;
    if (capped) sc.economics.capacity = 10000;
    std::map<model::ClientId, ClientTrace> existing;
    sim::RunHooks hooks;
    hooks.observer = [&](const ClientTrace& t) {
      if (t.outcome == ClientOutcome::existing) existing[t.path.cid] = t;
    };
    const auto tally = sim::run_cohort(sc, sim::admit_all_policy(sc), {5, 1, 1, 4096}, hooks)[0];
    REQUIRE(existing.size() == 95);
    std::map<model::GroupIndex, int> spread;
    for (const auto& [cid, t] : existing) {
      REQUIRE_FALSE(t.path.entries.empty());
      CHECK(t.path.entries[0].month == 0);
      if (cid < 40) {
        CHECK(t.path.group == 1);
        CHECK(t.path.entries[0].state == TREAT);
      } else if (cid < 65) {
        CHECK(t.path.group == 2);
        CHECK(t.path.entries[0].state == DROP);
      } else {
        ++spread[t.path.group];
      }
    }
    CHECK(spread.size() == 3);  // 30 clients by shares 0.5 / 0.2 / 0.3
    CHECK(tally.by_group[0].existing == spread[0]);
    CHECK(tally.by_group[1].existing == 40 + spread[1]);
    CHECK(tally.by_group[2].existing == 25 + spread[2]);
  }
}
