// pbrsim sweep: many variants of a scenario into one CSV. Option parsing, signals, progress
// and exit codes only; the machinery is in engine/sweep.
#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "bin/sweep_driver.hpp"
#include "engine/analysis/strategy_runs.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/sweep/evaluators.hpp"
#include "engine/sweep/outputs.hpp"

namespace pbr::cli {

namespace {

namespace po = boost::program_options;

constexpr const char* USAGE =
    "Usage: pbrsim sweep [SCENARIO] [--plan PLAN] [--set POINTER=VALUES]... [options]\n\n"
    "Runs a batch of variants of SCENARIO (or the plan's scenario) into one CSV: one row per\n"
    "point and strategy, the swept parameters first, then the key metrics with 95% intervals.\n"
    "VALUES: a list a,b,c | a JSON array [..] | a range START:STOP:STEP (exact decimals,\n"
    "STOP included). See docs/sweeps.md.\n\nOptions";

// Option values with a syntax error are input errors (exit code 2) about the command line.
template <class F>
auto must(F&& parse) {
  try {
    return parse();
  } catch (const sweep::ValuesSyntaxError& e) {
    throw core::InputError("command line", "", e.what());
  }
}

//! The arguments that define the sweep, as given (--shard, --out, --threads, --resume and
//! the output-only options are the job script's business).
std::vector<std::string> sweep_arguments(const po::variables_map& vm, const RunOptions& run) {
  std::vector<std::string> args;
  if (vm.count("scenario")) args.push_back(vm["scenario"].as<std::string>());
  if (vm.count("plan")) args.insert(args.end(), {"--plan", vm["plan"].as<std::string>()});
  for (const char* repeated : {"set", "derive"}) {
    if (!vm.count(repeated)) continue;
    for (const auto& v : vm[repeated].as<std::vector<std::string>>()) {
      args.insert(args.end(), {std::string("--") + repeated, v});
    }
  }
  for (const char* single : {"design", "strategies"}) {
    if (vm.count(single))
      args.insert(args.end(), {std::string("--") + single, vm[single].as<std::string>()});
  }
  if (run.seed) args.insert(args.end(), {"--seed", std::to_string(*run.seed)});
  if (run.replications) {
    args.insert(args.end(), {"--replications", std::to_string(*run.replications)});
  }
  if (vm.count("layout") && !vm["layout"].defaulted()) {
    args.insert(args.end(), {"--layout", vm["layout"].as<std::string>()});
  }
  if (vm["embed-scenarios"].as<bool>()) args.emplace_back("--embed-scenarios");
  if (vm["quiet"].as<bool>()) args.emplace_back("--quiet");
  return args;
}

}  // namespace

int cmd_sweep(const CommandArgs& args) {
  std::string scenario, plan_path, design, strategies;
  std::vector<std::string> sets, derives;
  SweepJobOptions job_options;

  po::options_description options(USAGE);
  options.add_options()("help,h", "show this help")("plan", po::value(&plan_path),
                                                    "sweep plan file (*.sweep.json)")(
      "set", po::value(&sets)->composing(),
      "POINTER=VALUES, NAME=POINTER=VALUES or NAME=VALUES (a virtual parameter for --derive); "
      "repeatable; POINTER is an RFC 6901 pointer into the resolved scenario")(
      "derive", po::value(&derives)->composing(),
      "POINTER=EXPRESSION computed at every point, e.g. /x=round(share * 2000, 2); repeatable")(
      "design", po::value(&design), "grid (cartesian product, default) or zip (vary together)")(
      "strategies", po::value(&strategies), "comma list of strategies (default: the scenario's)");
  add_run_options(options, {"replications per point (default: the scenario's)",
                            "master seed, the same at every point (default: the scenario's)",
                            "worker threads, 0 = all cores"});
  add_sweep_job_options(options, job_options,
                        {"sweep", "point",
                         "CSV to write (default out/<stem>_sweep.csv, <stem> the plan's or "
                         "scenario's file name without .json and .sweep); the sidecar is its "
                         ".json"});
  const auto parsed = parse_command("sweep", args, options, {"scenario", po::value(&scenario)});
  if (!parsed) return EXIT_OK;
  const po::variables_map& vm = *parsed;
  const RunOptions run_options = read_run_options(vm);
  SweepJob job;
  apply_sweep_job_options(vm, job_options, job);

  // The plan: a file, options, or both (options add to the file's parameters).
  sweep::SweepPlan plan = plan_path.empty() ? sweep::SweepPlan{} : sweep::read_plan(plan_path);
  if (!scenario.empty()) plan.scenario = scenario;
  if (plan.scenario.empty()) {
    throw core::InputError("command line", "",
                           "no scenario: give SCENARIO or a plan file with \"scenario\"");
  }
  for (const auto& s : sets) {
    plan.parameters.push_back(must([&] { return sweep::parse_set_option(s); }));
  }
  for (const auto& d : derives) {
    plan.derived.push_back(must([&] { return sweep::parse_derive_option(d); }));
  }
  if (!design.empty()) {
    if (design != "grid" && design != "zip") {
      throw core::InputError("command line", "", "--design '" + design + "': expected grid or zip");
    }
    plan.design = design == "zip" ? sweep::Design::zip : sweep::Design::grid;
  }
  sweep::check_plan(plan, plan.path.empty() ? "command line" : plan.path);

  sweep::RunOverrides overrides{run_options.seed, run_options.replications,
                                analysis::split_strategy_list(strategies)};
  job.command = "sweep";
  job.args = args;
  std::vector<std::string> scenario_files;
  job.base = format::resolve_scenario_document(plan.scenario, &scenario_files);
  if (!plan.path.empty()) job.inputs.push_back({plan.path, "--plan"});
  for (const auto& f : scenario_files) job.inputs.push_back({f, ""});
  job.plan = std::move(plan);
  job.overrides = std::move(overrides);
  job.evaluator = sweep::strategy_evaluator();
  // The job is named after the plan file (or the scenario): plans/x.sweep.json -> "x",
  // written to out/x_sweep.csv.
  job.job_name = job_file_stem(job.plan.path.empty() ? job.plan.scenario : job.plan.path, ".sweep");
  job.out = job_options.out.empty() ? default_job_output(job.job_name + "_sweep", job.shard)
                                    : job_options.out;
  job.out_role = vm.count("out") ? "--out" : "the default --out";
  job.threads = run_options.threads;
  job.job_args = sweep_arguments(vm, run_options);
  return run_sweep_job(job);
}

}  // namespace pbr::cli
