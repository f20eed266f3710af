#pragma once
//! \file One client's simulated path: what payout rules read.

#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::model {

//! The client is in `state` from month `month` (until the next entry or the horizon).
struct StateEntry {
  Month month = 0;
  StateIndex state = 0;
};

//! A client's path over the contract horizon. entries[0] is the client's placement when
//! they arrive (or at month 0 for the existing caseload); each later entry is a move, in
//! strictly increasing month order, all < horizon. Produced by sim::ClientPathGenerator.
struct ClientPath {
  ClientId cid = 0;
  GroupIndex group = 0;
  Month arrival = 0;      //!< month of referral (0 for the existing caseload)
  bool admitted = false;  //!< false: refused or turned away (untreated pathway)
  Month wait_months = 0;  //!< months spent waiting for a place before admission
  std::vector<StateEntry> entries;

  void clear() {
    entries.clear();
    admitted = false;
    wait_months = 0;
  }
};

}  // namespace pbr::model
