#pragma once
//! \file What a sweep computes at each point, as an interface: an Evaluator maps one point's
//! scenario to a table of (strategy, metric) estimates. The sweep machinery (expansion,
//! scheduling, journals, shards, CSV) knows nothing else about the simulation, so the
//! strategy comparison plugs in as one more Evaluator.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/output/units.hpp"

namespace pbr::sweep {

//! A metric's unit, from the one CSV vocabulary (output/units.hpp): GBP is written to the penny,
//! the others to 6 significant digits.
using Unit = output::Unit;

//! One metric an evaluator reports.
struct MetricInfo {
  //! The metric's name, snake_case without its unit ("provider_margin"): the long layout's
  //! `metric` cell; the wide layout's columns are "<key>_<unit word>" and its intervals.
  std::string key;
  Unit unit = Unit::count;
  std::string description;  //!< one line, copied to the sidecar
  friend bool operator==(const MetricInfo&, const MetricInfo&) = default;
};

//! Describes an evaluator's output; part of the sweep fingerprint.
struct EvaluatorInfo {
  std::string id;                   //!< e.g. "admit_all_mc/1"; bump when results change
  std::vector<MetricInfo> metrics;  //!< the columns, in order
  bool verdict = false;             //!< true when rows carry a verdict text
  friend bool operator==(const EvaluatorInfo&, const EvaluatorInfo&) = default;
};

//! A mean with its confidence interval; NaN where undefined (written as an empty cell).
struct Estimate {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN();
  double ci_high = std::numeric_limits<double>::quiet_NaN();
};

//! The estimates for one strategy at one point.
struct StrategyRow {
  std::string strategy;
  std::vector<Estimate> metrics;  //!< parallel to EvaluatorInfo::metrics
  std::string verdict;            //!< "" when the evaluator gives none
};

//! Everything computed at one point: one row per strategy, in the requested order.
struct PointResult {
  std::vector<StrategyRow> rows;
};

//! What an evaluator is told about the point it evaluates.
struct PointContext {
  std::size_t point = 0;                //!< 0-based point index (for messages only)
  std::uint64_t seed = 1;               //!< the same at every point: common random numbers
  std::int64_t replications = 1;        //!< >= 1
  std::vector<std::string> strategies;  //!< non-empty; "admit_all" when nothing was asked
  //! Set when the user interrupts; a long evaluation may poll it and throw Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  //! Columns of commissioner spend by financial year to append (year_spend_metric(1 ..
  //! years)); the same at every point of a sweep.
  int years = 0;
};

//! Thrown by an evaluator that stopped because PointContext::cancel was set.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

//! A point evaluator. `evaluate` must be a pure function of (scenario, seed, replications,
//! strategies): the same inputs give bit-identical results on any thread count, which is
//! what makes resumed and sharded sweeps equal to uninterrupted ones. It is called
//! concurrently for different points and may use TBB inside (nested parallelism).
struct Evaluator {
  EvaluatorInfo info;
  std::function<PointResult(const model::Scenario&, const PointContext&)> evaluate;
  //! Optional: turns the requested strategy names into the list evaluate() will report
  //! (e.g. admit_all first, duplicates dropped), or throws core::InputError naming unknown
  //! ones. Called for every point before anything runs.
  std::function<std::vector<std::string>(const model::Scenario&, const std::vector<std::string>&)>
      resolve_strategies;
  //! When true, the sweep appends columns of commissioner spend by financial year
  //! (year_spend_metric) and `evaluate` must fill them (PointContext::years).
  bool spend_by_year = false;
};

//! The column of commissioner spend in financial year k (1-based: year 1 holds month 0),
//! pounds: "commissioner_spend_year_k".
MetricInfo year_spend_metric(int k);

//! Checks that a result matches the evaluator's description (each row has one estimate per
//! metric and no infinity, a verdict only when declared, strategies in the order asked).
//! \throws std::logic_error naming the point and what is wrong (an evaluator bug).
void check_result(const EvaluatorInfo& info, const PointContext& context,
                  const PointResult& result);

}  // namespace pbr::sweep
