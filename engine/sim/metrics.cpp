#include "engine/sim/metrics.hpp"

#include <limits>
#include <type_traits>

#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace pbr::sim {

namespace {

using model::StateKind;

//! The additive quantities behind every metric, for one group or a sum of groups.
//! Money in pence.
struct Base {
  double referrals = 0, admissions = 0, refused = 0, turned_away = 0, existing = 0, waited = 0,
         wait_months = 0, completions = 0, representations = 0, recoveries = 0, dropouts = 0,
         deaths_in = 0, deaths_out = 0, months_in_treatment = 0, starts = 0, cost = 0,
         cost_disc = 0;
  std::vector<double> pay, pay_disc;  //!< per rule

  explicit Base(std::size_t rules) : pay(rules, 0.0), pay_disc(rules, 0.0) {}
  void add(const Base& o) {
    referrals += o.referrals;
    admissions += o.admissions;
    refused += o.refused;
    turned_away += o.turned_away;
    existing += o.existing;
    waited += o.waited;
    wait_months += o.wait_months;
    completions += o.completions;
    representations += o.representations;
    recoveries += o.recoveries;
    dropouts += o.dropouts;
    deaths_in += o.deaths_in;
    deaths_out += o.deaths_out;
    months_in_treatment += o.months_in_treatment;
    starts += o.starts;
    cost += o.cost;
    cost_disc += o.cost_disc;
    for (std::size_t r = 0; r < pay.size(); ++r) {
      pay[r] += o.pay[r];
      pay_disc[r] += o.pay_disc[r];
    }
  }
};

std::vector<double> discount_factors(const model::Scenario& s) {
  std::vector<double> f(static_cast<std::size_t>(s.horizon_months), 1.0);
  const double r = s.contract.annual_discount_rate;
  for (std::size_t t = 0; t < f.size(); ++t) {
    f[t] = std::pow(1.0 + r, -static_cast<double>(t) / 12.0);
  }
  return f;
}

template <class T>
Base group_base(const model::Scenario& s, const ReplicationTally<T>& tally, std::size_t g,
                const std::vector<double>& disc) {
  const std::size_t S = s.states.size();
  const auto& gt = tally.by_group[g];
  Base b(s.contract.rules.size());
  b.referrals = static_cast<double>(gt.referrals);
  b.admissions = static_cast<double>(gt.admissions);
  b.refused = static_cast<double>(gt.refused);
  b.turned_away = static_cast<double>(gt.turned_away);
  b.existing = static_cast<double>(gt.existing);
  b.waited = static_cast<double>(gt.waited);
  b.wait_months = static_cast<double>(gt.wait_months);
  b.starts = static_cast<double>(gt.direct_starts);
  for (std::size_t from = 0; from < S; ++from) {
    const bool from_treatment = s.states[from].kind == StateKind::treatment;
    if (from_treatment) b.months_in_treatment += static_cast<double>(gt.client_months[from]);
    for (std::size_t to = 0; to < S; ++to) {
      const auto n = static_cast<double>(gt.transitions[from * S + to]);
      if (!from_treatment && s.states[to].kind == StateKind::treatment) b.starts += n;
      switch (s.states[to].kind) {
        case StateKind::completion:
          b.completions += n;
          break;
        case StateKind::representation:
          b.representations += n;
          break;
        case StateKind::recovery:
          b.recoveries += n;
          break;
        case StateKind::dropout:
          b.dropouts += n;
          break;
        case StateKind::death:
          (from_treatment ? b.deaths_in : b.deaths_out) += n;
          break;
        default:
          break;
      }
    }
  }
  const std::size_t R = s.contract.rules.size();
  const auto gi = static_cast<model::GroupIndex>(g);
  for (std::size_t t = 0; t < disc.size(); ++t) {
    const auto mt = static_cast<model::Month>(t);
    for (std::size_t r = 0; r < R; ++r) {
      const auto amt = static_cast<double>(tally.ledger.payment_at(mt, static_cast<int>(r), gi));
      b.pay[r] += amt;
      b.pay_disc[r] += amt * disc[t];
    }
    const auto c = static_cast<double>(tally.cost[t * s.groups.size() + g]);
    b.cost += c;
    b.cost_disc += c * disc[t];
  }
  return b;
}

//! Values of every catalogue metric for one scope, in catalogue order (NaN where the
//! metric is total-only and the scope is not the total).
std::vector<double> scope_values(const model::Scenario& s, const Base& b, bool total,
                                 const std::vector<double>& disc) {
  constexpr double POUNDS = 0.01;
  double block = 0.0, block_disc = 0.0;
  if (total) {
    for (std::size_t t = 0; t < disc.size(); ++t) {
      const auto per_month =
          static_cast<double>(s.economics.block_payment_at(static_cast<model::Month>(t)));
      block += per_month;
      block_disc += per_month * disc[t];
    }
  }
  double pay = 0.0, pay_disc = 0.0;
  for (std::size_t r = 0; r < b.pay.size(); ++r) {
    pay += b.pay[r];
    pay_disc += b.pay_disc[r];
  }
  const double spend = pay + block;
  std::vector<double> v = {b.referrals,
                           b.admissions,
                           b.refused,
                           b.turned_away,
                           b.existing,
                           b.waited,
                           b.wait_months,
                           b.admissions > 0 ? b.wait_months / b.admissions : 0.0,
                           b.completions,
                           b.representations,
                           b.recoveries,
                           b.dropouts,
                           b.deaths_in,
                           b.deaths_out,
                           b.deaths_in + b.deaths_out,
                           b.months_in_treatment,
                           b.starts};
  for (const double p : b.pay) v.push_back(p * POUNDS);
  v.push_back(pay * POUNDS);
  v.push_back(total ? block * POUNDS : std::nan(""));
  v.push_back(b.cost * POUNDS);
  v.push_back((spend - b.cost) * POUNDS);
  v.push_back(spend * POUNDS);
  v.push_back(total && spend != 0.0 ? pay / spend : std::numeric_limits<double>::quiet_NaN());
  v.push_back(b.recoveries > 0 ? spend * POUNDS / b.recoveries : 0.0);
  v.push_back(b.recoveries > 0 ? spend * POUNDS / b.recoveries
                               : std::numeric_limits<double>::quiet_NaN());
  if (s.contract.annual_discount_rate > 0.0) {
    const double spend_disc = pay_disc + block_disc;
    for (const double p : b.pay_disc) v.push_back(p * POUNDS);
    v.push_back(pay_disc * POUNDS);
    v.push_back(total ? block_disc * POUNDS : std::nan(""));
    v.push_back(b.cost_disc * POUNDS);
    v.push_back((spend_disc - b.cost_disc) * POUNDS);
    v.push_back(spend_disc * POUNDS);
  }
  return v;
}

}  // namespace

std::vector<MetricInfo> metric_catalogue(const model::Scenario& s) {
  std::vector<MetricInfo> out = {
      {"referrals", "count", "referrals arriving in the horizon, starting cohort included"},
      {"admissions", "count", "referrals admitted to treatment, after waiting or not"},
      {"refused", "count", "referrals the provider chose not to admit"},
      {"turned_away", "count", "referrals turned away for lack of capacity"},
      {"existing", "count", "clients already in the caseload at month 0"},
      {"admitted_after_wait", "count", "admitted referrals who waited at least one month"},
      {"months_waited", "months", "months waited by admitted referrals"},
      {"mean_wait_months", "months",
       "months waited per admitted referral (ratio of means: months_waited / admissions)", false,
       "months_waited", "admissions"},
      {"successful_completions", "count", "entries into completion states"},
      {"re_presentations", "count", "entries into re-presentation states"},
      {"sustained_recoveries", "count", "entries into sustained-recovery states"},
      {"drop_outs", "count", "entries into drop-out states"},
      {"deaths_in_treatment", "count", "deaths of clients in treatment states"},
      {"deaths_out_of_treatment", "count", "deaths of clients in any other state"},
      {"deaths", "count", "all deaths"},
      {"client_months_in_treatment", "months", "client-months spent in treatment states"},
      {"treatment_starts", "count",
       "starts of treatment: admitted referrals placed straight into a treatment state, and "
       "moves into treatment states from other states (after a wait, re-presentations)"}};
  const auto money = [&](const std::string& prefix, const std::string& what) {
    for (const auto& rule : s.contract.rules) {
      out.push_back({prefix + "payments_" + rule.name, "GBP",
                     what + "payments under rule '" + rule.name + "', net of clawbacks"});
    }
    out.push_back({prefix + "payments_total", "GBP", what + "payments under all rules"});
    out.push_back({prefix + "block_payment", "GBP", what + "block payment over the horizon", true});
    out.push_back({prefix + "provider_cost", "GBP", what + "provider's cost of client-months"});
    out.push_back({prefix + "provider_margin", "GBP",
                   what + "payments plus block payment (total only) minus provider cost"});
    out.push_back(
        {prefix + "commissioner_spend", "GBP", what + "payments plus block payment (total only)"});
  };
  money("", "");
  for (auto& m : out) {
    for (const char* name : {"payments_total", "block_payment", "provider_cost", "provider_margin",
                             "commissioner_spend"}) {
      if (m.name == name) m.per_year = true;
    }
  }
  out.push_back({"pbr_share_of_income", "share",
                 "PbR payments as a share of the provider's income from the commissioner "
                 "(ratio of means: payments_total / commissioner_spend)",
                 true, "payments_total", "commissioner_spend", false, true});
  out.push_back({"cost_per_sustained_recovery", "GBP",
                 "commissioner spend per sustained recovery (ratio of means: "
                 "commissioner_spend / sustained_recoveries)",
                 false, "commissioner_spend", "sustained_recoveries"});
  out.push_back({"cost_per_sustained_recovery_mean_of_ratios", "GBP",
                 "mean over replications of spend / recoveries, replications without a "
                 "recovery left out (Monte Carlo only)",
                 false, "", "", true});
  if (s.contract.annual_discount_rate > 0.0) money("discounted_", "discounted ");
  return out;
}

template <class T>
std::vector<MetricValue> compute_metrics(const model::Scenario& s,
                                         const ReplicationTally<T>& tally) {
  if (tally.groups != static_cast<int>(s.groups.size()) ||
      tally.states != static_cast<int>(s.states.size()) ||
      tally.rules != static_cast<int>(s.contract.rules.size()) ||
      tally.horizon != s.horizon_months) {
    throw std::invalid_argument("compute_metrics: tally shape does not match the scenario");
  }
  const auto disc = discount_factors(s);
  const std::size_t R = s.contract.rules.size();
  std::vector<Base> groups;
  Base total(R);
  std::vector<Base> bands(s.bands.size(), Base(R));
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    groups.push_back(group_base(s, tally, g, disc));
    total.add(groups[g]);
    bands[static_cast<std::size_t>(s.groups[g].band)].add(groups[g]);
  }
  struct Scope {
    const char* kind;
    std::string name;
    std::vector<double> values;
  };
  std::vector<Scope> scopes;
  scopes.push_back({"total", "total", scope_values(s, total, true, disc)});
  for (std::size_t b = 0; b < bands.size(); ++b) {
    scopes.push_back({"band", s.bands[b].name, scope_values(s, bands[b], false, disc)});
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    scopes.push_back({"group", s.groups[g].name, scope_values(s, groups[g], false, disc)});
  }
  const auto catalogue = metric_catalogue(s);
  // Financial years: PbR payments, block and cost by the year of their month, in pence.
  const int years =
      s.horizon_months > 0 ? model::financial_year_of(s.contract, s.horizon_months - 1) + 1 : 0;
  std::vector<double> year_pay(static_cast<std::size_t>(years), 0.0);
  std::vector<double> year_block = year_pay, year_cost = year_pay;
  for (model::Month t = 0; t < s.horizon_months; ++t) {
    const auto k = static_cast<std::size_t>(model::financial_year_of(s.contract, t));
    year_block[k] += static_cast<double>(s.economics.block_payment_at(t));
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
      for (std::size_t r = 0; r < R; ++r) {
        year_pay[k] += static_cast<double>(
            tally.ledger.payment_at(t, static_cast<int>(r), static_cast<model::GroupIndex>(g)));
      }
      year_cost[k] +=
          static_cast<double>(tally.cost[static_cast<std::size_t>(t) * s.groups.size() + g]);
    }
  }
  for (int k = 0; k < years; ++k) {
    constexpr double POUNDS = 0.01;
    const auto i = static_cast<std::size_t>(k);
    const double spend = year_pay[i] + year_block[i];
    std::vector<double> values(catalogue.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t m = 0; m < catalogue.size(); ++m) {
      const auto& name = catalogue[m].name;
      if (name == "payments_total") values[m] = year_pay[i] * POUNDS;
      if (name == "block_payment") values[m] = year_block[i] * POUNDS;
      if (name == "provider_cost") values[m] = year_cost[i] * POUNDS;
      if (name == "provider_margin") values[m] = (spend - year_cost[i]) * POUNDS;
      if (name == "commissioner_spend") values[m] = spend * POUNDS;
      if (name == "pbr_share_of_income") {
        values[m] = spend != 0.0 ? year_pay[i] / spend : std::numeric_limits<double>::quiet_NaN();
      }
    }
    scopes.push_back(
        {"financial_year", model::financial_year_label(s.contract, k), std::move(values)});
  }
  if constexpr (std::is_floating_point_v<T>) {
    // Expected values give E[x] / E[y], never the mean of the per-replication ratios.
    for (std::size_t m = 0; m < catalogue.size(); ++m) {
      if (!catalogue[m].mean_of_ratios) continue;
      for (auto& sc : scopes) sc.values[m] = std::numeric_limits<double>::quiet_NaN();
    }
  }
  std::vector<MetricValue> out;
  out.reserve(catalogue.size() * scopes.size());
  for (std::size_t m = 0; m < catalogue.size(); ++m) {
    for (const auto& sc : scopes) {
      const std::string kind = sc.kind;
      if (kind == "financial_year" ? !catalogue[m].per_year
                                   : catalogue[m].total_only && kind != "total") {
        continue;
      }
      out.push_back({catalogue[m].name, sc.kind, sc.name, catalogue[m].unit, sc.values[m]});
    }
  }
  return out;
}

template std::vector<MetricValue> compute_metrics(const model::Scenario&,
                                                  const ReplicationTally<std::int64_t>&);
template std::vector<MetricValue> compute_metrics(const model::Scenario&,
                                                  const ReplicationTally<double>&);

double metric_value(std::span<const MetricValue> metrics, const std::string& metric,
                    const std::string& scope_kind, const std::string& scope) {
  for (const auto& v : metrics) {
    if (v.metric == metric && v.scope_kind == scope_kind && v.scope == scope) return v.value;
  }
  throw std::out_of_range("metric '" + metric + "' in scope " + scope_kind + " '" + scope +
                          "' not found");
}

}  // namespace pbr::sim
