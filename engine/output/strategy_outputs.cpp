#include "engine/output/strategy_outputs.hpp"

#include <cmath>
#include <sstream>

namespace pbr::output {

std::string exact_gains_text(const ExactStrategyOutputs& outputs) {
  std::ostringstream text;
  text << "Strategies (exact expected values): gain in provider margin over admit_all\n";
  for (const auto& g : outputs.gains) {
    const std::size_t pad = g.strategy.size() < 14 ? 14 - g.strategy.size() : 1;
    text << "  " << g.strategy << std::string(pad, ' ') << "GBP " << format_grouped(g.gain, 0);
    if (std::isfinite(g.share_of_pbr)) {
      text << " (" << format_grouped(100.0 * g.share_of_pbr, 2) << "% of PbR payments)";
    }
    text << "\n";
  }
  text << "Expected values carry no sampling error, so there are no intervals, probabilities or "
          "verdict here: the risk report needs replications (--method mc).\n";
  return text.str();
}

}  // namespace pbr::output
