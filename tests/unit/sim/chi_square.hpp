#pragma once
// Two-sample chi-square test of homogeneity for the [stat] tests.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace pbr::test {

//! Regularised upper incomplete gamma Q(a, x) (Numerical Recipes: series below a + 1,
//! continued fraction above).
inline double gamma_q(double a, double x) {
  if (x <= 0.0) return 1.0;
  const double log_prefix = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1.0) {
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 1000 && std::fabs(term) > std::fabs(sum) * 1e-15; ++n) {
      term *= x / (a + n);
      sum += term;
    }
    return 1.0 - sum * std::exp(log_prefix);
  }
  double b = x + 1.0 - a, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (std::fabs(c) < 1e-300) c = 1e-300;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < 1e-15) break;
  }
  return std::exp(log_prefix) * h;
}

struct ChiSquare {
  double statistic = 0.0;
  int dof = 0;
  double p_value = 1.0;
};

//! Are the counts `a` and `b` (same categories) draws from one distribution? Categories
//! whose expected count is below 5 in either sample are pooled into one bin first.
inline ChiSquare two_sample_chi_square(const std::vector<std::int64_t>& a,
                                       const std::vector<std::int64_t>& b) {
  double na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    na += static_cast<double>(a[i]);
    nb += static_cast<double>(b[i]);
  }
  std::vector<std::pair<double, double>> bins;
  std::pair<double, double> pooled{0, 0};
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double total = static_cast<double>(a[i] + b[i]);
    if (total * std::min(na, nb) / (na + nb) < 5.0) {
      pooled.first += static_cast<double>(a[i]);
      pooled.second += static_cast<double>(b[i]);
    } else {
      bins.emplace_back(static_cast<double>(a[i]), static_cast<double>(b[i]));
    }
  }
  if (pooled.first + pooled.second > 0) {
    // A pooled bin that is still sparse joins the last regular bin.
    if ((pooled.first + pooled.second) * std::min(na, nb) / (na + nb) < 5.0 && !bins.empty()) {
      bins.back().first += pooled.first;
      bins.back().second += pooled.second;
    } else {
      bins.push_back(pooled);
    }
  }
  ChiSquare out;
  for (const auto& [x, y] : bins) {
    const double total = x + y;
    const double ea = total * na / (na + nb), eb = total * nb / (na + nb);
    out.statistic += (x - ea) * (x - ea) / ea + (y - eb) * (y - eb) / eb;
  }
  out.dof = static_cast<int>(bins.size()) - 1;
  out.p_value = out.dof > 0 ? gamma_q(out.dof / 2.0, out.statistic / 2.0) : 1.0;
  return out;
}

}  // namespace pbr::test
