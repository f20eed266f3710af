#pragma once
//! \file Command-line pieces every subcommand shares: the parse call (no guessing of option
//! names from a prefix; an unknown option gets a suggestion; --help and the positional
//! arguments handled alike) and the run options --seed, --replications and --threads, each
//! declared once with its range.
//!
//! **Example**
//! \code
//! po::options_description visible("Options");
//! visible.add_options()("help,h", "show this help");
//! add_run_options(visible, {"replications per point", "master seed", "worker threads"});
//! const auto vm = parse_command("sweep", args, visible, {"scenario", po::value(&scenario)});
//! if (!vm) return EXIT_OK;                       // --help was printed
//! const RunOptions run = read_run_options(*vm);  // po::error when out of range
//! \endcode

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "bin/commands.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/provenance.hpp"
#include "engine/sim/cohort_runner.hpp"

namespace pbr::cli {

//! Range of --replications, the same for every command.
inline constexpr std::int64_t MIN_REPLICATIONS = 1;
inline constexpr std::int64_t MAX_REPLICATIONS = 1000000;
//! Range of --threads (0 = all cores), the same for every command.
inline constexpr std::int64_t MAX_THREADS = 4096;

//! A command's positional arguments, hidden from --help: stored under `name` through `value`
//! (e.g. `po::value(&file)`; parse_command takes ownership), at most `max_count` of them (-1:
//! any number). An empty `name`: the command takes none.
struct PositionalArguments {
  std::string name;
  const boost::program_options::value_semantic* value = nullptr;
  int max_count = 1;
};

//! A command's --help: `before`, then the options, then a blank line and `after`.
struct CommandHelp {
  std::string before;
  std::string after;
};

//! The command line of `pbrsim COMMAND`, the same way for every command: `visible` (which must
//! declare --help) and the hidden `positional` arguments are parsed with Boost's default style
//! less prefix guessing: `--replication` is never taken for `--replications`. With
//! --help it prints `help` and the options on stdout and returns nullopt, before the command
//! checks any value (Boost itself still refuses a value of the wrong type, e.g. `--tolerance x`
//! for a number); otherwise it stores the values (po::notify) and returns them. \throws
//! boost::program_options::error on any problem; an unknown option reads "unknown option
//! '--replication'; did you mean '--replications'?" (the suggestion from the long names in
//! `visible`) or "unknown option '--x'; 'pbrsim COMMAND --help' lists the options".
std::optional<boost::program_options::variables_map> parse_command(
    const std::string& command, const CommandArgs& args,
    const boost::program_options::options_description& visible,
    const PositionalArguments& positional, const CommandHelp& help = {});

//! Command-specific help texts of the run options; each gets its range appended.
struct RunOptionHelp {
  std::string replications;
  std::string seed;
  std::string threads;
};

//! Declares --replications/-r, --seed/-s and --threads/-t. Their values are taken as text and
//! checked by read_run_options, so that a value out of range is refused rather than wrapped
//! (`--seed -1`) or truncated (`--replications 4294967297`).
void add_run_options(boost::program_options::options_description& options,
                     const RunOptionHelp& help);

//! The run options given on the command line (unset when absent; threads 0 = all cores).
struct RunOptions {
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;
};

//! Reads and checks the options declared by add_run_options. \throws
//! boost::program_options::error e.g. "--replications: expected an integer 1 .. 1000000, got
//! '4294967297'".
RunOptions read_run_options(const boost::program_options::variables_map& vm);

//! A decimal integer in [min, max], nothing else (no sign on unsigned ranges, no spaces, no
//! trailing text). \throws boost::program_options::error "OPTION: expected an integer MIN ..
//! MAX, got 'TEXT'"
std::int64_t parse_integer_option(const std::string& option, const std::string& text,
                                  std::int64_t min, std::int64_t max);

//! A seed: a decimal integer 0 .. 2^64-1. \throws boost::program_options::error "--seed:
//! expected an integer 0 .. 18446744073709551615, got 'TEXT'"
std::uint64_t parse_seed_option(const std::string& text);

//! The run settings of a command: the options given, the scenario's `run` block for the rest.
sim::RunSettings run_settings(const RunOptions& options, const model::Scenario& scenario);

//! The provenance of `pbrsim COMMAND ARGS...` on `loaded` with `settings`, started now; the
//! command sets finished_utc (and replications, where it differs) when it is done.
output::Provenance command_provenance(const std::string& command, const CommandArgs& args,
                                      const format::LoadedScenario& loaded,
                                      const sim::RunSettings& settings, const std::string& method);

}  // namespace pbr::cli
