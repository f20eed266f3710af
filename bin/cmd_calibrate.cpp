// pbrsim calibrate: options and the order of calls. The calibration is strategy::calibrate;
// the file and the before/after text come from engine/io/calibration_writer.
#include <boost/program_options.hpp>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/calibration_writer.hpp"
#include "engine/io/scenario_reader.hpp"
#include "engine/strategy/calibrate.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/risk.hpp"

namespace po = boost::program_options;

namespace pbr::cli {
namespace {

constexpr const char* USAGE =
    "Usage: pbrsim calibrate FILE [--out FILE] [--objective equal_margin|gaming_gain]\n"
    "                             [--tolerance X] [--replications N] [--seed S] [--threads T]\n";

constexpr const char* DESCRIPTION =
    "Finds band multipliers on the scenario's tariffs (every payment's amount for a band\n"
    "scaled by the band's multiplier) that remove the incentive to select clients, keeping\n"
    "the contract's expected payment per admitted client unchanged:\n"
    "  equal_margin  equal expected margin per admitted client in every band (default;\n"
    "                --tolerance: largest accepted spread, pounds, default 1)\n"
    "  gaming_gain   the expected worst-case gaming gain under --tolerance, a share of the\n"
    "                expected payment (default 0.01)\n"
    "Margins are exact where the scenario allows, else a preliminary Monte Carlo.\n"
    "Writes a scenario that extends FILE and overrides only contract.payments (default\n"
    "<FILE stem>_calibrated.json beside FILE), then simulates both tariffs with the\n"
    "scenario's strategies and prints margins, gains and verdicts before and after.\n"
    "Method: docs/cherry-picking.md.\n\n"
    "Exit status: 0 written (also when the tolerance is not met: the closest result is\n"
    "written and a note says so), 1 runtime error, 2 invalid scenario or options.\n";

struct Options {
  std::string file;
  std::optional<std::string> out;
  std::string objective = "equal_margin";
  std::optional<double> tolerance;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;
};

std::optional<Options> parse(const CommandArgs& args) {
  Options o;
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help and exit")("out,o", po::value<std::string>(),
                                                             "calibrated scenario to write")(
      "objective", po::value<std::string>(&o.objective)->default_value("equal_margin"),
      "equal_margin or gaming_gain")("tolerance", po::value<double>(),
                                     "pounds (equal_margin) or share of payment (gaming_gain)")(
      "replications,r", po::value<int>(),
      "replications of the before/after comparison (default: the scenario's)")(
      "seed,s", po::value<std::uint64_t>(), "master seed (default: the scenario's run.seed)")(
      "threads,t", po::value<int>(&o.threads)->default_value(0), "worker threads, 0 = all cores");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::string>(&o.file));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    std::cout << "pbrsim calibrate: tariffs that remove the gaming incentive\n\n"
              << USAGE << "\n"
              << visible << "\n"
              << DESCRIPTION;
    return std::nullopt;
  }
  po::notify(vm);
  if (o.file.empty()) throw po::error("missing scenario FILE\n" + std::string(USAGE));
  if (vm.count("out")) o.out = vm["out"].as<std::string>();
  if (vm.count("tolerance")) o.tolerance = vm["tolerance"].as<double>();
  if (vm.count("replications")) o.replications = vm["replications"].as<int>();
  if (vm.count("seed")) o.seed = vm["seed"].as<std::uint64_t>();
  if (!strategy::parse_objective(o.objective)) {
    throw po::error("--objective: expected equal_margin or gaming_gain, got '" + o.objective + "'");
  }
  if (o.tolerance && !(*o.tolerance >= 0.0)) throw po::error("--tolerance: expected a number >= 0");
  if (o.replications && (*o.replications < 2 || *o.replications > 1000000)) {
    throw po::error("--replications: expected 2 .. 1000000, got " +
                    std::to_string(*o.replications));
  }
  if (o.threads < 0) throw po::error("--threads: expected >= 0");
  if (o.out && o.out->empty()) throw po::error("--out: expected a file name");
  return o;
}

// The strategies both tariffs are compared under: the scenario's, or every built-in strategy
// it can evaluate when it names none beyond admit_all.
std::vector<std::string> comparison_names(const model::Scenario& scenario) {
  const auto resolved = strategy::resolve_strategy_names(scenario, {});
  if (resolved.size() > 1) return resolved;
  std::vector<std::string> out{"admit_all", "cherry_pick"};
  for (const char* name : {"park", "fast_track"}) {
    if (model::find_behaviour(scenario.behaviours, name) >= 0) out.emplace_back(name);
  }
  out.emplace_back("worst_case");
  return out;
}

}  // namespace

int cmd_calibrate(const CommandArgs& args) {
  const auto parsed = parse(args);
  if (!parsed) return EXIT_OK;
  const Options& o = *parsed;
  const io::LoadedScenario loaded = io::load_scenario(o.file);
  const model::Scenario& scenario = loaded.scenario;

  strategy::CompareSettings compare;
  compare.run.seed = o.seed.value_or(scenario.run.seed);
  compare.run.replications = o.replications.value_or(scenario.run.replications);
  compare.run.threads = o.threads;
  strategy::CalibrationSettings settings;
  settings.objective = *strategy::parse_objective(o.objective);
  settings.tolerance = o.tolerance.value_or(-1.0);
  settings.margins = strategy::margin_settings(compare);

  const auto result = strategy::calibrate(scenario, settings);
  model::Scenario calibrated = scenario;
  calibrated.contract = result.contract;
  calibrated.name = scenario.name + "_calibrated";

  const auto names = comparison_names(scenario);
  const auto before =
      strategy::build_risk_report(scenario, strategy::compare_strategies(scenario, compare, names));
  const auto after = strategy::build_risk_report(
      calibrated, strategy::compare_strategies(calibrated, compare, names));
  std::cout << io::calibration_comparison_text(scenario, result, before, after);

  const std::string out_path = o.out.value_or(io::default_calibrated_path(o.file));
  const auto doc = io::calibrated_scenario_document(loaded, result, out_path);
  try {
    io::create_parent_directories(out_path);
    io::write_file_atomically(out_path, io::calibrated_scenario_text(doc));
  } catch (const std::runtime_error& e) {
    std::cerr << "pbrsim calibrate: " << e.what() << "\n";
    return EXIT_RUNTIME_ERROR;
  }
  std::cout << "\nWrote " << out_path << " (extends " << doc["extends"].get<std::string>() << ")\n";
  return EXIT_OK;
}

}  // namespace pbr::cli
