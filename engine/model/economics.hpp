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

struct Economics {
  //! cost_per_month[group][state]: provider's cost of one client-month, pence >= 0
  std::vector<std::vector<core::Pence>> cost_per_month;
  core::Pence block_payment_per_month = 0;  //!< fixed payment to the provider, pence >= 0
  //! Largest caseload in treatment-kind states at once; nullopt = unlimited.
  std::optional<std::int64_t> capacity;
  OverflowPolicy overflow = OverflowPolicy::turn_away;
  //! With OverflowPolicy::wait: a referral still waiting after this many months is turned
  //! away; nullopt = waits until a place frees or the horizon ends.
  std::optional<Month> max_wait_months;
};

}  // namespace pbr::model
