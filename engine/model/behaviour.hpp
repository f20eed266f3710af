#pragma once
//! \file Provider behaviours: admission and effort, per client group.

#include <optional>
#include <string>
#include <string_view>
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
  //! Where the group's admitted referrals start instead of Referrals::admission_state (for
  //! example a waiting state, whose exits then decide when treatment starts: entry delayed);
  //! absent: the scenario's admission state.
  std::optional<StateIndex> entry_state;
};

//! The bounds of a behaviour's intensity, a continuous lever: at intensity t every factor f of
//! its transition multipliers becomes 1 + t (f - 1) and its cost multiplier c becomes
//! 1 + t (c - 1) (each at least 0): t = 0 is honest effort, t = 1 the behaviour as declared,
//! values between or beyond scale it. min <= 1 <= max, so the declared behaviour is inside.
struct IntensityRange {
  double min = 1.0;
  double max = 1.0;
};

//! The form of gaming a behaviour is, for the verdict's words: parking (less effort for
//! clients the tariff does not cover), timing (discharges rushed or held, entry delayed), or
//! another effort.
enum class GamingForm { parking, timing, other };

//! "parking", "timing" or "other".
std::string_view to_string(GamingForm form);

//! A named behaviour ("park", "fast_track", or a custom one): one entry per group.
struct Behaviour {
  std::string name;
  std::vector<GroupBehaviour> groups;  //!< indexed by GroupIndex
  std::string description;
  GamingForm form = GamingForm::other;
  //! Declared when the behaviour's intensity is a lever the best response may choose within
  //! these bounds; absent: applied as declared only (intensity 1).
  std::optional<IntensityRange> intensity;
};

//! `behaviour` at intensity t (see IntensityRange); its admission probability is kept.
GroupBehaviour at_intensity(const GroupBehaviour& behaviour, double t);

//! Index of the behaviour named `name`, or -1.
int find_behaviour(const std::vector<Behaviour>& behaviours, const std::string& name);

}  // namespace pbr::model
