#include "engine/sweep/runner.hpp"

#include <tbb/global_control.h>
#include <catch2/catch.hpp>

#include "engine/sweep/table.hpp"
#include "fake_sweep.hpp"

using pbr::sweep::run_sweep;
using pbr::sweep::RunOptions;

namespace {
pbr::sweep::PreparedSweep grid() {
  pbr::sweep::SweepPlan plan;
  plan.scenario = "fake.json";
  plan.parameters = {
      pbr::sweep::parse_set_option("window=/contract/payments/1/no_reentry/months=1:12:1"),
      pbr::sweep::parse_set_option("/horizon_months=6,12,24")};
  plan.replications = 20;
  return pbr::sweep::prepare_sweep(plan, pbr::test::fake_base(), "fake.json", {},
                                   pbr::test::fake_evaluator(), pbr::test::fake_build);
}
std::string csv(const pbr::sweep::PreparedSweep& p, const pbr::sweep::Results& r) {
  return pbr::sweep::render_csv(p.definition, r, pbr::sweep::Layout::wide);
}
}  // namespace

TEST_CASE("results do not depend on the thread count", "[sweep][runner]") {
  const auto p = grid();
  std::string reference;
  for (std::size_t threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const auto report = run_sweep(p, pbr::test::fake_evaluator(), {});
    CHECK(report.computed == 36);
    CHECK_FALSE(report.interrupted);
    const auto text = csv(p, report.results);
    if (reference.empty()) reference = text;
    CHECK(text == reference);
  }
}

TEST_CASE("shards compute disjoint shares that add up to the whole", "[sweep][runner]") {
  const auto p = grid();
  const auto whole = run_sweep(p, pbr::test::fake_evaluator(), {});
  pbr::sweep::Results merged(36);
  for (std::size_t k = 1; k <= 5; ++k) {
    RunOptions o;
    o.shard = pbr::sweep::ShardSpec{k, 5};
    const auto part = run_sweep(p, pbr::test::fake_evaluator(), o);
    CHECK(part.in_scope == pbr::sweep::shard_points(*o.shard, 36).size());
    for (std::size_t i = 0; i < 36; ++i) {
      CHECK(part.results[i].has_value() == o.shard->contains(i));
      if (part.results[i]) merged[i] = part.results[i];
    }
  }
  CHECK(csv(p, merged) == csv(p, whole.results));
}

TEST_CASE("an interrupted run resumes from its journal without recomputing", "[sweep][runner]") {
  const auto dir = pbr::test::scratch_dir("runner_resume");
  const auto p = grid();
  std::atomic<bool> cancel{false};
  std::atomic<int> done{0};
  RunOptions o;
  o.journal_path = dir + "/r.journal.jsonl";
  o.cancel = &cancel;
  o.on_point_done = [&] {
    if (++done == 10) cancel = true;
  };
  const auto first = run_sweep(p, pbr::test::fake_evaluator(), o);
  CHECK(first.interrupted);
  CHECK(first.computed >= 10);
  CHECK(first.computed < 36);

  std::atomic<int> calls{0};
  o.resume = true;
  o.cancel = nullptr;
  o.on_point_done = nullptr;
  std::size_t start_done = 0, start_total = 0;
  o.on_start = [&](std::size_t d, std::size_t t) {
    start_done = d;
    start_total = t;
  };
  const auto second = run_sweep(p, pbr::test::fake_evaluator({}, &calls), o);
  CHECK(second.resumed == first.computed);
  CHECK(start_done == first.computed);
  CHECK(start_total == 36);
  CHECK(static_cast<std::size_t>(calls.load()) == 36 - first.computed);
  CHECK_FALSE(second.interrupted);
  CHECK(csv(p, second.results) == csv(p, run_sweep(p, pbr::test::fake_evaluator(), {}).results));
}

TEST_CASE("an evaluator failure propagates, finished points stay journaled", "[sweep][runner]") {
  const auto dir = pbr::test::scratch_dir("runner_failure");
  const auto p = grid();
  auto ev = pbr::test::fake_evaluator();
  auto inner = ev.evaluate;
  ev.evaluate = [inner](const pbr::model::Scenario& s, const pbr::sweep::PointContext& c) {
    if (c.point == 20) throw std::runtime_error("boom");
    return inner(s, c);
  };
  RunOptions o;
  o.journal_path = dir + "/f.journal.jsonl";
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    CHECK_THROWS_WITH(run_sweep(p, ev, o), "boom");
  }
  o.resume = true;
  const auto report = run_sweep(p, pbr::test::fake_evaluator(), o);
  CHECK(report.resumed >= 1);
  CHECK(report.resumed + report.computed == 36);
}
