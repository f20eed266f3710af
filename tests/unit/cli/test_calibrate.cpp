// End-to-end tests of `pbrsim calibrate` and of `pbrsim run --strategies` (the risk report).
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "unit/cli/cli_support.hpp"
#include "unit/output/rfc4180.hpp"

using namespace pbr::test;

namespace {

const std::string DEFAULT = source_path("scenarios/default.json");

}  // namespace

TEST_CASE("pbrsim calibrate writes a low-verdict variant that extends the input",
          "[cli][calibrate]") {
  ScratchDir dir("calibrate");
  std::filesystem::copy_file(DEFAULT, dir.path / "default.json");
  const auto r = run_pbrsim({"calibrate", "default.json", "-r", "40"}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("met after 1 fit"));
  CHECK_THAT(r.out, Catch::Contains("multiplier, band high"));
  CHECK_THAT(r.out, Catch::Contains("Wrote default_calibrated.json (extends default.json)"));
  const auto written = read_file(dir.path / "default_calibrated.json");
  CHECK_THAT(written, Catch::StartsWith("{\n  \"extends\": \"default.json\""));

  // The variant is a valid scenario, and its risk report says low.
  const auto v = run_pbrsim({"validate", "default_calibrated.json"}, dir);
  CHECK(v.exit_code == 0);
  const auto run =
      run_pbrsim({"run", "default_calibrated.json", "-r", "40", "-o", "c.csv", "-q"}, dir);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Gaming risk: LOW"));
  const auto risk = parse_rfc4180(read_file(dir.path / "c_risk.csv"));
  REQUIRE(risk.size() > 2);
  CHECK(risk[1][0] == "verdict");
  CHECK(risk[1][6] == "0");
}

TEST_CASE("pbrsim calibrate: bad options exit 2", "[cli][calibrate]") {
  ScratchDir dir("calibrate_bad");
  CHECK(run_pbrsim({"calibrate"}, dir).exit_code == 2);
  const auto r = run_pbrsim({"calibrate", DEFAULT, "--objective", "fair"}, dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--objective: expected equal_margin or gaming_gain"));
  CHECK(run_pbrsim({"calibrate", DEFAULT, "--tolerance", "-1"}, dir).exit_code == 2);
  CHECK(run_pbrsim({"calibrate", DEFAULT, "--help"}, dir).exit_code == 0);
}

TEST_CASE("pbrsim run compares strategies and writes the risk CSV", "[cli][calibrate]") {
  ScratchDir dir("strategies");
  const auto r = run_pbrsim(
      {"run", DEFAULT, "-r", "20", "-o", "s_summary.csv", "-q", "--strategies", "cherry_pick,park"},
      dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Gaming risk: HIGH"));
  CHECK_THAT(r.out, Catch::Contains("s_risk.csv"));
  const auto summary = parse_rfc4180(read_file(dir.path / "s_summary.csv"));
  std::set<std::string> strategies;
  for (std::size_t i = 1; i < summary.size(); ++i) strategies.insert(summary[i][0]);
  CHECK(strategies == std::set<std::string>{"admit_all", "cherry_pick", "park"});
  CHECK_THAT(read_file(dir.path / "s_summary.json"),
             Catch::Contains(
                 "\"strategies\": [\n    \"admit_all\",\n    \"cherry_pick\",\n    \"park\"\n  ]"));

  // Unknown strategies are input errors (--method exact evaluates strategies: test_run.cpp).
  const auto bad = run_pbrsim({"run", DEFAULT, "-r", "2", "--strategies", "cherrypick"}, dir);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("did you mean 'cherry_pick'?"));
  // admit_all alone: no comparison, no risk CSV.
  const auto plain = run_pbrsim(
      {"run", DEFAULT, "-r", "2", "-o", "p.csv", "-q", "--strategies", "admit_all"}, dir);
  REQUIRE(plain.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path / "p_risk.csv"));
}
