#include "engine/sim/metric_summaries.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

namespace pbr::sim {

MetricSummaries::MetricSummaries(const model::Scenario& scenario, std::size_t kept_values)
    : kept_values_(kept_values), catalogue_(metric_catalogue(scenario)) {}

void MetricSummaries::start(std::span<const MetricValue> first) {
  std::map<std::string, const MetricInfo*> info;
  for (const auto& mi : catalogue_) info[mi.name] = &mi;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> position;
  for (std::size_t k = 0; k < first.size(); ++k) {
    const auto& v = first[k];
    keys_.push_back({v.metric, v.scope_kind, v.scope, v.unit});
    position[{v.metric, v.scope_kind, v.scope}] = k;
  }
  slots_.resize(keys_.size());
  if (!keys_.empty()) {
    kept_values_ =
        std::min(kept_values_, std::max(stats::MIN_KEPT_VALUES, KEPT_VALUE_BUDGET / keys_.size()));
  }
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const auto& key = keys_[k];
    const auto it = info.find(key.metric);
    if (it == info.end()) {
      throw std::invalid_argument("MetricSummaries: metric '" + key.metric +
                                  "' is not in the scenario's catalogue");
    }
    auto& slot = slots_[k];
    if (!it->second->ratio_numerator.empty()) {
      slot.kind = Kind::ratio;
      slot.numerator = position.at({it->second->ratio_numerator, key.scope_kind, key.scope});
      slot.denominator = position.at({it->second->ratio_denominator, key.scope_kind, key.scope});
      slot.ratio.emplace(kept_values_);
    } else {
      slot.kind = it->second->mean_of_ratios ? Kind::mean_of_ratios : Kind::plain;
      slot.values.emplace(kept_values_);
    }
  }
}

void MetricSummaries::add(std::span<const MetricValue> replication) {
  if (replications_ == 0) start(replication);
  if (replication.size() != keys_.size()) {
    throw std::invalid_argument("MetricSummaries: replications disagree in shape");
  }
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const auto& v = replication[k];
    if (v.metric != keys_[k].metric || v.scope_kind != keys_[k].scope_kind ||
        v.scope != keys_[k].scope) {
      throw std::invalid_argument("MetricSummaries: replications disagree in shape");
    }
    auto& slot = slots_[k];
    switch (slot.kind) {
      case Kind::plain:
        slot.values->add(v.value);
        break;
      case Kind::mean_of_ratios:
        if (std::isfinite(v.value)) slot.values->add(v.value);
        break;
      case Kind::ratio:
        slot.ratio->add(replication[slot.numerator].value, replication[slot.denominator].value);
        break;
    }
  }
  ++replications_;
}

std::optional<std::size_t> MetricSummaries::find(const std::string& metric,
                                                 const std::string& scope_kind,
                                                 const std::string& scope) const {
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    if (keys_[k].metric == metric && keys_[k].scope_kind == scope_kind && keys_[k].scope == scope) {
      return k;
    }
  }
  return std::nullopt;
}

stats::Summary MetricSummaries::summary(std::size_t k) const {
  if (replications_ == 0) throw std::invalid_argument("MetricSummaries: no replications");
  const auto& slot = slots_.at(k);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (slot.kind == Kind::ratio) {
    const auto r = slot.ratio->result();
    return {replications_, r.ratio, nan, r.se, r.ci_low, r.ci_high, nan,
            nan,           nan,     nan, nan,  nan,      nan};
  }
  if (slot.values->count() == 0) {
    return {0, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
  }
  return slot.values->summary();
}

stats::Summary MetricSummaries::summary(const std::string& metric, const std::string& scope_kind,
                                        const std::string& scope) const {
  const auto k = find(metric, scope_kind, scope);
  if (!k) {
    throw std::out_of_range("metric '" + metric + "' in scope " + scope_kind + " '" + scope +
                            "' not found");
  }
  return summary(*k);
}

}  // namespace pbr::sim
