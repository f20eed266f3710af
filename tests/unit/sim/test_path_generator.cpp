// ClientPathGenerator: exact behaviour on scripted uniforms, and equivalence in distribution
// with the plain month-by-month stepper (month_stepper.hpp).
#include <catch2/catch.hpp>

#include "engine/sim/path_generator.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chi_square.hpp"
#include "engine/rng/stream.hpp"
#include "month_stepper.hpp"
#include "test_models.hpp"

using namespace pbr;
using model::ClientPath;
using model::StateEntry;
using sim::ClientPathGenerator;
using test::banded;
using test::single;
using test::state;
using SK = model::StateKind;

namespace {

//! Returns scripted uniforms in order; running out is a test failure.
struct ScriptedRng {
  std::vector<double> values;
  std::size_t next = 0;
  double uniform() {
    if (next >= values.size()) throw std::runtime_error("scripted uniforms exhausted");
    return values[next++];
  }
};

model::Scenario three_states(model::StateSchedule from0, model::Month horizon = 12) {
  auto s = test::skeleton({state("a", SK::treatment), state("b", SK::other), state("c", SK::other)},
                          1, horizon);
  s.transitions[0].from[0] = std::move(from0);
  return s;
}

std::vector<StateEntry> run(const model::Scenario& s, std::vector<double> script,
                            model::Month start = 0, model::Month duration = 0,
                            std::size_t* used = nullptr) {
  const auto policy = sim::admit_all_policy(s);
  const ClientPathGenerator gen(s, policy);
  ScriptedRng rng{std::move(script)};
  ClientPath path;
  gen.extend(0, 0, start, duration, s.horizon_months, rng, path);
  if (used != nullptr) *used = rng.next;
  return path.entries;
}

bool same(const std::vector<StateEntry>& a, const std::vector<StateEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].month != b[i].month || a[i].state != b[i].state) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a sojourn is one geometric draw by inversion, then one draw for the target",
          "[sim][path]") {
  // q = 0.5: u = 0.3 gives K = 1 + floor(log 0.3 / log 0.5) = 1 + floor(1.737) = 2: the
  // client stays months 0 and 1 and moves at the end of month 1, so is in b from month 2.
  std::size_t used = 0;
  CHECK(same(run(three_states(single({{1, 0.5}})), {0.3}, 0, 0, &used), {{0, 0}, {2, 1}}));
  CHECK(used == 1);  // one exit: no target draw
  // Two exits 0.2 -> b, 0.3 -> c: cumulative shares 0.4, 1; the second uniform picks.
  const auto two = three_states(single({{1, 0.2}, {2, 0.3}}));
  CHECK(same(run(two, {0.3, 0.5}), {{0, 0}, {2, 2}}));
  CHECK(same(run(two, {0.3, 0.39}), {{0, 0}, {2, 1}}));
  // u just below 1 is the shortest possible sojourn: exit at the end of the first month.
  CHECK(same(run(two, {1.0 - 1e-16, 0.1}), {{0, 0}, {1, 1}}));
}

TEST_CASE("q = 1 exits at the end of the entry month and q = 0 never exits, without draws",
          "[sim][path]") {
  CHECK(same(run(three_states(single({{1, 1.0}})), {}), {{0, 0}, {1, 1}}));
  CHECK(same(run(three_states(single({{1, 0.0}})), {}), {{0, 0}}));
  // Rows summing to 1 within rounding count as certain: 0.1 + 0.2 + 0.7 != 1.0 in binary.
  auto s = three_states(single({{1, 0.1}, {2, 0.2}}));
  s.transitions[0].from[0].cells[0].exits[1].probability = 0.9;
  CHECK(same(run(s, {0.05}), {{0, 0}, {1, 1}}));
}

TEST_CASE("duration bands follow the timing convention, for new and existing clients",
          "[sim][path]") {
  // No exit in durations 0-2, certain exit from duration 3: stays months 0..3, in b from 4.
  const auto s = three_states(banded({0, 3}, {0}, {{}, {{1, 1.0}}}));
  CHECK(same(run(s, {}), {{0, 0}, {4, 1}}));
  // An existing client with 2 months already spent, at month 5: duration 3 in month 6.
  CHECK(same(run(s, {}, 5, 2), {{5, 0}, {7, 1}}));
  // Already past the band: exits at the end of its first simulated month.
  CHECK(same(run(s, {}, 0, 10), {{0, 0}, {1, 1}}));
}

TEST_CASE("calendar periods apply by month whatever the duration", "[sim][path]") {
  const auto s = three_states(banded({0}, {0, 10}, {{}, {{1, 1.0}}}));
  CHECK(same(run(s, {}, 3), {{3, 0}, {11, 1}}));
  CHECK(same(run(s, {}, 10), {{10, 0}, {11, 1}}));
}

TEST_CASE("a draw past the cell's end jumps to the boundary and redraws there", "[sim][path]") {
  // Band 0 (durations 0-1) exits to b, band 1 to c, both with q = 0.5.
  const auto s = three_states(banded({0, 2}, {0}, {{{1, 0.5}}, {{2, 0.5}}}));
  // u = 0.1: K = 1 + floor(3.32) = 4 > 2 months left in band 0 -> redraw at month 2 with
  // u = 0.6: K = 1 + floor(0.737) = 1: exit at the end of month 2, into c from month 3.
  std::size_t used = 0;
  CHECK(same(run(s, {0.1, 0.6}, 0, 0, &used), {{0, 0}, {3, 2}}));
  CHECK(used == 2);
}

TEST_CASE("moves taking effect at the horizon are not recorded", "[sim][path]") {
  const auto s = three_states(single({{1, 1.0}}), 12);
  CHECK(same(run(s, {}, 11), {{11, 0}}));
  CHECK(same(run(s, {}, 10), {{10, 0}, {11, 1}}));
  // A geometric draw that lands in the last month is not followed by a target draw.
  const auto two = three_states(single({{1, 0.2}, {2, 0.3}}), 3);
  std::size_t used = 0;
  CHECK(same(run(two, {0.2}, 0, 0, &used), {{0, 0}}));  // K = 3: end of month 2 = horizon
  CHECK(used == 1);
}

TEST_CASE("leave_queue ignores the waiting state's exits into treatment", "[sim][path]") {
  auto s = test::skeleton(
      {state("waiting", SK::waiting), state("treat", SK::treatment), state("died", SK::death)}, 1,
      24);
  s.referrals.waiting_state = 0;
  s.transitions[0].from[0] = single({{1, 0.5}, {2, 0.25}});
  const auto policy = sim::admit_all_policy(s);
  const ClientPathGenerator gen(s, policy);
  // Only the exit to died (q = 0.25) remains: u = 0.5 gives K = 1 + floor(2.41) = 3, moved
  // at the end of month 4 + 2 = 6, dead from month 7. No target draw: one exit.
  ScriptedRng rng{{0.5}};
  const auto leave = gen.leave_queue(0, 4, 24, rng);
  CHECK(leave.month == 7);
  CHECK(leave.state == 2);
  CHECK(rng.next == 1);
  ScriptedRng late{{1e-12}};
  CHECK(gen.leave_queue(0, 4, 24, late).month == 24);  // still waiting at the horizon
}

// ---------------------------------------------------------------------------------------
// Equivalence in distribution with the month-by-month stepper.

namespace {

struct Case {
  std::string name;
  model::Scenario scenario;
  model::GroupIndex group;
  model::StateIndex start_state;
  model::Month start;
  model::Month duration;
};

model::StateIndex state_at(const ClientPath& p, model::Month t) {
  model::StateIndex s = -1;
  for (const auto& e : p.entries) {
    if (e.month <= t) s = e.state;
  }
  return s;
}

struct Summary {
  std::vector<std::vector<std::int64_t>> occupancy;  // [checkpoint][state]
  std::vector<std::int64_t> moves;                   // histogram of moves per client
  double moves_sum = 0, moves_sq = 0;
};

template <class Fill>
Summary summarise(const Case& c, const std::vector<model::Month>& checkpoints, int clients,
                  Fill&& fill) {
  const std::size_t S = c.scenario.states.size();
  Summary out;
  out.occupancy.assign(checkpoints.size(), std::vector<std::int64_t>(S, 0));
  out.moves.assign(static_cast<std::size_t>(c.scenario.horizon_months) + 1, 0);
  ClientPath path;
  for (int i = 0; i < clients; ++i) {
    path.clear();
    fill(static_cast<std::uint64_t>(i), path);
    for (std::size_t k = 0; k < checkpoints.size(); ++k) {
      ++out.occupancy[k][static_cast<std::size_t>(state_at(path, checkpoints[k]))];
    }
    const auto m = path.entries.size() - 1;
    ++out.moves[m];
    out.moves_sum += static_cast<double>(m);
    out.moves_sq += static_cast<double>(m * m);
  }
  return out;
}

void compare(const Case& c) {
  constexpr int N = 100000;
  const model::Month H = c.scenario.horizon_months;
  const std::vector<model::Month> checkpoints = {c.start, c.start + 1, c.start + 3, 12, 24, H - 1};
  const auto policy = sim::admit_all_policy(c.scenario);
  const ClientPathGenerator gen(c.scenario, policy);
  const auto geometric = summarise(c, checkpoints, N, [&](std::uint64_t i, ClientPath& p) {
    rng::ClientStream rng({1, rng::Stream::transition, 0, i});
    gen.extend(c.group, c.start_state, c.start, c.duration, H, rng, p);
  });
  const auto stepped = summarise(c, checkpoints, N, [&](std::uint64_t i, ClientPath& p) {
    rng::ClientStream rng({2, rng::Stream::transition, 0, i});
    test::step_month_by_month(c.scenario.transitions[static_cast<std::size_t>(c.group)],
                              c.start_state, c.start, c.duration, H, rng, p);
  });
  for (std::size_t k = 0; k < checkpoints.size(); ++k) {
    INFO(c.name << ": occupancy at month " << checkpoints[k]);
    const auto chi = test::two_sample_chi_square(geometric.occupancy[k], stepped.occupancy[k]);
    INFO("chi2 = " << chi.statistic << ", dof = " << chi.dof << ", p = " << chi.p_value);
    CHECK(chi.p_value > 1e-4);
    for (std::size_t s = 0; s < geometric.occupancy[k].size(); ++s) {
      const double a = static_cast<double>(geometric.occupancy[k][s]) / N;
      const double b = static_cast<double>(stepped.occupancy[k][s]) / N;
      const double se = std::sqrt((a * (1 - a) + b * (1 - b)) / N);
      INFO("state " << s << ": " << a << " vs " << b << ", se " << se);
      CHECK(std::fabs(a - b) <= 4.0 * se);
    }
  }
  INFO(c.name << ": moves per client");
  const auto chi = test::two_sample_chi_square(geometric.moves, stepped.moves);
  INFO("chi2 = " << chi.statistic << ", dof = " << chi.dof << ", p = " << chi.p_value);
  CHECK(chi.p_value > 1e-4);
  const double ma = geometric.moves_sum / N, mb = stepped.moves_sum / N;
  const double va = geometric.moves_sq / N - ma * ma, vb = stepped.moves_sq / N - mb * mb;
  CHECK(std::fabs(ma - mb) <= 4.0 * std::sqrt((va + vb) / N));
}

}  // namespace

TEST_CASE(
    "geometric sojourns match the month-by-month stepper in distribution "
    "(chi-square p > 1e-4 and means within 4 standard errors, 100000 clients each)",
    "[sim][path][stat]") {
  std::vector<Case> cases;
  cases.push_back(
      {"reference chain (one cell per state)", test::reference_chain(1, 36), 0, 0, 0, 0});
  // Duration bands (0, 1, 6) and a calendar change at month 12 in treatment; duration
  // bands in the community.
  cases.push_back({"pilot-like, new client", test::pilot_like(36), 1, 1, 0, 0});
  // Existing caseload: starts at month 3 with 4 months already spent (inside a band).
  cases.push_back({"pilot-like, existing client with duration", test::pilot_like(36), 2, 1, 3, 4});
  {
    // Near-0 and near-1 probabilities, exact 0 and 1, calendar periods that switch a state
    // on and off.
    auto s = test::skeleton({state("a", SK::treatment), state("b", SK::other),
                             state("c", SK::other), state("d", SK::death)},
                            1, 30);
    auto& from = s.transitions[0].from;
    from[0] = banded({0, 2}, {0, 7, 15},
                     {{{1, 1.0 - 1e-9}},
                      {{1, 0.3}, {2, 1e-7}},
                      {},
                      {{2, 1.0}},
                      {{1, 1e-9}},
                      {{1, 0.999999}, {3, 1e-6}}});
    from[1] = banded({0, 1, 3}, {0},
                     {{{0, 0.5}, {2, 0.5}}, {{0, 1e-8}}, {{0, 0.2}, {2, 0.05}, {3, 0.01}}});
    from[2] = banded({0}, {0, 10}, {{{0, 0.05}}, {{0, 0.999}}});
    cases.push_back({"near-0 and near-1 probabilities", s, 0, 0, 0, 0});
    cases.push_back({"near-0 and near-1, starting at month 5 with duration 1", s, 0, 0, 5, 1});
  }
  for (const auto& c : cases) compare(c);
}

TEST_CASE("extend_to_entry stops before each entry into treatment and resumes like extend",
          "[sim][path]") {
  // pilot_like: re_presented -> in_treatment is an entry; treatment -> completed etc. are not.
  const auto s = test::pilot_like(36);
  const ClientPathGenerator gen(s, sim::admit_all_policy(s));
  int stops = 0;
  for (std::uint64_t cid = 0; cid < 2000; ++cid) {
    const auto g = static_cast<model::GroupIndex>(cid % 3);
    const rng::StreamKey key{7, rng::Stream::transition, 0, cid};
    rng::ClientStream whole_rng(key), piece_rng(key);
    ClientPath whole, pieces;
    gen.extend(g, 1, 0, 0, 36, whole_rng, whole);
    auto pending = gen.extend_to_entry(g, 1, 0, 0, 36, piece_rng, pieces);
    while (pending.month < 36) {
      ++stops;
      // The move was drawn but not recorded: the last entry is outside treatment.
      CHECK_FALSE(gen.is_treatment(pieces.entries.back().state));
      CHECK(gen.is_treatment(pending.state));
      CHECK(pending.month > pieces.entries.back().month);
      pending = gen.extend_to_entry(g, pending.state, pending.month, 0, 36, piece_rng, pieces);
    }
    REQUIRE(pieces.entries.size() == whole.entries.size());
    for (std::size_t i = 0; i < whole.entries.size(); ++i) {
      CHECK(pieces.entries[i].month == whole.entries[i].month);
      CHECK(pieces.entries[i].state == whole.entries[i].state);
    }
    CHECK(piece_rng.draws() == whole_rng.draws());
  }
  CHECK(stops > 100);  // re-entries happen
}

TEST_CASE("extend_to_entry without recording the start continues the last entry's stay",
          "[sim][path]") {
  // b (not treatment) -> a (treatment) from duration 2 on: certain.
  auto s = three_states({});
  s.transitions[0].from[1] = banded({0, 2}, {0}, {{}, {{0, 1.0}}});
  const ClientPathGenerator gen(s, sim::admit_all_policy(s));
  ScriptedRng rng;
  ClientPath path;
  path.entries.push_back({3, 1});
  // At month 4 it has spent 1 month in b: the entry into a is at the end of month 5.
  const auto pending = gen.extend_to_entry(0, 1, 4, 1, 12, rng, path, false);
  CHECK(pending.month == 6);
  CHECK(pending.state == 0);
  CHECK(path.entries.size() == 1);
}
