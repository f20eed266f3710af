// The scenario format's tally-size limit (format::tally_cells, docs/scenario-format.md) against
// the tally the simulation really allocates: here, where both modules are linked.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>

#include "engine/format/scenario_limits.hpp"
#include "engine/sim/tally.hpp"

using namespace pbr;

TEST_CASE("tally_cells counts the cells a replication's tally allocates for them",
          "[sim][tally][limits]") {
  // The documented formula is the size of the tally's three largest tables.
  const format::TallyShape shape{7, 3, 24, 2};
  const sim::ReplicationTally<std::int64_t> tally(7, 3, 2, 24);
  std::size_t transitions = 0;
  for (const auto& g : tally.by_group) transitions += g.transitions.size();
  CHECK(format::tally_cells(shape) ==
        transitions + tally.occupancy.size() + tally.ledger.payments.size());
  CHECK(format::tally_cells(shape) == 3u * 7 * 7 + 24u * 3 * (7 + 2));
}
