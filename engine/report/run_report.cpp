// The report of a `pbrsim run`: first screen, then one block per chart, every number read
// from the files the run wrote (docs/report.md).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/report/calibration_report.hpp"
#include "engine/report/chart_data.hpp"
#include "engine/report/contract_words.hpp"
#include "engine/report/csv_table.hpp"
#include "engine/report/page.hpp"
#include "engine/report/report.hpp"
#include "engine/report/risk_rows.hpp"
#include "engine/report/sidecar_files.hpp"
#include "engine/report/sweep_report.hpp"
#include "engine/report/uncertainty_report.hpp"

namespace pbr::report {
namespace {

namespace fs = std::filesystem;

// What a run wrote, read back.
struct RunFiles {
  std::string sidecar_path;
  nlohmann::json sidecar;
  CsvTable summary;
  std::optional<CsvTable> risk;
  std::optional<CsvTable> monthly;
};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_sweep(const nlohmann::json& sidecar) {
  return sidecar.is_object() && sidecar.value("format", "") == "pbrsim-sweep/1";
}

void check_run_sidecar(const std::string& path, const nlohmann::json& sidecar) {
  if (!sidecar.is_object() || sidecar.value("format", "") != "pbrsim-run-sidecar") {
    throw core::InputError(path, "/format",
                           "expected \"pbrsim-run-sidecar\" (the sidecar of a `pbrsim run` "
                           "summary CSV), \"pbrsim-sweep/1\" (a sweep's or an uncertainty "
                           "analysis's) or \"pbrsim-calibration/1\" (a calibration's)");
  }
  for (const char* key : {"outputs", "provenance", "scenario"}) {
    if (!sidecar.contains(key)) {
      throw core::InputError(path, std::string("/") + key, "missing; expected a run sidecar");
    }
  }
}

RunFiles read_run_files(const std::string& output) {
  RunFiles files;
  files.sidecar_path = sidecar_for(output);
  files.sidecar = read_sidecar_json(files.sidecar_path);
  check_run_sidecar(files.sidecar_path, files.sidecar);
  files.summary = read_csv_file(named_output(files.sidecar_path, files.sidecar, "summary_csv"));
  if (const auto risk = named_output(files.sidecar_path, files.sidecar, "risk_csv");
      !risk.empty()) {
    files.risk = read_csv_file(risk);
  }
  if (const auto monthly = named_output(files.sidecar_path, files.sidecar, "monthly_csv");
      !monthly.empty()) {
    files.monthly = read_csv_file(monthly);
  }
  return files;
}

std::string base_name(const std::string& path) {
  return fs::path(path).filename().string();
}

const std::vector<std::string> RISK_COLUMNS = {"strategy", "scope_kind", "scope",  "measure",
                                               "unit",     "value",      "ci_low", "ci_high"};

TableSpec risk_table(const RunFiles& files, std::vector<std::size_t> rows) {
  return {&*files.risk,
          base_name(named_output(files.sidecar_path, files.sidecar, "risk_csv")),
          std::move(rows),
          RISK_COLUMNS,
          {}};
}

// The verdict's reason and which strategy, lever and rule make gaming pay, at what
// population cost, from the risk CSV's cells.
std::string verdict_sentences(const CsvTable& risk) {
  std::ostringstream out;
  if (const auto row = find_risk_row(risk, {"verdict", "", "", "", "verdict"})) {
    const std::string detail = cell(risk, *row, "detail");
    const auto colon = detail.find(':');
    out << "<p id=\"verdict-reason\">"
        << escape_html(colon == std::string::npos ? detail : detail.substr(colon + 2)) << ".</p>\n";
  }
  const auto forms = find_risk_row(risk, {"verdict", "", "", "", "gaming_forms"});
  if (!forms) {
    out << "<p>No strategy's gain over honest behaviour is significant enough to name a form "
           "of gaming.</p>\n";
    return out.str();
  }
  const std::string strategy = cell(risk, *forms, "strategy");
  out << "<p id=\"verdict-sentence\">What pays (<b>" << escape_html(strategy)
      << "</b>): " << escape_html(cell(risk, *forms, "detail")) << ".";
  // The payment rule that contributes most to the gain (the decomposition's largest part).
  double best = 0.0;
  std::string lever;
  for (const auto r : find_risk_rows(risk, {"decomposition", strategy, "", "", ""})) {
    const std::string& kind = cell(risk, r, "scope_kind");
    if (kind != "rule" && kind != "total") continue;
    const double v = cell_value_or_nan(risk, r, "value");
    if (std::isfinite(v) && v > best) {
      best = v;
      lever =
          kind == "rule" ? "more " + cell(risk, r, "scope") + " payments" : "provider cost saved";
    }
  }
  if (!lever.empty()) {
    out << " Largest part of the gain: " << escape_html(lever) << " (" << whole_pounds(best)
        << " pounds).";
  }
  if (const auto g = find_risk_row(risk, {"gain", strategy, "total", "total", "gain"})) {
    out << " Gain over honest behaviour " << whole_pounds(cell_value_or_nan(risk, *g, "value"))
        << " pounds over the contract (95% interval "
        << whole_pounds(cell_value_or_nan(risk, *g, "ci_low")) << " to "
        << whole_pounds(cell_value_or_nan(risk, *g, "ci_high")) << ")";
    if (const auto rel =
            find_risk_row(risk, {"gain", strategy, "total", "total", "gain_relative"})) {
      out << ", " << short_number(cell_value_or_nan(risk, *rel, "value") * 100)
          << "% of the PbR payments";
    }
    out << ".";
  }
  out << " Population cost per 1,000 referrals:";
  const std::pair<const char*, const char*> costs[] = {
      {"recoveries_lost_per_1000", "recoveries lost"},
      {"deaths_added_per_1000", "deaths added"},
      {"turned_away_per_1000", "clients turned away"}};
  bool first = true;
  for (const auto& [measure, words] : costs) {
    if (const auto r = find_risk_row(risk, {"population", strategy, "total", "total", measure})) {
      out << (first ? " " : ", ") << short_number(cell_value_or_nan(risk, *r, "value")) << " "
          << words;
      first = false;
    }
  }
  out << ".</p>\n";
  return out.str();
}

std::string provenance_html(const RunFiles& files) {
  const auto& p = files.sidecar.at("provenance");
  ProvenanceItems items = engine_and_scenario(p);
  items.insert(items.end(),
               {{"method", p.value("method", "")},
                {"seed", std::to_string(p.value("seed", std::uint64_t{0}))},
                {"replications", std::to_string(p.value("replications", std::int64_t{0}))},
                {"run finished (UTC)",
                 p.contains("timestamps") ? p["timestamps"].value("finished_utc", "") : ""},
                {"data of record",
                 base_name(named_output(files.sidecar_path, files.sidecar, "summary_csv"))}});
  return provenance_list_html(items);
}

// The PbR share of income (total, first strategy) from the summary CSV, as a sentence.
std::string pbr_share_sentence(const CsvTable& summary) {
  const auto metric = summary.column("metric"), kind = summary.column("scope_kind");
  for (std::size_t r = 0; r < summary.rows.size(); ++r) {
    if (summary.rows[r][metric] == "pbr_share_of_income" && summary.rows[r][kind] == "total") {
      const auto v = number_at(summary, r, "mean");
      if (!v) return "";
      return "<p>Paid by results: " + short_number(*v * 100) + "% of the provider's income; " +
             "block: " + short_number(100 - *v * 100) + "%.</p>\n";
    }
  }
  return "";
}

Block margin_block(const RunFiles& files) {
  const auto& risk = *files.risk;
  Block block{"margins", "Expected margin per admitted client, by band and by group", "", {}, {},
              ""};
  block.note =
      "What an honest provider (admit_all) expects to earn on each client it admits, in "
      "pounds over the contract, with 95% intervals (whiskers). A negative margin is a client "
      "the contract pays the provider to avoid.";
  const std::vector<std::size_t> rows = margin_rows(risk);
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : rows)
    labels.push_back(cell(risk, r, "scope_kind") + ": " + cell(risk, r, "scope"));
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "band or client group"},
                           {"y_title", "margin per admitted client (GBP)"},
                           {"labels", labels},
                           {"series", {interval_series(risk, rows, "admit_all")}}}});
  block.tables.push_back(risk_table(files, rows));
  return block;
}

Block gain_block(const RunFiles& files) {
  const auto& risk = *files.risk;
  Block block{"gains", "The gain of each strategy over honest behaviour, and its population cost",
              "",      {},
              {},      ""};
  block.note =
      "Top: the provider's paired gain over admit_all in pounds over the contract, with 95% "
      "intervals. Bottom: what it costs the population per 1,000 referrals (recoveries lost, "
      "deaths added, clients turned away), with 95% intervals.";
  const std::vector<std::size_t> gains = gain_rows(risk);
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : gains) labels.push_back(cell(risk, r, "strategy"));
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "strategy"},
                           {"y_title", "gain over admit_all (GBP)"},
                           {"labels", labels},
                           {"series", {interval_series(risk, gains, "gain")}}}});
  nlohmann::json series = nlohmann::json::array();
  std::vector<std::size_t> population;
  for (const auto& [measure, words] : std::vector<std::pair<std::string, std::string>>{
           {"recoveries_lost_per_1000", "recoveries lost"},
           {"deaths_added_per_1000", "deaths added"},
           {"turned_away_per_1000", "turned away"}}) {
    std::vector<std::size_t> rows;
    for (const auto& label : labels) {
      if (const auto r = find_risk_row(
              risk, {"population", label.get<std::string>(), "total", "total", measure})) {
        rows.push_back(*r);
      }
    }
    if (rows.size() != labels.size()) continue;
    series.push_back(interval_series(risk, rows, words));
    population.insert(population.end(), rows.begin(), rows.end());
  }
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "strategy"},
                           {"y_title", "per 1,000 referrals (count)"},
                           {"labels", labels},
                           {"series", series}}});
  block.tables.push_back(risk_table(files, gains));
  block.tables.push_back(risk_table(files, population));
  return block;
}

Block mix_block(const RunFiles& files) {
  const auto& risk = *files.risk;
  Block block{"mix", "Severity mix: admissions against referrals, by band", "", {}, {}, ""};
  block.note =
      "Share of referrals in each tariff band, and the share of each strategy's admissions; "
      "a strategy that cherry-picks admits fewer of the bands it avoids. Shares are 0 to 1, "
      "means over replications (the risk CSV gives no interval for them).";
  const auto referral = find_risk_rows(risk, {"mix", "admit_all", "band", "", "referral_share"});
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : referral) labels.push_back(cell(risk, r, "scope"));
  nlohmann::json series = nlohmann::json::array();
  series.push_back(interval_series(risk, referral, "referrals"));
  std::vector<std::size_t> rows = referral;
  for (const auto& strategy : risk_strategies(risk)) {
    const auto admitted = find_risk_rows(risk, {"mix", strategy, "band", "", "admission_share"});
    if (admitted.size() != referral.size()) continue;
    series.push_back(interval_series(risk, admitted, "admissions, " + strategy));
    rows.insert(rows.end(), admitted.begin(), admitted.end());
  }
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "tariff band"},
                           {"y_title", "share (0 to 1)"},
                           {"labels", labels},
                           {"series", series}}});
  block.tables.push_back(risk_table(files, rows));
  return block;
}

// Rows of the monthly table that fit on the chart's A4 page, and on a page of their own.
constexpr std::size_t MONTHS_WITH_CHART = 24;
constexpr std::size_t MONTHS_PER_PAGE = 48;

std::vector<Block> monthly_blocks(const RunFiles& files) {
  const std::string block_title = "Payments, costs and caseload month by month";
  Block block{"monthly", block_title, "", {}, {}, ""};
  if (!files.monthly) {
    block.note = "";
    block.html =
        "<p class=\"message\">No monthly CSV: run with --monthly PATH (or --report, which "
        "writes it) to see this chart.</p>\n";
    return {block};
  }
  const auto& monthly = *files.monthly;
  block.note =
      "Honest provider (admit_all): payments by results, the block payment and the provider's "
      "cost in pounds per month (left axis), and clients in treatment (right axis). Means over "
      "replications: the monthly CSV holds no intervals, so none are drawn.";
  const auto strategy = monthly.column("strategy");
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < monthly.rows.size(); ++r) {
    if (monthly.rows[r][strategy] == monthly.rows.front()[strategy]) rows.push_back(r);
  }
  std::vector<std::string> columns = {"month", "payments_total_GBP", "block_payment_GBP",
                                      "provider_cost_GBP"};
  std::vector<std::string> treatment;
  for (const auto& name : monthly.header) {
    if (name.rfind("occupancy_in_treatment", 0) == 0) treatment.push_back(name);
  }
  nlohmann::json labels = nlohmann::json::array(), series = nlohmann::json::array();
  for (const auto r : rows) labels.push_back(cell(monthly, r, "month"));
  const std::pair<const char*, const char*> money[] = {{"payments_total_GBP", "PbR payments"},
                                                       {"block_payment_GBP", "block payment"},
                                                       {"provider_cost_GBP", "provider cost"}};
  for (const auto& [column, label] : money) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto r : rows)
      values.push_back(number_or_null(cell_value_or_nan(monthly, r, column)));
    series.push_back({{"label", label}, {"values", values}});
  }
  nlohmann::json caseload = nlohmann::json::array();
  for (const auto r : rows) {
    double sum = 0.0;
    for (const auto& column : treatment) sum += cell_value_or_nan(monthly, r, column);
    caseload.push_back(number_or_null(sum));
  }
  series.push_back(
      {{"label", "clients in treatment"}, {"values", caseload}, {"axis", "y2"}, {"dash", true}});
  block.charts.push_back({{{"kind", "line"},
                           {"x_title", "contract month"},
                           {"y_title", "pounds per month (GBP)"},
                           {"y2_title", "clients in treatment (count)"},
                           {"labels", labels},
                           {"series", series}}});
  columns.insert(columns.end(), treatment.begin(), treatment.end());
  // A block prints on one A4 page: the chart and the first months, then further pages of
  // months (a 5-year horizon has 60 rows).
  const std::string source =
      base_name(named_output(files.sidecar_path, files.sidecar, "monthly_csv"));
  std::vector<Block> blocks;
  for (std::size_t at = 0; at < rows.size();) {
    const std::size_t take =
        std::min(rows.size() - at, blocks.empty() ? MONTHS_WITH_CHART : MONTHS_PER_PAGE);
    std::vector<std::size_t> part(rows.begin() + static_cast<std::ptrdiff_t>(at),
                                  rows.begin() + static_cast<std::ptrdiff_t>(at + take));
    if (blocks.empty()) {
      block.tables.push_back({&monthly, source, part, columns, {}});
      blocks.push_back(std::move(block));
    } else {
      Block more{
          "monthly-" + std::to_string(blocks.size()), block_title + " (continued)", "", {}, {}, ""};
      more.tables.push_back({&monthly, source, part, columns, {}});
      blocks.push_back(std::move(more));
    }
    at += take;
  }
  return blocks;
}

}  // namespace

namespace {
//! `path` with the first of `tails` it ends in replaced by `replacement` (appended if none).
std::string replace_tail(const std::string& path, std::initializer_list<const char*> tails,
                         const std::string& replacement) {
  for (const char* tail : tails) {
    if (ends_with(path, tail)) {
      return path.substr(0, path.size() - std::string(tail).size()) + replacement;
    }
  }
  return path + replacement;
}
}  // namespace

std::string default_report_path(const std::string& output) {
  // x_summary.csv, x.csv (a sweep's), x_calibration.json, x.json -> x_report.html
  return replace_tail(output, {"_summary.csv", "_calibration.json", ".csv", ".json"},
                      "_report.html");
}

std::string default_monthly_path(const std::string& summary_path) {
  return replace_tail(summary_path, {"_summary.csv", ".csv"}, "_monthly.csv");
}

std::vector<std::string> report_inputs(const std::string& output) {
  const std::string sidecar_path = sidecar_for(output);
  const auto sidecar = read_sidecar_json(sidecar_path);
  if (is_sweep(sidecar)) {
    const std::string csv = sidecar_path.substr(0, sidecar_path.size() - 5) + ".csv";
    if (is_uncertainty_sidecar(sidecar)) return {sidecar_path, csv, uncertainty_summary_path(csv)};
    return {sidecar_path, csv};
  }
  if (is_calibration_sidecar(sidecar)) return calibration_report_inputs(sidecar_path, sidecar);
  check_run_sidecar(sidecar_path, sidecar);
  std::vector<std::string> inputs = {sidecar_path};
  for (const char* key : {"summary_csv", "risk_csv", "monthly_csv"}) {
    if (auto path = named_output(sidecar_path, sidecar, key); !path.empty()) {
      inputs.push_back(std::move(path));
    }
  }
  return inputs;
}

std::string report_html(const std::string& output) {
  // A sweep's sidecar: the sweep report (docs/report.md, "Sweeps").
  // An uncertainty analysis's: its summary's report (docs/report.md, "Uncertainty analysis").
  if (const std::string sidecar_path = sidecar_for(output); fs::exists(sidecar_path)) {
    const auto sidecar = read_sidecar_json(sidecar_path);
    if (is_calibration_sidecar(sidecar)) return calibration_report_html(sidecar_path, sidecar);
    if (is_sweep(sidecar)) {
      const std::string csv = sidecar_path.substr(0, sidecar_path.size() - 5) + ".csv";
      return is_uncertainty_sidecar(sidecar) ? uncertainty_report_html(csv, sidecar_path, sidecar)
                                             : sweep_report_html(csv, sidecar_path, sidecar);
    }
  }
  const RunFiles files = read_run_files(output);
  const model::Scenario scenario =
      format::build_scenario(files.sidecar.at("scenario"), files.sidecar_path + "#/scenario");
  FirstScreen first;
  first.title = "pbrsim report: " + scenario.name;
  if (files.risk) {
    first.verdict = risk_verdict(*files.risk);
    first.verdict_html = verdict_sentences(*files.risk);
  } else {
    first.verdict_html =
        "<p>No strategies were compared (the scenario's strategies.evaluate or --strategies), "
        "so there is no gaming verdict: this report shows the honest provider only.</p>\n";
  }
  first.contract_html = contract_in_words(scenario) + pbr_share_sentence(files.summary);
  first.provenance_html = provenance_html(files);
  std::vector<Block> blocks;
  if (files.risk) {
    blocks.push_back(margin_block(files));
    blocks.push_back(gain_block(files));
    blocks.push_back(mix_block(files));
  }
  for (auto& block : monthly_blocks(files)) blocks.push_back(std::move(block));
  return render_page(first, blocks);
}

}  // namespace pbr::report
