#include "engine/stats/moments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace pbr::stats {

namespace {

void require_two(const Moments& m, const char* what) {
  if (m.n < 2) {
    throw std::logic_error(std::string("Moments::") + what +
                           ": needs n >= 2, got n = " + std::to_string(m.n));
  }
}

}  // namespace

void Moments::add(double x) {
  ++n;
  const double delta = x - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (x - mean);
}

void Moments::merge(const Moments& other) {
  if (other.n == 0) return;
  if (n == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n);
  const double nb = static_cast<double>(other.n);
  const double total = na + nb;
  const double delta = other.mean - mean;
  mean += delta * (nb / total);
  m2 += other.m2 + delta * delta * (na * nb / total);
  n += other.n;
}

double Moments::variance() const {
  require_two(*this, "variance");
  // Rounding in add() can leave m2 a hair below zero for constant data.
  return std::max(0.0, m2) / static_cast<double>(n - 1);
}

double Moments::sd() const {
  require_two(*this, "sd");
  return std::sqrt(variance());
}

double Moments::standard_error() const {
  require_two(*this, "standard_error");
  return sd() / std::sqrt(static_cast<double>(n));
}

bool standard_error_within(const Moments& m, double tolerance, std::int64_t min_n) {
  if (!(tolerance > 0)) throw std::invalid_argument("standard_error_within: tolerance must be > 0");
  if (m.n < std::max<std::int64_t>(min_n, 2)) return false;
  return m.standard_error() <= tolerance;
}

std::int64_t replications_needed(const Moments& m, double tolerance) {
  if (!(tolerance > 0)) throw std::invalid_argument("replications_needed: tolerance must be > 0");
  const double needed = std::ceil(m.variance() / (tolerance * tolerance));
  if (!(needed < 9.0e18)) return INT64_MAX;  // saturate instead of overflowing the cast
  return std::max(m.n, static_cast<std::int64_t>(needed));
}

}  // namespace pbr::stats
