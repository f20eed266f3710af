// The best response's guarantee: its expected margin is never below any canned strategy's
// (each is a point of its search space), on generated scenarios (exact) and by brute force.
#include "engine/strategy/best_response.hpp"
#include "engine/strategy/coupled_search.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/exact/exact.hpp"
#include "engine/model/scenario.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/compare.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using namespace pbr::strategy::testing;

namespace {

// The expected total provider margin (the metric the best response maximises), pounds.
double exact_margin(const model::Scenario& s, const sim::ProviderPolicy& policy) {
  const auto name = strategy::margin_metric(s);
  for (const auto& v : sim::compute_metrics(s, exact::exact_expected_tally(s, policy))) {
    if (v.metric == name && v.scope_kind == "total") return v.value;
  }
  throw std::logic_error("no margin metric");
}

// A random scenario of the two-group family: 1 to 5 groups with random shares, bands, exit
// probabilities, costs, rules, existing caseload, discounting, block payment and three
// behaviours (park, fast_track and a custom 'hold' with its own admission probabilities).
model::Scenario generated(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto between = [&](double lo, double hi) { return lo + (hi - lo) * u(rng); };
  const int groups = 1 + static_cast<int>(rng() % 5);
  auto s = two_group_scenario();
  s.behaviours.clear();
  random_groups(s, groups, rng);
  for (int g = 0; g < groups; ++g) {
    set_exit(s, g, TREAT, DONE, between(0.005, 0.2));
    set_exit(s, g, TREAT, DROP, between(0.01, 0.1));
    set_exit(s, g, DROP, TREAT, between(0.0, 0.05));  // re-presentation: a later re-entry
    set_exit(s, g, DONE, RECOVERED, between(0.01, 0.1));
    set_exit(s, g, UNTREATED, RECOVERED, between(0.0, 0.02));
    s.economics.cost_per_month[static_cast<std::size_t>(g)][TREAT] =
        static_cast<core::Pence>(between(5000, 40000));
  }
  s.horizon_months = 6 + static_cast<model::Month>(rng() % 30);
  s.referrals.starting_cohort = static_cast<std::int64_t>(rng() % 50);
  s.referrals.monthly_rate = {{0, between(1.0, 30.0)}};
  s.referrals.poisson = u(rng) < 0.5;
  if (u(rng) < 0.6) {
    s.referrals.existing = {{static_cast<std::int64_t>(rng() % 80), TREAT,
                             static_cast<model::Month>(rng() % 4),
                             static_cast<model::GroupIndex>(rng() % groups)}};
  }
  // Rules: a presentation fee, a completion payment and a recovery payment, each present
  // with some chance, amounts by band.
  s.contract.rules.clear();
  const auto amounts = [&] {
    return std::vector<core::Pence>{static_cast<core::Pence>(between(0, 300000)),
                                    static_cast<core::Pence>(between(0, 300000))};
  };
  if (u(rng) < 0.5) {
    model::PaymentRule fee;
    fee.name = "presentation";
    fee.kind = model::RuleKind::attachment_fee;
    fee.trigger_states = {TREAT};
    fee.frequency =
        u(rng) < 0.5 ? model::PayFrequency::once_per_episode : model::PayFrequency::once_per_client;
    fee.amount_by_band = amounts();
    s.contract.rules.push_back(fee);
  }
  if (u(rng) < 0.8) {
    model::PaymentRule done;
    done.name = "completion";
    done.trigger_states = {DONE};
    done.amount_by_band = amounts();
    s.contract.rules.push_back(done);
  }
  if (u(rng) < 0.5) {
    model::PaymentRule rec;
    rec.name = "recovery";
    rec.trigger_states = {RECOVERED};
    rec.amount_by_band = amounts();
    s.contract.rules.push_back(rec);
  }
  s.contract.annual_discount_rate = u(rng) < 0.5 ? 0.0 : 0.035;
  s.economics.block_payment_per_month = static_cast<core::Pence>(between(0, 500000));
  model::GroupBehaviour park;
  park.cost_multiplier = between(0.3, 0.9);
  park.multipliers = {{TREAT, DONE, between(0.2, 0.9)}, {TREAT, DROP, between(1.0, 2.0)}};
  s.behaviours.push_back(uniform_behaviour(s, "park", park));
  model::GroupBehaviour fast;
  fast.multipliers = {{TREAT, DONE, between(1.0, 2.0)}, {DROP, TREAT, between(1.0, 3.0)}};
  fast.cost_multiplier = between(0.8, 1.2);
  s.behaviours.push_back(uniform_behaviour(s, "fast_track", fast));
  auto hold = uniform_behaviour(s, "hold", {});
  for (auto& gb : hold.groups) {
    gb.admission_probability = between(0.0, 1.0);
    gb.multipliers = {{TREAT, DONE, between(0.3, 1.0)}};
  }
  if (u(rng) < 0.5) hold.intensity = model::IntensityRange{0.0, 2.0};
  if (u(rng) < 0.3) s.behaviours[0].intensity = model::IntensityRange{0.0, 1.5};
  s.behaviours.push_back(hold);
  s.strategies.names = {"admit_all", "cherry_pick", "park", "fast_track", "hold", "best_response"};
  REQUIRE(model::check_invariants(s).empty());
  return s;
}

// Every canned strategy the scenario allows, as plan_strategies makes them.
std::vector<strategy::StrategyPlan> canned(const model::Scenario& s,
                                           const strategy::MarginAnalysis& margins) {
  std::vector<strategy::StrategyPlan> out;
  for (const char* name : {"admit_all", "cherry_pick", "park", "fast_track", "hold"}) {
    const bool builtin = std::string(name) == "admit_all" || std::string(name) == "cherry_pick";
    if (builtin || model::find_behaviour(s.behaviours, name) >= 0) {
      out.push_back(strategy::plan_strategy(s, name, margins));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("on 200 generated scenarios the best response beats every canned strategy (exact)",
          "[strategy][best_response]") {
  std::mt19937_64 rng(20260403);
  int gamed = 0;
  for (int i = 0; i < 200; ++i) {
    const auto s = generated(rng);
    INFO("scenario " << i << ": " << s.groups.size() << " groups, " << s.contract.rules.size()
                     << " rules");
    const auto margins = strategy::analyse_margins(s, {});
    const auto starts = canned(s, margins);
    const auto br = strategy::find_best_response(s, starts, {}, margins);
    REQUIRE(br.search.exact);
    // 2 admissions x (honest + 3 behaviours), more with intensity grids and refinement.
    CHECK(br.search.evaluations >= 8);
    const double best = exact_margin(s, br.plan.policy);
    // The enumeration's objective is the exact margin of the policy it returns.
    CHECK(best == Approx(br.search.objective).epsilon(1e-9).margin(1e-6));
    double best_canned = -INFINITY;
    for (const auto& plan : starts) {
      INFO(plan.name);
      const double m = exact_margin(s, plan.policy);
      best_canned = std::max(best_canned, m);
      CHECK(best >= m - 1e-6 * std::max(1.0, std::abs(m)));
    }
    if (best > best_canned + 1.0) ++gamed;  // strictly better than every canned strategy
  }
  // The search space is richer than the canned strategies: it finds more in some scenarios.
  CHECK(gamed > 10);
}

TEST_CASE("exact enumeration finds the global optimum (brute force on small scenarios)",
          "[strategy][best_response]") {
  std::mt19937_64 rng(99);
  int checked = 0;
  while (checked < 15) {
    const auto s = generated(rng);
    if (s.groups.size() > 2) continue;
    ++checked;
    const auto margins = strategy::analyse_margins(s, {});
    const auto br = strategy::find_best_response(s, canned(s, margins), {}, margins);
    const double best = exact_margin(s, br.plan.policy);
    // Every combination of admission {0, 1} x effort {honest, park, fast_track, hold}.
    const std::size_t options = 2 * (1 + s.behaviours.size());
    const std::size_t groups = s.groups.size();
    std::size_t combos = 1;
    for (std::size_t g = 0; g < groups; ++g) combos *= options;
    for (std::size_t c = 0; c < combos; ++c) {
      std::vector<sim::GroupChoice> choice(groups);
      std::size_t code = c;
      for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t o = code % options;
        code /= options;
        choice[g].admission_probability = o < options / 2 ? 1.0 : 0.0;
        const std::size_t effort = o % (options / 2);
        if (effort > 0) choice[g].effort = &s.behaviours[effort - 1].groups[g];
      }
      const double m = exact_margin(s, sim::mixed_policy(s, choice));
      CHECK(best >= m - 1e-6 * std::max(1.0, std::abs(m)));
    }
  }
}

TEST_CASE("with capacity the best response is never below a canned strategy on the run",
          "[strategy][best_response]") {
  auto s = two_group_scenario();
  s.economics.capacity = 60;
  s.strategies.names = {"admit_all", "cherry_pick", "park", "fast_track", "best_response"};
  strategy::CompareSettings cs;
  cs.run.seed = 4;
  cs.run.replications = 12;
  const auto cmp = strategy::compare_strategies(s, cs, s.strategies.names);
  REQUIRE(cmp.strategies.back().plan.name == "best_response");
  const auto& br = cmp.strategies.back();
  // The same random numbers for the search and the run: its estimate is at least every
  // canned strategy's on them.
  const double best = br.metrics.summary("provider_margin").mean;
  for (const auto& r : cmp.strategies) {
    INFO(r.plan.name);
    const double m = r.metrics.summary("provider_margin").mean;
    CHECK(best >= m - 1e-9 * std::abs(m));
  }
  const auto search = strategy::find_best_response(
      s, std::vector<strategy::StrategyPlan>{cmp.strategies[0].plan, cmp.strategies[1].plan},
      cs.run, cmp.margins);
  CHECK_FALSE(search.search.exact);
  CHECK_FALSE(search.search.proven);  // the screen ignores how groups share the places
  CHECK(search.search.finalists >= 1);
  CHECK(search.search.finalists <= static_cast<int>(strategy::MAX_FINALISTS));
  CHECK(search.search.objective == Approx(best).epsilon(1e-12));
}

TEST_CASE("worst_case is the former name of best_response", "[strategy][best_response]") {
  const auto s = two_group_scenario();
  const std::vector<std::string> names = {"worst_case", "best_response"};
  const auto resolved = strategy::resolve_strategy_names(s, names);
  CHECK(resolved == std::vector<std::string>{"admit_all", "best_response"});
  const auto margins = strategy::analyse_margins(s, {});
  CHECK_THROWS_WITH(strategy::plan_strategy(s, "best_response", margins),
                    "plan_strategy: best_response needs a search (plan_strategies)");
}

TEST_CASE("a behaviour's intensity is a continuous lever, searched to a fine optimum",
          "[strategy][best_response]") {
  std::mt19937_64 rng(5);
  int checked = 0;
  while (checked < 12) {
    auto s = generated(rng);
    if (s.groups.size() != 1) continue;
    s.behaviours.resize(1);  // park alone, with a range
    s.behaviours[0].intensity = model::IntensityRange{0.0, 1.5};
    ++checked;
    const auto margins = strategy::analyse_margins(s, {});
    const auto br = strategy::find_best_response(s, canned(s, margins), {}, margins);
    const double best = exact_margin(s, br.plan.policy);
    CHECK(best == Approx(br.search.objective).epsilon(1e-9).margin(1e-6));
    const auto& d = br.plan.groups[0];
    CHECK(d.intensity >= 0.0);
    CHECK(d.intensity <= 1.5);
    // A grid 10 times finer than the search's over the whole range, both admissions.
    for (const double a : {0.0, 1.0}) {
      for (int k = 0; k <= 80; ++k) {
        std::vector<sim::GroupChoice> choice(1);
        choice[0].admission_probability = a;
        choice[0].effort = &s.behaviours[0].groups[0];
        choice[0].intensity = 1.5 * k / 80.0;
        const double m = exact_margin(s, sim::mixed_policy(s, choice));
        INFO("admission " << a << ", intensity " << choice[0].intensity);
        CHECK(best >= m - 1e-4 * std::max(1.0, std::abs(m)));
      }
    }
  }
  // Intensity scales every factor and the cost multiplier linearly from honest (0).
  model::GroupBehaviour b;
  b.multipliers = {{0, 1, 0.5}, {0, 2, 2.0}};
  b.cost_multiplier = 0.8;
  const auto half = model::at_intensity(b, 0.5);
  CHECK(half.multipliers[0].factor == Approx(0.75));
  CHECK(half.multipliers[1].factor == Approx(1.5));
  CHECK(half.cost_multiplier == Approx(0.9));
  CHECK(model::at_intensity(b, 3.0).multipliers[0].factor == 0.0);  // never negative
}

TEST_CASE("under open access the best response chooses effort only", "[strategy][best_response]") {
  auto s = two_group_scenario();
  s.strategies.open_access = true;
  const std::vector<std::string> cherry{"cherry_pick"};
  CHECK_THROWS_WITH(strategy::resolve_strategy_names(s, cherry),
                    Catch::Contains("/strategies/open_access: strategy 'cherry_pick' refuses "
                                    "referrals, which open access forbids "
                                    "(strategies.open_access)"));
  const auto margins = strategy::analyse_margins(s, {});
  const std::vector<std::string> best{"best_response"};
  const auto plan = strategy::plan_strategies(s, best, margins, {})[0];
  for (const auto& d : plan.groups) CHECK(d.admission_probability == 1.0);
  // The hard group loses money under honest effort; parking is the best it can do there.
  CHECK(plan.groups[1].effort == strategy::Effort::park);
  s.strategies.open_access = false;
  CHECK(strategy::plan_strategies(s, best, margins, {})[0].groups[1].admission_probability == 0.0);
}
