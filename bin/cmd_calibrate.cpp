// pbrsim calibrate: options and the order of calls. The calibration is strategy::calibrate;
// the file and the before/after text come from engine/io/calibration_writer.
#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "engine/core/money.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/calibration_writer.hpp"
#include "engine/io/provenance.hpp"
#include "engine/io/risk_report.hpp"
#include "engine/io/run_report.hpp"
#include "engine/io/scenario_reader.hpp"
#include "engine/strategy/calibrate.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/risk.hpp"

namespace po = boost::program_options;

namespace pbr::cli {
namespace {

constexpr const char* USAGE =
    "Usage: pbrsim calibrate FILE [--out FILE] [--objective equal_margin|gaming_gain]\n"
    "                             [--tolerance X] [--replications N] [--seed S] [--threads T]\n"
    "                             [--report HTML]\n";

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
    "With --report HTML, also writes the HTML report of both (margins by band, gains,\n"
    "verdicts; docs/report.md) and, beside it, its data: x_report.html ->\n"
    "x_calibration.json (sidecar), x_risk_before.csv and x_risk_after.csv.\n"
    "Method: docs/cherry-picking.md.\n\n"
    "An existing output file is replaced only with --force; an input (FILE or a file of its\n"
    "extends chain) never is.\n\n"
    "Exit status: 0 written and the objective met; 1 runtime error; 2 invalid scenario or\n"
    "options, or an output refused; 3 ran, but the objective was not met: either within\n"
    "the tolerance (the closest result is written and a note says so) or only with a tariff\n"
    "of zero or less for some band (nothing is written; the amounts are named).\n";

struct Options {
  std::string file;
  std::optional<std::string> out;
  std::string objective = "equal_margin";
  std::optional<double> tolerance;
  std::optional<std::string> report;
  RunOptions run;
  bool force = false;
};

std::optional<Options> parse(const CommandArgs& args) {
  Options o;
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help and exit")("out,o", po::value<std::string>(),
                                                             "calibrated scenario to write")(
      "force", "replace the output file if it exists")(
      "objective", po::value<std::string>(&o.objective)->default_value("equal_margin"),
      "equal_margin or gaming_gain")("tolerance", po::value<double>(),
                                     "pounds (equal_margin) or share of payment (gaming_gain)")(
      "report", po::value<std::string>(),
      "also write the HTML report of the calibration to HTML, its data beside it");
  add_run_options(
      visible, {"replications of the before/after comparison (default: the "
                "scenario's)",
                "master seed (default: the scenario's run.seed)", "worker threads, 0 = all cores"});
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::string>(&o.file));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm = parse_command_line("calibrate", args, all, visible, positional);
  if (vm.count("help")) {
    std::cout << "pbrsim calibrate: tariffs that remove the gaming incentive\n\n"
              << USAGE << "\n"
              << visible << "\n"
              << DESCRIPTION;
    return std::nullopt;
  }
  po::notify(vm);
  if (o.file.empty()) throw po::error("missing scenario FILE\n" + std::string(USAGE));
  o.run = read_run_options(vm);
  o.force = vm.count("force") > 0;
  if (vm.count("out")) o.out = vm["out"].as<std::string>();
  if (vm.count("tolerance")) o.tolerance = vm["tolerance"].as<double>();
  if (vm.count("report")) o.report = vm["report"].as<std::string>();
  if (o.report && o.report->empty()) throw po::error("--report: expected a file name");
  if (!strategy::parse_objective(o.objective)) {
    throw po::error("--objective: expected equal_margin or gaming_gain, got '" + o.objective + "'");
  }
  if (o.tolerance && !(*o.tolerance >= 0.0)) throw po::error("--tolerance: expected a number >= 0");
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
  out.emplace_back("best_response");
  return out;
}

// The amounts that were positive under the input's tariff and would be zero or negative under
// the calibrated one, one line each; empty when every such amount stays positive.
std::vector<std::string> non_positive_amounts(const model::Scenario& scenario,
                                              const strategy::CalibrationResult& result) {
  std::vector<std::string> out;
  const auto& before = scenario.contract.rules;
  const auto& after = result.contract.rules;
  for (std::size_t r = 0; r < before.size() && r < after.size(); ++r) {
    for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
      const core::Pence old_amount = before[r].amount_by_band.at(b);
      const core::Pence new_amount = after[r].amount_by_band.at(b);
      if (old_amount > 0 && new_amount <= 0) {
        out.push_back("payment '" + before[r].name + "', band '" + scenario.bands[b].name +
                      "': " + core::format_pounds(old_amount) + " -> " +
                      core::format_pounds(new_amount) + " pounds");
      }
    }
  }
  return out;
}

}  // namespace

int cmd_calibrate(const CommandArgs& args) {
  const auto parsed = parse(args);
  if (!parsed) return EXIT_OK;
  const Options& o = *parsed;
  const io::LoadedScenario loaded = io::load_scenario(o.file);
  const model::Scenario& scenario = loaded.scenario;

  // Checked before calibrating: never over an input, over an existing file only with --force.
  const std::string out_path = o.out.value_or(io::default_calibrated_path(o.file));
  const std::string out_role = o.out ? "--out" : "the default --out";
  std::vector<io::CommandFile> inputs;
  for (const auto& f : loaded.files) inputs.push_back({f, ""});
  std::vector<io::CommandFile> outputs = {{out_path, out_role}};
  std::optional<io::CalibrationReportFiles> report_files;
  if (o.report) {
    report_files = io::calibration_report_files(*o.report);
    outputs.insert(outputs.end(), {{*o.report, "--report"},
                                   {report_files->sidecar, "the report's sidecar"},
                                   {report_files->risk_before, "the report's risk CSV before"},
                                   {report_files->risk_after, "the report's risk CSV after"}});
  }
  io::check_output_files(outputs, inputs);
  std::error_code exists_error;
  if (!o.force &&
      std::filesystem::exists(std::filesystem::symlink_status(out_path, exists_error))) {
    throw io::OutputRefused("refusing to write '" + out_path + "' (" + out_role +
                            "): it exists; add --force to replace it");
  }

  strategy::CompareSettings compare;
  compare.run = run_settings(o.run, scenario);
  strategy::CalibrationSettings settings;
  settings.objective = *strategy::parse_objective(o.objective);
  settings.tolerance = o.tolerance.value_or(-1.0);
  settings.margins = strategy::margin_settings(compare);

  const auto result = strategy::calibrate(scenario, settings);
  model::Scenario calibrated = scenario;
  calibrated.contract = result.contract;
  calibrated.name = scenario.name + "_calibrated";

  io::Provenance provenance = command_provenance("calibrate", args, loaded, compare.run, "mc");

  const auto names = comparison_names(scenario);
  const auto before =
      strategy::build_risk_report(scenario, strategy::compare_strategies(scenario, compare, names));
  const auto after = strategy::build_risk_report(
      calibrated, strategy::compare_strategies(calibrated, compare, names));
  std::cout << io::calibration_comparison_text(scenario, result, before, after);

  // A tariff that pays nothing (or less) is no tariff: report it and write nothing.
  if (const auto lost = non_positive_amounts(scenario, result); !lost.empty()) {
    for (const auto& line : lost) {
      std::cerr << "pbrsim calibrate: the calibrated tariff would not pay: " << line << "\n";
    }
    std::cerr << "pbrsim calibrate: objective not met with positive tariffs; nothing written to "
              << out_path << "\n";
    if (o.report) std::cerr << "pbrsim calibrate: no report either (" << *o.report << ")\n";
    return EXIT_OBJECTIVE_NOT_MET;
  }

  const auto doc = io::calibrated_scenario_document(loaded, result, out_path);
  try {
    io::create_parent_directories(out_path);
    io::write_file_atomically(out_path, io::calibrated_scenario_text(doc));
  } catch (const std::runtime_error& e) {
    std::cerr << "pbrsim calibrate: " << e.what() << "\n";
    return EXIT_RUNTIME_ERROR;
  }
  std::cout << "\nWrote " << out_path << " (extends " << doc["extends"].get<std::string>() << ")\n";
  if (report_files) {
    provenance.finished_utc = io::utc_timestamp_now();
    try {
      io::write_output_files({{report_files->risk_before, io::risk_report_csv(before)},
                              {report_files->risk_after, io::risk_report_csv(after)},
                              {report_files->sidecar,
                               io::sidecar_text(io::calibration_sidecar(
                                   provenance, loaded, doc, result, out_path, *report_files))}});
      write_report(report_files->sidecar, *o.report, "--report");
    } catch (const std::runtime_error& e) {
      std::cerr << "pbrsim calibrate: " << e.what() << "\n";
      return EXIT_RUNTIME_ERROR;
    }
    std::cout << "Wrote " << *o.report << " (data: " << report_files->sidecar << ")\n";
  }
  if (!result.converged) {
    std::cerr << "pbrsim calibrate: objective not met within the tolerance; " << out_path
              << " holds the closest result\n";
    return EXIT_OBJECTIVE_NOT_MET;
  }
  return EXIT_OK;
}

}  // namespace pbr::cli
