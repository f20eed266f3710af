#include "bin/options.hpp"

#include <charconv>
#include <iostream>
#include <limits>
#include <vector>

#include "engine/core/diagnostics.hpp"

namespace pbr::cli {

namespace po = boost::program_options;

namespace {

// Boost's parse with prefix guessing off and a suggestion for an unknown option.
po::variables_map parse_command_line(const std::string& command, const CommandArgs& args,
                                     const po::options_description& all,
                                     const po::options_description& visible,
                                     const po::positional_options_description& positional) {
  constexpr int style =
      po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(),
              vm);
  } catch (const po::unknown_option& e) {
    const std::string name = e.get_option_name();
    std::string message = "unknown option '" + name + "'; ";
    std::string near;
    if (name.starts_with("--")) {
      std::vector<std::string> names;
      for (const auto& option : visible.options()) {
        if (!option->long_name().empty()) names.push_back(option->long_name());
      }
      near = core::nearest(name.substr(2), names);
    }
    message += near.empty() ? "'pbrsim " + command + " --help' lists the options"
                            : "did you mean '--" + near + "'?";
    throw po::error(message);
  }
  return vm;
}

}  // namespace

std::optional<po::variables_map> parse_command(const std::string& command, const CommandArgs& args,
                                               const po::options_description& visible,
                                               const PositionalArguments& positional,
                                               const CommandHelp& help) {
  po::options_description all;
  all.add(visible);
  po::positional_options_description order;
  if (!positional.name.empty()) {
    all.add_options()(positional.name.c_str(), positional.value);
    order.add(positional.name.c_str(), positional.max_count);
  }
  po::variables_map vm = parse_command_line(command, args, all, visible, order);
  if (vm.count("help")) {
    std::cout << help.before << visible << "\n" << help.after;
    return std::nullopt;
  }
  po::notify(vm);
  return vm;
}

void add_run_options(po::options_description& options, const RunOptionHelp& help) {
  const auto range = [](std::int64_t min, std::int64_t max) {
    return "; range " + std::to_string(min) + " .. " + std::to_string(max);
  };
  options.add_options()("replications,r", po::value<std::string>(),
                        (help.replications + range(MIN_REPLICATIONS, MAX_REPLICATIONS)).c_str())(
      "seed,s", po::value<std::string>(),
      (help.seed + "; range 0 .. " + std::to_string(std::numeric_limits<std::uint64_t>::max()))
          .c_str())(
      "threads,t", po::value<std::string>(),
      (help.threads + range(0, MAX_THREADS) + "; results do not depend on it").c_str());
}

std::int64_t parse_integer_option(const std::string& option, const std::string& text,
                                  std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  const bool sign_ok = min < 0 || (!text.empty() && text[0] != '-');
  if (text.empty() || ec != std::errc() || ptr != end || !sign_ok || value < min || value > max) {
    throw po::error(option + ": expected an integer " + std::to_string(min) + " .. " +
                    std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

std::uint64_t parse_seed_option(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  // from_chars takes no '+' and, for an unsigned type, no '-': "-1" never wraps.
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw po::error("--seed: expected an integer 0 .. " +
                    std::to_string(std::numeric_limits<std::uint64_t>::max()) + ", got '" + text +
                    "'");
  }
  return value;
}

RunOptions read_run_options(const po::variables_map& vm) {
  RunOptions o;
  if (vm.count("replications")) {
    o.replications = static_cast<int>(parse_integer_option("--replications",
                                                           vm["replications"].as<std::string>(),
                                                           MIN_REPLICATIONS, MAX_REPLICATIONS));
  }
  if (vm.count("seed")) o.seed = parse_seed_option(vm["seed"].as<std::string>());
  if (vm.count("threads")) {
    o.threads = static_cast<int>(
        parse_integer_option("--threads", vm["threads"].as<std::string>(), 0, MAX_THREADS));
  }
  return o;
}

sim::RunSettings run_settings(const RunOptions& options, const model::Scenario& scenario) {
  sim::RunSettings settings;
  settings.seed = options.seed.value_or(scenario.run.seed);
  settings.replications = options.replications.value_or(scenario.run.replications);
  settings.threads = options.threads;
  return settings;
}

output::Provenance command_provenance(const std::string& command, const CommandArgs& args,
                                      const format::LoadedScenario& loaded,
                                      const sim::RunSettings& settings, const std::string& method) {
  output::Provenance provenance;
  provenance.scenario_path = loaded.path;
  provenance.scenario_sha256 = loaded.sha256;
  provenance.seed = settings.seed;
  provenance.replications = settings.replications;
  provenance.block_size = settings.block_size;
  provenance.method = method;
  provenance.threads = settings.threads;
  provenance.command_line = {"pbrsim", command};
  provenance.command_line.insert(provenance.command_line.end(), args.begin(), args.end());
  provenance.started_utc = output::utc_timestamp_now();
  return provenance;
}

}  // namespace pbr::cli
