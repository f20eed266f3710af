#pragma once
//! \file The HTML page every report is: one self-contained file (styles, Chart.js and the
//! page's own script inlined; nothing fetched when it is opened), printable on A4. A report
//! is a first screen (verdict, contract, provenance) followed by blocks, each a chart and the
//! table of its numbers. docs/report.md describes the page.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/report/csv_table.hpp"

namespace pbr::report {

//! `text` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string escape_html(std::string_view text);

//! The first screen's provenance: (term, value) pairs in display order.
using ProvenanceItems = std::vector<std::pair<std::string, std::string>>;

//! The provenance as a definition list (<dl class="provenance">), terms and values escaped.
std::string provenance_list_html(const ProvenanceItems& items);

//! Some columns of some rows of a CSV, shown verbatim: every cell is the CSV's text, so the
//! page's numbers are the data of record's. The table carries data-source (the CSV's file
//! name), each row data-csv-row (its 1-based data row in the CSV) and each cell data-col (its
//! column), so a test can compare the page with the file cell by cell.
struct TableSpec {
  const CsvTable* csv = nullptr;
  std::string source_name;                 //!< the CSV's file name as the page names it
  std::vector<std::size_t> rows;           //!< 0-based data rows, in display order
  std::vector<std::string> columns;        //!< CSV column names, in display order
  std::vector<std::string> column_titles;  //!< headings (same length as columns; "" = name)
};

//! One chart as data for the page's script (docs/report.md, "Charts"):
//! \code{.json}
//! {"kind": "bar" | "line" | "heatmap" | "tornado", "x_title": "...", "y_title": "...",
//!  "labels": [...], "series": [{"label", "values": [...], "low": [...], "high": [...],
//!  "axis": "y" | "y2"}], "y2_title": "...",
//!  "x_labels": [...], "y_labels": [...], "cells": [{"x", "y", "v"}], "value_title": "..."}
//! \endcode
//! A tornado draws, per label, a horizontal bar from "centre" to each series' value.
//! `low` and `high` (optional) are the 95% interval drawn as error bars (bar) or a band
//! (line); null entries have none.
struct ChartSpec {
  nlohmann::json data;
};

//! A chart and its numbers: printed together on one page (page-break-inside: avoid).
struct Block {
  std::string id;     //!< unique on the page, letters, digits and '-'
  std::string title;  //!< heading
  std::string note;   //!< one or two sentences: what the chart shows and how to read it
  std::vector<ChartSpec> charts;
  std::vector<TableSpec> tables;
  std::string html;  //!< extra HTML after the note (already escaped), e.g. a message
};

//! The first screen: headline and facts, already escaped HTML.
struct FirstScreen {
  std::string title;
  std::string verdict;       //!< "high", "medium", "low" or "" (no verdict)
  std::string verdict_html;  //!< the verdict's sentence(s)
  std::string contract_html;
  std::string provenance_html;
};

//! The complete page.
std::string render_page(const FirstScreen& first, const std::vector<Block>& blocks);

//! The table's HTML (exposed for tests).
std::string render_table(const TableSpec& table);

}  // namespace pbr::report
