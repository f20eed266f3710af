// The per-client draws of a run: groups by referral share, keyed by client id.
#include <catch2/catch.hpp>

#include "engine/sim/run_context.hpp"

#include <cmath>

#include "test_models.hpp"

using namespace pbr;

TEST_CASE("groups are drawn with the referral shares (each within 4 SE) and keyed by id",
          "[sim][stat]") {
  const auto s = test::pilot_like();
  const auto policy = sim::admit_all_policy(s);
  const sim::RunHooks hooks;
  const sim::detail::RunContext ctx(s, policy, 8, hooks);
  constexpr int N = 100000;
  double counts[3] = {};
  sim::detail::Scratch scratch;
  for (int i = 0; i < N; ++i) {
    ++counts[ctx.draw_group(0, static_cast<model::ClientId>(i), scratch)];
  }
  for (int g = 0; g < 3; ++g) {
    const double p = s.groups[static_cast<std::size_t>(g)].share;
    CHECK(std::fabs(counts[g] / N - p) <= 4 * std::sqrt(p * (1 - p) / N));
  }
  // Keyed by id: the same client gives the same group whatever was drawn before.
  sim::detail::Scratch fresh;
  for (const model::ClientId cid : {77u, 3u, 78u, 76u, 4u}) {
    CHECK(ctx.draw_group(3, cid, fresh) == ctx.draw_group(3, cid, scratch));
  }
}

TEST_CASE("the existing caseload is simulated from its state with its duration", "[sim]") {
  auto s = test::skeleton({test::state("treat", model::StateKind::treatment),
                           test::state("done", model::StateKind::completion, true)},
                          1, 12);
  s.transitions[0].from[0] = test::banded({0, 6}, {0}, {{}, {{1, 1.0}}});
  s.referrals.existing = {{1, 0, 4}};
  const auto policy = sim::admit_all_policy(s);
  const sim::RunHooks hooks;
  const sim::detail::RunContext ctx(s, policy, 1, hooks);
  const auto plan = sim::plan_arrivals(s.referrals, 12, 1, 0);
  sim::detail::Scratch scratch;
  CHECK(ctx.simulate_uncapped(0, 0, plan.slot(0), scratch) == sim::ClientOutcome::existing);
  // Duration 4 at month 0, 6 at month 2: leaves at the end of month 2.
  REQUIRE(scratch.path.entries.size() == 2);
  CHECK(scratch.path.entries[1].month == 3);
  CHECK(scratch.path.admitted);
}
