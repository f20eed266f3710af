#include "engine/report/page.hpp"

#include <sstream>

#include "engine/core/version.hpp"
#include "engine/report/chartjs.hpp"
#include "engine/report/page_script.hpp"

namespace pbr::report {
namespace {

// A4 portrait: 210 mm less 2 x 12 mm margins. Each block starts a page and is sized to fit
// one, so the printed page count is 1 + the number of blocks (the browser test checks it).
constexpr const char* STYLE = R"css(
:root { --ink: #1a1a1a; --muted: #555; --rule: #ccc; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1000px; padding: 16px; line-height: 1.35; font-size: 15px; }
h1 { font-size: 1.5em; margin: 0 0 8px; }
h2 { font-size: 1.2em; margin: 0 0 6px; border-bottom: 1px solid var(--rule); }
.verdict { border: 3px solid var(--ink); padding: 10px 14px; margin: 8px 0 14px; }
.verdict .level { font-size: 1.6em; font-weight: bold; letter-spacing: 0.04em; }
.verdict.high { border-color: #D55E00; } .verdict.medium { border-color: #E69F00; }
.verdict.low { border-color: #009E73; } .verdict.none { border-color: var(--rule); }
.facts { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; }
.facts section { font-size: 0.9em; }
.facts ul { margin: 4px 0; padding-left: 18px; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 4px 0; }
dl.provenance dt { color: var(--muted); } dl.provenance dd { margin: 0; word-break: break-all; }
.block { margin: 26px 0; }
.block .note { color: var(--muted); margin: 2px 0 8px; font-size: 0.92em; }
.chart-box { position: relative; width: 100%; }
/* !important: Chart.js sets the canvas's inline size to its 960 x 400 pixels. */
canvas.chart { width: 100% !important; height: auto !important; display: block; }
.scale { display: flex; align-items: center; gap: 8px; font-size: 0.85em; margin: 4px 0; }
.scale .bar { flex: 0 0 260px; height: 12px; border: 1px solid var(--rule); }
table.numbers { border-collapse: collapse; font-size: 0.8em; margin: 8px 0; width: 100%; }
table.numbers caption { text-align: left; color: var(--muted); padding-bottom: 2px; }
table.numbers th, table.numbers td { border-bottom: 1px solid #e4e4e4; padding: 1px 6px;
  text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.numbers th:first-child, table.numbers td:first-child { text-align: left; }
table.numbers td.text { text-align: left; white-space: normal; }
.message { border-left: 4px solid #E69F00; padding: 4px 10px; background: #fff8e6; }
#report-errors:empty { display: none; }
#report-errors { color: #b00; white-space: pre-wrap; border: 2px solid #b00; padding: 6px; }
footer { color: var(--muted); font-size: 0.8em; margin-top: 24px; }
@page { size: A4 portrait; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .block { page-break-before: always; break-before: page; page-break-inside: avoid;
           break-inside: avoid; margin: 0; }
  canvas.chart { width: 80% !important; height: auto !important; margin: 0 auto; }
  table.numbers { font-size: 7pt; }
  footer { display: none; }
}
)css";

void append_escaped_json(std::ostringstream& out, const nlohmann::json& value) {
  // "</" inside a <script> element would end it: JSON lets '/' be written "\/".
  const std::string text = value.dump();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out << "<\\/";
      ++i;
    } else {
      out << text[i];
    }
  }
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string provenance_list_html(const ProvenanceItems& items) {
  std::ostringstream out;
  out << "<dl class=\"provenance\">\n";
  for (const auto& [term, value] : items) {
    out << "<dt>" << escape_html(term) << "</dt><dd>" << escape_html(value) << "</dd>\n";
  }
  out << "</dl>\n";
  return out.str();
}

std::string render_table(const TableSpec& table) {
  std::ostringstream out;
  std::vector<std::size_t> indices;
  for (const auto& name : table.columns) indices.push_back(table.csv->column(name));
  out << "<table class=\"numbers\" data-source=\"" << escape_html(table.source_name) << "\">\n"
      << "<caption>From " << escape_html(table.source_name) << "</caption>\n<thead><tr>";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const bool titled = c < table.column_titles.size() && !table.column_titles[c].empty();
    out << "<th>" << escape_html(titled ? table.column_titles[c] : table.columns[c]) << "</th>";
  }
  out << "</tr></thead>\n<tbody>\n";
  for (const std::size_t r : table.rows) {
    out << "<tr data-csv-row=\"" << (r + 1) << "\">";
    for (std::size_t c = 0; c < indices.size(); ++c) {
      const std::string& cell = table.csv->rows.at(r).at(indices[c]);
      const bool number = cell_number(cell).has_value() || cell.empty();
      out << "<td" << (number ? "" : " class=\"text\"") << " data-col=\""
          << escape_html(table.columns[c]) << "\">" << escape_html(cell) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
  return out.str();
}

std::string render_page(const FirstScreen& first, const std::vector<Block>& blocks) {
  std::ostringstream out;
  nlohmann::json charts = nlohmann::json::array();
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"generator\" content=\"pbrsim " << core::ENGINE_VERSION << "\">\n"
      << "<title>" << escape_html(first.title) << "</title>\n<style>" << STYLE << "</style>\n"
      << "<script>" << page_error_script() << "</script>\n</head>\n<body>\n"
      << "<pre id=\"report-errors\"></pre>\n"
      << "<header>\n<h1>" << escape_html(first.title) << "</h1>\n";
  const std::string level = first.verdict.empty() ? "none" : first.verdict;
  out << "<div class=\"verdict " << level << "\" id=\"verdict\" data-verdict=\"" << level
      << "\">\n";
  if (!first.verdict.empty()) {
    out << "<div class=\"level\">Gaming risk: " << escape_html(first.verdict) << "</div>\n";
  }
  out << first.verdict_html << "\n</div>\n<div class=\"facts\">\n<section id=\"contract\">"
      << "<h2>The contract</h2>\n"
      << first.contract_html << "</section>\n<section id=\"provenance\"><h2>Provenance</h2>\n"
      << first.provenance_html << "</section>\n</div>\n</header>\n";
  for (const auto& block : blocks) {
    out << "<section class=\"block\" id=\"" << block.id << "\" data-print-pages=\"1\">\n<h2>"
        << escape_html(block.title) << "</h2>\n";
    if (!block.note.empty()) out << "<p class=\"note\">" << escape_html(block.note) << "</p>\n";
    out << block.html;
    for (const auto& chart : block.charts) {
      out << "<div class=\"chart-box\"><canvas class=\"chart\" width=\"960\" height=\"400\" "
          << "data-chart=\"" << charts.size() << "\" role=\"img\" aria-label=\""
          << escape_html(block.title) << "\"></canvas></div>\n";
      if (chart.data.value("kind", "") == "heatmap") {
        out << "<div class=\"scale\" data-scale=\"" << charts.size() << "\"></div>\n";
      }
      charts.push_back(chart.data);
    }
    for (const auto& table : block.tables) out << render_table(table);
    out << "</section>\n";
  }
  out << "<footer>pbrsim " << core::ENGINE_VERSION << ". Charts drawn with Chart.js ("
      << escape_html(std::string(chartjs_origin()))
      << ", MIT licence), inlined: this file needs no network. Colours: Okabe-Ito.</footer>\n"
      << "<script type=\"application/json\" id=\"chart-data\">";
  append_escaped_json(out, charts);
  out << "</script>\n<script>" << chartjs_source() << "\n</script>\n<script>" << page_chart_script()
      << "</script>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace pbr::report
