#include "engine/output/calibration_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "engine/core/money.hpp"
#include "engine/output/run_summary.hpp"

namespace pbr::output {

namespace {

namespace fs = std::filesystem;

// Pounds as a JSON number when it reads back to the same pence, else as a "1234.56" string.
nlohmann::ordered_json pounds_value(core::Pence amount) {
  const double pounds = static_cast<double>(amount) / 100.0;
  const auto back = core::pounds_to_pence(pounds);
  if (back && *back == amount) {
    if (amount % 100 == 0) return nlohmann::ordered_json(amount / 100);
    return nlohmann::ordered_json(pounds);
  }
  return nlohmann::ordered_json(core::format_pounds(amount));
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string money(double pence) {
  return format_grouped(pence / 100.0, 0);
}

std::string pct(double share) {
  return format_grouped(100.0 * share, 1) + "%";
}

// Two-column "before / after" rows, aligned.
std::string side_by_side(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(3, 0);
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < r.size() && c < 3; ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::ostringstream out;
  for (const auto& r : rows) {
    out << "  " << r[0] << std::string(width[0] - r[0].size(), ' ');
    for (std::size_t c = 1; c < r.size(); ++c) {
      out << "  " << std::string(width[c] - r[c].size(), ' ') << r[c];
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace

std::string default_calibrated_path(const std::string& input_path) {
  fs::path p(input_path);
  const auto name = p.stem().string() + "_calibrated.json";
  return (p.parent_path() / name).generic_string();
}

std::string relative_path_from(const std::string& from_file, const std::string& target) {
  const fs::path from_dir = fs::absolute(fs::path(from_file)).lexically_normal().parent_path();
  const fs::path to = fs::absolute(fs::path(target)).lexically_normal();
  return to.lexically_relative(from_dir).generic_string();
}

nlohmann::ordered_json calibrated_scenario_document(const format::LoadedScenario& input,
                                                    const strategy::CalibrationResult& result,
                                                    const std::string& out_path) {
  const auto& scenario = input.scenario;
  // ordered_json keeps the top-level keys in a readable order ("extends" first); the resolved
  // payments arrive with their keys sorted.
  auto payments =
      nlohmann::ordered_json::parse(input.resolved.at("contract").at("payments").dump());
  for (std::size_t r = 0; r < payments.size() && r < result.contract.rules.size(); ++r) {
    auto amounts = nlohmann::ordered_json::object();
    for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
      amounts[scenario.bands[b].name] = pounds_value(result.contract.rules[r].amount_by_band[b]);
    }
    payments[r]["amount_by_band"] = amounts;
  }
  std::string multipliers;
  for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
    multipliers += (b ? ", " : "") + scenario.bands[b].name + " " + fixed(result.multipliers[b], 4);
  }
  auto notes = nlohmann::ordered_json::array();
  notes.push_back("Written by pbrsim calibrate --objective " +
                  std::string(strategy::to_string(result.objective)) + " from " + input.path +
                  ": every payment's band amounts multiplied by the band multiplier and rounded "
                  "to the penny; only contract.payments is overridden.");
  notes.push_back("Band multipliers: " + multipliers + ".");
  notes.push_back("Expected payment per admitted client kept: " +
                  format_grouped(result.payment_before / 100.0, 2) + " -> " +
                  format_grouped(result.payment_after / 100.0, 2) + " pounds; band margin spread " +
                  format_grouped(result.spread_before / 100.0, 2) + " -> " +
                  format_grouped(result.spread_after / 100.0, 2) +
                  " pounds; expected worst-case gain " + pct(result.gain_before) + " -> " +
                  pct(result.gain_after) + " of payments.");
  for (const auto& n : result.notes) notes.push_back(n);

  auto doc = nlohmann::ordered_json::object();
  doc["extends"] = relative_path_from(out_path, input.path);
  doc["name"] = scenario.name + "_calibrated";
  doc["description"] =
      "Calibrated variant of " + scenario.name + ": band tariffs rescaled by pbrsim calibrate (" +
      std::string(strategy::to_string(result.objective)) + ") with the same expected payment.";
  doc["notes"] = notes;
  doc["contract"] = nlohmann::ordered_json::object();
  doc["contract"]["payments"] = payments;
  return doc;
}

std::string calibrated_scenario_text(const nlohmann::ordered_json& document) {
  return document.dump(2) + "\n";
}

std::string calibration_comparison_text(const model::Scenario& scenario,
                                        const strategy::CalibrationResult& result,
                                        const strategy::RiskReport& before,
                                        const strategy::RiskReport& after) {
  std::ostringstream out;
  out << "Calibration of " << scenario.name << " (objective "
      << strategy::to_string(result.objective) << ", tolerance "
      << (result.objective == strategy::CalibrationObjective::equal_margin
              ? format_grouped(result.tolerance, 2) + " pounds of band-margin spread"
              : pct(result.tolerance) + " of expected payments")
      << "; margins " << strategy::to_string(result.after.honest.method)
      << "): " << (result.converged ? "met" : "NOT met") << " after " << result.rounds
      << (result.rounds == 1 ? " fit" : " fits") << "\n\n";

  std::vector<std::vector<std::string>> rows{{"", "before", "after"}};
  for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
    rows.push_back(
        {"multiplier, band " + scenario.bands[b].name, "1.0000", fixed(result.multipliers[b], 4)});
  }
  for (std::size_t r = 0; r < scenario.contract.rules.size(); ++r) {
    for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
      rows.push_back({scenario.contract.rules[r].name + ", " + scenario.bands[b].name + " (pounds)",
                      core::format_pounds(scenario.contract.rules[r].amount_by_band[b]),
                      core::format_pounds(result.contract.rules[r].amount_by_band[b])});
    }
  }
  rows.push_back({"expected payment per admitted client", money(result.payment_before),
                  money(result.payment_after)});
  for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
    rows.push_back({"margin per admitted client, band " + scenario.bands[b].name,
                    money(result.before.honest.bands[b].margin),
                    money(result.after.honest.bands[b].margin)});
  }
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    rows.push_back({"margin per admitted client, group " + scenario.groups[g].name,
                    money(result.before.honest.groups[g].margin),
                    money(result.after.honest.groups[g].margin)});
  }
  rows.push_back(
      {"spread of band margins", money(result.spread_before), money(result.spread_after)});
  rows.push_back(
      {"expected worst-case gain / payment", pct(result.gain_before), pct(result.gain_after)});
  for (std::size_t i = 1; i < before.strategies.size() && i < after.strategies.size(); ++i) {
    rows.push_back({"simulated gain of " + before.strategies[i].strategy + " (of PbR)",
                    pct(before.strategies[i].relative_gain) +
                        (before.strategies[i].gain.difference.ci_low > 0.0 ? " *" : ""),
                    pct(after.strategies[i].relative_gain) +
                        (after.strategies[i].gain.difference.ci_low > 0.0 ? " *" : "")});
  }
  rows.push_back({"verdict", std::string(strategy::to_string(before.verdict.verdict)),
                  std::string(strategy::to_string(after.verdict.verdict))});
  out << side_by_side(rows);
  out << "  (* the gain's 95% interval lies above 0)\n\n";
  out << "Before: " << before.verdict.reason << "\nAfter:  " << after.verdict.reason << "\n";
  for (const auto& n : result.notes) out << "Note: " << n << "\n";
  return out.str();
}

CalibrationReportFiles calibration_report_files(const std::string& html_path) {
  std::string stem = html_path;
  for (const std::string tail : {"_report.html", ".html"}) {
    if (stem.size() > tail.size() &&
        stem.compare(stem.size() - tail.size(), tail.size(), tail) == 0) {
      stem.resize(stem.size() - tail.size());
      break;
    }
  }
  return {stem + "_calibration.json", stem + "_risk_before.csv", stem + "_risk_after.csv"};
}

nlohmann::json calibration_sidecar(const Provenance& provenance,
                                   const format::LoadedScenario& input,
                                   const nlohmann::ordered_json& calibrated_document,
                                   const strategy::CalibrationResult& result,
                                   const std::string& calibrated_path,
                                   const CalibrationReportFiles& files) {
  // The calibrated scenario resolved: the input's document with the override applied (what
  // `extends` gives when the calibrated file is read).
  nlohmann::json calibrated = input.resolved;
  nlohmann::json patch = nlohmann::json::parse(calibrated_document.dump());
  patch.erase("extends");
  format::merge_patch(calibrated, patch);
  nlohmann::json multipliers = nlohmann::json::object();
  for (std::size_t b = 0; b < input.scenario.bands.size() && b < result.multipliers.size(); ++b) {
    multipliers[input.scenario.bands[b].name] = result.multipliers[b];
  }
  const auto name = [](const std::string& path) { return fs::path(path).filename().string(); };
  return {
      {"format", CALIBRATION_SIDECAR_FORMAT},
      {"provenance", provenance_to_json(provenance)},
      {"objective", std::string(strategy::to_string(result.objective))},
      {"tolerance", result.tolerance},
      {"converged", result.converged},
      {"multipliers", multipliers},
      {"calibrated_scenario", relative_path_from(files.sidecar, calibrated_path)},
      {"outputs",
       {{"risk_before_csv", name(files.risk_before)}, {"risk_after_csv", name(files.risk_after)}}},
      {"scenario", input.resolved},
      {"calibrated", calibrated}};
}

}  // namespace pbr::output
