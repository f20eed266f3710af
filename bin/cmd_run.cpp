// Temporary: replaced by the real subcommand when it lands.
#include <iostream>

#include "bin/commands.hpp"

namespace pbr::cli {
int cmd_run(const CommandArgs&) {
  std::cerr << "pbrsim run: not available in this build yet\n";
  return EXIT_RUNTIME_ERROR;
}
}  // namespace pbr::cli
