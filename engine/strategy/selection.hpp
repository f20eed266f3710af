#pragma once
//! \file Who a strategy selects and what selection costs the people turned away: the severity
//! mix of admissions against referrals, the outcomes of refused and turned-away referrals on
//! the untreated pathway, and the population cost against admit_all.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/tally.hpp"
#include "engine/stats/streaming.hpp"
#include "engine/stats/summary.hpp"

namespace pbr::strategy {

//! Share of referrals and share of admissions holding one value of one dimension (a tariff
//! band, or one value of an attribute the tariff ignores), pooled over replications.
struct MixRow {
  std::string dimension;         //!< "band" or the attribute's name (e.g. "crack_use")
  std::string value;             //!< the band's name or the attribute's value ("(none)" if unset)
  double referral_share = 0.0;   //!< in [0, 1]: share of all referrals
  double admission_share = 0.0;  //!< in [0, 1]: share of all admissions (0 if none)
  //! admission_share - referral_share: negative when the value is under-admitted
  [[nodiscard]] double difference() const { return admission_share - referral_share; }
};

//! Rows for every band (index order), then every attribute name (alphabetical) and its values
//! (alphabetical; "(none)" for groups without the attribute). Counts are summed over
//! replications before dividing, so each share is a ratio of totals.
//! \param total  the sum of every replication's tally (sim::sum_of)
std::vector<MixRow> severity_mix(const model::Scenario& scenario,
                                 const sim::ReplicationTally<std::int64_t>& total);

//! The referrals a strategy did not admit and what happened to them, per replication (means).
//! Deaths and recoveries count moves into death- and recovery-kind states out of
//! untreated-kind states, i.e. on the untreated pathway itself (only refused and turned-away
//! referrals are placed there; later moves through other states are not attributed).
struct UntreatedOutcomes {
  double referrals = 0.0;    //!< referrals per replication
  double refused = 0.0;      //!< refused by the strategy
  double turned_away = 0.0;  //!< turned away for lack of capacity
  double deaths = 0.0;       //!< deaths on the untreated pathway
  double recoveries = 0.0;   //!< sustained recoveries on the untreated pathway
};

//! Means over replications (see UntreatedOutcomes).
//! \param total         the sum of every replication's tally (sim::sum_of)
//! \param replications  how many tallies `total` sums, >= 1 (else std::invalid_argument)
UntreatedOutcomes untreated_outcomes(const model::Scenario& scenario,
                                     const sim::ReplicationTally<std::int64_t>& total,
                                     std::int64_t replications);

//! One replication's outcome totals under one strategy (metric "total" scopes).
struct OutcomeTotals {
  double referrals = 0.0;             //!< referrals (the same under every strategy)
  double sustained_recoveries = 0.0;  //!< entries into recovery states, all clients
  double deaths = 0.0;                //!< entries into death states, all clients
  double not_admitted = 0.0;          //!< refused + turned-away referrals
  double admissions = 0.0;            //!< treatment starts (metric treatment_starts)
  double months_waited = 0.0;         //!< months admitted referrals waited for a place
};

//! The population cost of a strategy against admit_all, per 1,000 referrals, as paired
//! differences over replications (common random numbers: replication i of both runs saw the
//! same referrals).
struct PopulationCost {
  stats::Summary recoveries_lost;      //!< (admit_all - strategy) sustained recoveries
  stats::Summary deaths_added;         //!< (strategy - admit_all) deaths
  stats::Summary turned_away;          //!< (strategy - admit_all) refused + turned-away referrals
  stats::Summary starts_lost;          //!< (admit_all - strategy) treatment starts
  stats::Summary months_waited_added;  //!< (strategy - admit_all) months waited for a place
};

//! Population cost built one replication at a time (stats::SummaryAccumulator each): for
//! replication i, 1000 x difference_i / referrals_i (0 when it has no referrals).
class PopulationCostAccumulator {
 public:
  explicit PopulationCostAccumulator(std::size_t kept_values = stats::KEPT_VALUES);
  //! Adds replication i's totals of admit_all and of the strategy, in replication order.
  void add(const OutcomeTotals& base, const OutcomeTotals& strategy);
  //! \throws std::invalid_argument when nothing was added
  [[nodiscard]] PopulationCost result() const;

 private:
  stats::SummaryAccumulator lost_, added_, away_, starts_, waited_;
};

}  // namespace pbr::strategy
