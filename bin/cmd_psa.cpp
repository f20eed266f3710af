// pbrsim psa: the uncertainty analysis (probabilistic sensitivity analysis) of a scenario.
// Option parsing only; the draws are in engine/uncertainty and run as a sweep (bin/sweep_driver).
#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "bin/sweep_driver.hpp"
#include "engine/analysis/strategy_runs.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/atomic_file.hpp"
#include "engine/sweep/outputs.hpp"
#include "engine/uncertainty/draws.hpp"
#include "engine/uncertainty/psa_evaluator.hpp"
#include "engine/uncertainty/psa_plan.hpp"
#include "engine/uncertainty/psa_summary.hpp"
#include "engine/uncertainty/spec.hpp"

namespace pbr::cli {

namespace {

namespace po = boost::program_options;

constexpr const char* USAGE =
    "Usage: pbrsim psa FILE [--draws N] [options]\n\n"
    "The uncertainty analysis of a scenario: FILE (an uncertainty file, see\n"
    "docs/uncertainty.md) names the scenario and gives distributions for its uncertain\n"
    "inputs. Each of N draws of the inputs is a full analysis of its drawn scenario (every\n"
    "strategy and the best response, common random numbers, the verdict). Writes one CSV row\n"
    "per draw and strategy (the drawn inputs, then the key results), its JSON sidecar, and a\n"
    "summary CSV: the probability of each verdict, the results' spread with the Monte Carlo\n"
    "part apart, the inputs that drive the gaming gain, and the value of information between\n"
    "contract variants. Draw d of input X depends only on (seed, d, X): results are the same\n"
    "for any --threads and any --shard split (join shards with pbrsim merge).\n\nOptions";

}  // namespace

int cmd_psa(const CommandArgs& args) {
  std::string file, draws_text, strategies;
  SweepJobOptions job_options;
  po::options_description options(USAGE);
  options.add_options()("help,h", "show this help")(
      "draws,n", po::value(&draws_text),
      "number of draws of the uncertain inputs (default: the file's \"draws\"); range 1 .. "
      "1000000")("strategies", po::value(&strategies),
                 "comma list of strategies (default: the file's, else the scenario's)");
  add_run_options(options,
                  {"replications per draw (default: the file's, else the scenario's)",
                   "seed of the draws; each draw's Monte Carlo seed derives from it (default: "
                   "the file's, else the scenario's run.seed)",
                   "worker threads, 0 = all cores"});
  add_sweep_job_options(options, job_options,
                        {"analysis", "draw",
                         "per-draw CSV to write (default out/<stem>_psa.csv, <stem> FILE's name "
                         "without .json and .psa); the sidecar is its .json, the summary its "
                         "_summary.csv"});
  const auto parsed = parse_command("psa", args, options, {"file", po::value(&file)});
  if (!parsed) return EXIT_OK;
  const po::variables_map& vm = *parsed;
  if (file.empty()) throw core::InputError("command line", "", "no FILE: give an uncertainty file");
  const RunOptions run_options = read_run_options(vm);
  SweepJob job;
  apply_sweep_job_options(vm, job_options, job);
  const auto& shard = job.shard;
  const bool quiet = job.quiet;

  uncertainty::UncertaintySpec spec = uncertainty::read_uncertainty(file);
  if (!draws_text.empty()) {
    spec.draws = parse_integer_option("--draws", draws_text, 1, uncertainty::MAX_DRAWS);
  }
  if (!spec.draws) {
    throw core::InputError("command line", "",
                           "how many draws? give --draws N or \"draws\" in " + file);
  }
  job.command = "psa";
  job.args = args;
  std::vector<std::string> scenario_files;
  job.base = format::resolve_scenario_document(spec.scenario, &scenario_files);
  const model::Scenario base = format::build_scenario(job.base, spec.scenario);
  const std::uint64_t seed = run_options.seed.value_or(spec.seed.value_or(base.run.seed));
  const uncertainty::DrawTable table = uncertainty::draw_inputs(spec, seed, *spec.draws);
  job.plan = uncertainty::psa_sweep_plan(spec, table, seed, job.base);
  sweep::check_plan(job.plan, file);
  job.inputs.push_back({file, "FILE"});
  for (const auto& f : scenario_files) job.inputs.push_back({f, ""});
  job.overrides.replications = run_options.replications;
  job.overrides.strategies = analysis::split_strategy_list(strategies);
  job.evaluator = uncertainty::psa_evaluator(base, spec.decision.value_per_sustained_recovery);
  job.job_name = job_file_stem(file, ".psa") + "_psa";  // x.psa.json -> out/x_psa.csv
  job.out = job_options.out.empty() ? default_job_output(job.job_name, shard) : job_options.out;
  job.out_role = vm.count("out") ? "--out" : "the default --out";
  const std::string summary_path = uncertainty::psa_summary_path_for(job.out);
  if (!shard) job.extra_outputs.push_back({summary_path, "the summary of --out " + job.out});
  job.threads = run_options.threads;
  job.job_args = {file, "--draws", std::to_string(*spec.draws), "--seed", std::to_string(seed)};
  if (run_options.replications) {
    job.job_args.insert(job.job_args.end(),
                        {"--replications", std::to_string(*run_options.replications)});
  }
  if (!strategies.empty()) job.job_args.insert(job.job_args.end(), {"--strategies", strategies});
  if (vm.count("layout")) job.job_args.insert(job.job_args.end(), {"--layout", job_options.layout});
  if (job.embed) job.job_args.emplace_back("--embed-scenarios");
  if (quiet) job.job_args.emplace_back("--quiet");
  job.after_write = [&](const sweep::SweepOutput& output) {
    if (shard) {
      if (!quiet) {
        std::cerr << "pbrsim psa: the summary needs every draw: join the shards with pbrsim "
                     "merge, which writes it\n";
      }
      return;
    }
    const auto summary = uncertainty::summarise_psa(output);
    output::write_file_atomically(summary_path, uncertainty::psa_summary_csv(summary));
    std::cout << uncertainty::psa_summary_text(summary);
    if (!quiet) std::cerr << "pbrsim psa: summary -> " << summary_path << "\n";
  };
  return run_sweep_job(job);
}

}  // namespace pbr::cli
