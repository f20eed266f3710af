#pragma once
//! \file Golden-section searches for the maxima of several independent functions, run side by
//! side so that one probe (one exact tally, or one simulated run) serves them all: the best
//! response refines each group's intensity this way.

#include <functional>
#include <vector>

namespace pbr::strategy {

//! Evaluates every active function at its own point: `at[i]` for function i, into `value[i]`
//! (inactive entries are ignored).
using SideBySideProbe =
    std::function<void(const std::vector<double>& at, std::vector<double>& value)>;

//! Golden-section search of each active function i on [lo[i], hi[i]]: two initial probes,
//! then `steps` probes, each narrowing every active interval by the golden ratio. The search
//! only probes; the caller keeps the best point it has seen (the probe sees every point).
//! \pre lo, hi and active have one entry per function
void golden_section_side_by_side(const std::vector<bool>& active, std::vector<double> lo,
                                 std::vector<double> hi, int steps, const SideBySideProbe& probe);

}  // namespace pbr::strategy
