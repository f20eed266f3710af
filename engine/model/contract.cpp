#include "engine/model/contract.hpp"

namespace pbr::model {

std::string financial_year_label(const Contract& contract, int k) {
  if (!contract.start) return "year " + std::to_string(k + 1);
  // The financial year containing month 0 starts in April of this calendar year.
  const int first = contract.start->month >= 4 ? contract.start->year : contract.start->year - 1;
  const int y = first + k;
  const int next = (y + 1) % 100;
  return std::to_string(y) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

}  // namespace pbr::model
