#pragma once
//! \file Client groups (the case-mix), tariff bands and referral flows.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::model {

//! A tariff band set by the commissioner's independent assessment (e.g. LASARS).
struct Band {
  std::string name;
  std::string description;
};

//! One client group: the unit of the case-mix. Groups in one band are paid the same tariff
//! but may differ in attributes the provider sees and the tariff ignores (crack co-use,
//! injecting, housing problem), which is how selection inside a band is expressed.
struct Group {
  std::string name;
  double share = 0.0;  //!< share of referrals, in [0, 1]; shares sum to 1
  BandIndex band = 0;
  //! attribute name -> value, e.g. {"crack_use", "yes"}; sorted by name
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string description;
};

//! Clients already in the system when the contract starts: the caseload's own case-mix by
//! group, state and months in state.
struct ExistingCaseload {
  std::int64_t count = 0;     //!< clients of this entry
  StateIndex state = 0;       //!< state they are in at month 0
  Month months_in_state = 0;  //!< duration already spent in that state at month 0
  //! Their group; -1 = each client's group is drawn from the referral shares.
  GroupIndex group = -1;
};

//! A piece of the monthly referral rate: `rate` referrals per month from `from_month` on.
struct RatePiece {
  Month from_month = 0;
  double rate = 0.0;
};

//! How referrals arrive and where they go.
struct Referrals {
  std::int64_t starting_cohort = 0;     //!< referrals arriving at month 0, on top of the rate
  std::vector<RatePiece> monthly_rate;  //!< piecewise constant; first piece starts at month 0
  //! true: each month's count is Poisson(rate); false: deterministic, the integer part of
  //! the cumulative expected count (so the total follows the rate exactly)
  bool poisson = true;
  std::vector<ExistingCaseload> existing;
  StateIndex admission_state = 0;  //!< where an admitted referral starts (treatment kind)
  StateIndex untreated_state = 0;  //!< where a turned-away referral goes (untreated kind)
  StateIndex waiting_state = -1;   //!< where a referral waits for a place; -1 if none

  //! Expected referrals arriving in month t (excluding the starting cohort).
  [[nodiscard]] double rate_at(Month t) const;
};

}  // namespace pbr::model
