// pbr_bench_sweep: sweep throughput (points per second, client-months per second) and how busy
// the cores are (process CPU time / wall time), at 1 and 2 threads, in three shapes:
//   small  many small points: tests/unit/sweep/data/tiny.json, 101 cohort thresholds x 20
//          replications, admit_all (the scheduler must spread points over the cores);
//   big    one big point: scenarios/default.json, 200 replications, admit_all (the cores
//          must share one point's replications and blocks);
//   plan   the shipped plan scenarios/sweeps/window_vs_fee.sweep.json with its 5 strategies at
//          --replications (default 20): the real evaluator with common random numbers.
//
// Usage: pbr_bench_sweep [--repeats N] [--only small|big|plan] [--threads T]
//                        [--replications R]
// Client-months are counted by an untimed admit_all pass per point (sim's unit: months lived
// by clients inside the horizon); for the plan they are admit_all's times the strategies.

#include <sys/resource.h>

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "engine/format/scenario_reader.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/path_tally.hpp"
#include "engine/sim/policy.hpp"
#include "engine/sweep/evaluators.hpp"
#include "engine/sweep/runner.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int repeats = 3;
  std::string only;
  std::vector<int> threads = {1, 2};
  int plan_replications = 20;
};

struct Case {
  std::string name;
  pbr::sweep::PreparedSweep sweep;
  pbr::sweep::Evaluator evaluator;
  double client_months = 0;  // per run of the whole sweep
};

double cpu_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Client-months of every point under admit_all, counted outside the timing.
double admit_all_client_months(const pbr::sweep::PreparedSweep& sweep) {
  std::vector<double> per_point(sweep.definition.points.size());
  tbb::parallel_for(std::size_t{0}, per_point.size(), [&](std::size_t i) {
    const auto s = sweep.scenario(i);
    const auto& p = sweep.definition.points[i];
    const pbr::sim::RunSettings settings{p.seed, static_cast<int>(p.replications), 0, 4096};
    for (const auto& t : pbr::sim::run_cohort(s, pbr::sim::admit_all_policy(s), settings)) {
      per_point[i] += static_cast<double>(pbr::sim::simulated_client_months(t));
    }
  });
  double total = 0;
  for (double x : per_point) total += x;
  return total;
}

Case make_case(const std::string& name, pbr::sweep::SweepPlan plan,
               const pbr::sweep::RunOverrides& overrides, pbr::sweep::Evaluator evaluator) {
  const auto base = pbr::format::resolve_scenario_document(plan.scenario);
  Case c{name,
         pbr::sweep::prepare_sweep(plan, base, plan.scenario, overrides, evaluator,
                                   pbr::format::build_scenario),
         evaluator, 0};
  c.client_months = admit_all_client_months(c.sweep);
  if (evaluator.info.id != pbr::sweep::admit_all_evaluator().info.id) {
    c.client_months *= static_cast<double>(c.sweep.definition.points.front().strategies.size());
  }
  return c;
}

void measure(const Case& c, int threads, int repeats) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  std::vector<std::pair<double, double>> runs;  // (wall, cpu)
  for (int r = 0; r < repeats; ++r) {
    const double c0 = cpu_now();
    const auto t0 = Clock::now();
    const auto report = pbr::sweep::run_sweep(c.sweep, c.evaluator, {});
    runs.emplace_back(std::chrono::duration<double>(Clock::now() - t0).count(), cpu_now() - c0);
    if (report.computed != c.sweep.definition.points.size()) throw std::logic_error("incomplete");
  }
  std::sort(runs.begin(), runs.end());
  const auto [wall, cpu] = runs[runs.size() / 2];
  const double points = static_cast<double>(c.sweep.definition.points.size());
  std::printf(
      "%-6s threads %d  points %4.0f  median %.3f s (cpu %.3f s, cores busy %.2f)  "
      "%.1f points/s  %.3e client-months/s\n",
      c.name.c_str(), threads, points, wall, cpu, cpu / wall, points / wall,
      c.client_months / wall);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--repeats") {
      o.repeats = std::stoi(next());
    } else if (a == "--only") {
      o.only = next();
    } else if (a == "--threads") {
      o.threads = {std::stoi(next())};
    } else if (a == "--replications") {
      o.plan_replications = std::stoi(next());
    } else {
      throw std::invalid_argument("unknown option " + a + " (see the file comment)");
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  const std::string root = PBR_SOURCE_DIR;
  std::vector<Case> cases;
  if (o.only.empty() || o.only == "small") {
    pbr::sweep::SweepPlan plan;
    plan.scenario = root + "/tests/unit/sweep/data/tiny.json";
    plan.parameters = {
        pbr::sweep::parse_set_option("/contract/payments/1/cohort_threshold=0:1:0.01")};
    cases.push_back(make_case("small", plan, {std::nullopt, 20, {"admit_all"}},
                              pbr::sweep::admit_all_evaluator()));
  }
  if (o.only.empty() || o.only == "big") {
    pbr::sweep::SweepPlan plan;
    plan.scenario = root + "/scenarios/default.json";
    plan.parameters = {pbr::sweep::parse_set_option("/contract/payments/2/no_reentry/months=6")};
    cases.push_back(make_case("big", plan, {std::nullopt, 200, {"admit_all"}},
                              pbr::sweep::admit_all_evaluator()));
  }
  if (o.only.empty() || o.only == "plan") {
    const auto plan = pbr::sweep::read_plan(root + "/scenarios/sweeps/window_vs_fee.sweep.json");
    cases.push_back(make_case("plan", plan, {std::nullopt, o.plan_replications, {}},
                              pbr::sweep::strategy_evaluator()));
  }
  for (const auto& c : cases) {
    for (int threads : o.threads) measure(c, threads, o.repeats);
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "pbr_bench_sweep: " << e.what() << "\n";
  return 2;
}
