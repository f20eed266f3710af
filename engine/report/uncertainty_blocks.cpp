#include "engine/report/uncertainty_blocks.hpp"

namespace pbr::report {

std::vector<Block> uncertainty_blocks(const nlohmann::json& /*sidecar*/) {
  return {};
}

}  // namespace pbr::report
