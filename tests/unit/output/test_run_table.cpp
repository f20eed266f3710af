#include <catch2/catch.hpp>
#include <limits>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "engine/output/run_summary.hpp"
#include "unit/output/run_fixture.hpp"

using pbr::output::format_grouped;
using pbr::output::summary_table_text;
using pbr::output::SummaryRow;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Characters on screen ("£" and "±" are one column each, two bytes in UTF-8).
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

SummaryRow row(const std::string& metric, const std::string& kind, const std::string& scope,
               double mean, bool with_spread = true) {
  SummaryRow r{"admit_all", metric, kind, scope, "count", mean, std::nullopt};
  if (with_spread) {
    pbr::stats::Summary s;
    s.n = 10;
    s.mean = mean;
    s.ci_low = mean - 1500.4;
    s.ci_high = mean + 1500.4;
    s.prob_negative = 0.25;
    r.spread = s;
  }
  return r;
}

}  // namespace

TEST_CASE("format_grouped separates thousands and rounds", "[output][run_table]") {
  CHECK(format_grouped(1234567.891, 1) == "1,234,567.9");
  CHECK(format_grouped(1234567.891, 0) == "1,234,568");
  CHECK(format_grouped(999.96, 1) == "1,000.0");
  CHECK(format_grouped(-1234.5, 2) == "-1,234.50");
  CHECK(format_grouped(100, 0) == "100");
  CHECK(format_grouped(-0.04, 1) == "0.0");
  CHECK(format_grouped(0, 0) == "0");
  CHECK(format_grouped(std::numeric_limits<double>::quiet_NaN(), 1) == "n/a");
}

TEST_CASE("summary table shows key metrics for the total and each band, aligned",
          "[output][run_table]") {
  std::vector<SummaryRow> rows = {
      row("referrals", "total", "total", 3605.2),
      row("referrals", "band", "low", 1893.9),
      row("referrals", "band", "high", 1711.3),
      row("referrals", "group", "opiate", 99.0),  // groups are not in the table
      row("provider_margin", "total", "total", -12730142.4),
      row("provider_margin", "band", "low", 1040511.0),
      row("provider_margin", "band", "high", 9.0),
  };
  rows.push_back(row("referrals", "total", "total", 1.0));
  rows.back().strategy = "cherry_pick";  // other strategies are ignored
  const auto text = summary_table_text(rows, "admit_all", "Heading\n\n");
  const auto lines = lines_of(text);
  REQUIRE(lines.size() >= 7);
  CHECK(lines[0] == "Heading");
  CHECK(lines[1].empty());
  CHECK_THAT(lines[2],
             Catch::Contains("total") && Catch::Contains("low") && Catch::Contains("high"));
  CHECK_THAT(lines[2], !Catch::Contains("opiate"));
  CHECK_THAT(text, Catch::Contains("3,605.2") && Catch::Contains("1,893.9"));
  CHECK_THAT(text, !Catch::Contains("99.0"));
  CHECK_THAT(text, Catch::Contains("-12,730,142") && Catch::Contains("± 1,500"));
  CHECK_THAT(text, Catch::Contains("probability of a loss") && Catch::Contains("25.0%"));
  CHECK_THAT(text, Catch::Contains("exclude the block payment"));
  // Right-aligned columns: every table line (header to last metric) ends at the same column.
  const std::size_t width = columns(lines[2]);
  for (std::size_t i = 3; i < lines.size() - 1; ++i) {
    INFO(lines[i]);
    CHECK(columns(lines[i]) == width);
  }
}

TEST_CASE("summary table of exact values has no interval or loss probability",
          "[output][run_table]") {
  const std::vector<SummaryRow> rows = {row("referrals", "total", "total", 10.0, false),
                                        row("provider_margin", "total", "total", -5.0, false)};
  const auto text = summary_table_text(rows, "admit_all", "");
  CHECK_THAT(text, Catch::Contains("provider margin"));
  CHECK_THAT(text, !Catch::Contains("interval") && !Catch::Contains("probability of a loss"));
  CHECK_THAT(text, !Catch::Contains("Band columns"));  // no bands: no band note
}

TEST_CASE("summary table keeps a band named 'total' apart from the total", "[output][run_table]") {
  const std::vector<SummaryRow> rows = {row("referrals", "total", "total", 10.0),
                                        row("referrals", "band", "total", 4.0)};
  const auto text = summary_table_text(rows, "admit_all", "");
  CHECK_THAT(text, Catch::Contains("10.0") && Catch::Contains("4.0"));
}

TEST_CASE("summary table ends with the budget by financial year", "[output][run_table][budget]") {
  std::vector<SummaryRow> rows = {row("referrals", "total", "total", 10.0)};
  for (const auto& [year, spend, pbr] :
       {std::tuple{"2012/13", 61000.0, 1000.0}, std::tuple{"2013/14", 130000.0, 10000.0}}) {
    rows.push_back(row("commissioner_spend", "financial_year", year, spend));
    rows.push_back(row("payments_total", "financial_year", year, pbr));
    rows.push_back(row("block_payment", "financial_year", year, spend - pbr));
    rows.push_back(row("pbr_share_of_income", "financial_year", year, pbr / spend, false));
  }
  rows.push_back(row("payments_total", "financial_year", "2099/00", 5.0));
  rows.back().strategy = "cherry_pick";  // other strategies are ignored
  const auto lines = lines_of(summary_table_text(rows, "admit_all", ""));
  REQUIRE(lines.size() >= 5);
  const std::vector<std::string> tail(lines.end() - 5, lines.end());
  CHECK(tail ==
        std::vector<std::string>{"", "Budget by financial year",
                                 "         spend (£)  PbR payments (£)  block (£)  PbR share",
                                 "2012/13     61,000             1,000     60,000       1.6%",
                                 "2013/14    130,000            10,000    120,000       7.7%"});
  // Without financial-year rows there is no budget block.
  CHECK_THAT(summary_table_text({rows.data(), 1}, "admit_all", ""),
             !Catch::Contains("Budget by financial year"));
}
