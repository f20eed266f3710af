#include "engine/output/risk_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <utility>

#include "engine/output/csv.hpp"
#include "engine/output/run_summary.hpp"
#include "engine/output/units.hpp"

namespace pbr::output {

namespace {

using strategy::RiskReport;

constexpr double POUNDS = 0.01;

// One row of the long CSV; numbers already in output units, NaN for an empty cell.
struct Row {
  std::string section, strategy, scope_kind, scope, measure, unit;
  double value = NAN, se = NAN, ci_low = NAN, ci_high = NAN;
  std::string detail;
};

// A cell of the row's unit (GBP to the penny, the rest to 6 significant digits).
std::string number(double v, const std::string& unit) {
  return std::isnan(v) ? "" : csv_value(v, unit);
}

// Pence to pounds rounded to the penny (margins are expectations, not exact sums).
double pounds(double pence) {
  return std::round(pence) * POUNDS;
}

Row stat_row(std::string section, std::string strategy, std::string measure, std::string unit,
             const stats::Summary& s, double scale = 1.0) {
  Row r;
  r.section = std::move(section);
  r.strategy = std::move(strategy);
  r.scope_kind = "total";
  r.scope = "total";
  r.measure = std::move(measure);
  r.unit = std::move(unit);
  r.value = s.mean * scale;
  r.se = s.se * scale;
  r.ci_low = s.ci_low * scale;
  r.ci_high = s.ci_high * scale;
  return r;
}

Row value_row(std::string section, std::string strategy, std::string scope_kind, std::string scope,
              std::string measure, std::string unit, double value, std::string detail = "") {
  Row r;
  r.section = std::move(section);
  r.strategy = std::move(strategy);
  r.scope_kind = std::move(scope_kind);
  r.scope = std::move(scope);
  r.measure = std::move(measure);
  r.unit = std::move(unit);
  r.value = value;
  r.detail = std::move(detail);
  return r;
}

//! "effort park", "effort declared hold", "effort park at intensity 0.62".
std::string effort_text(const strategy::GroupDecision& d) {
  std::string out = "effort " + std::string(strategy::to_string(d.effort));
  if (d.effort == strategy::Effort::declared && !d.behaviour.empty()) out += " " + d.behaviour;
  if (d.effort != strategy::Effort::honest && d.intensity != 1.0) {
    out += " at intensity " + format_grouped(d.intensity, 2);
  }
  return out;
}

double verdict_level(strategy::Verdict v) {
  return v == strategy::Verdict::low ? 0.0 : (v == strategy::Verdict::medium ? 1.0 : 2.0);
}

std::string method_text(const RiskReport& rep) {
  if (rep.margin_method == strategy::MarginMethod::exact) return "exact";
  return "monte_carlo, " + std::to_string(rep.margin_replications) + " preliminary replications";
}

std::vector<Row> rows_of(const RiskReport& rep) {
  std::vector<Row> rows;
  rows.push_back(value_row(
      "verdict", "", "total", "total", "verdict", "level", verdict_level(rep.verdict.verdict),
      std::string(strategy::to_string(rep.verdict.verdict)) + ": " + rep.verdict.reason));
  if (!rep.gaming_forms.empty()) {
    rows.push_back(value_row("verdict", rep.gaming_strategy, "total", "total", "gaming_forms",
                             "level", NAN, rep.gaming_forms));
  }
  const std::string method = method_text(rep);
  for (const auto& m : rep.margins) {
    Row r = value_row("margin", "admit_all", m.scope_kind, m.scope, "margin_per_admission", "GBP",
                      pounds(m.margin), method);
    r.se = m.se * POUNDS;
    r.ci_low = pounds(m.ci_low);
    r.ci_high = pounds(m.ci_high);
    rows.push_back(r);
    if (m.scope_kind != "group") continue;
    rows.push_back(value_row("margin", "admit_all", m.scope_kind, m.scope, "payments_per_admission",
                             "GBP", pounds(m.payments), method));
    rows.push_back(value_row("margin", "admit_all", m.scope_kind, m.scope, "cost_per_admission",
                             "GBP", pounds(m.cost), method));
    rows.push_back(value_row("margin", "admit_all", m.scope_kind, m.scope,
                             "treatment_months_per_admission", "months", m.treatment_months,
                             method));
  }
  for (const auto& s : rep.spreads) {
    rows.push_back(value_row("spread", "admit_all", s.scope, s.band.empty() ? "total" : s.band,
                             "margin_spread", "GBP", pounds(s.spread),
                             "highest " + s.highest + ", lowest " + s.lowest));
  }
  for (const auto& s : rep.strategies) {
    const std::string& n = s.strategy;
    rows.push_back(stat_row("gain", n, "gain", "GBP", s.gain.difference));
    rows.push_back(
        value_row("gain", n, "total", "total", "gain_unpaired_se", "GBP", s.gain.unpaired_se));
    rows.push_back(value_row("gain", n, "total", "total", "gain_relative", "share", s.relative_gain,
                             "gain / admit_all mean PbR payments"));
    rows.push_back(value_row("gain", n, "total", "total", "prob_gain_positive", "probability",
                             s.gain.difference.prob_positive,
                             "share of replications with gain > 0"));
    rows.push_back(value_row("gain", n, "total", "total", "prob_mean_gain_positive", "probability",
                             s.prob_mean_gain_positive, "Phi(mean / se)"));
    rows.push_back(stat_row("gain", n, "provider_margin", "GBP", s.provider_margin));
    rows.push_back(stat_row("gain", n, "payments", "GBP", s.payments));
    rows.push_back(
        value_row("gain", n, "total", "total", "admitted_share", "share", s.admitted_share));
    rows.push_back(value_row("gain", n, "total", "total", "extra_not_admitted_share", "share",
                             s.extra_not_admitted));
  }
  for (const auto& s : rep.strategies) {
    for (const auto& part : s.decomposition) {
      Row r = stat_row("decomposition", s.strategy, part.measure, "GBP", part.difference);
      r.scope_kind = part.scope_kind;
      r.scope = part.scope;
      rows.push_back(r);
    }
  }
  for (const auto& s : rep.strategies) {
    rows.push_back(stat_row("population", s.strategy, "recoveries_lost_per_1000", "count",
                            s.population.recoveries_lost));
    rows.push_back(stat_row("population", s.strategy, "deaths_added_per_1000", "count",
                            s.population.deaths_added));
    rows.push_back(stat_row("population", s.strategy, "turned_away_per_1000", "count",
                            s.population.turned_away));
    rows.push_back(stat_row("population", s.strategy, "starts_lost_per_1000", "count",
                            s.population.starts_lost));
    rows.push_back(stat_row("population", s.strategy, "months_waited_added_per_1000", "months",
                            s.population.months_waited_added));
  }
  for (const auto& s : rep.strategies) {
    const auto& u = s.untreated;
    for (const auto& [measure, v] :
         std::vector<std::pair<std::string, double>>{{"referrals", u.referrals},
                                                     {"refused", u.refused},
                                                     {"turned_away", u.turned_away},
                                                     {"deaths_untreated", u.deaths},
                                                     {"recoveries_untreated", u.recoveries}}) {
      rows.push_back(value_row("untreated", s.strategy, "total", "total", measure, "count", v,
                               "mean per replication"));
    }
  }
  for (const auto& s : rep.strategies) {
    for (std::size_t g = 0; g < s.decisions.size() && g < rep.margins.size(); ++g) {
      const auto& d = s.decisions[g];
      const std::string& group = rep.margins[g].scope;
      rows.push_back(value_row("decision", s.strategy, "group", group, "admission_probability",
                               "probability", d.admission_probability, effort_text(d)));
      rows.push_back(value_row("decision", s.strategy, "group", group, "expected_margin", "GBP",
                               std::isnan(d.expected_margin) ? NAN : pounds(d.expected_margin),
                               "per admitted client under the chosen effort"));
    }
  }
  for (const auto& s : rep.strategies) {
    for (const auto& m : s.mix) {
      rows.push_back(value_row("mix", s.strategy, m.dimension, m.value, "referral_share", "share",
                               m.referral_share));
      rows.push_back(value_row("mix", s.strategy, m.dimension, m.value, "admission_share", "share",
                               m.admission_share));
      rows.push_back(value_row("mix", s.strategy, m.dimension, m.value, "admission_minus_referral",
                               "share", m.difference()));
    }
  }
  for (const auto& t : rep.thresholds) {
    const std::string detail = std::to_string(t.replications) + " admit_all replications";
    rows.push_back(value_row("threshold", "admit_all", "rule", t.rule, "threshold", "share",
                             t.threshold, detail));
    rows.push_back(value_row("threshold", "admit_all", "rule", t.rule, "mean_rate", "share",
                             t.mean_rate, detail));
    rows.push_back(value_row("threshold", "admit_all", "rule", t.rule, "miss_probability",
                             "probability", t.miss_probability, detail));
  }
  const std::string dw_method(strategy::to_string(rep.deadweight.method));
  for (const auto& d : rep.deadweight.rules) {
    rows.push_back(value_row("deadweight", "admit_all", "rule", d.rule, "deadweight_share", "share",
                             d.share(), dw_method));
    rows.push_back(value_row("deadweight", "admit_all", "rule", d.rule, "treated_probability",
                             "probability", d.treated_probability, dw_method));
    rows.push_back(value_row("deadweight", "admit_all", "rule", d.rule, "untreated_probability",
                             "probability", d.untreated_probability, dw_method));
  }
  rows.push_back(value_row("deadweight", "admit_all", "total", "total", "deadweight_share", "share",
                           rep.deadweight.share(), dw_method));
  return rows;
}

// Aligned text columns: the first column left-aligned, the others right-aligned.
std::string align(const std::vector<std::vector<std::string>>& table, const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& row : table) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::ostringstream out;
  for (const auto& row : table) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += c == 0 ? row[c] + pad : "  " + pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  return out.str();
}

std::string money(double pence) {
  return format_grouped(pence * POUNDS, 0);
}
std::string pct(double share) {
  return format_grouped(100.0 * share, 1) + "%";
}
std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string pounds_text(double pounds_value) {
  return format_grouped(std::abs(pounds_value), 0) + " pounds";
}

//! "a", "a and b", "a, b and c".
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

//! The levers a strategy pulls, in words: "refusing hard and parking easy".
std::string lever_words(const strategy::StrategyReport& s) {
  std::vector<std::string> group_names;
  for (const auto& part : s.decomposition) {
    if (part.scope_kind == "group") group_names.push_back(part.scope);
  }
  std::vector<std::string> refused, fewer, parked, fast;
  std::vector<std::pair<std::string, std::vector<std::string>>> declared;
  const strategy::LeversThatPay pays = strategy::levers_that_pay(s);
  for (std::size_t g = 0; g < s.decisions.size() && g < group_names.size(); ++g) {
    const auto& d = s.decisions[g];
    // Whom the effort reaches (a refused group's: its caseload, its returning clients).
    std::string treated = g < s.reach.size() ? s.reach[g] : group_names[g];
    if (d.effort != strategy::Effort::honest && d.intensity != 1.0) {
      treated += " (intensity " + format_grouped(d.intensity, 2) + ")";
    }
    if (pays.admission && d.admission_probability <= 0.0) refused.push_back(group_names[g]);
    if (pays.admission && d.admission_probability > 0.0 && d.admission_probability < 1.0) {
      fewer.push_back(group_names[g]);
    }
    if (!pays.effort) continue;
    if (d.effort == strategy::Effort::park) parked.push_back(treated);
    if (d.effort == strategy::Effort::fast_track) fast.push_back(treated);
    if (d.effort == strategy::Effort::declared && s.kind != strategy::StrategyKind::custom) {
      auto it = std::find_if(declared.begin(), declared.end(),
                             [&](const auto& e) { return e.first == d.behaviour; });
      if (it == declared.end()) it = declared.insert(declared.end(), {d.behaviour, {}});
      it->second.push_back(treated);
    }
  }
  std::vector<std::string> levers;
  if (!refused.empty()) levers.push_back("refusing " + join_words(refused));
  if (!fewer.empty()) levers.push_back("admitting fewer of " + join_words(fewer));
  if (!parked.empty()) levers.push_back("parking " + join_words(parked));
  if (!fast.empty()) levers.push_back("fast-tracking " + join_words(fast));
  for (const auto& [behaviour, groups] : declared) {
    levers.push_back("applying '" + behaviour + "' to " + join_words(groups));
  }
  if (levers.empty()) return "the '" + s.strategy + "' behaviour";
  return join_words(levers);
}

//! A part of the gain in words: "12,000 pounds less in completion payments".
std::string part_words(const strategy::GainPart& part) {
  const double v = part.difference.mean;
  if (part.measure == "cost_saved") {
    return pounds_text(v) + (v >= 0 ? " less provider cost" : " more provider cost");
  }
  return pounds_text(v) + (v >= 0 ? " more" : " less") + " in " + part.scope + " payments";
}

}  // namespace

std::string gain_headline(const strategy::StrategyReport& s) {
  if (s.kind == strategy::StrategyKind::admit_all) return "";
  const bool honest_admission =
      std::all_of(s.decisions.begin(), s.decisions.end(), [](const auto& d) {
        return d.admission_probability >= 1.0 && d.effort == strategy::Effort::honest;
      });
  if (s.kind == strategy::StrategyKind::best_response && honest_admission) {
    return "No declared lever pays: the best response is to admit everyone with honest effort.";
  }
  std::string lever = lever_words(s);
  lever[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lever[0])));
  const auto& d = s.gain.difference;
  const std::string interval =
      " (95% interval " + format_grouped(d.ci_low, 0) + " to " + format_grouped(d.ci_high, 0) + ")";
  if (d.ci_high < 0.0) {
    return lever + " (" + s.strategy + ") loses money: gain " + format_grouped(d.mean, 0) +
           " pounds" + interval + ".";
  }
  if (!(d.ci_low > 0.0)) {
    return lever + " (" + s.strategy + ") does not pay significantly: gain " +
           format_grouped(d.mean, 0) + " pounds" + interval + ".";
  }
  const strategy::GainPart* best = nullptr;
  const strategy::GainPart* worst = nullptr;
  for (const auto& part : s.decomposition) {
    if (part.scope_kind == "group" || part.scope_kind == "lever") continue;
    if (best == nullptr || part.difference.mean > best->difference.mean) best = &part;
    if (worst == nullptr || part.difference.mean < worst->difference.mean) worst = &part;
  }
  std::string out = lever + " (" + s.strategy + ") pays: ";
  out += best != nullptr ? part_words(*best) : "the provider's margin rises";
  if (worst != nullptr && worst != best && worst->difference.mean < 0.0) {
    out += ", against " + part_words(*worst);
  }
  return out + "; gain " + format_grouped(d.mean, 0) + " pounds" + interval + ".";
}

const std::vector<std::string>& risk_columns() {
  static const std::vector<std::string> columns = {"section", "strategy", "scope_kind", "scope",
                                                   "measure", "unit",     "value",      "se",
                                                   "ci_low",  "ci_high",  "detail"};
  return columns;
}

std::string risk_report_csv(const RiskReport& report) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rows_of(report)) {
    out.push_back({r.section, r.strategy, r.scope_kind, r.scope, r.measure, r.unit,
                   number(r.value, r.unit), number(r.se, r.unit), number(r.ci_low, r.unit),
                   number(r.ci_high, r.unit), r.detail});
  }
  return csv_document(risk_columns(), out);
}

std::string risk_report_text(const RiskReport& rep) {
  std::ostringstream out;
  out << "Gaming risk: " << upper(std::string(strategy::to_string(rep.verdict.verdict))) << "\n  "
      << rep.verdict.reason << "\n";
  if (!rep.gaming_forms.empty()) {
    out << "  What pays (" << rep.gaming_strategy << "): " << rep.gaming_forms << "\n";
  }
  out << "\n";

  out << "Expected margin per admitted client (payments - cost, pounds; " << method_text(rep)
      << "):\n";
  std::vector<std::vector<std::string>> margins{
      {"scope", "band", "margin", "95% interval", "payments", "cost", "months in treatment"}};
  for (const auto& m : rep.margins) {
    const bool group = m.scope_kind == "group";
    margins.push_back({m.scope_kind == "total" ? "all groups" : m.scope,
                       group ? m.band : (m.scope_kind == "band" ? "(band)" : ""), money(m.margin),
                       money(m.ci_low) + " .. " + money(m.ci_high), group ? money(m.payments) : "",
                       group ? money(m.cost) : "",
                       group ? format_grouped(m.treatment_months, 1) : ""});
  }
  out << align(margins, "  ");
  for (const auto& s : rep.spreads) {
    out << "  spread " << (s.scope == "across_bands" ? "across bands" : "within band " + s.band)
        << ": " << money(s.spread) << " (highest " << s.highest << ", lowest " << s.lowest << ")\n";
  }

  const auto n = rep.strategies.empty() ? 0 : rep.strategies[0].gain.difference.n;
  out << "\nStrategies against admit_all (provider margin, paired over " << n
      << " replications; population cost per 1,000 referrals):\n";
  std::vector<std::vector<std::string>> gains{{"strategy", "gain", "95% interval", "of PbR",
                                               "P(mean>0)", "admitted", "recoveries lost",
                                               "deaths added", "turned away", "starts lost"}};
  for (const auto& s : rep.strategies) {
    const auto& d = s.gain.difference;
    gains.push_back({s.strategy, format_grouped(d.mean, 0),
                     format_grouped(d.ci_low, 0) + " .. " + format_grouped(d.ci_high, 0),
                     pct(s.relative_gain), format_grouped(s.prob_mean_gain_positive, 3),
                     pct(s.admitted_share), format_grouped(s.population.recoveries_lost.mean, 1),
                     format_grouped(s.population.deaths_added.mean, 2),
                     format_grouped(s.population.turned_away.mean, 1),
                     format_grouped(s.population.starts_lost.mean, 1)});
  }
  out << align(gains, "  ");
  for (const auto& s : rep.strategies) {
    const auto headline = gain_headline(s);
    if (!headline.empty()) out << "  " << headline << "\n";
  }

  bool any_selective = false;
  std::vector<std::vector<std::string>> mix{
      {"strategy", "dimension", "value", "referrals", "admissions", "difference"}};
  for (const auto& s : rep.strategies) {
    if (s.kind == strategy::StrategyKind::admit_all || s.admitted_share >= 0.9995) continue;
    any_selective = true;
    for (const auto& m : s.mix) {
      mix.push_back({s.strategy, m.dimension, m.value, pct(m.referral_share),
                     pct(m.admission_share), format_grouped(100.0 * m.difference(), 1) + " pts"});
    }
  }
  if (any_selective) {
    out << "\nSeverity mix of admissions against referrals (strategies that admit fewer):\n"
        << align(mix, "  ");
  }
  if (!rep.thresholds.empty()) {
    out << "\nCohort thresholds, honest provider (admit_all):\n";
    for (const auto& t : rep.thresholds) {
      out << "  " << t.rule << ": threshold " << pct(t.threshold) << ", mean rate "
          << pct(t.mean_rate) << ", missed in " << pct(t.miss_probability) << " of "
          << t.replications << " replications\n";
    }
  }
  out << "\nDeadweight: " << pct(rep.deadweight.share())
      << " of outcome payments pay for outcomes the untreated pathway would produce ("
      << strategy::to_string(rep.deadweight.method) << ")";
  std::string sep = ": ";
  for (const auto& d : rep.deadweight.rules) {
    out << sep << d.rule << " " << pct(d.share());
    sep = ", ";
  }
  out << "\n";
  return out.str();
}

std::string risk_path_for(const std::string& summary_path) {
  const auto ends_with = [&](const std::string& suffix) {
    return summary_path.size() >= suffix.size() &&
           summary_path.compare(summary_path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("_summary.csv")) {
    return summary_path.substr(0, summary_path.size() - 12) + "_risk.csv";
  }
  if (ends_with(".csv")) return summary_path.substr(0, summary_path.size() - 4) + "_risk.csv";
  return summary_path + "_risk.csv";
}

}  // namespace pbr::output
