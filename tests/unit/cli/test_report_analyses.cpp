// End-to-end: `--report` on pbrsim sweep, psa and calibrate, and pbrsim report on their
// outputs (docs/report.md). The pages in a browser: tests/browser/run.py.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "unit/cli/cli_support.hpp"

using namespace pbr::test;

namespace {
const std::string DEFAULT = source_path("scenarios/default.json");
const std::string ONE_PROBABILITY = source_path("tests/data/uncertainty/one_probability.psa.json");

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("psa --report writes the uncertainty report that pbrsim report reproduces",
          "[cli][report]") {
  ScratchDir dir("report_psa");
  const auto r = run_pbrsim(
      {"psa", ONE_PROBABILITY, "--out", "p.csv", "--quiet", "--report", "p_report.html"}, dir);
  REQUIRE(r.exit_code == 0);
  const std::string page = read_file(dir.path / "p_report.html");
  // one_probability: the gain is 0 in every draw, so the verdict is low in all of them.
  CHECK(contains(page, "<h1>pbrsim uncertainty report: one_probability</h1>"));
  CHECK(contains(page, "no input drives it"));
  CHECK(!contains(page, "<script src"));
  std::filesystem::remove(dir.path / "p_report.html");
  const auto again = run_pbrsim({"report", "p.csv"}, dir);
  REQUIRE(again.exit_code == 0);
  CHECK(read_file(dir.path / "p_report.html") == page);
}

TEST_CASE("sweep and psa refuse --report where the result is not whole or not wide",
          "[cli][report]") {
  ScratchDir dir("report_refused");
  const auto shard =
      run_pbrsim({"psa", ONE_PROBABILITY, "--shard", "1/2", "--report", "p.html"}, dir);
  CHECK(shard.exit_code == 2);
  CHECK(shard.err ==
        "command line: /: --report: not with --shard (join the shards with pbrsim merge, then run "
        "pbrsim report on the merged CSV)\n");
  const auto long_layout = run_pbrsim({"sweep", DEFAULT, "--set", "/horizon_months=12,24",
                                       "--layout", "long", "--report", "s.html"},
                                      dir);
  CHECK(long_layout.exit_code == 2);
  CHECK(long_layout.err ==
        "command line: /: --report: not with --layout long (the report reads the wide layout)\n");
  const auto dry = run_pbrsim(
      {"sweep", DEFAULT, "--set", "/horizon_months=12,24", "--dry-run", "--report", "s.html"}, dir);
  CHECK(dry.exit_code == 2);
  CHECK(dry.err == "command line: /: --report: not with --dry-run\n");
  CHECK(!std::filesystem::exists(dir.path / "p.html"));
  CHECK(!std::filesystem::exists(dir.path / "s.html"));
}

TEST_CASE("sweep --report draws the swept parameter", "[cli][report]") {
  ScratchDir dir("report_sweep");
  const auto r = run_pbrsim({"sweep", DEFAULT, "--set", "/horizon_months=12,24", "-r", "2",
                             "--quiet", "--out", "s.csv", "--report", "s.html"},
                            dir);
  REQUIRE(r.exit_code == 0);
  const std::string page = read_file(dir.path / "s.html");
  CHECK(contains(page, "horizon_months"));
  CHECK(!contains(page, "<script src"));
}

TEST_CASE("calibrate --report writes the report, its sidecar and the risk CSVs before and after",
          "[cli][report][calibrate]") {
  ScratchDir dir("report_calibrate");
  std::filesystem::copy_file(DEFAULT, dir.path / "default.json");
  const auto r =
      run_pbrsim({"calibrate", "default.json", "-r", "2", "--report", "c_report.html"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "Wrote c_report.html (data: c_calibration.json)"));
  for (const char* file : {"c_calibration.json", "c_risk_before.csv", "c_risk_after.csv"}) {
    INFO(file);
    CHECK(std::filesystem::exists(dir.path / file));
  }
  const std::string page = read_file(dir.path / "c_report.html");
  CHECK(contains(page, "<h1>pbrsim calibration report: default_pilot_area</h1>"));
  CHECK(contains(page, "default_calibrated.json"));
  std::filesystem::remove(dir.path / "c_report.html");
  const auto again = run_pbrsim({"report", "c_calibration.json"}, dir);
  REQUIRE(again.exit_code == 0);
  CHECK(read_file(dir.path / "c_report.html") == page);

  // A second calibration writing the same report is refused before any work is done.
  const auto over = run_pbrsim(
      {"calibrate", "default.json", "-r", "2", "--force", "--report", "default.json"}, dir);
  CHECK(over.exit_code == 2);
}
