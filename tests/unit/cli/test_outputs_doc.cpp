// docs/outputs.md is the contract of every CSV pbrsim writes: this test runs `pbrsim run`
// (summary, monthly and risk CSV) and `pbrsim sweep` (wide and long layouts) on a small
// scenario that produces every kind of row, parses each file strictly (RFC 4180) and checks
// it against the column tables of docs/outputs.md (marked `<!-- csv-columns: NAME -->`):
// every column written is documented and every documented column is written, numeric
// columns hold numbers only, units come from the documented vocabulary (which is
// output::unit_words()), money has exactly two decimals and other numbers at most 6 significant
// digits. A new column needs only its row in the doc's table; a new unit, its word in
// output::Unit and a row in the doc's units table.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/output/units.hpp"
#include "unit/cli/cli_support.hpp"
#include "unit/output/rfc4180.hpp"

using pbr::test::parse_rfc4180;
using pbr::test::read_file;
using pbr::test::run_pbrsim;
using pbr::test::ScratchDir;
using pbr::test::source_path;

namespace {

using Table = std::vector<std::vector<std::string>>;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The cells of a Markdown table row "| a | b | c |".
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      out.push_back(trim(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

// Every `code` span of a cell.
std::vector<std::string> code_spans(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = cell.find('`', at)) != std::string::npos) {
    const auto end = cell.find('`', at + 1);
    if (end == std::string::npos) break;
    out.push_back(cell.substr(at + 1, end - at - 1));
    at = end + 1;
  }
  return out;
}

// The body rows of the Markdown table that follows `<!-- MARKER -->` in `doc`.
Table doc_table(const std::string& doc, const std::string& marker) {
  const std::string tag = "<!-- " + marker + " -->";
  const auto at = doc.find(tag);
  if (at == std::string::npos) FAIL("docs/outputs.md has no '" << tag << "'");
  std::istringstream in(doc.substr(at + tag.size()));
  std::string line;
  Table rows;
  int seen = 0;
  while (std::getline(in, line)) {
    if (trim(line).empty() && seen == 0) continue;
    if (line.empty() || line[0] != '|') break;
    if (++seen > 2) rows.push_back(cells_of(line));  // after the header and the separator
  }
  return rows;
}

// One documented column: its name (maybe a template such as `payments_<rule>_GBP`) and
// its unit cell: a unit word, "text", "as unit" or "in the name".
struct DocColumn {
  std::string name;
  std::string unit;
};

std::string unit_spec(const std::string& cell) {
  std::string s;
  for (const char c : cell) {
    if (c != '`') s += c;
  }
  return trim(s);
}

std::vector<DocColumn> doc_columns(const std::string& doc, const std::string& csv) {
  std::vector<DocColumn> out;
  for (const auto& row : doc_table(doc, "csv-columns: " + csv)) {
    REQUIRE(row.size() >= 3);
    for (const auto& name : code_spans(row[0])) out.push_back({name, unit_spec(row[1])});
  }
  REQUIRE_FALSE(out.empty());
  return out;
}

std::string alternatives(const std::vector<std::string>& words) {
  std::string out = "(";
  for (std::size_t i = 0; i < words.size(); ++i) out += (i ? "|" : "") + words[i];
  return out + ")";
}

// A documented name as a regex: `<unit>` is a unit word, `<metric>` one of `metrics`, any
// other `<placeholder>` one or more characters.
std::regex name_regex(const std::string& name, const std::vector<std::string>& metrics) {
  static const std::string special = R"(\^$.|?*+()[]{})";
  std::string re;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '<') {
      const auto end = name.find('>', i);
      const std::string what = name.substr(i + 1, end - i - 1);
      re += what == "unit"     ? alternatives(pbr::output::unit_words())
            : what == "metric" ? alternatives(metrics)
                               : "(.+)";
      i = end;
      continue;
    }
    if (special.find(name[i]) != std::string::npos) re += '\\';
    re += name[i];
  }
  return std::regex(re);
}

std::size_t literal_length(const std::string& name) {
  std::size_t n = 0;
  bool inside = false;
  for (const char c : name) {
    if (c == '<') inside = true;
    if (!inside) ++n;
    if (c == '>') inside = false;
  }
  return n;
}

bool is_unit_word(const std::string& word) {
  return pbr::output::parse_unit(word).has_value();
}

// The unit word a wide column's name ends with (before "_ci_low" / "_ci_high").
std::string unit_in_name(std::string name) {
  for (const std::string suffix : {"_ci_low", "_ci_high"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix))
      name.resize(name.size() - suffix.size());
  }
  return name.substr(name.rfind('_') + 1);
}

// Why `cell` is not a well-formed number of `unit`, or "" when it is one (or empty).
std::string number_problem(const std::string& cell, const std::string& unit) {
  if (cell.empty()) return "";
  if (unit == "GBP") {
    static const std::regex money(R"(-?[0-9]+\.[0-9]{2})");
    if (!std::regex_match(cell, money)) return "money needs exactly two decimals";
    if (cell == "-0.00") return "negative zero";
    return "";
  }
  static const std::regex plain(R"(-?([0-9]+)(\.([0-9]*[1-9]))?)");
  static const std::regex exponent(R"(-?[1-9](\.[0-9]*[1-9])?e[+-][0-9]+)");
  std::smatch m;
  if (std::regex_match(cell, exponent)) {
    const auto mantissa = cell.substr(0, cell.find('e'));
    std::size_t digits = 0;
    for (const char c : mantissa) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
    return digits <= 6 ? "" : "more than 6 significant digits";
  }
  if (!std::regex_match(cell, m, plain)) return "not a plain number";
  if (cell == "-0") return "negative zero";
  const std::string integer = m[1].str(), fraction = m[3].str();
  if (integer.size() > 1 && integer[0] == '0') return "leading zero";
  const std::string all = (integer == "0" ? "" : integer) + fraction;
  const auto first = all.find_first_not_of('0');
  const std::size_t significant = first == std::string::npos ? 0 : all.size() - first;
  if (!fraction.empty() && significant > 6) return "more than 6 significant digits";
  return "";
}

// Checks one CSV against its documented columns; `metrics` fills `<metric>` placeholders.
// `text_rows_section`: rows whose first cell is this (the psa summary's provenance) carry
// text in `detail` and no unit.
void check_csv(const std::string& label, const Table& rows, const std::vector<DocColumn>& doc,
               const std::vector<std::string>& metrics = {},
               const std::string& text_rows_section = "") {
  INFO(label);
  REQUIRE(rows.size() > 1);
  const auto& header = rows[0];
  std::vector<const DocColumn*> spec(header.size(), nullptr);
  std::set<std::string> documented_and_written;
  for (std::size_t c = 0; c < header.size(); ++c) {
    for (const auto& d : doc) {
      if (!std::regex_match(header[c], name_regex(d.name, metrics))) continue;
      if (!spec[c] || literal_length(d.name) > literal_length(spec[c]->name)) spec[c] = &d;
    }
    INFO("column '" << header[c] << "'");
    CHECK(spec[c] != nullptr);  // every written column is documented
    if (spec[c]) documented_and_written.insert(spec[c]->name);
  }
  for (const auto& d : doc) {
    INFO("documented column '" << d.name << "'");
    CHECK(documented_and_written.count(d.name) == 1);  // every documented column is written
  }
  const std::size_t unit_column = std::find(header.begin(), header.end(), "unit") - header.begin();
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (!spec[c] || spec[c]->unit == "text") continue;
    const std::string& how = spec[c]->unit;
    const bool known = is_unit_word(how) || how == "as unit" || how == "in the name";
    INFO("column '" << header[c] << "' has unit cell '" << how << "'");
    CHECK(known);
    if (!known) continue;
    std::size_t numbers = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (!text_rows_section.empty() && rows[r][0] == text_rows_section) {
        CHECK(rows[r][c].empty());
        continue;
      }
      std::string unit = how;
      if (how == "as unit") {
        REQUIRE(unit_column < header.size());
        unit = rows[r][unit_column];
      } else if (how == "in the name") {
        unit = unit_in_name(header[c]);
      }
      INFO("row " << r << " column '" << header[c] << "' = '" << rows[r][c] << "' unit '" << unit
                  << "'");
      CHECK(is_unit_word(unit));
      CHECK(number_problem(rows[r][c], unit) == "");
      if (!rows[r][c].empty()) ++numbers;
    }
    CHECK(numbers > 0);  // the check is not vacuous
  }
  if (unit_column < header.size()) {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (!text_rows_section.empty() && rows[r][0] == text_rows_section) continue;
      INFO("row " << r << " unit '" << rows[r][unit_column] << "'");
      CHECK(is_unit_word(rows[r][unit_column]));
    }
  }
}

// A documented (name template -> unit) table such as the summary metrics.
std::vector<DocColumn> doc_units_of(const std::string& doc, const std::string& marker) {
  std::vector<DocColumn> out;
  for (const auto& row : doc_table(doc, marker)) {
    REQUIRE(row.size() >= 2);
    for (const auto& name : code_spans(row[0])) out.push_back({name, unit_spec(row[1])});
  }
  return out;
}

}  // namespace

TEST_CASE("the unit vocabulary of docs/outputs.md is output::unit_words()",
          "[cli][outputs][docs]") {
  const std::string doc = read_file(source_path("docs/outputs.md"));
  std::vector<std::string> words;
  for (const auto& row : doc_table(doc, "csv-units")) words.push_back(unit_spec(row.at(0)));
  CHECK(words == pbr::output::unit_words());
  for (const auto& w : words) CHECK(w.find('_') == std::string::npos);
}

TEST_CASE("number_problem enforces the documented precision", "[cli][outputs][docs]") {
  CHECK(number_problem("1234.50", "GBP") == "");
  CHECK(number_problem("-0.05", "GBP") == "");
  CHECK(number_problem("1234.5", "GBP") != "");
  CHECK(number_problem("12", "GBP") != "");
  CHECK(number_problem("0.333333", "share") == "");
  CHECK(number_problem("0.3333333", "share") != "");
  CHECK(number_problem("1234568", "count") == "");
  CHECK(number_problem("12345.67", "count") != "");
  CHECK(number_problem("1.5e+20", "count") == "");
  CHECK(number_problem("0.00001", "probability") == "");
  CHECK(number_problem("2.50", "count") != "");  // trailing zero
  CHECK(number_problem("n/a", "count") != "");
  CHECK(number_problem("high", "level") != "");
}

TEST_CASE("every CSV of run and sweep matches docs/outputs.md", "[cli][outputs][docs]") {
  const std::string doc = read_file(source_path("docs/outputs.md"));
  const std::string scenario = source_path("tests/unit/cli/data/outputs.json");
  ScratchDir dir("outputs_doc");
  const auto p = [&](const std::string& name) { return (dir.path / name).string(); };

  const auto run = run_pbrsim({"run", scenario, "--replications", "4", "--quiet", "--out",
                               p("s_summary.csv"), "--monthly", p("m.csv")},
                              dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto summary = parse_rfc4180(read_file(p("s_summary.csv")));
  check_csv("summary CSV", summary, doc_columns(doc, "summary"));
  check_csv("monthly CSV", parse_rfc4180(read_file(p("m.csv"))), doc_columns(doc, "monthly"));
  check_csv("risk CSV", parse_rfc4180(read_file(p("s_risk.csv"))), doc_columns(doc, "risk"));

  // Each summary metric is documented, with the unit the CSV gives it.
  const auto metrics = doc_units_of(doc, "summary-metrics");
  std::set<std::string> seen;
  for (std::size_t r = 1; r < summary.size(); ++r) {
    const std::string& metric = summary[r][1];
    const DocColumn* found = nullptr;
    for (const auto& m : metrics) {
      if (!std::regex_match(metric, name_regex(m.name, {}))) continue;
      if (!found || literal_length(m.name) > literal_length(found->name)) found = &m;
    }
    INFO("summary metric '" << metric << "'");
    REQUIRE(found);
    CHECK(found->unit == summary[r][4]);
    seen.insert(found->name);
  }
  for (const auto& m : metrics) {
    INFO("documented metric '" << m.name << "'");
    CHECK(seen.count(m.name) == 1);
  }

  const std::vector<std::string> sweep_args = {
      "sweep",          scenario,
      "--set",          "fee=/contract/payments/0/amount_by_band/high=100,200",
      "--set",          "/contract/payments/1/cohort_threshold=0,0.2",
      "--replications", "3",
      "--quiet"};
  auto wide_args = sweep_args;
  for (const char* a : {"--out", "w.csv"}) wide_args.emplace_back(a);
  auto long_args = sweep_args;
  for (const char* a : {"--layout", "long", "--out", "l.csv"}) long_args.emplace_back(a);
  const auto wide_run = run_pbrsim(wide_args, dir);
  INFO(wide_run.err);
  REQUIRE(wide_run.exit_code == 0);
  const auto long_run = run_pbrsim(long_args, dir);
  INFO(long_run.err);
  REQUIRE(long_run.exit_code == 0);

  auto sweep_metrics = doc_units_of(doc, "sweep-metrics");
  const auto wide = parse_rfc4180(read_file(p("w.csv")));
  const auto longs = parse_rfc4180(read_file(p("l.csv")));
  // A documented family `name_<k>` (spend per financial year k) stands for the members the
  // long CSV writes: name_1, name_2, ... (at least one).
  for (std::size_t i = 0; i < sweep_metrics.size(); ++i) {
    const auto at = sweep_metrics[i].name.find("<k>");
    if (at == std::string::npos) continue;
    const auto family = sweep_metrics[i];
    sweep_metrics.erase(sweep_metrics.begin() + static_cast<std::ptrdiff_t>(i));
    std::set<std::string> members;
    for (std::size_t r = 1; r < longs.size(); ++r) {
      if (std::regex_match(longs[r][3], std::regex(family.name.substr(0, at) + "[1-9][0-9]*")))
        members.insert(longs[r][3]);
    }
    INFO("metric family '" << family.name << "'");
    CHECK_FALSE(members.empty());
    for (const auto& m : members) {
      auto member = family;
      member.name = m;
      sweep_metrics.insert(sweep_metrics.begin() + static_cast<std::ptrdiff_t>(i++), member);
    }
    --i;
  }
  std::vector<std::string> metric_names;
  for (const auto& m : sweep_metrics) metric_names.push_back(m.name);
  check_csv("wide sweep CSV", wide, doc_columns(doc, "sweep-wide"), metric_names);
  check_csv("long sweep CSV", longs, doc_columns(doc, "sweep-long"), metric_names);

  // The sweep's metrics and units are the documented ones, in both layouts.
  std::set<std::string> long_metrics;
  for (std::size_t r = 1; r < longs.size(); ++r) {
    const auto it = std::find(metric_names.begin(), metric_names.end(), longs[r][3]);
    INFO("long sweep metric '" << longs[r][3] << "'");
    REQUIRE(it != metric_names.end());
    CHECK(sweep_metrics[it - metric_names.begin()].unit == longs[r][4]);
    long_metrics.insert(longs[r][3]);
  }
  CHECK(long_metrics.size() == metric_names.size());
  for (const auto& m : sweep_metrics) {
    INFO("sweep metric '" << m.name << "'");
    CHECK(std::count(wide[0].begin(), wide[0].end(), m.name + "_" + m.unit) == 1);
  }
}

TEST_CASE("the uncertainty analysis's summary CSV matches docs/outputs.md",
          "[cli][outputs][docs]") {
  const std::string doc = read_file(source_path("docs/outputs.md"));
  ScratchDir dir("outputs_doc_psa");
  const auto out = (dir.path / "t_psa.csv").string();
  const auto psa = run_pbrsim({"psa", source_path("tests/data/uncertainty/teaching_cost.psa.json"),
                               "--draws", "12", "--replications", "4", "--quiet", "--out", out},
                              dir);
  INFO(psa.err);
  REQUIRE(psa.exit_code == 0);
  const auto rows = parse_rfc4180(read_file((dir.path / "t_psa_summary.csv").string()));
  check_csv("psa summary CSV", rows, doc_columns(doc, "psa-summary"), {}, "provenance");
  // Every documented section is written, in the documented order (decision needs variants).
  std::vector<std::string> sections;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (sections.empty() || sections.back() != rows[r][0]) sections.push_back(rows[r][0]);
  }
  CHECK(sections == std::vector<std::string>{"provenance", "verdict", "result", "driver"});
}

TEST_CASE("the sweep's default output names are the documented ones", "[cli][outputs][docs]") {
  // docs/outputs.md and docs/sweeps.md: out/<stem>_sweep.csv, <stem> the plan's file name
  // without .json and .sweep, or the scenario's without .json.
  const std::string outputs = read_file(source_path("docs/outputs.md"));
  const std::string sweeps = read_file(source_path("docs/sweeps.md"));
  CHECK(outputs.find("(`scenarios/default.json` gives `out/default_sweep.csv`") !=
        std::string::npos);
  CHECK(sweeps.find(
            "scenarios/sweeps/window_vs_fee.sweep.json` gives `out/window_vs_fee_sweep.csv`") !=
        std::string::npos);

  ScratchDir dir("outputs_default_name");
  const std::string scenario = source_path("tests/unit/cli/data/outputs.json");
  const auto plain =
      run_pbrsim({"sweep", scenario, "--set", "/contract/payments/1/cohort_threshold=0",
                  "--replications", "1", "--quiet"},
                 dir);
  INFO(plain.err);
  REQUIRE(plain.exit_code == 0);
  CHECK(std::filesystem::is_regular_file(dir.path / "out/outputs_sweep.csv"));
  CHECK(std::filesystem::is_regular_file(dir.path / "out/outputs_sweep.json"));

  std::ofstream(dir.path / "fee_check.sweep.json")
      << R"({"scenario": ")" << scenario
      << R"(", "parameters": [{"pointer": "/contract/payments/1/cohort_threshold", "values": "0"}],
            "replications": 1})";
  const auto planned = run_pbrsim({"sweep", "--plan", "fee_check.sweep.json", "--quiet"}, dir);
  INFO(planned.err);
  REQUIRE(planned.exit_code == 0);
  CHECK(std::filesystem::is_regular_file(dir.path / "out/fee_check_sweep.csv"));
}
