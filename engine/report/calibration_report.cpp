// The report of a calibration: first screen (verdicts and gains before and after, the band
// multipliers, the calibrated contract), then margins by band and gains, before against after
// (docs/report.md, "Calibration").
#include "engine/report/calibration_report.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "engine/core/diagnostics.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/calibration_writer.hpp"
#include "engine/report/chart_data.hpp"
#include "engine/report/contract_words.hpp"
#include "engine/report/csv_table.hpp"
#include "engine/report/page.hpp"
#include "engine/report/risk_rows.hpp"
#include "engine/report/sidecar_files.hpp"

namespace pbr::report {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> RISK_COLUMNS = {"strategy", "scope_kind", "scope",  "measure",
                                               "unit",     "value",      "ci_low", "ci_high"};

struct Tariff {
  std::string label;   // "before" or "after"
  std::string source;  // the risk CSV's file name
  CsvTable risk;
};

struct Calibration {
  std::string sidecar_path;
  nlohmann::json sidecar;
  Tariff before, after;
};

void require(const std::string& path, const nlohmann::json& sidecar, const char* key) {
  if (!sidecar.contains(key)) {
    throw core::InputError(path, std::string("/") + key, "missing; expected a calibration sidecar");
  }
}

std::string risk_path(const std::string& sidecar_path, const nlohmann::json& sidecar,
                      const std::string& key) {
  const std::string path = named_output(sidecar_path, sidecar, key);
  if (path.empty()) {
    throw core::InputError(sidecar_path, "/outputs/" + key, "missing; expected a risk CSV's name");
  }
  return path;
}

Tariff read_tariff(const std::string& sidecar_path, const nlohmann::json& sidecar,
                   const std::string& key, const std::string& label) {
  const std::string path = risk_path(sidecar_path, sidecar, key);
  return {label, fs::path(path).filename().string(), read_csv_file(path)};
}

TableSpec table_of(const Tariff& tariff, std::vector<std::size_t> rows) {
  return {&tariff.risk, tariff.source, std::move(rows), RISK_COLUMNS, {}};
}

// "best_response: gain 227,431 pounds (95% interval ...)" for the strategy with the largest
// gain under `tariff`.
std::string largest_gain_words(const Tariff& tariff) {
  std::optional<std::size_t> best;
  for (const auto r : gain_rows(tariff.risk)) {
    if (!best || cell_value_or_nan(tariff.risk, r, "value") >
                     cell_value_or_nan(tariff.risk, *best, "value")) {
      best = r;
    }
  }
  if (!best) return "no strategy compared";
  const auto& risk = tariff.risk;
  return escape_html(cell(risk, *best, "strategy")) + " gains " +
         whole_pounds(cell_value_or_nan(risk, *best, "value")) + " pounds over honest behaviour " +
         "(95% interval " + whole_pounds(cell_value_or_nan(risk, *best, "ci_low")) + " to " +
         whole_pounds(cell_value_or_nan(risk, *best, "ci_high")) + ")";
}

std::string verdict_words(const std::string& verdict) {
  return verdict.empty() ? "no verdict" : "gaming risk " + verdict;
}

std::string first_screen_sentences(const Calibration& c) {
  std::ostringstream out;
  const auto& s = c.sidecar;
  out << "<p id=\"verdict-sentence\">Before calibration: "
      << verdict_words(risk_verdict(c.before.risk)) << "; " << largest_gain_words(c.before)
      << ". After: " << verdict_words(risk_verdict(c.after.risk)) << "; "
      << largest_gain_words(c.after) << ".</p>\n";
  out << "<p>Objective " << escape_html(s.value("objective", "")) << " (tolerance "
      << short_number(s.value("tolerance", 0.0)) << "), "
      << (s.value("converged", false) ? "met" : "<b>not met</b>: the closest result is shown")
      << ". Each band's amounts are the input's times its multiplier:";
  bool comma = false;
  for (const auto& [band, k] : s.at("multipliers").items()) {
    out << (comma ? "," : "") << " " << escape_html(band) << " "
        << escape_html(k.is_number() ? short_number(k.get<double>()) : k.dump());
    comma = true;
  }
  out << "; the expected payment per admitted client is kept.</p>\n";
  return out.str();
}

std::string provenance_html(const Calibration& c) {
  const auto& p = c.sidecar.at("provenance");
  ProvenanceItems items = engine_and_scenario(p);
  items.insert(items.end(),
               {{"calibrated scenario", c.sidecar.value("calibrated_scenario", "")},
                {"seed", std::to_string(p.value("seed", std::uint64_t{0}))},
                {"replications", std::to_string(p.value("replications", std::int64_t{0}))},
                {"finished (UTC)",
                 p.contains("timestamps") ? p["timestamps"].value("finished_utc", "") : ""},
                {"data of record", c.before.source + ", " + c.after.source}});
  return provenance_list_html(items);
}

nlohmann::json labels_of(const CsvTable& risk, const std::vector<std::size_t>& rows, bool kind) {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto r : rows) {
    labels.push_back(kind ? cell(risk, r, "scope_kind") + ": " + cell(risk, r, "scope")
                          : cell(risk, r, "strategy"));
  }
  return labels;
}

//! One chart of two series, before and after, over the same rows of the two risk CSVs, and
//! both CSVs' rows below it.
struct BeforeAfter {
  std::string id, title, note, x_title, y_title;
  bool label_by_scope = false;  //!< label rows "kind: scope" (else by strategy)
};

Block before_after_block(const Calibration& c, const BeforeAfter& what,
                         std::vector<std::size_t> (*rows_of)(const CsvTable&)) {
  Block block{what.id, what.title, "", {}, {}, ""};
  block.note = what.note;
  const auto before = rows_of(c.before.risk), after = rows_of(c.after.risk);
  block.charts.push_back({{{"kind", "bar"},
                           {"x_title", what.x_title},
                           {"y_title", what.y_title},
                           {"labels", labels_of(c.before.risk, before, what.label_by_scope)},
                           {"series",
                            {interval_series(c.before.risk, before, "before"),
                             interval_series(c.after.risk, after, "after")}}}});
  block.tables.push_back(table_of(c.before, before));
  block.tables.push_back(table_of(c.after, after));
  return block;
}

Block margin_block(const Calibration& c) {
  return before_after_block(
      c,
      {"margins", "Margin per admitted client by band and group, before and after",
       "What an honest provider (admit_all) expects to earn on each client it admits, in pounds "
       "over the contract, under the input's tariff (before) and the calibrated one (after), "
       "with 95% intervals (whiskers). Calibration aims to level the bands.",
       "band or client group", "margin per admitted client (GBP)", true},
      margin_rows);
}

Block gain_block(const Calibration& c) {
  return before_after_block(
      c,
      {"gains", "The gain of each strategy over honest behaviour, before and after",
       "Each strategy's paired gain over admit_all in pounds over the contract, under the "
       "input's tariff and the calibrated one, with 95% intervals. A calibration that works "
       "leaves no strategy a significant gain.",
       "strategy", "gain over admit_all (GBP)", false},
      gain_rows);
}

}  // namespace

bool is_calibration_sidecar(const nlohmann::json& sidecar) {
  return sidecar.is_object() && sidecar.value("format", "") == output::CALIBRATION_SIDECAR_FORMAT;
}

std::vector<std::string> calibration_report_inputs(const std::string& sidecar_path,
                                                   const nlohmann::json& sidecar) {
  return {sidecar_path, risk_path(sidecar_path, sidecar, "risk_before_csv"),
          risk_path(sidecar_path, sidecar, "risk_after_csv")};
}

std::string calibration_report_html(const std::string& sidecar_path,
                                    const nlohmann::json& sidecar) {
  for (const char* key : {"provenance", "multipliers", "scenario", "calibrated", "outputs"}) {
    require(sidecar_path, sidecar, key);
  }
  Calibration c{sidecar_path, sidecar,
                read_tariff(sidecar_path, sidecar, "risk_before_csv", "before"),
                read_tariff(sidecar_path, sidecar, "risk_after_csv", "after")};
  const model::Scenario input =
      format::build_scenario(sidecar.at("scenario"), sidecar_path + "#/scenario");
  const model::Scenario calibrated =
      format::build_scenario(sidecar.at("calibrated"), sidecar_path + "#/calibrated");
  FirstScreen first;
  first.title = "pbrsim calibration report: " + input.name;
  first.verdict = risk_verdict(c.after.risk);
  first.verdict_html = first_screen_sentences(c);
  first.contract_html = "<p>The calibrated contract:</p>\n" + contract_in_words(calibrated);
  first.provenance_html = provenance_html(c);
  return render_page(first, {margin_block(c), gain_block(c)});
}

}  // namespace pbr::report
