// Expected payments of single rules, worked by hand in the comments.
#include <catch2/catch.hpp>

#include "engine/exact/rule_trace.hpp"
#include "small_scenarios.hpp"

using namespace pbr;
using namespace pbr::exact;
using namespace pbr::exact::testing;
using model::StateKind;

namespace {

// One client placed at month 0 into augmented state (state, duration).
std::vector<Eigen::VectorXd> one_client(const DurationChain& chain, model::Month horizon,
                                        model::StateIndex state, model::Month duration = 0) {
  std::vector<Eigen::VectorXd> p(static_cast<std::size_t>(horizon),
                                 Eigen::VectorXd::Zero(chain.size()));
  p[0][chain.index(state, duration)] = 1.0;
  return p;
}

void check_months(const std::vector<double>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t t = 0; t < got.size(); ++t) {
    INFO("month " << t);
    CHECK(got[t] == Approx(want[t]).margin(1e-9));
  }
}

// T (0) <-> C (1), each way with probability 0.5 a month; one client in T at month 0.
// P(T at month t) = 1, .5, .5, .5 ...; entries into C at month t = P(T at t-1) * .5:
// month 1: .5, month 2: .25, month 3: .25. First entry: month 1 .5, month 2 .25, month 3 .125.
model::Scenario ping_pong(model::Month horizon) {
  auto s = small_scenario({StateKind::treatment, StateKind::completion}, horizon);
  set_exit(s, 0, 0, 1, 0.5);
  set_exit(s, 0, 1, 0, 0.5);
  return s;
}

}  // namespace

TEST_CASE("once_per_client pays the first entry, once_per_episode every entry", "[exact]") {
  const auto s = ping_pong(4);
  const DurationChain chain(s.transitions[0], 4);
  const auto placed = one_client(chain, 4, 0);
  auto rule = simple_rule("completion", {1}, 100);
  rule.frequency = model::PayFrequency::once_per_client;
  auto per_client = expected_rule(chain, rule, 100, placed, 4);
  check_months(per_client.payments, {0, 50, 25, 12.5});
  CHECK(per_client.qualifying == Approx(0.875));
  rule.frequency = model::PayFrequency::once_per_episode;
  auto per_episode = expected_rule(chain, rule, 100, placed, 4);
  check_months(per_episode.payments, {0, 50, 25, 25});
  CHECK(per_episode.qualifying == Approx(0.875));  // clients with >= 1 payment
}

TEST_CASE("a clawback recovers payments followed by an entry in the window", "[exact]") {
  // Paid on entering C; clawed back if the client enters T in the month after payment, which
  // happens with probability .5 (C -> T). Horizon 4.
  const auto s = ping_pong(4);
  const DurationChain chain(s.transitions[0], 4);
  const auto placed = one_client(chain, 4, 0);
  auto rule = simple_rule("completion", {1}, 100);
  rule.clawback = model::StateWindow{{0}, 1};
  // Per client: +50, +25, +12.5 at months 1..3; -25 at 2 and -12.5 at 3 (-6.25 is past H).
  auto per_client = expected_rule(chain, rule, 100, placed, 4);
  check_months(per_client.payments, {0, 50, 0, 0});
  CHECK(per_client.qualifying == Approx(0.875));
  // Per episode: +50, +25, +25; clawed back -25 at month 2 and -12.5 at month 3.
  rule.frequency = model::PayFrequency::once_per_episode;
  auto per_episode = expected_rule(chain, rule, 100, placed, 4);
  check_months(per_episode.payments, {0, 50, 0, 12.5});
}

TEST_CASE("an outcome payment waits out a no-reentry window and a lag", "[exact]") {
  // T (0) -> C (1) .5 a month; C -> R (2, re-presentation) .2 a month; R keeps the client.
  // Entry into C at month t >= 1 with probability .5^t; confirmed at t + 2 if no entry into R
  // at t+1, t+2 (.8^2 = .64); paid at t + 3 (lag 1) when < 6: t = 1 (month 4), t = 2 (5).
  auto s =
      small_scenario({StateKind::treatment, StateKind::completion, StateKind::representation}, 6);
  set_exit(s, 0, 0, 1, 0.5);
  set_exit(s, 0, 1, 2, 0.2);
  const DurationChain chain(s.transitions[0], 6);
  const auto placed = one_client(chain, 6, 0);
  auto rule = simple_rule("no_representation", {1}, 1000);
  rule.no_reentry = model::StateWindow{{2}, 2};
  rule.lag_months = 1;
  const double m4 = 1000 * 0.5 * 0.64, m5 = 1000 * 0.25 * 0.64;
  for (auto freq : {model::PayFrequency::once_per_client, model::PayFrequency::once_per_episode}) {
    rule.frequency = freq;
    const auto got = expected_rule(chain, rule, 1000, placed, 6);
    check_months(got.payments, {0, 0, 0, 0, m4, m5});
    CHECK(got.qualifying == Approx(0.48));
  }
}

TEST_CASE("min_consecutive_months counts from the placement, not the prior duration", "[exact]") {
  // An existing client in C with 5 months already there; C -> T .5 a month. With k = 2 the
  // event is at month 1 if the client stays through month 0's move (.5); pay 50 at month 1.
  const auto s = ping_pong(3);
  const DurationChain chain(s.transitions[0], 3);
  const auto placed = one_client(chain, 3, 1, 5);
  auto rule = simple_rule("stay", {1}, 100);
  rule.min_consecutive_months = 2;
  auto got = expected_rule(chain, rule, 100, placed, 3);
  // Later: back to T at 1 (.5 of the rest) and C again at 2 cannot stay 2 months before H.
  check_months(got.payments, {0, 50, 0});
  CHECK(got.qualifying == Approx(0.5));
}

TEST_CASE("min_consecutive_months with repeated entries", "[exact]") {
  // ping_pong, k = 2, horizon 5, one client in T at month 0. Candidates: entry at t qualifies
  // if the client stays at the end of month t (.5), event at t + 1.
  // Entries into C: month 1 .5, 2 .25, 3 .25 -> per-episode events at 2 (.25), 3 (.125),
  // 4 (.125). First qualifying (per client): an entry at 3 follows T at 2, reached by
  // T,T,T (.25, no earlier entry) or T,C,T (.25, entry at 1 that left at once): .25 * .5 * .5
  // = .0625 each, .125 in all; so per client: month 2 .25, 3 .125, 4 .125.
  const auto s = ping_pong(5);
  const DurationChain chain(s.transitions[0], 5);
  const auto placed = one_client(chain, 5, 0);
  auto rule = simple_rule("stay", {1}, 100);
  rule.min_consecutive_months = 2;
  rule.frequency = model::PayFrequency::once_per_episode;
  check_months(expected_rule(chain, rule, 100, placed, 5).payments, {0, 0, 25, 12.5, 12.5});
  // Per client, the entry at 3 of a client already paid at 2 (T at 2 is impossible after
  // C at 1 and C at 2) cannot occur, so the two frequencies agree here.
  rule.frequency = model::PayFrequency::once_per_client;
  const auto got = expected_rule(chain, rule, 100, placed, 5);
  check_months(got.payments, {0, 0, 25, 12.5, 12.5});
  CHECK(got.qualifying == Approx(0.5));
}

TEST_CASE("a second qualifying event pays per episode only", "[exact]") {
  // Horizon 6, k = 2: a client can qualify at 2 (C at 1, 2), return to T at 3 and qualify
  // again at 5 (C at 4, 5): T,C,C,T,C,C has probability .5^5 = 1/32. Per episode the event
  // at 5 is paid for every path with C at 4 and 5 after entering at 4: P(T at 3) * .5 * .5;
  // P(T at 3) = .5 -> .125. Per client, the event at 5 is paid only if no event came first:
  // paths with T at 3, C at 4, 5 and no event at 2 or 3. Events at 2 need C at 1, 2; at 3
  // need C at 2, 3 (impossible with T at 3). Paths over months 1, 2 ending in T at 3:
  // (T,T), (C,T), (T,C), (C,C) each .25 * .5 to reach T at 3; only (C,C) had an event, so
  // the per-client event at 5 has probability .125 * 3/4 = .09375.
  const auto s = ping_pong(6);
  const DurationChain chain(s.transitions[0], 6);
  const auto placed = one_client(chain, 6, 0);
  auto rule = simple_rule("stay", {1}, 100);
  rule.min_consecutive_months = 2;
  rule.frequency = model::PayFrequency::once_per_episode;
  const auto episode = expected_rule(chain, rule, 100, placed, 6);
  CHECK(episode.payments[5] == Approx(12.5));
  rule.frequency = model::PayFrequency::once_per_client;
  const auto client = expected_rule(chain, rule, 100, placed, 6);
  CHECK(client.payments[5] == Approx(9.375));
}
