#include "engine/strategy/golden_section.hpp"

#include <algorithm>
#include <cstddef>

namespace pbr::strategy {

void golden_section_side_by_side(const std::vector<bool>& active, std::vector<double> lo,
                                 std::vector<double> hi, int steps, const SideBySideProbe& probe) {
  constexpr double PHI = 0.6180339887498949;
  if (std::find(active.begin(), active.end(), true) == active.end()) return;
  const std::size_t n = active.size();
  std::vector<double> c(n), d(n), fc(n), fd(n);
  for (std::size_t i = 0; i < n; ++i) {
    c[i] = hi[i] - PHI * (hi[i] - lo[i]);
    d[i] = lo[i] + PHI * (hi[i] - lo[i]);
  }
  probe(c, fc);
  probe(d, fd);
  for (int k = 0; k < steps; ++k) {
    std::vector<double> next(n);
    std::vector<bool> moved_c(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      if (!active[i]) continue;
      if (fc[i] > fd[i]) {  // the maximum lies in [lo, d]
        hi[i] = d[i];
        d[i] = c[i];
        fd[i] = fc[i];
        c[i] = hi[i] - PHI * (hi[i] - lo[i]);
        next[i] = c[i];
        moved_c[i] = true;
      } else {  // ... in [c, hi]
        lo[i] = c[i];
        c[i] = d[i];
        fc[i] = fd[i];
        d[i] = lo[i] + PHI * (hi[i] - lo[i]);
        next[i] = d[i];
      }
    }
    std::vector<double> value(n);
    probe(next, value);
    for (std::size_t i = 0; i < n; ++i) {
      if (active[i]) (moved_c[i] ? fc[i] : fd[i]) = value[i];
    }
  }
}

}  // namespace pbr::strategy
