// `extends` layering: a scenario names a base file and is applied to it as a JSON merge patch.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/format/scenario_reader.hpp"

namespace pbr::format {

namespace {

namespace fs = std::filesystem;

struct ChainLink {
  std::string display;  // the path as the user (or the naming file) wrote it
  fs::path identity;    // canonical form, to recognise a file reached by two spellings
};

fs::path identity_of(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::path(path).lexically_normal() : p;
}

std::string chain_text(const std::vector<ChainLink>& chain, std::size_t from,
                       const std::string& last) {
  std::string out;
  for (std::size_t i = from; i < chain.size(); ++i) out += chain[i].display + " -> ";
  return out + last;
}

nlohmann::json resolve(const std::string& path, std::vector<ChainLink>& chain,
                       std::vector<std::string>* files) {
  if (files) files->push_back(path);
  nlohmann::json doc = read_json_file(path);
  if (!doc.is_object()) {
    throw core::InputError(path, "",
                           "expected a JSON object at the top level, got " + render_value(doc));
  }
  const auto it = doc.find("extends");
  if (it == doc.end()) return doc;
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw core::InputError(
        path, "/extends",
        "expected a non-empty string (a path relative to this file), got " + render_value(*it));
  }
  // A NUL would silently cut the path short in every system call that sees it.
  if (it->get_ref<const std::string&>().find('\0') != std::string::npos) {
    throw core::InputError(path, "/extends",
                           "expected a path without NUL characters, got " + render_value(*it));
  }
  const std::string base_path =
      (fs::path(path).parent_path() / it->get<std::string>()).lexically_normal().string();
  const fs::path base_identity = identity_of(base_path);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    if (chain[i].identity == base_identity) {
      throw core::InputError(path, "/extends", "extends cycle: " + chain_text(chain, i, base_path));
    }
  }
  if (chain.size() >= static_cast<std::size_t>(MAX_EXTENDS_DEPTH)) {
    throw core::InputError(path, "/extends",
                           "extends chain longer than " + std::to_string(MAX_EXTENDS_DEPTH) +
                               " files: " + chain_text(chain, 0, base_path));
  }
  std::error_code ec;
  if (!fs::exists(base_path, ec)) {
    throw core::InputError(path, "/extends", "base file '" + base_path + "' not found");
  }
  chain.push_back({base_path, base_identity});
  nlohmann::json base = resolve(base_path, chain, files);
  chain.pop_back();
  doc.erase("extends");
  merge_patch(base, doc);
  return base;
}

}  // namespace

void merge_patch(nlohmann::json& target, const nlohmann::json& patch) {
  // nlohmann implements RFC 7386 exactly: objects merge, null removes, anything else replaces.
  target.merge_patch(patch);
}

nlohmann::json resolve_scenario_document(const std::string& path, std::vector<std::string>* files) {
  std::vector<ChainLink> chain{{path, identity_of(path)}};
  return resolve(path, chain, files);
}

}  // namespace pbr::format
