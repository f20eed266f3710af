#include "engine/format/spreadsheet_names.hpp"

namespace pbr::format {

std::string formula_name_problem(std::string_view name) {
  if (name.empty()) return "";
  switch (name.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
      return std::string("starts with '") + name.front() + "'";
    case '\t':
      return "starts with a tab";
    case '\r':
      return "starts with a carriage return";
    default:
      return "";
  }
}

std::string formula_name_message(std::string_view name) {
  const std::string problem = formula_name_problem(name);
  if (problem.empty()) return "";
  return "name '" + std::string(name) + "' " + problem +
         ", which a spreadsheet reads as a formula; names may not start with =, +, -, @, tab or "
         "carriage return";
}

}  // namespace pbr::format
