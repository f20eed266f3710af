#pragma once
//! \file The sweep's CSV: one row per point and strategy (wide), or per point, strategy and
//! metric (long). RFC 4180 with CRLF line ends (output/csv.hpp); numbers are formatted by pure
//! functions of the stored doubles, so equal results always give equal bytes.
//!
//! Wide columns: the swept parameters (one per parameter, headed by its name: the friendly
//! name or the pointer), `strategy`, then for each metric `KEY_UNIT`, `KEY_UNIT_ci_low`,
//! `KEY_UNIT_ci_high` (UNIT the metric's unit word: `provider_margin_GBP`), then `verdict`
//! when the evaluator gives one. Long columns: the parameters, `strategy`, `metric` (the
//! key), `unit` (a unit word: `GBP`, `count`), `value`, `ci_low`, `ci_high`, then `verdict`
//! (text, on every row of the point) when the evaluator gives one. Money is written in
//! pounds with two decimals, other units to 6 significant digits (output::csv_value); an
//! undefined value (NaN, e.g. a cost per recovery with no recoveries) is an empty cell, and
//! numeric columns hold nothing but numbers.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sweep/results.hpp"
#include "engine/sweep/sweep.hpp"

namespace pbr::sweep {

//! Shape of the CSV.
enum class Layout {
  wide,      //!< one row per point and strategy
  long_form  //!< one row per point, strategy and metric (`--layout long`)
};

//! "wide" or "long".
std::string_view to_string(Layout layout);
//! The layout named `text` ("wide", "long"), or nullopt.
std::optional<Layout> parse_layout(std::string_view text);

//! The wide layout's column stem of a metric: "<key>_<unit word>" ("provider_margin_GBP").
std::string wide_column(const MetricInfo& metric);

//! The header row's fields.
std::vector<std::string> csv_header(const SweepDefinition& definition, Layout layout);

//! One estimate as its CSV cell (output::csv_value): pounds with two decimals (rounded to the
//! penny) for GBP, 6 significant digits otherwise; "" when not finite.
std::string format_estimate(double value, Unit unit);

//! Where streamed text goes (a file being written, a string).
using TextSink = std::function<void(std::string_view)>;

//! The whole CSV, row by row into `sink`: header, then the rows of every point that has a
//! result, in point order. Nothing but one row is held at a time.
void write_csv(const SweepDefinition& definition, const Results& results, Layout layout,
               const TextSink& sink);

//! write_csv into a string.
std::string render_csv(const SweepDefinition& definition, const Results& results, Layout layout);

}  // namespace pbr::sweep
