#pragma once
//! \file Provider behaviours: admission and effort, per client group.

#include <string>
#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::model {

//! Multiplies the monthly probability of one transition (from -> to) in every cell.
struct TransitionMultiplier {
  StateIndex from = 0;
  StateIndex to = 0;
  double factor = 1.0;  //!< >= 0; the resulting rows must still sum to <= 1
};

//! How a provider treats one group under a behaviour.
struct GroupBehaviour {
  double admission_probability = 1.0;  //!< in [0, 1]; refused referrals go untreated
  std::vector<TransitionMultiplier> multipliers;
  double cost_multiplier = 1.0;  //!< >= 0, applied to the group's cost in treatment states
};

//! A named behaviour ("park", "fast_track", or a custom one): one entry per group.
struct Behaviour {
  std::string name;
  std::vector<GroupBehaviour> groups;  //!< indexed by GroupIndex
  std::string description;
};

//! Index of the behaviour named `name`, or -1.
int find_behaviour(const std::vector<Behaviour>& behaviours, const std::string& name);

}  // namespace pbr::model
