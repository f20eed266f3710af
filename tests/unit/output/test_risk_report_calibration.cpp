// Tests of engine/output/calibration_writer (the calibrated scenario file and the before/after
// text).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/output/calibration_writer.hpp"
#include "engine/output/risk_report.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
namespace fs = std::filesystem;

namespace {

const std::string DEFAULT_SCENARIO = std::string(PBR_SOURCE_DIR) + "/scenarios/default.json";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("pbr_calibration_" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("calibrated file name and relative extends path", "[output][calibration]") {
  CHECK(output::default_calibrated_path("scenarios/default.json") ==
        "scenarios/default_calibrated.json");
  CHECK(output::default_calibrated_path("pilot.json") == "pilot_calibrated.json");
  CHECK(output::relative_path_from("scenarios/x_calibrated.json", "scenarios/x.json") == "x.json");
  CHECK(output::relative_path_from("out/x.json", "scenarios/x.json") == "../scenarios/x.json");
}

TEST_CASE("the calibrated file extends its input and reads back with the new amounts",
          "[output][calibration]") {
  const auto input = format::load_scenario(DEFAULT_SCENARIO);
  strategy::CalibrationSettings settings;
  const auto result = strategy::calibrate(input.scenario, settings);
  REQUIRE(result.converged);

  TempDir dir;
  const std::string out = (dir.path / "sub" / "default_calibrated.json").string();
  const auto doc = output::calibrated_scenario_document(input, result, out);
  CHECK(doc.begin().key() == "extends");
  CHECK(doc["name"] == "default_pilot_area_calibrated");
  CHECK(doc["contract"].size() == 1);  // only the payments are overridden
  CHECK(doc.size() == 5);              // extends, name, description, notes, contract
  fs::create_directories(dir.path / "sub");
  std::ofstream(out) << output::calibrated_scenario_text(doc);

  const auto back = format::load_scenario(out);
  REQUIRE(back.scenario.contract.rules.size() == result.contract.rules.size());
  for (std::size_t r = 0; r < result.contract.rules.size(); ++r) {
    CHECK(back.scenario.contract.rules[r].amount_by_band ==
          result.contract.rules[r].amount_by_band);
    CHECK(back.scenario.contract.rules[r].name == input.scenario.contract.rules[r].name);
    CHECK(back.scenario.contract.rules[r].no_reentry.has_value() ==
          input.scenario.contract.rules[r].no_reentry.has_value());
  }
  // Everything else is the input's.
  CHECK(back.resolved["transitions"] == input.resolved["transitions"]);
  CHECK(back.resolved["economics"] == input.resolved["economics"]);
  CHECK(back.resolved["behaviours"] == input.resolved["behaviours"]);
  // And its margins are equal by band, as calibrated.
  const auto m = strategy::analyse_margins(back.scenario, {});
  CHECK(strategy::band_margin_spread(back.scenario, m) <= 100.0);
}

TEST_CASE("amounts that are not whole pounds are written so they read back exactly",
          "[output][calibration]") {
  auto input = format::load_scenario(DEFAULT_SCENARIO);
  strategy::CalibrationResult result;
  result.contract = input.scenario.contract;
  result.multipliers.assign(input.scenario.bands.size(), 1.0);
  result.contract.rules[0].amount_by_band = {1, 16370, 123456789};
  const auto doc = output::calibrated_scenario_document(input, result, "x_calibrated.json");
  const auto& amounts = doc["contract"]["payments"][0]["amount_by_band"];
  CHECK(amounts["high"].dump() == "0.01");
  CHECK(amounts["medium"].dump() == "163.7");
  CHECK(amounts["low"].dump() == "1234567.89");
  CHECK(doc["extends"] == output::relative_path_from("x_calibrated.json", DEFAULT_SCENARIO));
}

TEST_CASE("before/after text shows multipliers, margins, gains and verdicts",
          "[output][calibration]") {
  auto s = strategy::testing::two_group_scenario(0.12, 0.06);
  s.contract.rules[0].amount_by_band = {300000, 300000};
  s.behaviours.pop_back();
  s.strategies.names = {"admit_all", "cherry_pick", "worst_case"};
  const auto result = strategy::calibrate(s, {});
  strategy::CompareSettings cs;
  cs.run.replications = 20;
  const auto before = strategy::build_risk_report(s, strategy::compare_strategies(s, cs, {}));
  auto t = s;
  t.contract = result.contract;
  const auto after = strategy::build_risk_report(t, strategy::compare_strategies(t, cs, {}));
  const auto text = output::calibration_comparison_text(s, result, before, after);
  CHECK_THAT(text, Catch::StartsWith("Calibration of two_groups (objective equal_margin"));
  CHECK_THAT(text, Catch::Contains("met after 1 fit"));
  CHECK_THAT(text, Catch::Contains("multiplier, band high"));
  CHECK_THAT(text, Catch::Contains("completion, low (pounds)"));
  CHECK_THAT(text, Catch::Contains("simulated gain of cherry_pick"));
  CHECK_THAT(text, Catch::Contains("verdict"));
  CHECK_THAT(text, Catch::Contains("high"));
  CHECK_THAT(text, Catch::Contains("low"));
}
