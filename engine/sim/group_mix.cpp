#include "engine/sim/group_mix.hpp"

#include <cstddef>
#include <stdexcept>

namespace pbr::sim {

namespace {

void check_sources(std::size_t sources, int groups) {
  if (sources != static_cast<std::size_t>(groups)) {
    throw std::invalid_argument("mix_group_parts: one source per group is needed");
  }
}

}  // namespace

void mix_ledger_parts(std::span<const rules::PaymentLedger<std::int64_t>* const> sources,
                      rules::PaymentLedger<std::int64_t>& out) {
  check_sources(sources.size(), out.groups);
  out.recoveries.clear();
  for (model::GroupIndex g = 0; g < out.groups; ++g) {
    const auto& src = *sources[static_cast<std::size_t>(g)];
    for (model::Month t = 0; t < out.months; ++t) {
      for (model::RuleIndex r = 0; r < out.rules; ++r) {
        out.payment_at(t, r, g) = src.payment_at(t, r, g);
        out.payment_count_at(t, r, g) = src.payment_count_at(t, r, g);
      }
    }
    for (model::RuleIndex r = 0; r < out.rules; ++r) {
      out.qualifying_at(r, g) = src.qualifying_at(r, g);
      out.treated_in_window_at(r, g) = src.treated_in_window_at(r, g);
    }
    for (const auto& rec : src.recoveries) {
      if (rec.group == g) out.recoveries.push_back(rec);
    }
  }
  out.compact_recoveries();
}

void mix_group_parts(std::span<const ReplicationTally<std::int64_t>* const> sources,
                     ReplicationTally<std::int64_t>& out) {
  check_sources(sources.size(), out.groups);
  std::vector<const rules::PaymentLedger<std::int64_t>*> ledgers;
  ledgers.reserve(sources.size());
  for (model::GroupIndex g = 0; g < out.groups; ++g) {
    const auto& src = *sources[static_cast<std::size_t>(g)];
    out.by_group[static_cast<std::size_t>(g)] = src.by_group[static_cast<std::size_t>(g)];
    for (int t = 0; t < out.horizon; ++t) {
      out.cost_at(t, g) = src.cost[static_cast<std::size_t>(t) * out.groups + g];
      for (int s = 0; s < out.states; ++s) {
        out.occupancy_at(t, s, g) =
            src.occupancy[(static_cast<std::size_t>(t) * out.states + s) * out.groups + g];
      }
    }
    ledgers.push_back(&src.ledger);
  }
  mix_ledger_parts(ledgers, out.ledger);
}

}  // namespace pbr::sim
