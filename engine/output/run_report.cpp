#include "engine/output/run_report.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "engine/output/atomic_file.hpp"
#include "engine/output/csv.hpp"
#include "engine/output/risk_report.hpp"
#include "engine/output/run_summary.hpp"
#include "engine/sim/metrics.hpp"

namespace pbr::output {

std::string default_summary_path(const std::string& scenario_name) {
  std::string safe = scenario_name.empty() ? std::string("scenario") : scenario_name;
  for (char& c : safe) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) c = '_';
  }
  // "." and ".." alone would name directories; a leading dot would hide the file.
  if (safe.front() == '.') safe.front() = '_';
  return "out/" + safe + "_summary.csv";
}

std::string sidecar_path_for(const std::string& summary_path) {
  constexpr std::string_view CSV = ".csv";
  if (summary_path.size() > CSV.size() &&
      summary_path.compare(summary_path.size() - CSV.size(), CSV.size(), CSV) == 0) {
    return summary_path.substr(0, summary_path.size() - CSV.size()) + ".json";
  }
  return summary_path + ".json";
}

nlohmann::json run_sidecar(const Provenance& provenance, const nlohmann::json& resolved_scenario,
                           const model::Scenario& scenario,
                           const std::vector<std::string>& strategies,
                           const std::string& summary_path,
                           const std::optional<std::string>& monthly_path) {
  const auto file_name = [](const std::string& p) {
    return std::filesystem::path(p).filename().string();
  };
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : sim::metric_catalogue(scenario)) {
    metrics.push_back({{"name", m.name},
                       {"unit", m.unit},
                       {"description", m.description},
                       {"total_only", m.total_only}});
  }
  nlohmann::json j;
  j["format"] = "pbrsim-run-sidecar";
  j["format_version"] = 1;
  j["provenance"] = provenance_to_json(provenance);
  j["outputs"] = {
      {"summary_csv", file_name(summary_path)},
      {"monthly_csv",
       monthly_path ? nlohmann::json(file_name(*monthly_path)) : nlohmann::json(nullptr)},
      // `pbrsim run` writes the risk CSV exactly when it compares strategies.
      {"risk_csv", strategies.size() > 1 ? nlohmann::json(file_name(risk_path_for(summary_path)))
                                         : nlohmann::json(nullptr)}};
  j["strategies"] = strategies;
  j["metrics"] = std::move(metrics);
  j["scenario"] = resolved_scenario;
  return j;
}

std::string sidecar_text(const nlohmann::json& sidecar) {
  // Keys come out sorted (nlohmann::json stores objects in std::map), so the text is a pure
  // function of the content. Invalid UTF-8 in user text is replaced rather than throwing.
  return sidecar.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_output_files(const std::vector<OutputFile>& files) {
  for (const auto& f : files) {
    create_parent_directories(f.path);
    write_file_atomically(f.path, f.content);
  }
}

namespace {

const char* outcome_text(sim::ClientOutcome outcome) {
  switch (outcome) {
    case sim::ClientOutcome::existing:
      return "existing caseload at month 0";
    case sim::ClientOutcome::admitted:
      return "admitted";
    case sim::ClientOutcome::refused:
      return "refused by the provider (untreated pathway)";
    case sim::ClientOutcome::turned_away:
      return "turned away for lack of capacity (untreated pathway)";
    case sim::ClientOutcome::left_waiting:
      return "left the waiting list before a place was offered";
    case sim::ClientOutcome::still_waiting:
      return "still waiting at the horizon";
  }
  return "unknown";
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string client_trace_text(const model::Scenario& s, const sim::ClientTrace& trace) {
  const auto& path = trace.path;
  const auto& group = s.groups.at(static_cast<std::size_t>(path.group));
  const auto& band = s.bands.at(static_cast<std::size_t>(trace.band));
  std::string out = "Client " + std::to_string(path.cid) + " of replication " +
                    std::to_string(trace.replication) + "\n";
  out += "  group: " + group.name + " (band " + band.name + ")\n";
  out += "  referred in month " + std::to_string(path.arrival) + "; " + outcome_text(trace.outcome);
  if (path.wait_months > 0) out += " after waiting " + std::to_string(path.wait_months) + " months";
  out += "\n\nPath (the client is in each state from the month shown):\n";

  std::size_t state_width = 5;
  for (const auto& e : path.entries) {
    state_width = std::max(state_width, s.states.at(static_cast<std::size_t>(e.state)).name.size());
  }
  out += "  month  state\n";
  for (const auto& e : path.entries) {
    out += "  " + pad_left(std::to_string(e.month), 5) + "  " +
           s.states.at(static_cast<std::size_t>(e.state)).name + "\n";
  }
  out += "  (horizon: month " + std::to_string(s.horizon_months) + ")\n\nPayments by rule";
  if (trace.payments.empty()) {
    out += ": none\n";
    return out;
  }
  out += " (per-client stage, before contract-level terms):\n";
  std::size_t rule_width = 4;
  for (const auto& p : trace.payments) {
    rule_width =
        std::max(rule_width, s.contract.rules.at(static_cast<std::size_t>(p.rule)).name.size());
  }
  out += "  month  " + pad_right("rule", rule_width) + "  " + pad_left("pounds", 12) + "\n";
  auto sorted = trace.payments;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.month < b.month; });
  core::Pence total = 0;
  for (const auto& p : sorted) {
    total += p.amount;
    out += "  " + pad_left(std::to_string(p.month), 5) + "  " +
           pad_right(s.contract.rules.at(static_cast<std::size_t>(p.rule)).name, rule_width) +
           "  " + pad_left(format_grouped(static_cast<double>(p.amount) / 100.0, 2), 12) + "\n";
  }
  out += "  " + pad_right("total", 5 + 2 + rule_width) + "  " +
         pad_left(format_grouped(static_cast<double>(total) / 100.0, 2), 12) + "\n";
  return out;
}

}  // namespace pbr::output
