#pragma once
//! \file The report page's own scripts: one that records every error in the page (so that a
//! test, or a reader, sees a failed chart), and one that draws the charts with Chart.js.

#include <string_view>

namespace pbr::report {

//! Runs first: window.onerror, unhandled rejections and console.error append to the
//! element #report-errors and count in its data-count attribute.
std::string_view page_error_script();

//! Runs last: draws each canvas.chart from the JSON in #chart-data (bars with error-bar
//! whiskers, lines with interval bands, heat maps with a colour scale), without animation;
//! then records on each canvas the number of non-transparent pixels (data-drawn-pixels) and
//! of coloured ones, the marks (data-coloured-pixels), and marks the document
//! data-report-ready="1".
std::string_view page_chart_script();

}  // namespace pbr::report
