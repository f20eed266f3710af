#pragma once
//! \file The pbrsim subcommands. Each lives in its own cmd_<name>.cpp, parses its own options
//! with Boost.Program_options and calls the engine; main.cpp only dispatches.

#include <string>
#include <vector>

namespace pbr::cli {

//! Exit codes shared by every subcommand. EXIT_OBJECTIVE_NOT_MET is calibrate's alone: it
//! ran, but its objective was not met (or a tariff would have come out zero or negative).
enum ExitCode : int {
  EXIT_OK = 0,
  EXIT_RUNTIME_ERROR = 1,
  EXIT_INPUT_ERROR = 2,
  EXIT_OBJECTIVE_NOT_MET = 3
};

//! A subcommand receives the arguments after its name and returns an exit code. It may
//! throw core::InputError, output::OutputRefused or boost::program_options::error (mapped to 2)
//! or anything else (mapped to 1). A failed write to standard output turns 0 into 1.
using CommandArgs = std::vector<std::string>;

int cmd_run(const CommandArgs& args);
int cmd_validate(const CommandArgs& args);
int cmd_schema(const CommandArgs& args);
int cmd_sweep(const CommandArgs& args);
int cmd_merge(const CommandArgs& args);
int cmd_calibrate(const CommandArgs& args);
int cmd_psa(const CommandArgs& args);
int cmd_report(const CommandArgs& args);

//! Writes the HTML report of the output `output_path` (e.g. a summary CSV) to `html_path`, after
//! checking that it overwrites none of the files it reads; `role` names it in a refusal
//! ("--report"). Shared by `pbrsim report` and `pbrsim run --report`.
void write_report(const std::string& output_path, const std::string& html_path,
                  const std::string& role);

}  // namespace pbr::cli
