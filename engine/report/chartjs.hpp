#pragma once
//! \file Chart.js, the charting library every report inlines (Debian's libjs-chart.js,
//! compiled in at configure time from the file named by the CMake cache variable
//! PBRSIM_CHARTJS), so that a report opens offline with nothing beside it.

#include <string_view>

namespace pbr::report {

//! The library's source text, as installed (a UMD build that defines window.Chart).
std::string_view chartjs_source();

//! The file it was read from at configure time, for the page's credits.
std::string_view chartjs_origin();

}  // namespace pbr::report
