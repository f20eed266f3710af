// pbr_bench_sim: client-months simulated per second by the cohort runner, at 1 and 2 threads,
// on the 6-state reference chain and on the default scenario with all its payment rules;
// optionally against the numpy peer (benchmarks/peers/markov_numpy.py) in the same run.
//
// Usage: pbr_bench_sim [--repeats N] [--clients N] [--months M] [--replications R]
//                      [--peer PATH | --no-peer] [--only reference|default] [--threads T]
//   --clients/--months size the reference chain (default 100000 x 60); --replications the
//   default scenario (default 200, its run setting); --threads T measures T threads only
//   (default: 1 and 2). A big --clients run with --only reference, --repeats 1 and
//   --no-peer is the memory check (/usr/bin/time -v for the peak RSS).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <sys/resource.h>

#include "bench_sim_models.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/path_tally.hpp"
#include "engine/sim/policy.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int repeats = 7;
  std::int64_t clients = 100000;
  int months = 60;
  int replications = 200;
  std::string peer;
  bool run_peer = true;
  std::string only;
  std::vector<int> threads = {1, 2};
};

struct Measurement {
  double rate = 0;  // client-months per second of wall time, median run
  std::int64_t client_months = 0;
  double seconds = 0;      // median wall time of one run
  double cpu_seconds = 0;  // process CPU time (user + system) of that run, all threads
};

// CPU time of the whole process, seconds: shows the work done when the machine is shared.
double cpu_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Median wall time of `repeats` runs of run_cohort; client-months from the tallies.
Measurement measure(const pbr::model::Scenario& s, int replications, int threads, int repeats) {
  const auto policy = pbr::sim::admit_all_policy(s);
  const pbr::sim::RunSettings settings{s.run.seed, replications, threads, 4096};
  std::vector<std::pair<double, double>> runs;  // (wall, cpu) seconds
  Measurement m;
  for (int i = 0; i < repeats; ++i) {
    const double c0 = cpu_now();
    const auto t0 = Clock::now();
    const auto tallies = pbr::sim::run_cohort(s, policy, settings);
    runs.emplace_back(std::chrono::duration<double>(Clock::now() - t0).count(), cpu_now() - c0);
    m.client_months = 0;
    for (const auto& t : tallies) m.client_months += pbr::sim::simulated_client_months(t);
  }
  std::sort(runs.begin(), runs.end());
  m.seconds = runs[runs.size() / 2].first;
  m.cpu_seconds = runs[runs.size() / 2].second;
  m.rate = static_cast<double>(m.client_months) / m.seconds;
  return m;
}

// Runs the numpy peer and returns its 'rate_client_months_per_s', or 0 when unavailable.
double run_peer(const Options& o) {
  if (!o.run_peer || o.peer.empty() || !std::filesystem::exists(o.peer)) return 0;
  const std::string cmd = "/usr/bin/python3 '" + o.peer + "' " + std::to_string(o.clients) + " " +
                          std::to_string(o.months) + " 5 12345 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return 0;
  char line[512];
  double rate = 0;
  while (fgets(line, sizeof line, pipe.get()) != nullptr) {
    std::string text(line);
    std::cout << "  numpy peer: " << text;
    const std::string key = "rate_client_months_per_s ";
    if (text.rfind(key, 0) == 0) rate = std::atof(text.c_str() + key.size());
  }
  return rate;
}

Options parse(int argc, char** argv) {
  Options o;
#ifdef PBR_SOURCE_DIR
  o.peer = std::string(PBR_SOURCE_DIR) + "/benchmarks/peers/markov_numpy.py";
#endif
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--repeats")
      o.repeats = std::stoi(next());
    else if (a == "--clients")
      o.clients = std::stoll(next());
    else if (a == "--months")
      o.months = std::stoi(next());
    else if (a == "--replications")
      o.replications = std::stoi(next());
    else if (a == "--peer")
      o.peer = next();
    else if (a == "--no-peer")
      o.run_peer = false;
    else if (a == "--only")
      o.only = next();
    else if (a == "--threads")
      o.threads = {std::stoi(next())};
    else
      throw std::invalid_argument("unknown option " + a + " (see the file comment)");
  }
  return o;
}

void report(const char* name, int threads, const Measurement& m) {
  std::printf(
      "%-16s threads %d  client-months %lld  median %.4f s (cpu %.4f s)  rate %.3e "
      "client-months/s  (%.3e per cpu-second)\n",
      name, threads, static_cast<long long>(m.client_months), m.seconds, m.cpu_seconds, m.rate,
      static_cast<double>(m.client_months) / m.cpu_seconds);
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  double reference_rate[3] = {0, 0, 0};
  if (o.only.empty() || o.only == "reference") {
    const auto chain = pbr::bench::reference_chain(o.clients, o.months);
    std::printf("reference chain: %lld clients x %d months, no contract\n",
                static_cast<long long>(o.clients), o.months);
    for (const int threads : o.threads) {
      const auto m = measure(chain, 1, threads, o.repeats);
      if (threads <= 2) reference_rate[threads] = m.rate;
      report("reference_chain", threads, m);
    }
  }
  if (o.only.empty() || o.only == "default") {
    const auto scenario =
        pbr::format::load_scenario(std::string(PBR_SOURCE_DIR) + "/scenarios/default.json")
            .scenario;
    std::printf(
        "default scenario (scenarios/default.json): %d replications, %d months, "
        "%zu payment rules\n",
        o.replications, scenario.horizon_months, scenario.contract.rules.size());
    for (const int threads : o.threads) {
      report("default", threads, measure(scenario, o.replications, threads, o.repeats));
    }
  }
  if (o.only.empty() || o.only == "reference") {
    const double peer = run_peer(o);
    if (peer > 0 && reference_rate[1] > 0 && reference_rate[2] > 0) {
      std::printf("reference chain vs numpy peer: %.1fx at 1 thread, %.1fx at 2 threads\n",
                  reference_rate[1] / peer, reference_rate[2] / peer);
    }
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "pbr_bench_sim: " << e.what() << "\n";
  return 2;
}
