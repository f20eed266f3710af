#include "engine/model/case_mix.hpp"

namespace pbr::model {

double Referrals::rate_at(Month t) const {
  double rate = 0.0;
  for (const auto& piece : monthly_rate) {
    if (piece.from_month <= t) rate = piece.rate;
  }
  return rate;
}

}  // namespace pbr::model
