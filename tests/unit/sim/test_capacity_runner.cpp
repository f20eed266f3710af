// Capacity: hand-checked cases with deterministic stays (every probability 0 or 1), and a
// randomised check that no new admission ever finds the caseload at capacity.
#include <catch2/catch.hpp>

#include <map>
#include <optional>

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

TEST_CASE("re-entry into treatment needs no place, so the caseload may exceed capacity",
          "[sim][capacity]") {
  // Capacity 1. An existing client, dropped out at month 0, comes back to treatment at
  // month 1 (certain) without a capacity check; c1, admitted at 0 while treatment was empty,
  // stays 0-2. Months 1 and 2 hold 2 clients; every later referral is turned away.
  auto s = three_month_stays(4, OverflowPolicy::turn_away, {});
  s.economics.capacity = 1;
  s.transitions[0].from[DROP] = test::single({{TREAT, 1.0}});
  s.referrals.existing = {{1, DROP, 0}};
  auto r = run(s);
  const auto& g = r.tally.by_group[0];
  CHECK(g.existing == 1);
  CHECK(g.admissions == 1);
  CHECK(g.turned_away == 3);
  const std::int64_t in_treatment[] = {1, 2, 2, 1};
  for (int t = 0; t < 4; ++t) CHECK(r.tally.occupancy_at(t, TREAT, 0) == in_treatment[t]);
}

TEST_CASE("new admissions never find the caseload at capacity (randomised, no re-entry)",
          "[sim][capacity]") {
  auto s = test::pilot_like(36);
  for (auto& gt : s.transitions) {
    gt.from[5] = test::single({{4, 0.1}});  // re-presented clients no longer re-enter treatment
    gt.from[4] = test::single({{5, 0.03}});
  }
  s.referrals.existing = {{100, 1, 3}};
  for (const auto overflow : {OverflowPolicy::wait, OverflowPolicy::turn_away}) {
    s.economics.capacity = 130;
    s.economics.overflow = overflow;
    s.economics.max_wait_months = 2;
    const auto tallies = sim::run_cohort(s, sim::admit_all_policy(s), {11, 4, 0, 4096});
    for (auto t : tallies) {
      std::int64_t turned = 0, waited = 0;
      for (int m = 0; m < 36; ++m) {
        std::int64_t in_treatment = 0;
        for (int g = 0; g < 3; ++g) in_treatment += t.occupancy_at(m, 1, g);
        CHECK(in_treatment <= 130);
      }
      for (const auto& g : t.by_group) {
        turned += g.turned_away;
        waited += g.waited;
      }
      CHECK(turned > 0);  // capacity binds
      if (overflow == OverflowPolicy::wait) CHECK(waited > 0);
    }
  }
}
