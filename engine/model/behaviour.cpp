#include "engine/model/behaviour.hpp"

#include <algorithm>

namespace pbr::model {

GroupBehaviour at_intensity(const GroupBehaviour& behaviour, double t) {
  const auto scaled = [t](double factor) { return std::max(0.0, 1.0 + t * (factor - 1.0)); };
  GroupBehaviour out = behaviour;
  for (auto& m : out.multipliers) m.factor = scaled(m.factor);
  out.cost_multiplier = scaled(behaviour.cost_multiplier);
  return out;
}

std::string_view to_string(GamingForm form) {
  switch (form) {
    case GamingForm::parking:
      return "parking";
    case GamingForm::timing:
      return "timing";
    case GamingForm::other:
      return "other";
  }
  return "other";
}

int find_behaviour(const std::vector<Behaviour>& behaviours, const std::string& name) {
  for (std::size_t i = 0; i < behaviours.size(); ++i) {
    if (behaviours[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace pbr::model
