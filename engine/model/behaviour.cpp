#include "engine/model/behaviour.hpp"

namespace pbr::model {

int find_behaviour(const std::vector<Behaviour>& behaviours, const std::string& name) {
  for (std::size_t i = 0; i < behaviours.size(); ++i) {
    if (behaviours[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace pbr::model
