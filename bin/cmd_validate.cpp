// pbrsim validate FILE...: checks scenario files and reports the problems of each.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"

namespace pbr::cli {

int cmd_validate(const CommandArgs& args) {
  namespace po = boost::program_options;
  po::options_description visible(
      "Usage: pbrsim validate FILE...\n\n"
      "Checks each scenario file (after applying its `extends` chain) against the scenario\n"
      "format of docs/scenario-format.md and reports its problems, one per line on stderr,\n"
      "as FILE: JSON-POINTER: MESSAGE (the first 100 of a file, then 'N more problems not\n"
      "shown'). Prints 'FILE: ok' on stdout for each valid file.\n"
      "Exit status: 0 when every file is valid, 2 when any is invalid.\n\nOptions");
  visible.add_options()("help,h", "show this help")(
      "quiet,q", "print nothing for valid files (problems are still printed)");
  std::vector<std::string> files;
  const auto vm = parse_command("validate", args, visible, {"file", po::value(&files), -1});
  if (!vm) return EXIT_OK;
  if (files.empty()) {
    std::cerr << "pbrsim validate: no scenario file given\n\n" << visible << "\n";
    return EXIT_INPUT_ERROR;
  }
  bool all_valid = true;
  for (const auto& file : files) {
    try {
      format::load_scenario(file);
      if (!vm->count("quiet")) std::cout << file << ": ok\n";
    } catch (const core::InputError& e) {
      all_valid = false;
      // The first MAX_SHOWN_PROBLEMS problems, then how many more: a file with thousands of
      // mistakes gives a short report.
      std::cerr << e.what() << "\n";
    }
  }
  return all_valid ? EXIT_OK : EXIT_INPUT_ERROR;
}

}  // namespace pbr::cli
