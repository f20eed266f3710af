#include "engine/output/run_monthly.hpp"

#include <stdexcept>

#include "engine/output/csv.hpp"
#include "engine/output/units.hpp"

namespace pbr::output {
namespace {

constexpr double POUNDS = 0.01;

void check_shape(const model::Scenario& s, int states, int groups, int rules, int horizon) {
  if (states != static_cast<int>(s.states.size()) || groups != static_cast<int>(s.groups.size()) ||
      rules != static_cast<int>(s.contract.rules.size()) || horizon != s.horizon_months) {
    throw std::invalid_argument("monthly table: tally shape does not match the scenario");
  }
}

// Monthly sums of one tally into `acc`, laid out as the columns: occupancy per state, then
// payments per rule, then cost (pence). Acc is int64 for Monte Carlo sums, double for exact.
template <class Acc, class T>
void accumulate(const sim::ReplicationTally<T>& tally, std::vector<Acc>& acc) {
  const std::size_t S = static_cast<std::size_t>(tally.states);
  const std::size_t G = static_cast<std::size_t>(tally.groups);
  const std::size_t R = static_cast<std::size_t>(tally.rules);
  const std::size_t width = S + R + 1;
  for (std::size_t t = 0; t < static_cast<std::size_t>(tally.horizon); ++t) {
    Acc* row = acc.data() + t * width;
    for (std::size_t s = 0; s < S; ++s) {
      for (std::size_t g = 0; g < G; ++g) row[s] += tally.occupancy[(t * S + s) * G + g];
    }
    for (std::size_t r = 0; r < R; ++r) {
      for (std::size_t g = 0; g < G; ++g) row[S + r] += tally.ledger.payments[(t * R + r) * G + g];
    }
    for (std::size_t g = 0; g < G; ++g) row[S + R] += tally.cost[t * G + g];
  }
}

// Turns summed columns into the table's rows of means (divided by `n`), adding the derived
// money columns.
template <class Acc>
MonthlyTable finish(const model::Scenario& s, const std::string& strategy,
                    const std::vector<Acc>& acc, double n) {
  const std::size_t S = s.states.size(), R = s.contract.rules.size();
  const std::size_t width = S + R + 1;
  MonthlyTable table{strategy, {}};
  for (std::size_t t = 0; t < static_cast<std::size_t>(s.horizon_months); ++t) {
    const Acc* row = acc.data() + t * width;
    std::vector<double> out;
    out.reserve(S + R + 6);
    for (std::size_t i = 0; i < S; ++i) out.push_back(static_cast<double>(row[i]) / n);
    // Pence totals are summed before converting, so payments_total is exactly the sum of
    // the rules in Monte Carlo (integers) and rounding happens once.
    Acc pay_total{};
    for (std::size_t r = 0; r < R; ++r) {
      out.push_back(static_cast<double>(row[S + r]) / n * POUNDS);
      pay_total += row[S + r];
    }
    const double payments = static_cast<double>(pay_total) / n * POUNDS;
    const double cost = static_cast<double>(row[S + R]) / n * POUNDS;
    out.push_back(payments);
    const double block =
        static_cast<double>(s.economics.block_payment_at(static_cast<model::Month>(t))) * POUNDS;
    out.push_back(block);
    out.push_back(cost);
    out.push_back(payments + block - cost);
    out.push_back(payments + block);
    table.values.push_back(std::move(out));
  }
  return table;
}

}  // namespace

std::vector<MonthlyColumn> monthly_quantities(const model::Scenario& s) {
  std::vector<MonthlyColumn> cols;
  for (const auto& state : s.states) cols.push_back({"occupancy_" + state.name, Unit::count});
  for (const auto& rule : s.contract.rules) cols.push_back({"payments_" + rule.name, Unit::gbp});
  for (const char* c : {"payments_total", "block_payment", "provider_cost", "provider_margin",
                        "commissioner_spend"}) {
    cols.push_back({c, Unit::gbp});
  }
  return cols;
}

std::vector<std::string> monthly_columns(const model::Scenario& s) {
  std::vector<std::string> cols = {"strategy", "month"};
  for (const auto& q : monthly_quantities(s)) {
    cols.push_back(q.quantity + "_" + std::string(to_string(q.unit)));
  }
  return cols;
}

MonthlyTable monthly_table_monte_carlo(const model::Scenario& s, const std::string& strategy,
                                       const sim::ReplicationTally<std::int64_t>& total,
                                       std::int64_t replications) {
  if (replications < 1) throw std::invalid_argument("monthly table: no replications");
  check_shape(s, total.states, total.groups, total.rules, total.horizon);
  const std::size_t width = s.states.size() + s.contract.rules.size() + 1;
  std::vector<std::int64_t> acc(static_cast<std::size_t>(s.horizon_months) * width, 0);
  accumulate(total, acc);
  return finish(s, strategy, acc, static_cast<double>(replications));
}

MonthlyTable monthly_table_monte_carlo(
    const model::Scenario& s, const std::string& strategy,
    std::span<const sim::ReplicationTally<std::int64_t>> tallies) {
  if (tallies.empty()) throw std::invalid_argument("monthly table: no replications");
  for (const auto& tally : tallies) {
    check_shape(s, tally.states, tally.groups, tally.rules, tally.horizon);
  }
  return monthly_table_monte_carlo(s, strategy, sim::sum_of(tallies),
                                   static_cast<std::int64_t>(tallies.size()));
}

MonthlyTable monthly_table_exact(const model::Scenario& s, const std::string& strategy,
                                 const sim::ReplicationTally<double>& expected) {
  check_shape(s, expected.states, expected.groups, expected.rules, expected.horizon);
  const std::size_t width = s.states.size() + s.contract.rules.size() + 1;
  std::vector<double> acc(static_cast<std::size_t>(s.horizon_months) * width, 0.0);
  accumulate(expected, acc);
  return finish(s, strategy, acc, 1.0);
}

std::string monthly_csv(const model::Scenario& s, std::span<const MonthlyTable> tables) {
  const auto quantities = monthly_quantities(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& table : tables) {
    for (std::size_t t = 0; t < table.values.size(); ++t) {
      std::vector<std::string> row = {table.strategy, std::to_string(t)};
      for (std::size_t c = 0; c < table.values[t].size(); ++c) {
        const Unit unit = c < quantities.size() ? quantities[c].unit : Unit::count;
        row.push_back(csv_value(table.values[t][c], unit));
      }
      rows.push_back(std::move(row));
    }
  }
  return csv_document(monthly_columns(s), rows);
}

}  // namespace pbr::output
