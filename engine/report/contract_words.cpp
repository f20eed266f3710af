#include "engine/report/contract_words.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/report/page.hpp"

namespace pbr::report {
namespace {

std::string pence_words(core::Pence pence) {
  return whole_pounds(static_cast<double>(pence) / 100.0);
}

std::string state_names(const model::Scenario& scenario,
                        const std::vector<model::StateIndex>& states) {
  std::string out;
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += i + 1 == states.size() ? " or " : ", ";
    out += scenario.states.at(static_cast<std::size_t>(states[i])).name;
  }
  return out;
}

std::string amounts_by_band(const model::Scenario& scenario,
                            const std::vector<core::Pence>& amounts) {
  std::string out;
  for (std::size_t b = 0; b < scenario.bands.size() && b < amounts.size(); ++b) {
    if (b > 0) out += "; ";
    out += scenario.bands[b].name + " " + pence_words(amounts[b]);
  }
  return out + " pounds";
}

}  // namespace

std::string whole_pounds(double pounds) {
  if (!std::isfinite(pounds)) return "n/a";
  const long long whole = std::llround(pounds);
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return (whole < 0 ? "-" : "") + digits;
}

std::string short_number(double value) {
  if (!std::isfinite(value)) return "n/a";
  char buffer[64];
  const double magnitude = std::fabs(value);
  std::snprintf(buffer, sizeof buffer,
                magnitude >= 100 ? "%.1f"
                : magnitude >= 1 ? "%.2f"
                                 : "%.2g",
                value);
  return buffer;
}

std::string contract_in_words(const model::Scenario& scenario) {
  std::ostringstream out;
  const auto& contract = scenario.contract;
  out << "<p>" << scenario.horizon_months << " months";
  if (contract.start) {
    out << " from " << contract.start->year << "-" << (contract.start->month < 10 ? "0" : "")
        << contract.start->month;
  }
  out << ", " << scenario.bands.size() << " tariff bands. Payments per client:</p>\n<ul>\n";
  for (const auto& rule : contract.rules) {
    std::ostringstream words;
    words << (rule.kind == model::RuleKind::attachment_fee ? "attachment fee" : "outcome payment")
          << ": on entering " << state_names(scenario, rule.trigger_states);
    if (rule.min_consecutive_months) {
      words << " and staying " << *rule.min_consecutive_months << " months";
    }
    if (rule.no_reentry) {
      words << ", if the client does not enter " << state_names(scenario, rule.no_reentry->states)
            << " within " << rule.no_reentry->months << " months";
    }
    if (rule.clawback) {
      words << "; clawed back if the client enters " << state_names(scenario, rule.clawback->states)
            << " within " << rule.clawback->months << " months";
    }
    if (rule.lag_months > 0) words << "; paid " << rule.lag_months << " months later";
    words << "; "
          << (rule.frequency == model::PayFrequency::once_per_client ? "once per client"
                                                                     : "every episode")
          << ". " << amounts_by_band(scenario, rule.amount_by_band) << ".";
    for (const auto& change : rule.tariff_changes) {
      words << " From month " << change.from_month << ": "
            << amounts_by_band(scenario, change.amount_by_band) << ".";
    }
    if (rule.cohort_threshold) {
      words << " Pays only if at least " << short_number(*rule.cohort_threshold * 100)
            << "% of admitted clients qualify.";
    }
    if (rule.deadweight_baseline) {
      words << " Deadweight: pays only above " << short_number(*rule.deadweight_baseline * 100)
            << "% of admitted clients.";
    }
    if (rule.graded) {
      words << " Graded: the share paid rises with the cohort's achievement, reconciled every "
            << rule.graded->reconcile_every_months << " months.";
    }
    out << "<li><b>" << escape_html(rule.name) << "</b> (" << escape_html(words.str())
        << ")</li>\n";
  }
  out << "</ul>\n<p>";
  if (contract.cap_per_client) {
    out << "Outcome payments capped at " << pence_words(*contract.cap_per_client)
        << " pounds per client. ";
  }
  if (contract.cap_per_client_all_payments) {
    out << "All payments capped at " << pence_words(*contract.cap_per_client_all_payments)
        << " pounds per client. ";
  }
  if (contract.cap_per_contract) {
    out << "All payments capped at " << pence_words(*contract.cap_per_contract)
        << " pounds over the contract. ";
  }
  if (!contract.cap_per_client && !contract.cap_per_client_all_payments &&
      !contract.cap_per_contract) {
    out << "No caps. ";
  }
  const auto& economics = scenario.economics;
  out << "Block payment " << pence_words(economics.block_payment_per_month) << " pounds a month";
  for (const auto& change : economics.block_changes) {
    out << ", " << pence_words(change.pence) << " from month " << change.from_month;
  }
  out << "; the rest of the provider's income is paid by results.";
  if (economics.capacity) out << " Capacity: " << *economics.capacity << " treatment places.";
  if (contract.annual_discount_rate > 0) {
    out << " Money discounted at " << short_number(contract.annual_discount_rate * 100)
        << "% a year.";
  }
  out << "</p>\n";
  return out.str();
}

}  // namespace pbr::report
