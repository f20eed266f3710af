#include "engine/model/states.hpp"

namespace pbr::model {

std::string_view to_string(StateKind kind) {
  switch (kind) {
    case StateKind::waiting:
      return "waiting";
    case StateKind::treatment:
      return "treatment";
    case StateKind::completion:
      return "completion";
    case StateKind::community:
      return "community";
    case StateKind::dropout:
      return "dropout";
    case StateKind::representation:
      return "representation";
    case StateKind::recovery:
      return "recovery";
    case StateKind::death:
      return "death";
    case StateKind::untreated:
      return "untreated";
    case StateKind::other:
      return "other";
  }
  return "other";
}

StateIndex find_state(const std::vector<State>& states, std::string_view name) {
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (states[i].name == name) return static_cast<StateIndex>(i);
  }
  return -1;
}

}  // namespace pbr::model
