// End-to-end tests of the input limits (docs/scenario-format.md, "Limits"): what `pbrsim`
// prints and its exit status when a scenario is past one, on files generated here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "unit/cli/cli_support.hpp"
#include "unit/format/dangling_names.hpp"

using namespace pbr::test;
using nlohmann::json;

namespace {

json minimal_doc() {
  return json::parse(read_file(source_path("tests/data/valid/minimal.json")));
}

std::string write_json(const ScratchDir& dir, const std::string& name, const json& doc) {
  const auto path = (dir.path / name).string();
  std::ofstream(path, std::ios::binary) << doc.dump();
  return path;
}

}  // namespace

TEST_CASE("pbrsim validate keeps its report short on a file with 10,000 dangling names",
          "[cli][validate][limits]") {
  ScratchDir dir("limits_names");
  const auto file = write_json(dir, "dangling.json", dangling_names_scenario(minimal_doc()));
  const auto r = run_pbrsim({"validate", "dangling.json"}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.size() < 64 * 1024);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 101);
  CHECK(r.err.rfind("\n9900 more problems not shown\n") == r.err.size() - 30);
  CHECK(r.err.find("dangling.json: /transitions/5/from: unknown state 'in_treatmnt'; did you "
                   "mean 'in_treatment'? valid states: in_treatment, completed,") == 0);
}

TEST_CASE("every command refuses a scenario past a shape limit with exit 2", "[cli][limits]") {
  ScratchDir dir("limits_shape");
  json doc = minimal_doc();
  for (int i = 5; i < 501; ++i)
    doc["states"].push_back({{"name", "spare_" + std::to_string(i)}, {"kind", "other"}});
  write_json(dir, "states.json", doc);
  const std::string message =
      "states.json: /states: 501 states; at most 500 are allowed (a limit that bounds a run's "
      "memory)\n";
  for (const auto& args : {std::vector<std::string>{"validate", "states.json"},
                           std::vector<std::string>{"run", "states.json", "-r", "1"},
                           std::vector<std::string>{"calibrate", "states.json"}}) {
    INFO(args[0]);
    const auto r = run_pbrsim(args, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err == message);
  }
}
