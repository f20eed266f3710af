#pragma once
//! \file Tallies made of groups' parts of other tallies: how the best response evaluates any
//! mix of per-group choices from one run per choice.
//!
//! Without a capacity limit clients do not interact, and a client's group, admission draw and
//! path depend only on its ids and on its own group's policy (cohort_runner.hpp). So in one
//! replication the per-client tally (PaymentStage::per_client) of a policy that mixes group
//! choices is, group by group, the part of the per-client tally of any policy that makes the
//! same choice for that group (same seed, same replication). Mixing those parts and running
//! apply_contract_stage gives exactly the tally the runner gives for the mixed policy.

#include <cstdint>
#include <span>

#include "engine/rules/ledger.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::sim {

//! Overwrites `out` with group g's part of sources[g]'s ledger for every g: payment cells,
//! qualifying clients, payment counts, graded cohort counts and clawbacks (compacted).
//! \pre sources.size() == out.groups; every source has out's shape
void mix_ledger_parts(std::span<const rules::PaymentLedger<std::int64_t>* const> sources,
                      rules::PaymentLedger<std::int64_t>& out);

//! Overwrites `out` with group g's part of sources[g] for every g: door counters and moves
//! (by_group), occupancy, cost and the ledger (mix_ledger_parts).
//! \pre sources.size() == out.groups; every source has out's shape
void mix_group_parts(std::span<const ReplicationTally<std::int64_t>* const> sources,
                     ReplicationTally<std::int64_t>& out);

}  // namespace pbr::sim
