#pragma once
//! \file The metrics of every replication, summarised as they come: one streaming
//! accumulator per (metric, scope), so a run's memory does not grow with its replications.
//!
//! How each metric is summarised across replications follows its MetricInfo:
//! - a plain metric: stats::SummaryAccumulator of its values (stats/streaming.hpp: exact
//!   while at most stats::KEPT_VALUES replications, streaming past that);
//! - a ratio metric (MetricInfo::ratio_numerator): mean(numerator) / mean(denominator) by
//!   stats::RatioAccumulator over the numerator's and the denominator's values in the same
//!   scope; its sd, quantiles, min, max and shares are NaN (they describe single
//!   replications, which a ratio of means has not);
//! - a mean of ratios (MetricInfo::mean_of_ratios): the values that are finite; every field
//!   NaN and n = 0 when no replication had one.
//! Values kept for exact summaries are shared out under one budget, KEPT_VALUE_BUDGET: each
//! (metric, scope) keeps min(kept_values, max(stats::MIN_KEPT_VALUES, KEPT_VALUE_BUDGET /
//! number of (metric, scope))) values, so a scenario with many groups (many scopes) cannot
//! multiply the memory.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/tally.hpp"
#include "engine/stats/streaming.hpp"

namespace pbr::sim {

//! Values all the accumulators of one MetricSummaries keep at most, together (32 MiB).
inline constexpr std::size_t KEPT_VALUE_BUDGET = std::size_t{1} << 22;

//! One metric in one scope, as compute_metrics names it.
struct MetricKey {
  std::string metric;
  std::string scope_kind;
  std::string scope;
  std::string unit;
};

//! Streaming summaries of compute_metrics over replications.
//!
//! **Example**
//! \code
//! sim::MetricSummaries summaries(scenario);
//! sim::for_each_replication(scenario, policies, settings,
//!     [&](int, std::span<sim::ReplicationTally<std::int64_t>> t) {
//!       summaries.add(sim::compute_metrics(scenario, t[0]));
//!     });
//! const auto margin = summaries.summary("provider_margin");
//! \endcode
class MetricSummaries {
 public:
  //! \param kept_values  passed to every accumulator (tests use a small value to reach the
  //!                     streaming path cheaply)
  explicit MetricSummaries(const model::Scenario& scenario,
                           std::size_t kept_values = stats::KEPT_VALUES);

  //! Adds one replication's metrics, as compute_metrics gives them, in replication order.
  //! \throws std::invalid_argument when their names or order differ from the first
  //!         replication's, or a plain metric's value is not finite
  void add(std::span<const MetricValue> replication);

  [[nodiscard]] std::int64_t replications() const { return replications_; }
  //! Values each accumulator keeps for exact summaries (set by the first add; see above).
  [[nodiscard]] std::size_t kept_values() const { return kept_values_; }
  //! Every (metric, scope), in compute_metrics order; empty before the first add.
  [[nodiscard]] const std::vector<MetricKey>& keys() const { return keys_; }
  //! Position of a (metric, scope) in keys(), if present.
  [[nodiscard]] std::optional<std::size_t> find(const std::string& metric,
                                                const std::string& scope_kind = "total",
                                                const std::string& scope = "total") const;
  //! Summary of keys()[k] over the replications added.
  //! \throws std::out_of_range for a bad k; std::invalid_argument before the first add
  [[nodiscard]] stats::Summary summary(std::size_t k) const;
  //! Summary of a (metric, scope). \throws std::out_of_range when it is not there
  [[nodiscard]] stats::Summary summary(const std::string& metric,
                                       const std::string& scope_kind = "total",
                                       const std::string& scope = "total") const;

 private:
  enum class Kind { plain, ratio, mean_of_ratios };
  struct Slot {
    Kind kind = Kind::plain;
    std::size_t numerator = 0, denominator = 0;  //!< for a ratio: positions in keys_
    std::optional<stats::SummaryAccumulator> values;
    std::optional<stats::RatioAccumulator> ratio;
  };
  void start(std::span<const MetricValue> first);

  std::size_t kept_values_;
  std::vector<MetricInfo> catalogue_;
  std::vector<MetricKey> keys_;
  std::vector<Slot> slots_;
  std::int64_t replications_ = 0;
};

}  // namespace pbr::sim
