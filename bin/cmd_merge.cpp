// Temporary: replaced by the real subcommand when it lands.
#include <iostream>

#include "bin/commands.hpp"

namespace pbr::cli {
int cmd_merge(const CommandArgs&) {
  std::cerr << "pbrsim merge: not available in this build yet\n";
  return EXIT_RUNTIME_ERROR;
}
}  // namespace pbr::cli
