// pbrsim merge: joins the outputs of `pbrsim sweep --shard K/N` into the unsharded result.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "bin/options.hpp"
#include "bin/sweep_driver.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/output/atomic_file.hpp"
#include "engine/output/output_lock.hpp"
#include "engine/output/provenance.hpp"
#include "engine/sweep/merge.hpp"
#include "engine/sweep/outputs.hpp"
#include "engine/uncertainty/psa_summary.hpp"

namespace pbr::cli {

namespace {

namespace po = boost::program_options;

constexpr const char* USAGE =
    "Usage: pbrsim merge OUT SHARD... [--layout wide|long] [--quiet]\n\n"
    "Joins the outputs of `pbrsim sweep --shard K/N` (each SHARD is a shard's CSV or its JSON\n"
    "sidecar) into OUT and its sidecar, exactly as the unsharded sweep would have written\n"
    "them. Checks that every shard belongs to the same sweep and that together they hold\n"
    "every point exactly once. For an uncertainty analysis (pbrsim psa) it also writes the\n"
    "summary (OUT's _summary.csv) and prints it.\n\nOptions";

}  // namespace

int cmd_merge(const CommandArgs& args) {
  std::vector<std::string> files;
  std::string layout_name;
  bool quiet = false;
  po::options_description options(USAGE);
  options.add_options()("help,h", "show this help")("layout", po::value(&layout_name),
                                                    "wide or long (default: the shards' layout)")(
      "quiet,q", po::bool_switch(&quiet), "print nothing on success");
  if (!parse_command("merge", args, options, {"files", po::value(&files)->composing(), -1})) {
    return EXIT_OK;
  }
  if (files.size() < 2) {
    throw core::InputError("command line", "", "expected OUT and at least one SHARD output");
  }
  std::optional<sweep::Layout> layout;
  if (!layout_name.empty()) layout = layout_option(layout_name);
  const std::string out = files.front();
  if (std::filesystem::path(out).extension() == ".json") {
    throw core::InputError("command line", "",
                           "OUT '" + out + "': the CSV cannot end in .json (its sidecar does)");
  }

  // Checked before reading: OUT and its sidecar must not be any shard's CSV or sidecar.
  std::vector<output::CommandFile> inputs;
  for (std::size_t i = 1; i < files.size(); ++i) {
    const std::filesystem::path shard(files[i]);
    inputs.push_back({files[i], "SHARD"});
    if (shard.extension() == ".json") {
      inputs.push_back({std::filesystem::path(shard).replace_extension(".csv").string(), ""});
    } else {
      inputs.push_back({sweep::sidecar_path_for(files[i]), ""});
    }
  }
  const std::string summary_path = uncertainty::psa_summary_path_for(out);
  output::check_output_files({{out, "OUT"},
                              {sweep::sidecar_path_for(out), "the sidecar of OUT " + out},
                              {summary_path, "the summary of OUT " + out + " (when it is a psa)"},
                              {output::lock_path_for(out), "the lock of OUT " + out}},
                             inputs);
  // One writer per output, as for sweep and psa.
  output::create_parent_directories(out);
  const output::OutputLock lock(output::lock_path_for(out), out);

  // Read every shard before failing, so that all unreadable files are named at once.
  std::vector<sweep::ShardFile> shards;
  std::vector<core::Diagnostic> problems;
  for (std::size_t i = 1; i < files.size(); ++i) {
    try {
      shards.push_back(sweep::read_shard_file(files[i]));
    } catch (const core::InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw core::InputError(problems);
  const sweep::SweepOutput merged = sweep::merge_shards(shards, layout);

  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : shards) {
    sources.push_back({{"path", s.path},
                       {"shard", s.output.shard ? nlohmann::json(s.output.shard->to_string())
                                                : nlohmann::json(nullptr)},
                       {"git_sha", s.git_sha},
                       {"execution", s.execution}});
  }
  std::vector<std::string> argv = {"pbrsim", "merge"};
  argv.insert(argv.end(), args.begin(), args.end());
  const nlohmann::json execution = {{"command_line", argv},
                                    {"merged_utc", output::utc_timestamp_now()},
                                    {"merged_from", sources}};
  sweep::write_outputs(out, merged, execution);
  if (uncertainty::is_psa_output(merged)) {
    const auto summary = uncertainty::summarise_psa(merged);
    output::write_file_atomically(summary_path, uncertainty::psa_summary_csv(summary));
    if (!quiet) std::cout << uncertainty::psa_summary_text(summary);
  }
  if (!quiet) {
    std::cerr << "pbrsim merge: " << shards.size() << " shard outputs, "
              << merged.definition.points.size() << " points -> " << out << " and "
              << sweep::sidecar_path_for(out) << "\n";
  }
  return EXIT_OK;
}

}  // namespace pbr::cli
