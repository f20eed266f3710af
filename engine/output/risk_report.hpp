#pragma once
//! \file The cherry-picking risk report as files and text: a long-format CSV (one quantity per
//! row, filterable by section) and a readable table for stdout. Every section, measure and
//! column is documented in docs/cherry-picking.md ("Reading the risk CSV").

#include <string>
#include <vector>

#include "engine/strategy/risk.hpp"

namespace pbr::output {

//! Header of the risk CSV, in column order: section, strategy, scope_kind, scope, measure,
//! unit, value, se, ci_low, ci_high, detail.
const std::vector<std::string>& risk_columns();

//! The risk CSV (RFC 4180, CRLF, header first). Sections in order: verdict, margin, spread,
//! gain, decomposition, population, untreated, decision, mix, threshold, deadweight. Money in
//! pounds; shares and probabilities in [0, 1]; empty cells where a statistic does not apply.
std::string risk_report_csv(const strategy::RiskReport& report);

//! One sentence on why a strategy pays, or that it does not: the lever (refusing, admitting
//! fewer, parking or fast-tracking which groups, from its decisions) and the part of the
//! decomposition that contributes most to the gain (a rule's payments or the cost saved),
//! against the part that costs most, then the gain with its 95% interval. For example:
//! "Refusing hard (cherry_pick) pays: 41,000 pounds less provider cost, against 12,000 pounds
//! less in completion payments; gain 29,000 pounds (95% interval 27,500 to 30,500)."
//! A gain whose interval lies below 0 "loses money"; one whose interval reaches 0 "does not
//! pay significantly". Empty for admit_all.
std::string gain_headline(const strategy::StrategyReport& strategy);

//! The readable report printed by `pbrsim run` and `pbrsim calibrate`: the verdict and its
//! reason, margins by band and group with intervals and spreads, each strategy's paired
//! gain, population cost and admitted share, the severity mix of selective strategies,
//! cohort thresholds and deadweight. Pounds rounded to whole pounds.
std::string risk_report_text(const strategy::RiskReport& report);

//! The risk CSV beside a summary CSV: "out/x_summary.csv" -> "out/x_risk.csv" (a trailing
//! "_summary.csv" or ".csv" replaced by "_risk.csv"; otherwise "_risk.csv" appended).
std::string risk_path_for(const std::string& summary_path);

}  // namespace pbr::output
