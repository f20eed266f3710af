// pbrsim calibrate: options and the order of calls. The calibration and its before/after
// comparison are analysis::calibrate_and_compare; the file, the before/after text and the
// report's data come from engine/output/calibration_writer.
#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "engine/analysis/calibration_run.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/atomic_file.hpp"
#include "engine/output/calibration_writer.hpp"
#include "engine/output/provenance.hpp"
#include "engine/output/risk_report.hpp"
#include "engine/output/run_report.hpp"
#include "engine/strategy/calibrate.hpp"

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
  const auto parsed = parse_command(
      "calibrate", args, visible, {"scenario", po::value(&o.file)},
      {"pbrsim calibrate: tariffs that remove the gaming incentive\n\n" + std::string(USAGE) + "\n",
       DESCRIPTION});
  if (!parsed) return std::nullopt;
  const po::variables_map& vm = *parsed;
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

}  // namespace

int cmd_calibrate(const CommandArgs& args) {
  const auto parsed = parse(args);
  if (!parsed) return EXIT_OK;
  const Options& o = *parsed;
  const format::LoadedScenario loaded = format::load_scenario(o.file);
  const model::Scenario& scenario = loaded.scenario;

  // Checked before calibrating: never over an input, over an existing file only with --force.
  const std::string out_path = o.out.value_or(output::default_calibrated_path(o.file));
  const std::string out_role = o.out ? "--out" : "the default --out";
  std::vector<output::CommandFile> inputs;
  for (const auto& f : loaded.files) inputs.push_back({f, ""});
  std::vector<output::CommandFile> outputs = {{out_path, out_role}};
  std::optional<output::CalibrationReportFiles> report_files;
  if (o.report) {
    report_files = output::calibration_report_files(*o.report);
    outputs.insert(outputs.end(), {{*o.report, "--report"},
                                   {report_files->sidecar, "the report's sidecar"},
                                   {report_files->risk_before, "the report's risk CSV before"},
                                   {report_files->risk_after, "the report's risk CSV after"}});
  }
  output::check_output_files(outputs, inputs);
  std::error_code exists_error;
  if (!o.force &&
      std::filesystem::exists(std::filesystem::symlink_status(out_path, exists_error))) {
    throw output::OutputRefused("refusing to write '" + out_path + "' (" + out_role +
                                "): it exists; add --force to replace it");
  }

  const sim::RunSettings run = run_settings(o.run, scenario);
  output::Provenance provenance = command_provenance("calibrate", args, loaded, run, "mc");
  const auto calibration = analysis::calibrate_and_compare(
      scenario, *strategy::parse_objective(o.objective), o.tolerance.value_or(-1.0), run);
  const auto& result = calibration.result;
  std::cout << output::calibration_comparison_text(scenario, result, calibration.before,
                                                   calibration.after);

  if (!calibration.non_positive.empty()) {
    for (const auto& line : calibration.non_positive) {
      std::cerr << "pbrsim calibrate: the calibrated tariff would not pay: " << line << "\n";
    }
    std::cerr << "pbrsim calibrate: objective not met with positive tariffs; nothing written to "
              << out_path << "\n";
    if (o.report) std::cerr << "pbrsim calibrate: no report either (" << *o.report << ")\n";
    return EXIT_OBJECTIVE_NOT_MET;
  }

  const auto doc = output::calibrated_scenario_document(loaded, result, out_path);
  try {
    output::create_parent_directories(out_path);
    output::write_file_atomically(out_path, output::calibrated_scenario_text(doc));
  } catch (const std::runtime_error& e) {
    std::cerr << "pbrsim calibrate: " << e.what() << "\n";
    return EXIT_RUNTIME_ERROR;
  }
  std::cout << "\nWrote " << out_path << " (extends " << doc["extends"].get<std::string>() << ")\n";
  if (report_files) {
    provenance.finished_utc = output::utc_timestamp_now();
    try {
      output::write_output_files(
          {{report_files->risk_before, output::risk_report_csv(calibration.before)},
           {report_files->risk_after, output::risk_report_csv(calibration.after)},
           {report_files->sidecar,
            output::sidecar_text(output::calibration_sidecar(provenance, loaded, doc, result,
                                                             out_path, *report_files))}});
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
