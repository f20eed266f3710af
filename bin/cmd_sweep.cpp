// pbrsim sweep: many variants of a scenario into one CSV. Option parsing, signals, progress
// and exit codes only; the machinery is in engine/sweep.
#include <csignal>

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "bin/progress.hpp"
#include "bin/slurm_script.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/provenance.hpp"
#include "engine/io/scenario_reader.hpp"
#include "engine/sweep/evaluators.hpp"
#include "engine/sweep/outputs.hpp"
#include "engine/sweep/runner.hpp"

namespace pbr::cli {

namespace {

namespace po = boost::program_options;

// The one piece of global state: a signal handler can only reach a global. It is set by
// SIGINT/SIGTERM and read by the sweep runner, which then starts no new point.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be signal-safe");

extern "C" void on_stop_signal(int signal) {
  g_signal = signal;
  g_stop.store(true);
  // A second Ctrl-C kills at once (the journal survives that too).
  std::signal(signal, SIG_DFL);
}

constexpr const char* USAGE =
    "Usage: pbrsim sweep [SCENARIO] [--plan PLAN] [--set POINTER=VALUES]... [options]\n\n"
    "Runs a batch of variants of SCENARIO (or the plan's scenario) into one CSV: one row per\n"
    "point and strategy, the swept parameters first, then the key metrics with 95% intervals.\n"
    "VALUES: a list a,b,c | a JSON array [..] | a range START:STOP:STEP (exact decimals,\n"
    "STOP included). See docs/sweeps.md.\n\nOptions";

std::string default_output(const sweep::SweepPlan& plan,
                           const std::optional<sweep::ShardSpec>& shard) {
  std::string stem =
      std::filesystem::path(plan.path.empty() ? plan.scenario : plan.path).stem().string();
  if (stem.size() > 6 && stem.ends_with(".sweep")) stem.resize(stem.size() - 6);
  std::string name = "out/" + stem + "_sweep";
  if (shard)
    name += ".shard-" + std::to_string(shard->index) + "-of-" + std::to_string(shard->count);
  return name + ".csv";
}

// Option values with a syntax error are input errors (exit code 2) about the command line.
template <class F>
auto must(F&& parse) {
  try {
    return parse();
  } catch (const sweep::ValuesSyntaxError& e) {
    throw core::InputError("command line", "", e.what());
  }
}

//! The most array tasks --emit slurm writes (Slurm's own MaxArraySize is usually far less).
constexpr std::int64_t MAX_SHARDS = 1000000;

//! This pbrsim's absolute path, so that the jobs run the same build on any node that sees
//! the same file system ("pbrsim", found on PATH, if the system cannot tell).
std::string this_executable() {
  std::error_code error;
  const auto path = std::filesystem::canonical("/proc/self/exe", error);
  return error ? std::string("pbrsim") : path.string();
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

void print_points(const sweep::SweepDefinition& def) {
  std::vector<std::string> header = {"point"};
  for (const auto& p : def.plan.parameters) header.push_back(p.name);
  for (const char* h : {"seed", "replications", "strategies"}) header.emplace_back(h);
  std::cout << "# " << def.points.size() << " points, fingerprint " << def.fingerprint << "\n";
  for (std::size_t i = 0; i < header.size(); ++i) std::cout << (i ? "\t" : "") << header[i];
  std::cout << "\n";
  for (const auto& pt : def.points) {
    std::cout << pt.index + 1;
    for (std::size_t k = 0; k < def.plan.parameters.size(); ++k) {
      std::cout << "\t" << def.plan.parameters[k].values[pt.choice[k]].label;
    }
    std::string strategies;
    for (const auto& s : pt.strategies) strategies += (strategies.empty() ? "" : ",") + s;
    std::cout << "\t" << pt.seed << "\t" << pt.replications << "\t" << strategies << "\n";
  }
}

}  // namespace

int cmd_sweep(const CommandArgs& args) {
  std::string scenario, plan_path, design, strategies, out, layout_name = "wide", shard_text, emit,
                                                            shards_text;
  std::vector<std::string> sets, derives;
  bool resume = false, quiet = false, dry_run = false, embed = false;

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
  options.add_options()("out,o", po::value(&out),
                        "CSV to write (default out/<stem>_sweep.csv, <stem> the plan's or "
                        "scenario's file name without .json and .sweep); the sidecar is its .json")(
      "layout", po::value(&layout_name),
      "wide (a row per point and strategy) or long (per metric)")(
      "shard", po::value(&shard_text), "K/N: compute only points i with i mod N = K-1 (1-based K)")(
      "resume", po::bool_switch(&resume), "continue an interrupted sweep from its journal")(
      "embed-scenarios", po::bool_switch(&embed),
      "put every point's resolved scenario in the sidecar")(
      "dry-run", po::bool_switch(&dry_run), "check every point and list them; run nothing")(
      "emit", po::value(&emit),
      "slurm: check every point, then print (run nothing) a bash script that submits the "
      "sweep as a Slurm job array of --shards shards and a merge job")(
      "shards", po::value(&shards_text), "N: the number of array tasks for --emit slurm")(
      "quiet,q", po::bool_switch(&quiet), "no progress on stderr");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm = parse_command_line("sweep", args, all, options, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options << "\n";
    return EXIT_OK;
  }
  const RunOptions run_options = read_run_options(vm);
  const int threads = run_options.threads;
  const auto layout = sweep::parse_layout(layout_name);
  if (!layout) {
    throw core::InputError("command line", "",
                           "--layout '" + layout_name + "': expected wide or long");
  }
  std::optional<sweep::ShardSpec> shard;
  if (!shard_text.empty()) {
    shard = must([&] { return sweep::parse_shard(shard_text); });
  }
  std::size_t emit_shards = 0;
  if (vm.count("emit")) {
    if (emit != "slurm") {
      throw core::InputError("command line", "", "--emit '" + emit + "': expected slurm");
    }
    if (!vm.count("shards")) {
      throw core::InputError("command line", "", "--emit slurm needs --shards N");
    }
    if (!shard_text.empty() || resume || dry_run) {
      throw core::InputError("command line", "",
                             "--emit slurm cannot be combined with --shard, --resume or "
                             "--dry-run: the script gives every task its --shard and --resume");
    }
    emit_shards =
        static_cast<std::size_t>(parse_integer_option("--shards", shards_text, 1, MAX_SHARDS));
  } else if (vm.count("shards")) {
    throw core::InputError("command line", "",
                           "--shards is for --emit slurm (to run one shard, use --shard K/N)");
  }

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

  sweep::RunOverrides overrides{run_options.seed, run_options.replications, {}};
  for (std::size_t b = 0; b < strategies.size();) {
    const auto e = std::min(strategies.find(',', b), strategies.size());
    if (e > b) overrides.strategies.push_back(strategies.substr(b, e - b));
    b = e + 1;
  }
  if (out.empty()) out = default_output(plan, shard);
  if (std::filesystem::path(out).extension() == ".json") {
    throw core::InputError("command line", "",
                           "--out '" + out + "': the CSV cannot end in .json (its sidecar does)");
  }

  // Checked before any point runs: no output may overwrite an input (the plan, the scenario
  // and every file of its extends chain), another output, or anything but a regular file.
  std::vector<std::string> scenario_files;
  const auto base = io::resolve_scenario_document(plan.scenario, &scenario_files);
  const std::string of_out = " of --out " + out;
  std::vector<io::CommandFile> inputs;
  if (!plan.path.empty()) inputs.push_back({plan.path, "--plan"});
  for (const auto& f : scenario_files) inputs.push_back({f, ""});
  io::check_output_files({{out, vm.count("out") ? "--out" : "the default --out"},
                          {sweep::sidecar_path_for(out), "the sidecar" + of_out},
                          {sweep::journal_path_for(out), "the journal" + of_out}},
                         inputs);

  std::optional<tbb::global_control> limit;
  if (threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  const sweep::Evaluator evaluator = sweep::strategy_evaluator();
  const sweep::PreparedSweep prepared =
      sweep::prepare_sweep(plan, base, plan.scenario, overrides, evaluator, io::build_scenario);
  if (dry_run) {
    print_points(prepared.definition);
    return EXIT_OK;
  }
  if (emit_shards > 0) {
    const std::size_t points = prepared.definition.points.size();
    if (emit_shards > points) {
      throw core::InputError("command line", "",
                             "--shards " + std::to_string(emit_shards) + ": the sweep has " +
                                 std::to_string(points) + " points; at most one shard per point");
    }
    SlurmSweepJob job;
    job.job_name = default_output(plan, std::nullopt);
    job.job_name = std::filesystem::path(job.job_name).stem().string();
    if (job.job_name.ends_with("_sweep")) job.job_name.resize(job.job_name.size() - 6);
    job.shards = emit_shards;
    job.cpus_per_task = threads > 0 ? threads : 1;
    job.working_dir = std::filesystem::current_path().string();
    job.pbrsim = this_executable();
    job.sweep_args = sweep_arguments(vm, run_options);
    job.out = out;
    std::cout << slurm_job_array_script(job);
    return EXIT_OK;
  }

  const std::string started = io::utc_timestamp_now();
  const auto clock_start = std::chrono::steady_clock::now();
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::optional<Progress> live;
  sweep::RunOptions run;
  run.shard = shard;
  run.journal_path = sweep::journal_path_for(out);
  run.resume = resume;
  run.cancel = &g_stop;
  run.on_start = [&](std::size_t done, std::size_t total) {
    live.emplace("sweep", "points", static_cast<std::int64_t>(total), progress_mode(quiet),
                 std::cerr);
    live->start(static_cast<std::int64_t>(done));
  };
  run.on_point_done = [&] {
    if (live) live->advance();
  };
  const sweep::RunReport report = sweep::run_sweep(prepared, evaluator, run);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  if (report.interrupted) {
    if (live) live->finish("interrupted");
    std::cerr << "pbrsim sweep: interrupted: " << report.resumed + report.computed << " of "
              << report.in_scope << " points are saved in " << run.journal_path
              << ".\nRun the same command with --resume to finish the sweep.\n";
    return 128 + (g_signal ? static_cast<int>(g_signal) : SIGINT);
  }
  if (live) live->finish();

  sweep::SweepOutput output{prepared.definition, report.results, *layout, shard, embed};
  std::vector<std::string> argv = {"pbrsim", "sweep"};
  argv.insert(argv.end(), args.begin(), args.end());
  const nlohmann::json execution = {
      {"command_line", argv},
      {"threads", threads > 0 ? threads : tbb::info::default_concurrency()},
      {"started_utc", started},
      {"finished_utc", io::utc_timestamp_now()},
      {"elapsed_seconds",
       std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count()},
      {"points_computed", report.computed},
      {"points_resumed", report.resumed}};
  sweep::write_outputs(out, output, execution);
  std::filesystem::remove(run.journal_path);
  if (!quiet) {
    std::cerr << "pbrsim sweep: " << report.in_scope << " points"
              << (shard ? " (shard " + shard->to_string() + ")" : std::string()) << " -> " << out
              << " and " << sweep::sidecar_path_for(out) << "\n";
  }
  return EXIT_OK;
}

}  // namespace pbr::cli
