#include "engine/strategy/selection.hpp"

#include <set>
#include <stdexcept>

namespace pbr::strategy {

namespace {

constexpr const char* NO_VALUE = "(none)";

std::string attribute_of(const model::Group& g, const std::string& name) {
  for (const auto& [k, v] : g.attributes) {
    if (k == name) return v;
  }
  return NO_VALUE;
}

double ratio(double num, double den) {
  return den > 0.0 ? num / den : 0.0;
}

}  // namespace

std::vector<MixRow> severity_mix(const model::Scenario& scenario,
                                 const sim::ReplicationTally<std::int64_t>& total) {
  const std::size_t n_groups = scenario.groups.size();
  std::vector<double> referrals(n_groups, 0.0), admissions(n_groups, 0.0);
  for (std::size_t g = 0; g < n_groups; ++g) {
    referrals[g] = static_cast<double>(total.by_group[g].referrals);
    admissions[g] = static_cast<double>(total.by_group[g].admissions);
  }
  double total_ref = 0.0, total_adm = 0.0;
  for (std::size_t g = 0; g < n_groups; ++g) {
    total_ref += referrals[g];
    total_adm += admissions[g];
  }
  std::vector<MixRow> out;
  const auto add_row = [&](const std::string& dim, const std::string& value, auto&& member) {
    MixRow row{dim, value, 0.0, 0.0};
    double r = 0.0, a = 0.0;
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (!member(g)) continue;
      r += referrals[g];
      a += admissions[g];
    }
    row.referral_share = ratio(r, total_ref);
    row.admission_share = ratio(a, total_adm);
    out.push_back(row);
  };
  for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
    add_row("band", scenario.bands[b].name,
            [&](std::size_t g) { return static_cast<std::size_t>(scenario.groups[g].band) == b; });
  }
  std::set<std::string> names;
  for (const auto& g : scenario.groups) {
    for (const auto& kv : g.attributes) names.insert(kv.first);
  }
  for (const auto& name : names) {
    std::set<std::string> values;
    for (const auto& g : scenario.groups) values.insert(attribute_of(g, name));
    for (const auto& value : values) {
      add_row(name, value,
              [&](std::size_t g) { return attribute_of(scenario.groups[g], name) == value; });
    }
  }
  return out;
}

UntreatedOutcomes untreated_outcomes(const model::Scenario& scenario,
                                     const sim::ReplicationTally<std::int64_t>& total,
                                     std::int64_t replications) {
  if (replications < 1) throw std::invalid_argument("untreated_outcomes: no replications");
  UntreatedOutcomes out;
  const std::size_t n_states = scenario.states.size();
  for (const auto& gt : total.by_group) {
    out.referrals += static_cast<double>(gt.referrals);
    out.refused += static_cast<double>(gt.refused);
    out.turned_away += static_cast<double>(gt.turned_away);
    for (std::size_t from = 0; from < n_states; ++from) {
      if (scenario.states[from].kind != model::StateKind::untreated) continue;
      for (std::size_t to = 0; to < n_states; ++to) {
        const auto n = static_cast<double>(gt.transitions[from * n_states + to]);
        if (scenario.states[to].kind == model::StateKind::death) out.deaths += n;
        if (scenario.states[to].kind == model::StateKind::recovery) out.recoveries += n;
      }
    }
  }
  const auto n = static_cast<double>(replications);
  out.referrals /= n;
  out.refused /= n;
  out.turned_away /= n;
  out.deaths /= n;
  out.recoveries /= n;
  return out;
}

PopulationCostAccumulator::PopulationCostAccumulator(std::size_t kept_values)
    : lost_(kept_values),
      added_(kept_values),
      away_(kept_values),
      starts_(kept_values),
      waited_(kept_values) {}

void PopulationCostAccumulator::add(const OutcomeTotals& base, const OutcomeTotals& strategy) {
  const double per = base.referrals > 0.0 ? 1000.0 / base.referrals : 0.0;
  lost_.add((base.sustained_recoveries - strategy.sustained_recoveries) * per);
  added_.add((strategy.deaths - base.deaths) * per);
  away_.add((strategy.not_admitted - base.not_admitted) * per);
  starts_.add((base.admissions - strategy.admissions) * per);
  waited_.add((strategy.months_waited - base.months_waited) * per);
}

PopulationCost PopulationCostAccumulator::result() const {
  return {lost_.summary(), added_.summary(), away_.summary(), starts_.summary(), waited_.summary()};
}

}  // namespace pbr::strategy
