#include "engine/output/run_report.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "unit/output/run_fixture.hpp"

namespace fs = std::filesystem;
using namespace pbr::output;
using pbr::test::minimal_scenario;

TEST_CASE("default summary path: out/<scenario name>_summary.csv, made safe",
          "[output][run_report]") {
  CHECK(default_summary_path("pilot") == "out/pilot_summary.csv");
  CHECK(default_summary_path("Wigan v2.1-a") == "out/Wigan_v2.1-a_summary.csv");
  CHECK(default_summary_path("../../etc/x") == "out/_._.._etc_x_summary.csv");
  CHECK(default_summary_path("") == "out/scenario_summary.csv");
}

TEST_CASE("sidecar path replaces .csv by .json", "[output][run_report]") {
  CHECK(sidecar_path_for("out/pilot_summary.csv") == "out/pilot_summary.json");
  CHECK(sidecar_path_for("summary") == "summary.json");
  CHECK(sidecar_path_for("results.CSV") == "results.CSV.json");
  CHECK(sidecar_path_for(".csv") == ".csv.json");
}

TEST_CASE("sidecar holds provenance, outputs, metric definitions and the scenario",
          "[output][run_report]") {
  Provenance p;
  p.scenario_path = "tests/data/valid/minimal.json";
  p.scenario_sha256 = "abc";
  p.seed = 7;
  p.replications = 3;
  p.method = "mc";
  const nlohmann::json resolved = {{"name", "minimal"}, {"horizon_months", 12}};
  const auto j = run_sidecar(p, resolved, minimal_scenario(), {"admit_all"},
                             "some/dir/minimal_summary.csv", std::nullopt);
  CHECK(j.at("format") == "pbrsim-run-sidecar");
  CHECK(j.at("provenance").at("seed") == 7);
  CHECK(j.at("provenance").contains("timestamps"));
  CHECK(j.at("outputs").at("summary_csv") == "minimal_summary.csv");
  CHECK(j.at("outputs").at("monthly_csv").is_null());
  CHECK(j.at("strategies") == nlohmann::json::array({"admit_all"}));
  CHECK(j.at("scenario") == resolved);
  REQUIRE(j.at("metrics").is_array());
  CHECK(j.at("metrics").at(0).at("name") == "referrals");
  CHECK(j.at("metrics").at(0).contains("description"));

  const auto with_monthly = run_sidecar(p, resolved, minimal_scenario(), {"admit_all"}, "x.csv",
                                        std::string("a/b/monthly.csv"));
  CHECK(with_monthly.at("outputs").at("monthly_csv") == "monthly.csv");
  CHECK(with_monthly.at("outputs").at("risk_csv").is_null());  // no comparison, no risk CSV

  const auto compared = run_sidecar(p, resolved, minimal_scenario(), {"admit_all", "park"},
                                    "a/pilot_summary.csv", std::nullopt);
  CHECK(compared.at("outputs").at("risk_csv") == "pilot_risk.csv");
}

TEST_CASE("sidecar text is sorted, indented and ends with a newline", "[output][run_report]") {
  const nlohmann::json j = {{"b", 1}, {"a", {{"d", "x"}, {"c", 2}}}};
  CHECK(sidecar_text(j) == "{\n  \"a\": {\n    \"c\": 2,\n    \"d\": \"x\"\n  },\n  \"b\": 1\n}\n");
}

TEST_CASE("write_output_files creates directories and writes every file", "[output][run_report]") {
  const auto dir = fs::temp_directory_path() / ("pbr_outputs_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write_output_files({{(dir / "a" / "one.csv").string(), "1\r\n"},
                      {(dir / "b" / "c" / "two.json").string(), "{}\n"}});
  std::ifstream one(dir / "a" / "one.csv", std::ios::binary);
  std::stringstream s;
  s << one.rdbuf();
  CHECK(s.str() == "1\r\n");
  CHECK(fs::file_size(dir / "b" / "c" / "two.json") == 3);
  // A file in the way of a directory: the error names it, earlier files stay written.
  CHECK_THROWS_WITH(write_output_files({{(dir / "three.csv").string(), "3"},
                                        {(dir / "a" / "one.csv" / "x.csv").string(), "x"}}),
                    Catch::Contains("one.csv"));
  CHECK(fs::exists(dir / "three.csv"));
  fs::remove_all(dir);
}

TEST_CASE("client trace text shows the path and dated payments by rule", "[output][run_report]") {
  pbr::sim::ClientTrace trace;
  trace.replication = 2;
  trace.path.cid = 17;
  trace.path.group = 0;
  trace.path.arrival = 1;
  trace.path.admitted = true;
  trace.path.entries = {{1, 0}, {4, 1}, {9, 2}};
  trace.payments = {{0, 5, 100000}, {0, 9, -100000}};
  trace.outcome = pbr::sim::ClientOutcome::admitted;
  const auto text = client_trace_text(minimal_scenario(), trace);
  CHECK_THAT(text, Catch::Contains("Client 17 of replication 2"));
  CHECK_THAT(text, Catch::Contains("all_clients (band standard)"));
  CHECK_THAT(text, Catch::Contains("referred in month 1; admitted"));
  CHECK_THAT(text,
             Catch::Contains("      1  in_treatment\n      4  completed\n      9  dropped_out"));
  CHECK_THAT(text, Catch::Contains("      5  completion      1,000.00"));
  CHECK_THAT(text, Catch::Contains("      9  completion     -1,000.00"));
  CHECK_THAT(text, Catch::Contains("total") && Catch::Contains("0.00"));
  CHECK_THAT(text, Catch::Contains("before contract-level terms"));

  trace.payments.clear();
  trace.outcome = pbr::sim::ClientOutcome::refused;
  const auto none = client_trace_text(minimal_scenario(), trace);
  CHECK_THAT(none, Catch::Contains("refused") && Catch::Contains("Payments by rule: none"));
}
