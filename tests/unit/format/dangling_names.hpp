#pragma once
// A scenario with 10,000 dangling names (about 1 MB), shared by the reader and CLI tests of the
// bounds on diagnostics: the limit of 500 states, each unused but listed in every message, and
// 10,000 transitions from states that do not exist. Every 1,000th names a near-typo of a real
// state ('in_treatmnt'), so that suggestions can be seen where they are shown.

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace pbr::test {

inline constexpr int DANGLING_NAMES = 10000;

inline nlohmann::json dangling_names_scenario(nlohmann::json minimal) {
  for (std::size_t i = minimal["states"].size(); i < 500; ++i)
    minimal["states"].push_back({{"name", "spare_state_" + std::to_string(i)}, {"kind", "other"}});
  for (int i = 0; i < DANGLING_NAMES; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "a_state_nobody_declared_number_%05d", i);
    minimal["transitions"].push_back({{"from", i % 1000 == 0 ? "in_treatmnt" : name},
                                      {"to", "died"},
                                      {"monthly", 0.01},
                                      {"notes", "left over from an old version of the pathway"}});
  }
  return minimal;
}

}  // namespace pbr::test
