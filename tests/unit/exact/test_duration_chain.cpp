#include <catch2/catch.hpp>

#include "engine/exact/duration_chain.hpp"
#include "small_scenarios.hpp"

using namespace pbr;
using namespace pbr::exact;
using namespace pbr::exact::testing;
using model::StateKind;

TEST_CASE("durations are capped at the start of each state's last band", "[exact]") {
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 12);
  set_pieces(s, 0, 0, {0, 3, 6}, {0});
  const DurationChain chain(s.transitions[0], 12);
  CHECK(chain.states() == 2);
  CHECK(chain.size() == 7 + 1);  // s0: d = 0..6 (6 = "6 or more"); s1: d = 0
  CHECK(chain.duration_cap(0) == 6);
  CHECK(chain.duration_cap(1) == 0);
  CHECK(chain.index(0, 4) == 4);
  CHECK(chain.index(0, 40) == 6);
  CHECK(chain.index(1, 9) == 7);
  CHECK(chain.state_of(7) == 1);
  CHECK(chain.duration_of(5) == 5);
}

TEST_CASE("one step moves mass by duration band and calendar period", "[exact]") {
  // s0 -> s1 with 0 in months 0-1 (calendar) and, from month 2, 0.5 at durations >= 1.
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 6);
  set_pieces(s, 0, 0, {0, 1}, {0, 2});
  s.transitions[0].from[0].cell_at(1, 1).exits = {{1, 0.5}};
  const DurationChain chain(s.transitions[0], 6);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(chain.size());
  x[chain.index(0, 0)] = 1.0;
  // End of month 0 (period 0): no exit; the client is one month older.
  x = chain.step(0).full * x;
  CHECK(x[chain.index(0, 1)] == Approx(1.0));
  // End of month 1 (period 0 still): no exit.
  x = chain.step(1).full * x;
  CHECK(x[chain.index(0, 1)] == Approx(1.0));  // duration 2 is capped at 1
  // End of month 2 (period 1, duration band 1): half moves.
  const Eigen::VectorXd flows = chain.step(2).flow * x;
  CHECK(flows[0 * 2 + 1] == Approx(0.5));
  x = chain.step(2).full * x;
  CHECK(x[chain.index(0, 1)] == Approx(0.5));
  CHECK(x[chain.index(1, 0)] == Approx(0.5));
  const Eigen::VectorXd occ = chain.by_state() * x;
  CHECK(occ[0] == Approx(0.5));
  CHECK(occ[1] == Approx(0.5));
}

TEST_CASE("a period starting at or after the horizon is ignored", "[exact]") {
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, 3);
  set_pieces(s, 0, 0, {0}, {0, 5});
  s.transitions[0].from[0].cell_at(0, 0).exits = {{1, 0.25}};
  const DurationChain chain(s.transitions[0], 3);
  CHECK(&chain.step(0) == &chain.step(2));
  CHECK(&chain.step(0) == &chain.step(7));  // months past the horizon use the last period
  const Eigen::VectorXd ind = chain.indicator({1});
  CHECK(ind.sum() == 1.0);
  CHECK(ind[chain.index(1, 0)] == 1.0);
}

TEST_CASE("a row summing to 1 within rounding is a certain exit, as in the Monte Carlo",
          "[exact]") {
  // 0.6 + 0.4 + 5e-10 (allowed by check_invariants): nobody stays, shares 0.6 : 0.4.
  auto s = small_scenario({StateKind::treatment, StateKind::completion, StateKind::dropout}, 3);
  set_exit(s, 0, 0, 1, 0.6 + 5e-10);
  set_exit(s, 0, 0, 2, 0.4);
  const DurationChain chain(s.transitions[0], 3);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(chain.size());
  x[chain.index(0, 0)] = 1.0;
  x = chain.step(0).full * x;
  CHECK(x[chain.index(0, 0)] == 0.0);
  CHECK(x.sum() == Approx(1.0).epsilon(1e-15));
  CHECK(x[chain.index(1, 0)] == Approx(0.6).epsilon(1e-9));
}
