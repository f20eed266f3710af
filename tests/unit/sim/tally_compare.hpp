#pragma once
// Byte-for-byte comparison of integer tallies (determinism tests).

#include <cstdint>
#include <vector>

#include "engine/sim/tally.hpp"

namespace pbr::test {

inline bool identical(const sim::ReplicationTally<std::int64_t>& a,
                      const sim::ReplicationTally<std::int64_t>& b) {
  if (a.states != b.states || a.groups != b.groups || a.rules != b.rules || a.horizon != b.horizon)
    return false;
  for (std::size_t g = 0; g < a.by_group.size(); ++g) {
    const auto& x = a.by_group[g];
    const auto& y = b.by_group[g];
    if (x.referrals != y.referrals || x.admissions != y.admissions || x.refused != y.refused ||
        x.turned_away != y.turned_away || x.existing != y.existing || x.waited != y.waited ||
        x.wait_months != y.wait_months || x.transitions != y.transitions ||
        x.placements != y.placements || x.client_months != y.client_months)
      return false;
  }
  return a.occupancy == b.occupancy && a.cost == b.cost && a.ledger.payments == b.ledger.payments &&
         a.ledger.qualifying == b.ledger.qualifying;
}

inline bool identical(const std::vector<sim::ReplicationTally<std::int64_t>>& a,
                      const std::vector<sim::ReplicationTally<std::int64_t>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (!identical(a[r], b[r])) return false;
  }
  return true;
}

}  // namespace pbr::test
