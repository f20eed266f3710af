// The report of a `pbrsim run`: first screen, then one block per chart, every number read
// from the files the run wrote (docs/report.md).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/io/scenario_reader.hpp"
#include "engine/report/contract_words.hpp"
#include "engine/report/csv_table.hpp"
#include "engine/report/page.hpp"
#include "engine/report/report.hpp"
#include "engine/report/risk_rows.hpp"
#include "engine/report/sweep_report.hpp"

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

std::string sidecar_for(const std::string& output) {
  if (ends_with(output, ".json")) return output;
  if (ends_with(output, ".csv")) return output.substr(0, output.size() - 4) + ".json";
  return output + ".json";
}

nlohmann::json read_sidecar_json(const std::string& path) {
  const std::string text = read_text_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw core::InputError(
        path, "",
        std::string("is not JSON (") + e.what() + "); expected the sidecar a pbrsim run wrote");
  }
}

// A file the sidecar names under /outputs/<key>, beside the sidecar; "" when null.
std::string named_output(const std::string& sidecar_path, const nlohmann::json& sidecar,
                         const std::string& key) {
  const auto& outputs = sidecar.at("outputs");
  if (!outputs.contains(key) || outputs[key].is_null()) return "";
  if (!outputs[key].is_string()) {
    throw core::InputError(sidecar_path, "/outputs/" + key, "expected a file name or null");
  }
  return (fs::path(sidecar_path).parent_path() / outputs[key].get<std::string>()).string();
}

bool is_sweep(const nlohmann::json& sidecar) {
  return sidecar.is_object() && sidecar.value("format", "") == "pbrsim-sweep/1";
}

void check_run_sidecar(const std::string& path, const nlohmann::json& sidecar) {
  if (!sidecar.is_object() || sidecar.value("format", "") != "pbrsim-run-sidecar") {
    throw core::InputError(path, "/format",
                           "expected \"pbrsim-run-sidecar\" (the sidecar of a `pbrsim run` "
                           "summary CSV) or \"pbrsim-sweep/1\" (a sweep's)");
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

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// A bar series from risk rows: values with their 95% intervals.
nlohmann::json risk_series(const CsvTable& risk, const std::vector<std::size_t>& rows,
                           const std::string& label) {
  nlohmann::json values = nlohmann::json::array(), low = values, high = values;
  for (const auto r : rows) {
    values.push_back(number_or_null(cell_value_or_nan(risk, r, "value")));
    low.push_back(number_or_null(cell_value_or_nan(risk, r, "ci_low")));
    high.push_back(number_or_null(cell_value_or_nan(risk, r, "ci_high")));
  }
  return {{"label", label}, {"values", values}, {"low", low}, {"high", high}};
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

std::string verdict_level(const CsvTable& risk) {
  const auto row = find_risk_row(risk, {"verdict", "", "", "", "verdict"});
  if (!row) return "";
  const std::string detail = cell(risk, *row, "detail");
  return detail.substr(0, detail.find(':'));
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
  std::ostringstream out;
  auto item = [&](const std::string& term, const std::string& value) {
    out << "<dt>" << escape_html(term) << "</dt><dd>" << escape_html(value) << "</dd>\n";
  };
  out << "<dl class=\"provenance\">\n";
  item("engine", "pbrsim " + p.value("engine_version", "") + " (" + p.value("git_sha", "") + ")");
  item("scenario", p.at("scenario").value("path", ""));
  item("scenario SHA-256", p.at("scenario").value("sha256", ""));
  item("method", p.value("method", ""));
  item("seed", std::to_string(p.value("seed", std::uint64_t{0})));
  item("replications", std::to_string(p.value("replications", std::int64_t{0})));
  item("run finished (UTC)",
       p.contains("timestamps") ? p["timestamps"].value("finished_utc", "") : "");
  item("data of record", base_name(named_output(files.sidecar_path, files.sidecar, "summary_csv")));
  out << "</dl>\n";
  return out.str();
}

// The PbR share of income (total, first strategy) from the summary CSV, as a sentence.
std::string pbr_share_sentence(const CsvTable& summary) {
  const auto metric = summary.column("metric"), kind = summary.column("scope_kind");
  for (std::size_t r = 0; r < summary.rows.size(); ++r) {
    if (summary.rows[r][metric] == "pbr_share_of_income" && summary.rows[r][kind] == "total") {
      const auto v = cell_number(cell(summary, r, "mean"));
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
  auto bands = find_risk_rows(risk, {"margin", "admit_all", "band", "", "margin_per_admission"});
  auto groups = find_risk_rows(risk, {"margin", "admit_all", "group", "", "margin_per_admission"});
  auto total = find_risk_rows(risk, {"margin", "admit_all", "total", "", "margin_per_admission"});
  std::vector<std::size_t> rows = total;
  rows.insert(rows.end(), bands.begin(), bands.end());
  rows.insert(rows.end(), groups.begin(), groups.end());
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : rows)
    labels.push_back(cell(risk, r, "scope_kind") + ": " + cell(risk, r, "scope"));
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "band or client group"},
                           {"y_title", "margin per admitted client (GBP)"},
                           {"labels", labels},
                           {"series", {risk_series(risk, rows, "admit_all")}}}});
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
  std::vector<std::size_t> gains;
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : find_risk_rows(risk, {"gain", "", "total", "total", "gain"})) {
    if (cell(risk, r, "strategy") == "admit_all") continue;
    gains.push_back(r);
    labels.push_back(cell(risk, r, "strategy"));
  }
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", "strategy"},
                           {"y_title", "gain over admit_all (GBP)"},
                           {"labels", labels},
                           {"series", {risk_series(risk, gains, "gain")}}}});
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
    series.push_back(risk_series(risk, rows, words));
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
  series.push_back(risk_series(risk, referral, "referrals"));
  std::vector<std::size_t> rows = referral;
  for (const auto& strategy : risk_strategies(risk)) {
    const auto admitted = find_risk_rows(risk, {"mix", strategy, "band", "", "admission_share"});
    if (admitted.size() != referral.size()) continue;
    series.push_back(risk_series(risk, admitted, "admissions, " + strategy));
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

std::string default_report_path(const std::string& csv_path) {
  for (const char* tail : {"_summary.csv", ".csv"}) {
    if (ends_with(csv_path, tail)) {
      return csv_path.substr(0, csv_path.size() - std::string(tail).size()) + "_report.html";
    }
  }
  return csv_path + "_report.html";
}

std::string default_monthly_path(const std::string& summary_path) {
  for (const char* tail : {"_summary.csv", ".csv"}) {
    if (ends_with(summary_path, tail)) {
      return summary_path.substr(0, summary_path.size() - std::string(tail).size()) +
             "_monthly.csv";
    }
  }
  return summary_path + "_monthly.csv";
}

std::vector<std::string> report_inputs(const std::string& output) {
  const std::string sidecar_path = sidecar_for(output);
  const auto sidecar = read_sidecar_json(sidecar_path);
  if (is_sweep(sidecar)) {
    return {sidecar_path, sidecar_path.substr(0, sidecar_path.size() - 5) + ".csv"};
  }
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
  if (const std::string sidecar_path = sidecar_for(output);
      fs::exists(sidecar_path) && is_sweep(read_sidecar_json(sidecar_path))) {
    return sweep_report_html(sidecar_path.substr(0, sidecar_path.size() - 5) + ".csv", sidecar_path,
                             read_sidecar_json(sidecar_path));
  }
  const RunFiles files = read_run_files(output);
  const model::Scenario scenario =
      io::build_scenario(files.sidecar.at("scenario"), files.sidecar_path + "#/scenario");
  FirstScreen first;
  first.title = "pbrsim report: " + scenario.name;
  if (files.risk) {
    first.verdict = verdict_level(*files.risk);
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
