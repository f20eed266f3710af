// End-to-end tests of `pbrsim validate` and `pbrsim schema`: exit codes, streams and files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "unit/cli/cli_support.hpp"

using namespace pbr::test;

namespace {

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(source_path("scenarios"))) {
    if (e.path().extension() == ".json")
      files.push_back("scenarios/" + e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("pbrsim validate accepts every shipped scenario with exit 0", "[cli][validate]") {
  ScratchDir dir("validate_ok");
  const auto files = shipped_scenarios();
  REQUIRE(files.size() >= 3);
  std::vector<std::string> args{"validate"};
  args.insert(args.end(), files.begin(), files.end());
  const auto r = run_pbrsim(args, dir, PBR_SOURCE_DIR);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  std::string expected;
  for (const auto& f : files) expected += f + ": ok\n";
  CHECK(r.out == expected);
}

TEST_CASE("pbrsim validate reports every problem of every file and exits 2", "[cli][validate]") {
  ScratchDir dir("validate_bad");
  const std::string bad = "tests/data/invalid/capacity_negative.json";
  const auto r =
      run_pbrsim({"validate", "tests/data/valid/minimal.json", bad}, dir, PBR_SOURCE_DIR);
  CHECK(r.exit_code == 2);
  CHECK(r.out == "tests/data/valid/minimal.json: ok\n");
  CHECK(r.err == read_file(source_path("tests/data/invalid/capacity_negative.expected")));
}

TEST_CASE("pbrsim validate with no file is a usage error", "[cli][validate]") {
  ScratchDir dir("validate_none");
  CHECK(run_pbrsim({"validate"}, dir).exit_code == 2);
}

TEST_CASE("pbrsim schema --out writes the same schema it prints, atomically", "[cli][schema]") {
  ScratchDir dir("schema");
  const auto printed = run_pbrsim({"schema"}, dir);
  REQUIRE(printed.exit_code == 0);
  const auto schema = nlohmann::json::parse(printed.out);
  CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema.at("$defs").contains("contract"));

  REQUIRE(run_pbrsim({"schema", "--out", "schema.json"}, dir).exit_code == 0);
  CHECK(read_file(dir.path / "schema.json") == printed.out);

  // A failed write exits 1 and leaves neither the file nor a temporary behind.
  const auto failed = run_pbrsim({"schema", "--out", "missing/dir/schema.json"}, dir);
  CHECK(failed.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(dir.path / "missing"));
}
