// Capacity: hand-checked cases with deterministic stays (every probability 0 or 1), and
// randomised checks (the shipped capacity_limited scenario, heavy re-presentation) that the
// caseload never exceeds capacity: every entry into treatment needs a place.
#include <catch2/catch.hpp>

#include <map>
#include <optional>

#include "engine/format/scenario_reader.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "test_models.hpp"

using namespace pbr;
using model::OverflowPolicy;
using sim::ClientOutcome;
using sim::ClientTrace;
using SK = model::StateKind;

namespace {

enum : int { WAIT, TREAT, DONE, UNTREATED, DIED, DROP };

// One referral a month (deterministic); treatment lasts exactly 3 months (durations 0-2),
// then completion. Capacity 2: hand-worked timelines are in each test.
model::Scenario three_month_stays(model::Month horizon, OverflowPolicy overflow,
                                  std::optional<model::Month> max_wait) {
  auto s = test::skeleton(
      {test::state("waiting", SK::waiting), test::state("treat", SK::treatment),
       test::state("done", SK::completion, true), test::state("untreated", SK::untreated),
       test::state("died", SK::death), test::state("dropped", SK::dropout)},
      1, horizon);
  s.transitions[0].from[TREAT] = test::banded({0, 2}, {0}, {{}, {{DONE, 1.0}}});
  s.referrals.monthly_rate = {{0, 1.0}};
  s.referrals.poisson = false;
  s.referrals.admission_state = TREAT;
  s.referrals.untreated_state = UNTREATED;
  s.referrals.waiting_state = WAIT;
  s.economics.capacity = 2;
  s.economics.overflow = overflow;
  s.economics.max_wait_months = max_wait;
  return s;
}

struct Run {
  sim::ReplicationTally<std::int64_t> tally;
  std::map<model::ClientId, ClientTrace> clients;
};

Run run(const model::Scenario& s) {
  Run out;
  sim::RunHooks hooks;
  hooks.observer = [&](const ClientTrace& t) { out.clients[t.path.cid] = t; };
  out.tally = sim::run_cohort(s, sim::admit_all_policy(s), {1, 1, 1, 4096}, hooks)[0];
  return out;
}

std::vector<std::pair<model::Month, model::StateIndex>> entries(const ClientTrace& t) {
  std::vector<std::pair<model::Month, model::StateIndex>> out;
  for (const auto& e : t.path.entries) out.emplace_back(e.month, e.state);
  return out;
}

using E = std::vector<std::pair<model::Month, model::StateIndex>>;

}  // namespace

TEST_CASE("turn away: a referral finding 2 of 2 places taken goes untreated", "[sim][capacity]") {
  // Month: 0 1 2 3 4 5 6 7. Stays: c0 0-2, c1 1-3, c2 turned away, c3 3-5, c4 4-6, c5 turned
  // away, c6 6-8, c7 7-9.
  auto r = run(three_month_stays(8, OverflowPolicy::turn_away, {}));
  const auto& g = r.tally.by_group[0];
  CHECK(g.referrals == 8);
  CHECK(g.admissions == 6);
  CHECK(g.turned_away == 2);
  CHECK(g.waited == 0);
  CHECK(r.clients.at(2).outcome == ClientOutcome::turned_away);
  CHECK(r.clients.at(5).outcome == ClientOutcome::turned_away);
  CHECK(entries(r.clients.at(2)) == E{{2, UNTREATED}});
  CHECK(entries(r.clients.at(3)) == E{{3, TREAT}, {6, DONE}});
  const std::int64_t in_treatment[] = {1, 2, 2, 2, 2, 2, 2, 2};
  for (int t = 0; t < 8; ++t) CHECK(r.tally.occupancy_at(t, TREAT, 0) == in_treatment[t]);
}

TEST_CASE("wait: first come first served as places free, waiting time tallied", "[sim][capacity]") {
  // c2 waits 2 -> admitted 3; c3 waits 3 -> 4; c4 waits 4,5 -> 6; c5 waits 5,6 -> 7;
  // c6 and c7 still wait at the horizon.
  auto r = run(three_month_stays(8, OverflowPolicy::wait, {}));
  const auto& g = r.tally.by_group[0];
  CHECK(g.referrals == 8);
  CHECK(g.admissions == 6);
  CHECK(g.turned_away == 0);
  CHECK(g.waited == 4);
  CHECK(g.wait_months == 1 + 1 + 2 + 2);
  CHECK(entries(r.clients.at(2)) == E{{2, WAIT}, {3, TREAT}, {6, DONE}});
  CHECK(entries(r.clients.at(4)) == E{{4, WAIT}, {6, TREAT}});
  CHECK(r.clients.at(4).path.wait_months == 2);
  CHECK(r.clients.at(6).outcome == ClientOutcome::still_waiting);
  CHECK(entries(r.clients.at(7)) == E{{7, WAIT}});
  const std::int64_t waiting[] = {0, 0, 1, 1, 1, 2, 2, 2};
  for (int t = 0; t < 8; ++t) {
    CHECK(r.tally.occupancy_at(t, WAIT, 0) == waiting[t]);
    CHECK(r.tally.occupancy_at(t, TREAT, 0) <= 2);
  }
}

TEST_CASE("wait with max_wait_months 1: turned away after one month without a place",
          "[sim][capacity]") {
  // c4 arrives at 4, still no place at 5: turned away then. c5 (arrived 5) gets c2's place
  // at 6, c6 (arrived 6) gets c3's at 7; c7 still waits at the horizon.
  auto r = run(three_month_stays(8, OverflowPolicy::wait, 1));
  const auto& g = r.tally.by_group[0];
  CHECK(g.admissions == 6);
  CHECK(g.turned_away == 1);
  CHECK(g.waited == 4);
  CHECK(g.wait_months == 4);
  CHECK(r.clients.at(4).outcome == ClientOutcome::turned_away);
  CHECK(entries(r.clients.at(4)) == E{{4, WAIT}, {5, UNTREATED}});
  CHECK_FALSE(r.clients.at(4).path.admitted);
  CHECK(entries(r.clients.at(5)) == E{{5, WAIT}, {6, TREAT}});
  CHECK(r.clients.at(7).outcome == ClientOutcome::still_waiting);
}

TEST_CASE("a queued referral can leave the waiting state; exits into treatment are ignored",
          "[sim][capacity]") {
  auto dying = three_month_stays(8, OverflowPolicy::wait, {});
  dying.transitions[0].from[WAIT] = test::single({{DIED, 1.0}});
  auto r = run(dying);
  // c2 queued at 2 dies at the end of month 2; c3 then finds a place at once (3-5), c4 at 4
  // (4-6); c5 queued at 5 dies; c6 (6) and c7 (7) are admitted.
  CHECK(r.clients.at(2).outcome == ClientOutcome::left_waiting);
  CHECK(entries(r.clients.at(2)) == E{{2, WAIT}, {3, DIED}});
  CHECK(r.clients.at(5).outcome == ClientOutcome::left_waiting);
  const auto& g = r.tally.by_group[0];
  CHECK(g.admissions == 6);
  CHECK(g.waited == 0);
  CHECK(g.transitions[WAIT * 6 + DIED] == 2);

  auto jumping = three_month_stays(8, OverflowPolicy::wait, {});
  jumping.transitions[0].from[WAIT] = test::single({{TREAT, 1.0}});
  const auto plain = run(three_month_stays(8, OverflowPolicy::wait, {}));
  const auto jumped = run(jumping);
  CHECK(jumped.tally.by_group[0].wait_months == plain.tally.by_group[0].wait_months);
  CHECK(jumped.tally.occupancy == plain.tally.occupancy);
}

TEST_CASE("a re-entry finding treatment full is turned away to the untreated pathway",
          "[sim][capacity]") {
  // Capacity 1. An existing client, dropped out at month 0, asks to come back to treatment at
  // month 1 (certain); c1, admitted at 0 while treatment was empty, stays 0-2, so the
  // re-entry is turned away (untreated from month 1). c2 (1) and c3 (2) are turned away, c4
  // (3) gets c1's place. The caseload never exceeds 1.
  auto s = three_month_stays(5, OverflowPolicy::turn_away, {});
  s.economics.capacity = 1;
  s.transitions[0].from[DROP] = test::single({{TREAT, 1.0}});
  s.referrals.existing = {{1, DROP, 0}};
  auto r = run(s);
  const auto& g = r.tally.by_group[0];
  CHECK(g.existing == 1);
  CHECK(g.admissions == 2);
  CHECK(g.turned_away == 3);  // referrals only: the re-entry is not a referral
  CHECK(r.clients.at(0).outcome == ClientOutcome::existing);
  CHECK(entries(r.clients.at(0)) == E{{0, DROP}, {1, UNTREATED}});
  CHECK(entries(r.clients.at(4)) == E{{3, TREAT}});
  CHECK(g.transitions[DROP * 6 + UNTREATED] == 1);
  CHECK(g.transitions[DROP * 6 + TREAT] == 0);
  for (int t = 0; t < 5; ++t) CHECK(r.tally.occupancy_at(t, TREAT, 0) == 1);
}

TEST_CASE("a client turned away from the untreated state stays there, its months running on",
          "[sim][capacity]") {
  // Capacity 1, turn away. An existing client untreated since month 0 moves to treatment
  // from its second month there (duration >= 1: certain); c1 fills the only place 0-2, so
  // its request at month 2 is refused and it stays untreated, duration running on: it asks
  // again at month 3 and gets the place c1 frees then.
  auto s = three_month_stays(6, OverflowPolicy::turn_away, {});
  s.economics.capacity = 1;
  s.transitions[0].from[UNTREATED] = test::banded({0, 1}, {0}, {{}, {{TREAT, 1.0}}});
  s.referrals.existing = {{1, UNTREATED, 0}};
  auto r = run(s);
  CHECK(entries(r.clients.at(0)) == E{{0, UNTREATED}, {3, TREAT}});
  CHECK(entries(r.clients.at(1)) == E{{0, TREAT}, {3, DONE}});
  // c4 arrives at 3 after the re-entry took the freed place: turned away.
  CHECK(r.clients.at(4).outcome == ClientOutcome::turned_away);
  for (int t = 0; t < 6; ++t) CHECK(r.tally.occupancy_at(t, TREAT, 0) == 1);
}

TEST_CASE("a re-entry finding treatment full waits in the one queue with the referrals",
          "[sim][capacity]") {
  // Capacity 1, wait. The existing client asks at month 1 while c1 holds the place 0-2: it
  // queues (waiting from 1), ahead of c2 who arrives at 1; at month 3 it gets c1's place
  // (3-5); every referral after c1 is still waiting at the horizon. Its wait changes no
  // referral counter.
  auto s = three_month_stays(6, OverflowPolicy::wait, {});
  s.economics.capacity = 1;
  s.transitions[0].from[DROP] = test::single({{TREAT, 1.0}});
  s.referrals.existing = {{1, DROP, 0}};
  auto r = run(s);
  const auto& g = r.tally.by_group[0];
  CHECK(entries(r.clients.at(0)) == E{{0, DROP}, {1, WAIT}, {3, TREAT}});
  CHECK(r.clients.at(0).outcome == ClientOutcome::existing);
  CHECK(r.clients.at(0).path.wait_months == 0);
  CHECK(g.admissions == 1);
  CHECK(g.waited == 0);
  CHECK(g.wait_months == 0);
  for (model::ClientId c = 2; c <= 6; ++c) {
    CHECK(r.clients.at(c).outcome == ClientOutcome::still_waiting);
  }
  const std::int64_t waiting[] = {0, 2, 3, 3, 4, 5};
  for (int t = 0; t < 6; ++t) {
    CHECK(r.tally.occupancy_at(t, TREAT, 0) == 1);
    CHECK(r.tally.occupancy_at(t, WAIT, 0) == waiting[t]);
  }

  SECTION("a re-entry queued past max_wait_months is turned away to the untreated state") {
    auto capped = s;
    capped.economics.max_wait_months = 1;
    auto rc = run(capped);
    CHECK(entries(rc.clients.at(0)) == E{{0, DROP}, {1, WAIT}, {2, UNTREATED}});
    CHECK(rc.tally.by_group[0].turned_away > 0);
    for (int t = 0; t < 6; ++t) CHECK(rc.tally.occupancy_at(t, TREAT, 0) <= 1);
  }
}

TEST_CASE("in a month the queue is served first, then re-entries by id, then referrals",
          "[sim][capacity]") {
  // Capacity 1, turn away. Two existing clients ask to enter treatment at month 3 (two
  // months untreated-like in the dropped-out state); c2 (referred at 0) holds the place 0-2
  // and frees it at 3. The lower id, client 0, gets it; client 1 and the referral of month
  // 3 are turned away.
  auto s = three_month_stays(5, OverflowPolicy::turn_away, {});
  s.economics.capacity = 1;
  s.transitions[0].from[DROP] = test::banded({0, 2}, {0}, {{}, {{TREAT, 1.0}}});
  s.referrals.existing = {{2, DROP, 0}};
  auto r = run(s);
  CHECK(entries(r.clients.at(0)) == E{{0, DROP}, {3, TREAT}});
  CHECK(entries(r.clients.at(1)) == E{{0, DROP}, {3, UNTREATED}});
  CHECK(r.clients.at(5).outcome == ClientOutcome::turned_away);  // referred at 3
  for (int t = 0; t < 5; ++t) CHECK(r.tally.occupancy_at(t, TREAT, 0) == 1);

  SECTION("with overflow wait, a queued referral comes before the month's re-entries") {
    auto w = s;
    w.economics.overflow = OverflowPolicy::wait;
    auto rw = run(w);
    // c3 (referred at 1) queued first: it gets the place at 3; both re-entries queue.
    CHECK(entries(rw.clients.at(3)) == E{{1, WAIT}, {3, TREAT}});
    CHECK(entries(rw.clients.at(0)) == E{{0, DROP}, {3, WAIT}});
    CHECK(entries(rw.clients.at(1)) == E{{0, DROP}, {3, WAIT}});
  }
}

namespace {

// The most clients in treatment-kind states in any month of any replication, and whether
// capacity bound (someone waited or was turned away).
struct Peak {
  std::int64_t in_treatment = 0;
  std::int64_t turned_or_waited = 0;
};

Peak peak_caseload(const model::Scenario& s, const sim::RunSettings& settings) {
  Peak out;
  for (auto& t : sim::run_cohort(s, sim::admit_all_policy(s), settings)) {
    for (int m = 0; m < s.horizon_months; ++m) {
      std::int64_t in_treatment = 0;
      for (std::size_t st = 0; st < s.states.size(); ++st) {
        if (s.states[st].kind != model::StateKind::treatment) continue;
        for (std::size_t g = 0; g < s.groups.size(); ++g) {
          in_treatment += t.occupancy_at(m, static_cast<model::StateIndex>(st),
                                         static_cast<model::GroupIndex>(g));
        }
      }
      out.in_treatment = std::max(out.in_treatment, in_treatment);
    }
    for (const auto& g : t.by_group) out.turned_or_waited += g.turned_away + g.waited;
  }
  return out;
}

}  // namespace

TEST_CASE("the shipped capacity_limited scenario never exceeds its capacity", "[sim][capacity]") {
  const auto s =
      format::load_scenario(std::string(PBR_SOURCE_DIR) + "/scenarios/capacity_limited.json")
          .scenario;
  REQUIRE(s.economics.capacity);
  const auto peak = peak_caseload(s, {s.run.seed, s.run.replications, 0, 4096});
  CHECK(peak.in_treatment <= *s.economics.capacity);
  CHECK(peak.in_treatment >= *s.economics.capacity - 10);  // and it binds
  CHECK(peak.turned_or_waited > 0);
}

TEST_CASE("heavy re-presentation never takes the caseload above capacity (randomised)",
          "[sim][capacity]") {
  auto s = test::pilot_like(36);
  for (auto& gt : s.transitions) {
    gt.from[4] = test::single({{5, 0.3}});               // dropped out: re-presents fast
    gt.from[3] = test::single({{5, 0.2}});               // community: relapses fast
    gt.from[5] = test::single({{1, 0.9}, {4, 0.1}});     // re-presented: back to treatment
    gt.from[8] = test::single({{5, 0.05}, {7, 0.001}});  // untreated clients present too
  }
  s.referrals.existing = {{100, 1, 3}, {60, 4, 2}, {40, 5, 0}};
  for (const auto overflow : {OverflowPolicy::wait, OverflowPolicy::turn_away}) {
    for (const std::optional<model::Month> max_wait : {std::optional<model::Month>{2}, {}}) {
      CAPTURE(static_cast<int>(overflow), max_wait.has_value());
      s.economics.capacity = 130;
      s.economics.overflow = overflow;
      s.economics.max_wait_months = max_wait;
      const auto peak = peak_caseload(s, {11, 4, 0, 4096});
      CHECK(peak.in_treatment == 130);  // reached, never exceeded
      CHECK(peak.turned_or_waited > 0);
    }
  }
}
