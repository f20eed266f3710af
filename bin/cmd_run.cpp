// pbrsim run: options and the order of calls. Everything a run computes is built by the
// engine (sim, analysis::run_strategies) and everything it writes by engine/output
// (run_summary, run_monthly, run_report, risk_report); this file only wires it together.
#include <boost/program_options.hpp>
#include <cstdint>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "bin/progress.hpp"
#include "engine/analysis/policy_run.hpp"
#include "engine/analysis/strategy_runs.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/exact/exact.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/atomic_file.hpp"
#include "engine/output/provenance.hpp"
#include "engine/output/risk_report.hpp"
#include "engine/output/run_monthly.hpp"
#include "engine/output/run_report.hpp"
#include "engine/output/run_summary.hpp"
#include "engine/report/report.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/strategies.hpp"

namespace po = boost::program_options;

namespace pbr::cli {
namespace {

constexpr const char* USAGE =
    "Usage: pbrsim run FILE [--replications N] [--seed S] [--threads T] [--out PATH]\n"
    "                       [--monthly PATH] [--method mc|exact] [--strategies LIST]\n"
    "                       [--trace-client ID [--trace-replication R]] [--report HTML]\n"
    "                       [--quiet]\n";

constexpr const char* DESCRIPTION =
    "Simulates the scenario FILE (Monte Carlo by default; --method exact computes expected\n"
    "values by a Markov trace), prints a summary table and writes the outputs.\n";

constexpr const char* OUTPUTS =
    "Outputs (every file written to a temporary, then renamed: never half-written):\n"
    "  summary CSV    --out PATH, default out/<scenario name>_summary.csv: one row per\n"
    "                 strategy, metric and scope (total, band, group) with mean, sd, se,\n"
    "                 95% interval, 5/50/95% quantiles and share of negative values\n"
    "  JSON sidecar   beside it, <summary>.json: provenance (engine version and git SHA,\n"
    "                 scenario path and SHA-256, seed, replications, method), metric\n"
    "                 definitions and the resolved scenario\n"
    "  monthly CSV    only with --monthly PATH: mean occupancy by state, payments by rule,\n"
    "                 block payment, cost, margin and spend for every month\n"
    "  HTML report    only with --report PATH: pbrsim report's page of these outputs\n"
    "                 (docs/report.md); its monthly chart needs the monthly CSV, so without\n"
    "                 --monthly the monthly CSV is also written, beside the summary\n"
    "                 (out/x_summary.csv -> out/x_monthly.csv)\n"
    "  risk CSV       when strategies beyond admit_all are compared (the scenario's\n"
    "                 strategies.evaluate or --strategies): <summary>_risk.csv, the\n"
    "                 cherry-picking risk report (docs/cherry-picking.md). With --method\n"
    "                 exact every strategy's expected values go in the summary CSV and\n"
    "                 their expected gains are printed, but no risk CSV is written: its\n"
    "                 intervals, probabilities and verdict need replications\n"
    "Every file and column is described in docs/outputs.md.\n"
    "With --trace-client nothing is written: the client's path and payments are printed.\n\n"
    "Every output is checked before the simulation: one that would overwrite an input (the\n"
    "scenario or a file of its extends chain) or another output, or that exists as anything\n"
    "but a regular file, is refused.\n\n"
    "Exit status: 0 success, 1 runtime error (e.g. an output cannot be written),\n"
    "2 invalid scenario or options, an output refused, or --method exact on a scenario it\n"
    "cannot handle.\n";

struct Options {
  std::string file;
  RunOptions run;
  std::optional<std::string> out;
  std::optional<std::string> monthly;
  std::optional<std::string> report;
  std::optional<std::string> strategies;
  std::string method = "mc";
  std::optional<std::uint64_t> trace_client;
  int trace_replication = 0;
  bool quiet = false;
};

// Reported by main as "pbrsim run: MESSAGE", exit status 2, like Boost's own option errors.
po::error usage_error(const std::string& message) {
  return po::error(message);
}

std::optional<Options> parse(const CommandArgs& args) {
  Options o;
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help and exit");
  add_run_options(
      visible, {"replications of the contract (default: the scenario's "
                "run.replications)",
                "master seed (default: the scenario's run.seed)", "worker threads, 0 = all cores"});
  visible.add_options()(
      "out,o", po::value<std::string>(),
      "summary CSV to write (default out/<scenario name>_summary.csv); the JSON sidecar goes "
      "beside it")("monthly", po::value<std::string>(), "also write the monthly CSV to PATH")(
      "report", po::value<std::string>(),
      "also write the HTML report to PATH (and the monthly CSV, beside the summary when "
      "--monthly is not given)")(
      "method", po::value<std::string>(&o.method)->default_value("mc"),
      "mc (Monte Carlo) or exact (expected values; refuses capacity limits and contract-level "
      "terms)")("trace-client", po::value<std::uint64_t>(),
                "print the path and payments of client ID instead of writing outputs")(
      "trace-replication", po::value<int>(&o.trace_replication)->default_value(0),
      "replication of the traced client")("quiet,q", "no progress messages on stderr")(
      "strategies", po::value<std::string>(),
      "comma-separated provider strategies to compare with common random numbers (exact: by "
      "expected values; default: the scenario's strategies.evaluate): admit_all, cherry_pick, "
      "park, fast_track, best_response (formerly worst_case) or a declared behaviour");
  const auto parsed = parse_command(
      "run", args, visible, {"scenario", po::value(&o.file)},
      {"pbrsim run: simulate one scenario\n\n" + std::string(USAGE) + "\n" + DESCRIPTION + "\n",
       OUTPUTS});
  if (!parsed) return std::nullopt;
  const po::variables_map& vm = *parsed;
  if (o.file.empty()) throw usage_error("missing scenario FILE\n" + std::string(USAGE));
  o.run = read_run_options(vm);
  if (vm.count("out")) o.out = vm["out"].as<std::string>();
  if (vm.count("monthly")) o.monthly = vm["monthly"].as<std::string>();
  if (vm.count("report")) o.report = vm["report"].as<std::string>();
  if (vm.count("trace-client")) o.trace_client = vm["trace-client"].as<std::uint64_t>();
  if (vm.count("strategies")) o.strategies = vm["strategies"].as<std::string>();
  o.quiet = vm.count("quiet") > 0;

  if (o.method != "mc" && o.method != "exact") {
    throw usage_error("--method: expected mc or exact, got '" + o.method + "'");
  }
  if (vm.count("trace-replication") && !vm["trace-replication"].defaulted() && !o.trace_client) {
    throw usage_error("--trace-replication needs --trace-client");
  }
  if (o.trace_client && o.method == "exact") {
    throw usage_error("--trace-client simulates one client: it needs --method mc");
  }
  if (o.trace_replication < 0) throw usage_error("--trace-replication: expected >= 0");
  if (o.out && o.out->empty()) throw usage_error("--out: expected a file name");
  if (o.monthly && o.monthly->empty()) throw usage_error("--monthly: expected a file name");
  if (o.report && o.report->empty()) throw usage_error("--report: expected a file name");
  if (o.report && o.trace_client)
    throw usage_error("--report needs outputs: not with --trace-client");
  return o;
}

}  // namespace

int cmd_run(const CommandArgs& args) {
  auto parsed = parse(args);
  if (!parsed) return EXIT_OK;
  // The report's monthly chart needs the monthly CSV: written beside the summary when the
  // user did not name one.
  if (parsed->report && !parsed->monthly) {
    parsed->monthly = report::default_monthly_path(parsed->out.value_or(
        output::default_summary_path(format::load_scenario(parsed->file).scenario.name)));
  }
  const Options& o = *parsed;

  const format::LoadedScenario loaded = format::load_scenario(o.file);
  const model::Scenario& scenario = loaded.scenario;
  const sim::RunSettings settings = run_settings(o.run, scenario);
  const auto policy = sim::admit_all_policy(scenario);
  const std::string strategy = policy.name.empty() ? "admit_all" : policy.name;
  // Strategies beyond admit_all: compared over paired replications (risk report) in Monte
  // Carlo runs, by their expected values in exact runs.
  const auto strategies = [&] {
    try {
      return strategy::resolve_strategy_names(
          scenario, analysis::split_strategy_list(o.strategies.value_or("")));
    } catch (const core::InputError& e) {
      // The strategy layer knows no file names: the problems are in the scenario file.
      auto diagnostics = e.diagnostics();
      for (auto& d : diagnostics) {
        if (d.file.empty()) d.file = o.file;
      }
      throw core::InputError(std::move(diagnostics));
    }
  }();
  const bool compare = o.method == "mc" && !o.trace_client && strategies.size() > 1;
  const bool compare_exact = o.method == "exact" && strategies.size() > 1;

  if (o.trace_client) {
    const auto clients = sim::client_count(scenario, settings, o.trace_replication);
    if (*o.trace_client >= static_cast<std::uint64_t>(clients)) {
      throw usage_error("--trace-client: replication " + std::to_string(o.trace_replication) +
                        " has clients 0 .. " + std::to_string(clients - 1) + ", got " +
                        std::to_string(*o.trace_client));
    }
    const auto trace =
        sim::trace_client(scenario, policy, settings, o.trace_replication, *o.trace_client);
    std::cout << output::client_trace_text(scenario, trace);
    return EXIT_OK;
  }

  const std::string summary_path = o.out.value_or(output::default_summary_path(scenario.name));
  const std::string sidecar_path = output::sidecar_path_for(summary_path);
  const std::string risk_path = compare ? output::risk_path_for(summary_path) : "";
  // Checked before simulating: no output may overwrite an input (the scenario and every
  // file of its extends chain), another output, or anything but a regular file.
  const std::string of_summary = o.out ? " of --out " + summary_path : " of " + summary_path;
  std::vector<output::CommandFile> outputs = {{summary_path, o.out ? "--out" : "the default --out"},
                                              {sidecar_path, "the sidecar" + of_summary}};
  if (compare) outputs.push_back({risk_path, "the risk report" + of_summary});
  if (o.monthly) outputs.push_back({*o.monthly, "--monthly"});
  if (o.report) outputs.push_back({*o.report, "--report"});
  std::vector<output::CommandFile> inputs;
  for (const auto& f : loaded.files) inputs.push_back({f, ""});
  output::check_output_files(outputs, inputs);

  output::Provenance provenance = command_provenance("run", args, loaded, settings, o.method);

  std::vector<output::SummaryRow> rows;
  std::vector<output::MonthlyTable> monthly;
  std::optional<output::StrategyRunOutputs> compared;
  std::optional<output::ExactStrategyOutputs> compared_exact;
  std::ostringstream heading;
  heading << "Scenario " << scenario.name << " (" << o.file << "), " << scenario.horizon_months
          << " months, strategy " << strategy << "\n";
  if (o.method == "exact") {
    auto refusals = exact::exact_refusals(scenario, policy);
    if (!refusals.empty()) {
      std::cerr << "pbrsim run: --method exact cannot handle " << o.file
                << " (it couples clients); use --method mc:\n";
      for (auto& d : refusals) d.file = o.file;
      throw core::InputError(std::move(refusals));
    }
    if (compare_exact) {
      try {
        compared_exact =
            analysis::run_strategies_exact(scenario, strategies, o.monthly.has_value());
      } catch (core::InputError& e) {
        std::cerr << "pbrsim run: --method exact cannot evaluate the strategies of " << o.file
                  << "; use --method mc:\n";
        auto diagnostics = e.diagnostics();
        for (auto& d : diagnostics) d.file = o.file;
        throw core::InputError(std::move(diagnostics));
      }
      rows = compared_exact->rows;
      monthly = compared_exact->monthly;
    } else {
      auto single = analysis::run_policy_exact(scenario, policy, strategy, o.monthly.has_value());
      rows = std::move(single.rows);
      monthly = std::move(single.monthly);
    }
    provenance.replications = 0;
    heading << "Exact expected values (Markov trace); no sampling, so no intervals.\n\n";
  } else {
    // The runner reports (done, total) once per block; the reporter starts with the first
    // report, when the total is known, and draws from its own thread.
    std::optional<Progress> progress;
    sim::RunHooks hooks;
    hooks.progress = [&](std::int64_t done, std::int64_t total) {
      if (!progress) {
        progress.emplace("run", "clients", total, progress_mode(o.quiet), std::cerr);
        progress->start();
      }
      progress->set_done(done);
    };
    if (compare) {
      compared =
          analysis::run_strategies(scenario, settings, strategies, o.monthly.has_value(), hooks);
      if (progress) progress->finish();
      rows = compared->rows;
      monthly = compared->monthly;
    } else {
      auto single =
          analysis::run_policy(scenario, policy, strategy, settings, o.monthly.has_value(), hooks);
      if (progress) progress->finish();
      rows = std::move(single.rows);
      monthly = std::move(single.monthly);
    }
    provenance.replications = settings.replications;
    heading << "Monte Carlo: means over " << settings.replications << " replications (seed "
            << settings.seed << ").\n\n";
  }
  provenance.finished_utc = output::utc_timestamp_now();

  std::cout << output::summary_table_text(rows, strategy, heading.str()) << std::flush;
  if (compared) std::cout << "\n" << output::risk_report_text(compared->report) << std::flush;
  if (compared_exact) std::cout << "\n" << output::exact_gains_text(*compared_exact) << std::flush;

  // The summary goes last: a failure part-way never leaves a new summary beside an old
  // sidecar (each file on its own is complete or untouched).
  std::vector<output::OutputFile> files;
  if (o.monthly) files.push_back({*o.monthly, output::monthly_csv(scenario, monthly)});
  const auto sidecar = output::run_sidecar(provenance, loaded.resolved, scenario,
                                           compared         ? compared->strategies
                                           : compared_exact ? compared_exact->strategies
                                                            : std::vector<std::string>{strategy},
                                           summary_path, o.monthly);
  files.push_back({sidecar_path, output::sidecar_text(sidecar)});
  if (compared) files.push_back({risk_path, output::risk_report_csv(compared->report)});
  files.push_back({summary_path, output::summary_csv(rows)});
  try {
    output::write_output_files(files);
  } catch (const std::runtime_error& e) {
    std::cerr << "pbrsim run: " << e.what() << "\n";
    return EXIT_RUNTIME_ERROR;
  }
  if (o.report) {
    try {
      write_report(summary_path, *o.report, "--report");
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const output::OutputRefused*>(&e) != nullptr) throw;
      if (dynamic_cast<const core::InputError*>(&e) != nullptr) throw;
      std::cerr << "pbrsim run: " << e.what() << "\n";
      return EXIT_RUNTIME_ERROR;
    }
  }
  std::cout << "\nWrote " << summary_path << ", " << sidecar_path;
  if (o.monthly) std::cout << ", " << *o.monthly;
  if (compared) std::cout << ", " << risk_path;
  if (o.report) std::cout << ", " << *o.report;
  std::cout << "\n";
  return EXIT_OK;
}

}  // namespace pbr::cli
