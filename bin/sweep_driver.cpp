// The shared run of `pbrsim sweep` and `pbrsim psa`: signals, progress, journal, outputs.
#include "bin/sweep_driver.hpp"

#include <csignal>

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "bin/options.hpp"
#include "bin/progress.hpp"
#include "bin/slurm_script.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/output_lock.hpp"
#include "engine/output/provenance.hpp"
#include "engine/sweep/runner.hpp"

namespace pbr::cli {

namespace {

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

//! The most array tasks --emit slurm writes (Slurm's own MaxArraySize is usually far less).
constexpr std::int64_t MAX_SHARDS = 1000000;

//! --dry-run: checks every point, then lists them. Only what the listing needs is kept per
//! point (the value labels are recomputed from the point's index), so a million points fit
//! in a few tens of megabytes.
void list_points(const SweepJob& job) {
  struct Listed {
    std::uint64_t seed = 0;
    std::int64_t replications = 0;
    std::uint32_t strategies = 0;  //!< index into `lists`
  };
  std::vector<Listed> listed;
  std::vector<std::string> lists;
  std::map<std::string, std::uint32_t> list_index;
  const sweep::CheckedSweep checked =
      sweep::check_sweep(job.plan, job.base, job.plan.scenario, job.overrides, job.evaluator,
                         format::build_scenario, [&](sweep::PointSpec&& point) {
                           std::string strategies;
                           for (const auto& s : point.strategies)
                             strategies += (strategies.empty() ? "" : ",") + s;
                           const auto [at, added] = list_index.try_emplace(
                               strategies, static_cast<std::uint32_t>(lists.size()));
                           if (added) lists.push_back(strategies);
                           listed.push_back({point.seed, point.replications, at->second});
                         });
  const auto& parameters = job.plan.parameters;
  std::vector<std::size_t> sizes;
  for (const auto& p : parameters) sizes.push_back(p.values.size());
  std::cout << "# " << checked.points << " points, fingerprint " << checked.definition.fingerprint
            << "\npoint";
  for (const auto& p : parameters) std::cout << "\t" << p.name;
  std::cout << "\tseed\treplications\tstrategies\n";
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const auto choice = sweep::choice_of(job.plan.design, sizes, i);
    std::cout << i + 1;
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      std::cout << "\t" << parameters[k].values[choice[k]].label;
    }
    std::cout << "\t" << listed[i].seed << "\t" << listed[i].replications << "\t"
              << lists[listed[i].strategies] << "\n";
  }
}

//! --emit and --shards checked together: the number of shards to emit, 0 without --emit.
std::size_t emit_shard_count(bool emit_given, const std::string& emit, bool shards_given,
                             const std::string& shards_text, bool shard_given, bool resume,
                             bool dry_run) {
  if (!emit_given) {
    if (shards_given) {
      throw core::InputError("command line", "",
                             "--shards is for --emit slurm (to run one shard, use --shard K/N)");
    }
    return 0;
  }
  if (emit != "slurm") {
    throw core::InputError("command line", "", "--emit '" + emit + "': expected slurm");
  }
  if (!shards_given) throw core::InputError("command line", "", "--emit slurm needs --shards N");
  if (shard_given || resume || dry_run) {
    throw core::InputError("command line", "",
                           "--emit slurm cannot be combined with --shard, --resume or "
                           "--dry-run: the script gives every task its --shard and --resume");
  }
  return static_cast<std::size_t>(parse_integer_option("--shards", shards_text, 1, MAX_SHARDS));
}

}  // namespace

std::string this_executable() {
  std::error_code error;
  const auto path = std::filesystem::canonical("/proc/self/exe", error);
  return error ? std::string("pbrsim") : path.string();
}

sweep::Layout layout_option(const std::string& text) {
  const auto layout = sweep::parse_layout(text);
  if (!layout) {
    throw core::InputError("command line", "", "--layout '" + text + "': expected wide or long");
  }
  return *layout;
}

std::string job_file_stem(const std::string& input, const std::string& inner_extension) {
  std::string stem = std::filesystem::path(input).stem().string();
  if (stem.size() > inner_extension.size() && stem.ends_with(inner_extension)) {
    stem.resize(stem.size() - inner_extension.size());
  }
  return stem;
}

std::string default_job_output(const std::string& name,
                               const std::optional<sweep::ShardSpec>& shard) {
  std::string path = "out/" + name;
  if (shard) {
    path += ".shard-" + std::to_string(shard->index) + "-of-" + std::to_string(shard->count);
  }
  return path + ".csv";
}

void add_sweep_job_options(boost::program_options::options_description& options,
                           SweepJobOptions& values, const SweepJobWords& words) {
  namespace po = boost::program_options;
  options.add_options()("out,o", po::value(&values.out), words.out_help.c_str())(
      "layout", po::value(&values.layout),
      ("wide (a row per " + words.unit + " and strategy) or long (per metric)").c_str())(
      "shard", po::value(&values.shard),
      ("K/N: compute only " + words.unit + "s i with i mod N = K-1 (1-based K)").c_str())(
      "resume", po::bool_switch(&values.resume),
      ("continue an interrupted " + words.what + " from its journal").c_str())(
      "embed-scenarios", po::bool_switch(&values.embed),
      ("put every " + words.unit + "'s resolved scenario in the sidecar").c_str())(
      "dry-run", po::bool_switch(&values.dry_run),
      ("check every " + words.unit + " and list them; run nothing").c_str())(
      "emit", po::value(&values.emit),
      ("slurm: check every " + words.unit +
       ", then print (run nothing) a bash script that submits the " + words.what +
       " as a Slurm job array of --shards shards and a merge job")
          .c_str())("shards", po::value(&values.shards),
                    "N: the number of array tasks for --emit slurm")(
      "quiet,q", po::bool_switch(&values.quiet), "no progress on stderr")(
      "report", po::value(&values.report),
      ("HTML: also write the report of the " + words.what + " (charts and their numbers)").c_str());
}

void apply_sweep_job_options(const boost::program_options::variables_map& vm,
                             const SweepJobOptions& values, SweepJob& job) {
  job.layout = layout_option(values.layout);
  job.shard.reset();
  if (!values.shard.empty()) {
    try {
      job.shard = sweep::parse_shard(values.shard);
    } catch (const sweep::ValuesSyntaxError& e) {
      throw core::InputError("command line", "", e.what());
    }
  }
  job.resume = values.resume;
  job.quiet = values.quiet;
  job.embed = values.embed;
  job.dry_run = values.dry_run;
  job.report.reset();
  if (vm.count("report")) {
    // The report reads the whole result, in the wide layout (docs/report.md).
    if (values.report.empty())
      throw core::InputError("command line", "", "--report: expected a file name");
    const char* clash = !values.shard.empty() ? "--shard (join the shards with pbrsim merge, then "
                                                "run pbrsim report on the merged CSV)"
                        : values.dry_run      ? "--dry-run"
                        : vm.count("emit")    ? "--emit"
                        : job.layout == sweep::Layout::long_form
                            ? "--layout long (the report reads the wide layout)"
                            : nullptr;
    if (clash != nullptr) {
      throw core::InputError("command line", "", std::string("--report: not with ") + clash);
    }
    job.report = values.report;
  }
  job.emit_shards =
      emit_shard_count(vm.count("emit") > 0, values.emit, vm.count("shards") > 0, values.shards,
                       job.shard.has_value(), values.resume, values.dry_run);
}

int run_sweep_job(const SweepJob& job) {
  const std::string& out = job.out;
  if (std::filesystem::path(out).extension() == ".json") {
    throw core::InputError("command line", "",
                           "--out '" + out + "': the CSV cannot end in .json (its sidecar does)");
  }
  // Checked before any point runs: no output may overwrite an input (the plan, the scenario
  // and every file of its extends chain), another output, or anything but a regular file.
  const std::string of_out = " of --out " + out;
  std::vector<output::CommandFile> outputs = {
      {out, job.out_role},
      {sweep::sidecar_path_for(out), "the sidecar" + of_out},
      {sweep::journal_path_for(out), "the journal" + of_out}};
  outputs.insert(outputs.end(), job.extra_outputs.begin(), job.extra_outputs.end());
  if (job.report) outputs.push_back({*job.report, "--report"});
  outputs.push_back({output::lock_path_for(out), "the lock of --out " + out});
  output::check_output_files(outputs, job.inputs);

  std::optional<tbb::global_control> limit;
  if (job.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, job.threads);
  if (job.dry_run) {
    list_points(job);
    return EXIT_OK;
  }
  if (job.emit_shards > 0) {
    const std::size_t points =
        sweep::check_sweep(job.plan, job.base, job.plan.scenario, job.overrides, job.evaluator,
                           format::build_scenario, [](sweep::PointSpec&&) {})
            .points;
    if (job.emit_shards > points) {
      throw core::InputError("command line", "",
                             "--shards " + std::to_string(job.emit_shards) + ": the " +
                                 job.command + " has " + std::to_string(points) +
                                 " points; at most one shard per point");
    }
    SlurmSweepJob slurm;
    slurm.command = job.command;
    slurm.job_name = job.job_name;
    slurm.shards = job.emit_shards;
    slurm.cpus_per_task = job.threads > 0 ? job.threads : 1;
    slurm.working_dir = std::filesystem::current_path().string();
    slurm.pbrsim = this_executable();
    slurm.sweep_args = job.job_args;
    slurm.out = out;
    std::cout << slurm_job_array_script(slurm);
    return EXIT_OK;
  }

  // One writer per output: taken before the journal is looked at, held to the end.
  output::create_parent_directories(out);
  const output::OutputLock lock(output::lock_path_for(out), out);
  sweep::PreparedSweep prepared = sweep::prepare_sweep(
      job.plan, job.base, job.plan.scenario, job.overrides, job.evaluator, format::build_scenario);
  const std::string started = output::utc_timestamp_now();
  const auto clock_start = std::chrono::steady_clock::now();
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::optional<Progress> live;
  sweep::RunOptions run;
  run.shard = job.shard;
  run.journal_path = sweep::journal_path_for(out);
  run.resume = job.resume;
  run.cancel = &g_stop;
  run.on_start = [&](std::size_t done, std::size_t total) {
    live.emplace(job.command, "points", static_cast<std::int64_t>(total), progress_mode(job.quiet),
                 std::cerr);
    live->start(static_cast<std::int64_t>(done));
  };
  run.on_point_done = [&] {
    if (live) live->advance();
  };
  sweep::RunReport report = sweep::run_sweep(prepared, job.evaluator, run);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  if (report.interrupted) {
    if (live) live->finish("interrupted");
    std::cerr << "pbrsim " << job.command << ": interrupted: " << report.resumed + report.computed
              << " of " << report.in_scope << " points are saved in " << run.journal_path
              << ".\nRun the same command with --resume to finish the "
              << (job.command == "psa" ? "analysis" : "sweep") << ".\n";
    return 128 + (g_signal ? static_cast<int>(g_signal) : SIGINT);
  }
  if (live) live->finish();

  // Moved, not copied: the results of a large sweep are most of its memory.
  sweep::SweepOutput output{std::move(prepared.definition), std::move(report.results), job.layout,
                            job.shard, job.embed};
  std::vector<std::string> argv = {"pbrsim", job.command};
  argv.insert(argv.end(), job.args.begin(), job.args.end());
  const nlohmann::json execution = {
      {"command_line", argv},
      {"threads", job.threads > 0 ? job.threads : tbb::info::default_concurrency()},
      {"started_utc", started},
      {"finished_utc", output::utc_timestamp_now()},
      {"elapsed_seconds",
       std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count()},
      {"points_computed", report.computed},
      {"points_resumed", report.resumed}};
  sweep::write_outputs(out, output, execution);
  std::filesystem::remove(run.journal_path);
  if (!job.quiet) {
    std::cerr << "pbrsim " << job.command << ": " << report.in_scope << " points"
              << (job.shard ? " (shard " + job.shard->to_string() + ")" : std::string()) << " -> "
              << out << " and " << sweep::sidecar_path_for(out) << "\n";
  }
  if (job.after_write) job.after_write(output);
  if (job.report) {
    try {
      write_report(out, *job.report, "--report");
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const core::InputError*>(&e) != nullptr) throw;
      std::cerr << "pbrsim " << job.command << ": " << e.what() << "\n";
      return EXIT_RUNTIME_ERROR;
    }
    if (!job.quiet) std::cerr << "pbrsim " << job.command << ": report -> " << *job.report << "\n";
  }
  return EXIT_OK;
}

}  // namespace pbr::cli
