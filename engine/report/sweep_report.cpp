#include "engine/report/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/report/chart_data.hpp"
#include "engine/report/contract_words.hpp"
#include "engine/report/csv_table.hpp"
#include "engine/report/page.hpp"
#include "engine/report/risk_rows.hpp"

namespace pbr::report {
namespace {

std::size_t index_of(nlohmann::json& labels, const std::string& value) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == value) return i;
  }
  labels.push_back(value);
  return labels.size() - 1;
}

}  // namespace

std::string sweep_report_html(const std::string& csv_path, const std::string& sidecar_path,
                              const nlohmann::json& sidecar) {
  if (sidecar.value("layout", "") != "wide") {
    throw core::InputError(sidecar_path, "/layout",
                           "expected \"wide\": the report reads a sweep's wide layout (run the "
                           "sweep without --layout long)");
  }
  const CsvTable csv = read_csv_file(csv_path);
  const std::string source = std::filesystem::path(csv_path).filename().string();
  std::vector<std::string> parameters;
  nlohmann::json axis_values = nlohmann::json::array();
  for (const auto& p : sidecar.at("plan").at("parameters")) {
    parameters.push_back(p.at("name").get<std::string>());
    nlohmann::json values = nlohmann::json::array();
    for (const auto& v : p.value("values", nlohmann::json::array())) {
      values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    }
    axis_values.push_back(values);
  }
  for (const auto& p : parameters) static_cast<void>(csv.column(p));  // throws if not a column
  const auto strategy = csv.column("strategy");
  std::vector<std::string> strategies;
  for (const auto& row : csv.rows) {
    if (std::find(strategies.begin(), strategies.end(), row[strategy]) == strategies.end()) {
      strategies.push_back(row[strategy]);
    }
  }
  const bool gaming = strategies.size() > 1;
  const std::string metric = gaming ? "gaming_gain_GBP" : "provider_margin_GBP";
  const std::string metric_words =
      gaming ? "gaming gain over admit_all (GBP)" : "provider margin (GBP)";

  const model::Scenario base = format::build_scenario(sidecar.at("base_scenario").at("resolved"),
                                                      sidecar_path + "#/base_scenario/resolved");
  FirstScreen first;
  first.title = "pbrsim sweep report: " + base.name;
  std::map<std::string, int> verdicts;
  if (const auto verdict = csv.find_column("verdict")) {
    std::size_t points = 0;
    for (const auto& row : csv.rows) {
      if (row[strategy] == strategies.front()) {
        ++verdicts[row[*verdict]];
        ++points;
      }
    }
    std::ostringstream words;
    words << "<p id=\"verdict-sentence\">Gaming risk over the " << points << " contract designs: ";
    bool comma = false;
    for (const char* level : {"high", "medium", "low"}) {
      words << (comma ? ", " : "") << verdicts[level] << " " << level;
      comma = true;
    }
    words << ". The charts show where gaming pays and by how much; the table below each gives "
             "every design's verdict.</p>\n";
    first.verdict_html = words.str();
  } else {
    first.verdict_html = "<p>No strategies were compared, so there is no verdict.</p>\n";
  }
  first.contract_html =
      "<p>The base contract, before the swept changes:</p>\n" + contract_in_words(base);
  const auto& plan = sidecar.at("plan");
  std::string swept;
  for (std::size_t i = 0; i < parameters.size(); ++i) swept += (i > 0 ? ", " : "") + parameters[i];
  first.provenance_html = provenance_list_html(
      {{"engine", "pbrsim " + sidecar.value("engine_version", "") + " (" +
                      sidecar.value("git_sha", "") + ")"},
       {"base scenario", sidecar.at("base_scenario").value("path", "")},
       {"scenario SHA-256", sidecar.at("base_scenario").value("sha256", "")},
       {"swept", swept},
       {"seed", plan.at("seed").is_null() ? std::string("the scenario's run.seed")
                                          : plan.at("seed").dump()},
       {"replications", plan.at("replications").dump()},
       {"fingerprint", sidecar.value("fingerprint", "")},
       {"data of record", source}});

  std::vector<std::string> columns = parameters;
  for (const auto& c : {"strategy", metric.c_str()}) columns.emplace_back(c);
  columns.push_back(metric + "_ci_low");
  columns.push_back(metric + "_ci_high");
  if (csv.find_column("verdict")) columns.emplace_back("verdict");

  Block block{"sweep", "", "", {}, {}, ""};
  std::vector<std::size_t> all_rows(csv.rows.size());
  for (std::size_t r = 0; r < all_rows.size(); ++r) all_rows[r] = r;
  if (parameters.size() == 1) {
    block.title = metric_words + " over " + parameters[0];
    block.note = "Each strategy's " + metric_words + " at each value of " + parameters[0] +
                 ", with its 95% interval as a band.";
    nlohmann::json labels = axis_values[0];
    const auto p = csv.column(parameters[0]);
    for (const auto& row : csv.rows) index_of(labels, row[p]);
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : strategies) {
      if (gaming && s == "admit_all") continue;
      nlohmann::json values(labels.size(), nullptr), low = values, high = values;
      for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        if (csv.rows[r][strategy] != s) continue;
        const std::size_t i = index_of(labels, csv.rows[r][p]);
        values[i] = number_or_null(cell_value_or_nan(csv, r, metric));
        low[i] = number_or_null(cell_value_or_nan(csv, r, metric + "_ci_low"));
        high[i] = number_or_null(cell_value_or_nan(csv, r, metric + "_ci_high"));
      }
      series.push_back({{"label", s}, {"values", values}, {"low", low}, {"high", high}});
    }
    block.charts.push_back({{{"kind", "line"},
                             {"x_title", parameters[0] + " (as swept)"},
                             {"y_title", metric_words},
                             {"labels", labels},
                             {"series", series}}});
  } else if (parameters.size() == 2) {
    const std::string shown =
        std::find(strategies.begin(), strategies.end(), "best_response") != strategies.end()
            ? "best_response"
            : strategies.back();
    block.title =
        metric_words + " of " + shown + " over " + parameters[0] + " and " + parameters[1];
    block.note = "Each cell is one contract design: " + shown + "'s " + metric_words +
                 " (number in the cell; 95% intervals in the table).";
    nlohmann::json xs = axis_values[0], ys = axis_values[1], cells = nlohmann::json::array();
    const auto px = csv.column(parameters[0]), py = csv.column(parameters[1]);
    double lo = INFINITY, hi = -INFINITY;
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
      if (csv.rows[r][strategy] != shown) continue;
      rows.push_back(r);
      const double v = cell_value_or_nan(csv, r, metric);
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      cells.push_back({{"x", index_of(xs, csv.rows[r][px])},
                       {"y", index_of(ys, csv.rows[r][py])},
                       {"v", number_or_null(v)},
                       {"text", whole_pounds(v)}});
    }
    block.charts.push_back({{{"kind", "heatmap"},
                             {"x_title", parameters[0]},
                             {"y_title", parameters[1]},
                             {"x_labels", xs},
                             {"y_labels", ys},
                             {"cells", cells},
                             {"min", std::isfinite(lo) ? lo : 0.0},
                             {"max", std::isfinite(hi) ? hi : 0.0},
                             {"min_text", whole_pounds(std::isfinite(lo) ? lo : 0.0)},
                             {"max_text", whole_pounds(std::isfinite(hi) ? hi : 0.0)},
                             {"value_title", metric_words}}});
    all_rows = rows;
  } else {
    block.title = metric_words + " by contract design";
    block.html =
        "<p class=\"message\">A chart needs one swept parameter (lines) or two (a heat map); "
        "this sweep has " +
        std::to_string(parameters.size()) + ": the table gives every design.</p>\n";
  }
  block.tables.push_back({&csv, source, all_rows, columns, {}});
  return render_page(first, {block});
}

}  // namespace pbr::report
