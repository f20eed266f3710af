// The report module's own pieces: reading CSVs back cell for cell, paths, and a report of a
// run's files whose tables are the CSV's cells. The page in a browser: tests/browser/run.py.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/diagnostics.hpp"
#include "engine/report/csv_table.hpp"
#include "engine/report/page.hpp"
#include "engine/report/report.hpp"

using namespace pbr::report;

TEST_CASE("parse_csv reads RFC 4180 fields back unchanged", "[report]") {
  const auto table = parse_csv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n1.50,,-0.05\r\n", "t.csv");
  REQUIRE(table.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0][0] == "x, y");
  CHECK(table.rows[0][1] == "say \"hi\"");
  CHECK(table.rows[0][2].empty());
  CHECK(table.rows[1][0] == "1.50");
  CHECK(cell_number(table.rows[1][2]) == Approx(-0.05));
  CHECK_FALSE(cell_number(table.rows[1][1]).has_value());
}

TEST_CASE("parse_csv rejects ragged rows and open quotes, naming the file", "[report]") {
  CHECK_THROWS_WITH(parse_csv("a,b\r\n1\r\n", "bad.csv"),
                    Catch::Contains("bad.csv") && Catch::Contains("expected 2"));
  CHECK_THROWS_AS(parse_csv("a\r\n\"open\r\n", "bad.csv"), pbr::core::InputError);
}

TEST_CASE("the report goes beside the CSV", "[report]") {
  CHECK(default_report_path("out/x_summary.csv") == "out/x_report.html");
  CHECK(default_report_path("out/y.csv") == "out/y_report.html");
  CHECK(default_report_path("out/c_calibration.json") == "out/c_report.html");
  CHECK(default_report_path("out/z.json") == "out/z_report.html");
  CHECK(default_monthly_path("out/x_summary.csv") == "out/x_monthly.csv");
}

TEST_CASE("a table shows the CSV's cells verbatim, escaped, with their row and column",
          "[report]") {
  const auto csv = parse_csv("name,value\r\n<b>,1234.50\r\nz,\r\n", "s.csv");
  const std::string html = render_table({&csv, "s.csv", {1, 0}, {"value", "name"}, {}});
  CHECK(html.find("data-source=\"s.csv\"") != std::string::npos);
  CHECK(html.find("<tr data-csv-row=\"2\"><td data-col=\"value\"></td>") != std::string::npos);
  CHECK(html.find("<td data-col=\"value\">1234.50</td>") != std::string::npos);
  CHECK(html.find("&lt;b&gt;") != std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
}

TEST_CASE("a report of a file that is not a run's output names it", "[report]") {
  const auto dir = std::filesystem::temp_directory_path() / "pbr_report_foreign";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "x.json") << "{\"format\": \"something-else\"}";
  CHECK_THROWS_WITH(report_html((dir / "x.csv").string()),
                    Catch::Contains("x.json") && Catch::Contains("pbrsim-run-sidecar"));
  CHECK_THROWS_AS(report_html((dir / "missing.csv").string()), pbr::core::InputError);
  std::filesystem::remove_all(dir);
}
