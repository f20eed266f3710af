// The report of `pbrsim psa`: first screen, then verdict probabilities, gains with parameter
// uncertainty, population cost, a tornado per variant and the decision between variants,
// every number read from the analysis's summary CSV (docs/report.md, "Uncertainty analysis").
#include "engine/report/uncertainty_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/report/chart_data.hpp"
#include "engine/report/contract_words.hpp"
#include "engine/report/csv_table.hpp"
#include "engine/report/page.hpp"
#include "engine/report/risk_rows.hpp"
#include "engine/uncertainty/psa_summary.hpp"

namespace pbr::report {
namespace {

namespace fs = std::filesystem;

// The inputs a tornado shows: enough to see what decides the gain, few enough that the
// chart and its rows print on one A4 page.
constexpr std::size_t TORNADO_INPUTS = 8;

const std::vector<std::string> SPREAD_COLUMNS = {
    "variant", "strategy", "measure",  "unit",           "value",
    "ci_low",  "ci_high",  "sd_total", "sd_monte_carlo", "sd_parameter"};
const std::vector<std::string> SPREAD_TITLES = {
    "variant",       "strategy",       "measure",  "unit",           "mean over draws",
    "2.5% of draws", "97.5% of draws", "sd total", "sd Monte Carlo", "sd parameter"};
// A driver table names its variant and strategy in its block's title and note.
const std::vector<std::string> DRIVER_COLUMNS = {"scope",  "measure", "unit",  "value",
                                                 "ci_low", "ci_high", "detail"};
const std::vector<std::string> DETAIL_COLUMNS = {
    "variant", "strategy", "scope", "measure", "unit", "value", "ci_low", "ci_high", "detail"};

struct Analysis {
  CsvTable summary;
  std::string source;                 // the summary CSV's file name
  std::vector<std::string> variants;  // in file order; {""} without variants
};

std::vector<std::string> distinct(const CsvTable& table, const std::vector<std::size_t>& rows,
                                  const std::string& column) {
  std::vector<std::string> out;
  for (const auto r : rows) {
    const std::string& value = cell(table, r, column);
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  return out;
}

std::string percent(double share) {
  return std::isfinite(share) ? short_number(share * 100) + "%" : "n/a";
}

std::string variant_words(const std::string& variant) {
  return variant.empty() ? "" : " (" + variant + ")";
}

TableSpec table_of(const Analysis& a, std::vector<std::size_t> rows,
                   const std::vector<std::string>& columns,
                   const std::vector<std::string>& titles = {}) {
  return {&a.summary, a.source, std::move(rows), columns, titles};
}

// The verdict rows of one variant: low, medium, high as the summary orders them.
std::vector<std::size_t> verdict_rows(const Analysis& a, const std::string& variant) {
  return find_rows(a.summary, {{"section", "verdict"}, {"variant", variant}});
}

std::string most_probable_verdict(const Analysis& a) {
  std::string best;
  double best_share = -1.0;
  for (const auto r : verdict_rows(a, a.variants.front())) {
    const double share = cell_value_or_nan(a.summary, r, "value");
    if (share > best_share) {
      best_share = share;
      best = cell(a.summary, r, "scope");
    }
  }
  return best;
}

std::optional<std::size_t> metamodel_row(const Analysis& a, const std::string& variant) {
  const auto rows = find_rows(a.summary, {{"section", "driver"},
                                          {"variant", variant},
                                          {"scope", "metamodel"},
                                          {"measure", "r_squared"}});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

// The metric the drivers explain ("rank 3 of gaming_gain_expected" -> gaming_gain_expected).
std::string driver_metric(const Analysis& a, const std::string& variant) {
  const auto rows =
      find_rows(a.summary, {{"section", "driver"}, {"variant", variant}, {"measure", "prcc"}});
  if (rows.empty()) return "";
  const std::string& detail = cell(a.summary, rows.front(), "detail");
  const auto of = detail.find(" of ");
  return of == std::string::npos ? "" : detail.substr(of + 4);
}

// The ranked inputs of one variant, best first (the summary's order).
std::vector<std::string> ranked_inputs(const Analysis& a, const std::string& variant) {
  return distinct(
      a.summary,
      find_rows(a.summary, {{"section", "driver"}, {"variant", variant}, {"measure", "prcc"}}),
      "scope");
}

std::optional<std::size_t> driver_row(const Analysis& a, const std::string& variant,
                                      const std::string& input, const std::string& measure) {
  return find_row(
      a.summary,
      {{"section", "driver"}, {"variant", variant}, {"scope", input}, {"measure", measure}});
}

std::optional<std::size_t> result_row(const Analysis& a, const std::string& variant,
                                      const std::string& strategy, const std::string& metric) {
  return find_row(
      a.summary,
      {{"section", "result"}, {"variant", variant}, {"strategy", strategy}, {"measure", metric}});
}

std::string verdict_sentences(const Analysis& a) {
  std::ostringstream out;
  for (const auto& variant : a.variants) {
    const auto rows = verdict_rows(a, variant);
    if (rows.empty()) continue;
    out << "<p" << (variant == a.variants.front() ? " id=\"verdict-sentence\"" : "") << ">";
    if (!variant.empty()) out << "<b>" << escape_html(variant) << "</b>: ";
    out << "over the draws of the uncertain inputs, gaming risk is";
    bool comma = false;
    for (const auto r : rows) {
      out << (comma ? "," : "") << " " << escape_html(cell(a.summary, r, "scope")) << " in "
          << percent(cell_value_or_nan(a.summary, r, "value")) << " of draws (95% interval "
          << percent(cell_value_or_nan(a.summary, r, "ci_low")) << " to "
          << percent(cell_value_or_nan(a.summary, r, "ci_high")) << ")";
      comma = true;
    }
    out << ".";
    const auto model = metamodel_row(a, variant);
    const std::string metric = driver_metric(a, variant);
    if (model && !metric.empty()) {
      const std::string strategy = cell(a.summary, *model, "strategy");
      if (const auto g = result_row(a, variant, strategy, metric)) {
        out << " " << escape_html(strategy) << "'s gain over honest behaviour: "
            << whole_pounds(cell_value_or_nan(a.summary, *g, "value"))
            << " pounds on average; 95% of draws between "
            << whole_pounds(cell_value_or_nan(a.summary, *g, "ci_low")) << " and "
            << whole_pounds(cell_value_or_nan(a.summary, *g, "ci_high")) << ".";
      }
      const auto inputs = ranked_inputs(a, variant);
      if (!inputs.empty()) {
        out << " What decides it most:";
        for (std::size_t i = 0; i < std::min<std::size_t>(3, inputs.size()); ++i) {
          const auto prcc = driver_row(a, variant, inputs[i], "prcc");
          out << (i > 0 ? ";" : "") << " " << escape_html(inputs[i]);
          if (prcc) out << " (PRCC " << escape_html(cell(a.summary, *prcc, "value")) << ")";
        }
        out << ".";
      }
    }
    out << "</p>\n";
  }
  const auto evpi = find_rows(a.summary, {{"section", "decision"}, {"measure", "evpi"}});
  const auto chosen = find_rows(a.summary, {{"section", "decision"},
                                            {"measure", "expected_net_benefit"},
                                            {"detail", "chosen on current information"}});
  if (!evpi.empty() && !chosen.empty()) {
    out << "<p id=\"decision-sentence\">On current information the contract to choose is <b>"
        << escape_html(cell(a.summary, chosen.front(), "variant"))
        << "</b> (the highest expected net benefit); learning the inputs exactly before "
           "choosing would be worth at most "
        << whole_pounds(cell_value_or_nan(a.summary, evpi.front(), "value"))
        << " pounds per contract (EVPI).</p>\n";
  }
  return out.str();
}

std::string provenance_html(const Analysis& a, const nlohmann::json& sidecar) {
  ProvenanceItems items;
  std::string engine, sha;
  for (const auto r : find_rows(a.summary, {{"section", "provenance"}})) {
    const std::string& measure = cell(a.summary, r, "measure");
    const std::string& detail = cell(a.summary, r, "detail");
    if (measure == "engine_version") {
      engine = detail;
    } else if (measure == "git_sha") {
      sha = detail;
    } else {
      if (!engine.empty()) {
        items.emplace_back("engine", "pbrsim " + engine + (sha.empty() ? "" : " (" + sha + ")"));
        engine.clear();
      }
      items.emplace_back(measure == "scenario_sha256" ? "scenario SHA-256" : measure, detail);
    }
  }
  if (sidecar.contains("execution") && sidecar["execution"].is_object()) {
    items.emplace_back("analysis finished (UTC)", sidecar["execution"].value("finished_utc", ""));
  }
  items.emplace_back("data of record", a.source);
  return provenance_list_html(items);
}

Block verdict_block(const Analysis& a) {
  Block block{"verdicts", "How likely each verdict is, over the uncertain inputs", "", {}, {}, ""};
  block.note =
      "The share of draws of the uncertain inputs in which the gaming-risk verdict is low, "
      "medium or high (0 to 1), with its 95% Wilson interval over the draws (whiskers).";
  nlohmann::json series = nlohmann::json::array();
  std::vector<std::size_t> all;
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& variant : a.variants) {
    const auto rows = verdict_rows(a, variant);
    if (labels.empty()) {
      for (const auto r : rows) labels.push_back(cell(a.summary, r, "scope"));
    }
    series.push_back(interval_series(a.summary, rows, variant.empty() ? "all draws" : variant));
    all.insert(all.end(), rows.begin(), rows.end());
  }
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "gaming-risk verdict"},
                           {"y_title", "share of draws (0 to 1)"},
                           {"labels", labels},
                           {"series", series}}});
  block.tables.push_back(table_of(a, all, DETAIL_COLUMNS));
  return block;
}

// The strategies beyond admit_all with a result row for `metric`, and their labels
// ("best_response" or "best_response, variant").
struct StrategyRows {
  nlohmann::json labels = nlohmann::json::array();
  std::vector<std::pair<std::string, std::string>> keys;  // (variant, strategy)
};

StrategyRows gaming_strategies(const Analysis& a) {
  StrategyRows out;
  for (const auto r : find_rows(a.summary, {{"section", "result"}, {"measure", "gaming_gain"}})) {
    const std::string& strategy = cell(a.summary, r, "strategy");
    if (strategy == "admit_all") continue;
    const std::string& variant = cell(a.summary, r, "variant");
    out.keys.emplace_back(variant, strategy);
    out.labels.push_back(variant.empty() ? strategy : strategy + ", " + variant);
  }
  return out;
}

Block gain_block(const Analysis& a, const StrategyRows& strategies) {
  Block block{
      "gains", "The gain of each strategy over honest behaviour, inputs uncertain", "", {}, {}, ""};
  block.note =
      "Each strategy's paired gain over admit_all in pounds over the contract: the mean over "
      "the draws, and whiskers from the 2.5% to the 97.5% quantile of the draws' estimates "
      "(parameter and Monte Carlo uncertainty together; the table takes the spread apart).";
  std::vector<std::size_t> rows;
  for (const auto& [variant, strategy] : strategies.keys) {
    rows.push_back(*result_row(a, variant, strategy, "gaming_gain"));
  }
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "strategy"},
                           {"y_title", "gain over admit_all (GBP)"},
                           {"labels", strategies.labels},
                           {"series", {interval_series(a.summary, rows, "gain")}}}});
  block.tables.push_back(table_of(a, rows, SPREAD_COLUMNS, SPREAD_TITLES));
  return block;
}

Block population_block(const Analysis& a, const StrategyRows& strategies) {
  Block block{"population", "What gaming costs the population, inputs uncertain", "", {}, {}, ""};
  block.note =
      "Per 1,000 referrals against admit_all: recoveries lost, deaths added and clients turned "
      "away; means over the draws with whiskers from the 2.5% to the 97.5% quantile.";
  nlohmann::json series = nlohmann::json::array();
  std::vector<std::size_t> all;
  for (const auto& [measure, words] :
       std::vector<std::pair<std::string, std::string>>{{"recoveries_lost", "recoveries lost"},
                                                        {"deaths_added", "deaths added"},
                                                        {"turned_away", "turned away"}}) {
    std::vector<std::size_t> rows;
    for (const auto& [variant, strategy] : strategies.keys) {
      if (const auto r = result_row(a, variant, strategy, measure)) rows.push_back(*r);
    }
    if (rows.size() != strategies.keys.size()) continue;
    series.push_back(interval_series(a.summary, rows, words));
    all.insert(all.end(), rows.begin(), rows.end());
  }
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "strategy"},
                           {"y_title", "per 1,000 referrals (count)"},
                           {"labels", strategies.labels},
                           {"series", series}}});
  block.tables.push_back(table_of(a, all, SPREAD_COLUMNS, SPREAD_TITLES));
  return block;
}

// The tornado of one variant, and a table-only block of the shown inputs' ranges.
std::vector<Block> driver_blocks(const Analysis& a, const std::string& variant) {
  const std::string suffix =
      variant.empty()
          ? ""
          : "-" + std::to_string(std::find(a.variants.begin(), a.variants.end(), variant) -
                                 a.variants.begin());
  Block block{"drivers" + suffix,
              "The inputs that drive the gain" + variant_words(variant),
              "",
              {},
              {},
              ""};
  const auto model = metamodel_row(a, variant);
  const auto inputs = ranked_inputs(a, variant);
  const std::string metric = driver_metric(a, variant);
  if (!model) return {};
  std::vector<std::size_t> rows;
  std::optional<std::size_t> centre;
  if (!inputs.empty()) centre = result_row(a, variant, cell(a.summary, *model, "strategy"), metric);
  if (inputs.empty() || !centre) {
    block.html =
        "<p class=\"message\">No tornado: " + escape_html(cell(a.summary, *model, "detail")) +
        ".</p>\n";
    block.tables.push_back(table_of(a, {*model}, DETAIL_COLUMNS));
    return {block};
  }
  const std::string strategy = cell(a.summary, *model, "strategy");
  block.note = "A tornado of the linear metamodel of " + strategy + "'s " + metric +
               " (GBP over the contract): for each input, ranked by the size of its partial "
               "rank correlation (PRCC), the bars run from the mean gain to the gain with that "
               "input at its 5% and at its 95% quantile, every other input at its mean. Check "
               "the metamodel's R² in the table: near 1, the bars are to be trusted.";
  rows = {*centre, *model};
  nlohmann::json labels = nlohmann::json::array(), low = nlohmann::json::array(),
                 high = nlohmann::json::array();
  std::vector<std::size_t> ranges;
  const std::size_t shown = std::min(TORNADO_INPUTS, inputs.size());
  for (std::size_t i = 0; i < shown; ++i) {
    labels.push_back(inputs[i]);
    for (const char* measure : {"prcc", "gain_at_input_p05", "gain_at_input_p95"}) {
      if (const auto r = driver_row(a, variant, inputs[i], measure)) rows.push_back(*r);
    }
    const auto at_low = driver_row(a, variant, inputs[i], "gain_at_input_p05");
    const auto at_high = driver_row(a, variant, inputs[i], "gain_at_input_p95");
    low.push_back(number_or_null(at_low ? cell_value_or_nan(a.summary, *at_low, "value") : NAN));
    high.push_back(number_or_null(at_high ? cell_value_or_nan(a.summary, *at_high, "value") : NAN));
    for (const char* measure : {"input_p05", "input_p95", "src"}) {
      if (const auto r = driver_row(a, variant, inputs[i], measure)) ranges.push_back(*r);
    }
  }
  block.charts.push_back(
      {{{"kind", "tornado"},
        {"x_title", strategy + "'s " + metric + " (GBP)"},
        {"y_title", "uncertain input, largest |PRCC| first"},
        {"labels", labels},
        {"centre", number_or_null(cell_value_or_nan(a.summary, *centre, "value"))},
        {"series",
         {{{"label", "input at its 5% quantile"}, {"values", low}},
          {{"label", "input at its 95% quantile"}, {"values", high}}}}}});
  block.tables.push_back(table_of(a, rows, DRIVER_COLUMNS));
  Block range_block{"driver-ranges" + suffix,
                    "The driving inputs' ranges" + variant_words(variant),
                    "Each input of the tornado: its 5% and 95% quantiles over the draws (in the "
                    "input's own unit) and its standardised regression coefficient (SRC) in the "
                    "metamodel.",
                    {},
                    {},
                    ""};
  range_block.tables.push_back(table_of(a, ranges, DRIVER_COLUMNS));
  return {block, range_block};
}

std::optional<Block> decision_block(const Analysis& a) {
  const auto rows = find_rows(a.summary, {{"section", "decision"}});
  const auto benefit =
      find_rows(a.summary, {{"section", "decision"}, {"measure", "expected_net_benefit"}});
  if (benefit.empty()) return std::nullopt;
  Block block{"decision", "Which contract: expected net benefit of each variant", "", {}, {}, ""};
  block.note =
      "Each variant's expected net benefit (value of the sustained recoveries minus the "
      "commissioner's spend, GBP) under the decision strategy, with whiskers from the 2.5% to "
      "the 97.5% quantile over the draws; the table adds the probability that each is best, "
      "the break-even value per recovery and the EVPI.";
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : benefit) labels.push_back(cell(a.summary, r, "variant"));
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "contract variant"},
                           {"y_title", "expected net benefit (GBP)"},
                           {"labels", labels},
                           {"series", {interval_series(a.summary, benefit, "net benefit")}}}});
  block.tables.push_back(table_of(a, rows, DETAIL_COLUMNS));
  return block;
}

}  // namespace

bool is_uncertainty_sidecar(const nlohmann::json& sidecar) {
  return sidecar.is_object() && sidecar.value("format", "") == "pbrsim-sweep/1" &&
         sidecar.contains("evaluator") && sidecar["evaluator"].is_object() &&
         sidecar["evaluator"].value("id", "") == "psa/1";
}

std::string uncertainty_summary_path(const std::string& csv_path) {
  return uncertainty::psa_summary_path_for(csv_path);
}

std::string uncertainty_report_html(const std::string& csv_path, const std::string& sidecar_path,
                                    const nlohmann::json& sidecar) {
  Analysis a;
  const std::string summary_path = uncertainty_summary_path(csv_path);
  if (!fs::exists(summary_path)) {
    throw core::InputError(summary_path, "",
                           "missing; expected the summary `pbrsim psa` writes beside " + csv_path +
                               " (for shards: join them with pbrsim merge first)");
  }
  a.summary = read_csv_file(summary_path);
  a.source = fs::path(summary_path).filename().string();
  for (const char* column : {"section", "variant", "strategy", "scope", "measure", "value"}) {
    static_cast<void>(a.summary.column(column));  // throws naming the file when missing
  }
  a.variants = distinct(a.summary, find_rows(a.summary, {{"section", "verdict"}}), "variant");
  if (a.variants.empty()) {
    a.variants = distinct(a.summary, find_rows(a.summary, {{"section", "result"}}), "variant");
  }
  if (a.variants.empty()) a.variants = {""};

  const model::Scenario base = format::build_scenario(sidecar.at("base_scenario").at("resolved"),
                                                      sidecar_path + "#/base_scenario/resolved");
  FirstScreen first;
  first.title = "pbrsim uncertainty report: " + base.name;
  first.verdict = most_probable_verdict(a);
  first.verdict_html = verdict_sentences(a);
  if (first.verdict_html.empty()) {
    first.verdict_html =
        "<p>No strategies were compared, so there is no verdict to be sure of.</p>\n";
  }
  first.contract_html =
      "<p>The base contract, before the draws (and any variant) change it:</p>\n" +
      contract_in_words(base);
  first.provenance_html = provenance_html(a, sidecar);

  std::vector<Block> blocks;
  if (!verdict_rows(a, a.variants.front()).empty()) blocks.push_back(verdict_block(a));
  if (const auto strategies = gaming_strategies(a); !strategies.keys.empty()) {
    blocks.push_back(gain_block(a, strategies));
    blocks.push_back(population_block(a, strategies));
  }
  for (const auto& variant : a.variants) {
    for (auto& block : driver_blocks(a, variant)) blocks.push_back(std::move(block));
  }
  if (auto decision = decision_block(a)) blocks.push_back(std::move(*decision));
  return render_page(first, blocks);
}

}  // namespace pbr::report
