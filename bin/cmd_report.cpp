// pbrsim report: the HTML report of a run's outputs (engine/report builds it from the files
// the run wrote; this file only handles options and files).
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/output/atomic_file.hpp"
#include "engine/report/report.hpp"

namespace po = boost::program_options;

namespace pbr::cli {
namespace {

constexpr const char* USAGE = "Usage: pbrsim report OUTPUT [--out HTML]\n";

constexpr const char* DESCRIPTION =
    "Writes one self-contained HTML report (Chart.js and every style inlined: it opens\n"
    "offline and prints on A4) of the outputs of a `pbrsim run`: OUTPUT is the summary CSV\n"
    "or its JSON sidecar (or a sweep's CSV: its gain over the swept parameters as lines or\n"
    "a heat map); the risk CSV and monthly CSV the sidecar names are read too. The\n"
    "report's numbers are the CSVs' cells. First screen: the gaming verdict and why, the\n"
    "contract in plain words, provenance. Then margins by band and group, each strategy's\n"
    "gain and population cost, the severity mix and the monthly payments, costs and\n"
    "caseload (needs the monthly CSV: run with --monthly or --report). docs/report.md.\n\n"
    "Exit status: 0 success, 1 runtime error (the report cannot be written), 2 OUTPUT is\n"
    "missing or not a run's or sweep's output, or the report would overwrite one of its inputs.\n";

struct Options {
  std::string output;
  std::optional<std::string> out;
};

std::optional<Options> parse(const CommandArgs& args) {
  Options o;
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help and exit")(
      "out,o", po::value<std::string>(),
      "HTML file to write (default: beside OUTPUT, out/x_summary.csv -> out/x_report.html)");
  const auto parsed = parse_command("report", args, visible, {"output", po::value(&o.output)},
                                    {"pbrsim report: an HTML report of a run's outputs\n\n" +
                                     std::string(USAGE) + "\n" + DESCRIPTION + "\n"});
  if (!parsed) return std::nullopt;
  const po::variables_map& vm = *parsed;
  if (o.output.empty())
    throw po::error("missing OUTPUT (a run's summary CSV)\n" + std::string(USAGE));
  if (vm.count("out")) o.out = vm["out"].as<std::string>();
  if (o.out && o.out->empty()) throw po::error("--out: expected a file name");
  return o;
}

}  // namespace

void write_report(const std::string& output_path, const std::string& html_path,
                  const std::string& role) {
  std::vector<output::CommandFile> inputs;
  for (const auto& f : report::report_inputs(output_path)) inputs.push_back({f, ""});
  output::check_output_files({{html_path, role}}, inputs);
  const std::string html = report::report_html(output_path);
  output::create_parent_directories(html_path);
  output::write_file_atomically(html_path, html);
}

int cmd_report(const CommandArgs& args) {
  const auto parsed = parse(args);
  if (!parsed) return EXIT_OK;
  const std::string html_path = parsed->out.value_or(report::default_report_path(parsed->output));
  try {
    write_report(parsed->output, html_path, parsed->out ? "--out" : "the default --out");
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const output::OutputRefused*>(&e) != nullptr) throw;
    if (dynamic_cast<const core::InputError*>(&e) != nullptr) throw;
    std::cerr << "pbrsim report: " << e.what() << "\n";
    return EXIT_RUNTIME_ERROR;
  }
  std::cout << "Wrote " << html_path << "\n";
  return EXIT_OK;
}

}  // namespace pbr::cli
