// pbrsim: a thin command over the pbr::engine library. It dispatches to a subcommand and maps
// exceptions to exit codes: 0 ok, 1 runtime error, 2 usage or input error.
#include <boost/program_options/errors.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/core/version.hpp"

namespace {

struct Subcommand {
  const char* name;
  int (*run)(const pbr::cli::CommandArgs&);
  const char* summary;
};

constexpr Subcommand SUBCOMMANDS[] = {
    {"run", pbr::cli::cmd_run, "simulate a scenario and write summary, monthly and risk CSVs"},
    {"validate", pbr::cli::cmd_validate, "check scenario files and report every problem"},
    {"schema", pbr::cli::cmd_schema, "print the scenario JSON Schema"},
    {"sweep", pbr::cli::cmd_sweep, "run a batch of scenario variants into one CSV"},
    {"merge", pbr::cli::cmd_merge, "join the outputs of sweep shards"},
    {"calibrate", pbr::cli::cmd_calibrate, "find band tariffs that remove the gaming incentive"},
};

void print_usage(std::ostream& out) {
  out << "pbrsim " << pbr::core::ENGINE_VERSION
      << ": Payment-by-Results drug and alcohol treatment cohort simulator\n\n"
         "Usage: pbrsim <command> [options]\n       pbrsim --version | --help\n\nCommands:\n";
  for (const auto& c : SUBCOMMANDS) {
    out << "  " << c.name << std::string(12 - std::string(c.name).size(), ' ') << c.summary << "\n";
  }
  out << "\nRun 'pbrsim <command> --help' for a command's options.\n"
         "Exit status: 0 success, 1 runtime error, 2 invalid input or usage.\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? pbr::cli::EXIT_INPUT_ERROR : pbr::cli::EXIT_OK;
  }
  if (args[0] == "--version") {
    std::cout << "pbrsim " << pbr::core::ENGINE_VERSION << " (" << pbr::core::GIT_SHA << ")\n";
    return pbr::cli::EXIT_OK;
  }
  for (const auto& c : SUBCOMMANDS) {
    if (args[0] != c.name) continue;
    try {
      return c.run(pbr::cli::CommandArgs(args.begin() + 1, args.end()));
    } catch (const pbr::core::InputError& e) {
      std::cerr << e.what() << "\n";
      return pbr::cli::EXIT_INPUT_ERROR;
    } catch (const boost::program_options::error& e) {
      std::cerr << "pbrsim " << c.name << ": " << e.what() << "\n";
      return pbr::cli::EXIT_INPUT_ERROR;
    } catch (const std::exception& e) {
      std::cerr << "pbrsim " << c.name << ": internal error: " << e.what() << "\n";
      return pbr::cli::EXIT_RUNTIME_ERROR;
    }
  }
  std::cerr << "pbrsim: unknown command '" << args[0] << "'\n\n";
  print_usage(std::cerr);
  return pbr::cli::EXIT_INPUT_ERROR;
}
