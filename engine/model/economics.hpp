#pragma once
//! \file The provider's costs, block income and capacity.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/model/ids.hpp"

namespace pbr::model {

//! What happens to a referral that arrives when treatment is full.
enum class OverflowPolicy {
  wait,      //!< waits in Referrals::waiting_state, admitted first-come first-served
  turn_away  //!< goes straight to the untreated pathway
};

//! A change of the monthly block payment from a contract month on.
struct BlockChange {
  Month from_month = 0;   //!< >= 1
  core::Pence pence = 0;  //!< block payment per month from then on, >= 0
};

struct Economics {
  //! cost_per_month[group][state]: provider's cost of one client-month, pence >= 0
  std::vector<std::vector<core::Pence>> cost_per_month;
  core::Pence block_payment_per_month = 0;  //!< fixed payment to the provider, pence >= 0
  //! Later block payments, by increasing from_month (>= 1): from that month on, the block
  //! payment per month is `pence` (e.g. a block that falls as the PbR share rises).
  std::vector<BlockChange> block_changes;

  //! The block payment of month `t` (block_changes applied).
  [[nodiscard]] core::Pence block_payment_at(Month t) const {
    core::Pence pence = block_payment_per_month;
    for (const auto& change : block_changes) {
      if (change.from_month > t) break;
      pence = change.pence;
    }
    return pence;
  }
  //! Largest caseload in treatment-kind states at once; nullopt = unlimited.
  std::optional<std::int64_t> capacity;
  OverflowPolicy overflow = OverflowPolicy::turn_away;
  //! With OverflowPolicy::wait: a referral still waiting after this many months is turned
  //! away; nullopt = waits until a place frees or the horizon ends.
  std::optional<Month> max_wait_months;
};

}  // namespace pbr::model
