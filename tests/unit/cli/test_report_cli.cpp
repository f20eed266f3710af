// End-to-end: `pbrsim report` and `pbrsim run --report` (docs/report.md). The page itself
// in a browser: tests/browser/run.py.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "unit/cli/cli_support.hpp"

using namespace pbr::test;

namespace {
const std::string DEFAULT = source_path("scenarios/default.json");
}

TEST_CASE("run --report writes the monthly CSV and a report that pbrsim report reproduces",
          "[cli][report]") {
  ScratchDir dir("report_run");
  const auto r = run_pbrsim(
      {"run", DEFAULT, "-r", "3", "-q", "-o", "out/d_summary.csv", "--report", "out/d.html"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK(std::filesystem::exists(dir.path / "out/d_monthly.csv"));
  const std::string page = read_file(dir.path / "out/d.html");
  CHECK(page.find("Gaming risk:") != std::string::npos);
  CHECK(page.find("<script src") == std::string::npos);  // nothing fetched: all inlined
  CHECK(page.find("http://") == std::string::npos);
  const auto again = run_pbrsim({"report", "out/d_summary.csv"}, dir);
  REQUIRE(again.exit_code == 0);
  // The same files give the same page.
  CHECK(read_file(dir.path / "out/d_report.html") == page);
}

TEST_CASE("a report is refused over its own inputs, and a foreign file is bad input",
          "[cli][report]") {
  ScratchDir dir("report_refuse");
  REQUIRE(run_pbrsim({"run", DEFAULT, "-r", "2", "-q", "-o", "s.csv"}, dir).exit_code == 0);
  const auto over = run_pbrsim({"report", "s.csv", "--out", "s_risk.csv"}, dir);
  CHECK(over.exit_code == 2);
  CHECK(over.err.find("refusing to write 's_risk.csv'") != std::string::npos);
  const auto missing = run_pbrsim({"report", "nothing.csv"}, dir);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nothing.json") != std::string::npos);
  const auto run_over =
      run_pbrsim({"run", DEFAULT, "-r", "2", "-q", "-o", "t.csv", "--report", DEFAULT}, dir);
  CHECK(run_over.exit_code == 2);
}
