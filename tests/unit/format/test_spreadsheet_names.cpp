// Tests of engine/format/spreadsheet_names: names a spreadsheet would read as a formula.
#include <catch2/catch.hpp>

#include "engine/format/spreadsheet_names.hpp"

using pbr::format::formula_name_message;
using pbr::format::formula_name_problem;

TEST_CASE("formula_name_problem names what a spreadsheet would read as a formula",
          "[format][names]") {
  CHECK(formula_name_problem("=cmd") == "starts with '='");
  CHECK(formula_name_problem("+1") == "starts with '+'");
  CHECK(formula_name_problem("-low") == "starts with '-'");
  CHECK(formula_name_problem("@SUM(A1)") == "starts with '@'");
  CHECK(formula_name_problem("\tx") == "starts with a tab");
  CHECK(formula_name_problem("\rx") == "starts with a carriage return");
  for (const char* fine : {"", "high", "a=b", "x-1", "_under", " space", "1st", "£"}) {
    INFO(fine);
    CHECK(formula_name_problem(fine).empty());
    CHECK(formula_name_message(fine).empty());
  }
  CHECK(formula_name_message("=cmd") ==
        "name '=cmd' starts with '=', which a spreadsheet reads as a formula; names may not "
        "start with =, +, -, @, tab or carriage return");
}
