// pbrsim schema [--out FILE] [--markdown]: the scenario JSON Schema, generated from the same
// declarations the reader uses.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/atomic_file.hpp"

namespace pbr::cli {

int cmd_schema(const CommandArgs& args) {
  namespace po = boost::program_options;
  po::options_description options(
      "Usage: pbrsim schema [--out FILE] [--markdown]\n\n"
      "Prints the JSON Schema (draft 2020-12) of scenario files, generated from the\n"
      "declarations the reader uses. A file with \"extends\" is checked as a merge patch.\n"
      "The reader checks more than the schema can express (names referred to, row sums,\n"
      "money decimals): use 'pbrsim validate' for a full check.\n\nOptions");
  options.add_options()("help,h", "show this help")("out,o", po::value<std::string>(),
                                                    "write to FILE instead of stdout")(
      "markdown", "print the key table of docs/scenario-format.md instead of the schema");
  const auto vm = parse_command("schema", args, options, {});
  if (!vm) return EXIT_OK;
  const std::string text = vm->count("markdown") ? format::scenario_key_table()
                                                 : format::scenario_schema().dump(2) + "\n";
  if (!vm->count("out")) {
    std::cout << text;
    return EXIT_OK;
  }
  // Atomic, like every output: a failed write never leaves a truncated schema behind.
  const std::string out = (*vm)["out"].as<std::string>();
  output::check_output_files({{out, "--out"}}, {});
  output::write_file_atomically(out, text);
  return EXIT_OK;
}

}  // namespace pbr::cli
