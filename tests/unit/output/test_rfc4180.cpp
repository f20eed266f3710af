// The strict RFC 4180 parser is test infrastructure; these tests make sure it is strict.
#include "unit/output/rfc4180.hpp"

#include <catch2/catch.hpp>

using pbr::test::parse_rfc4180;
using pbr::test::Rfc4180Error;

using Rows = std::vector<std::vector<std::string>>;

TEST_CASE("rfc4180 parser reads valid documents", "[output][rfc4180]") {
  CHECK(parse_rfc4180("").empty());
  CHECK(parse_rfc4180("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(parse_rfc4180("a,b\r\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(parse_rfc4180("\"a,b\",\"x\"\"y\"\r\n") == Rows{{"a,b", "x\"y"}});
  CHECK(parse_rfc4180("\"line\r\nbreak\",2\r\n") == Rows{{"line\r\nbreak", "2"}});
  CHECK(parse_rfc4180(",\r\n,\r\n") == Rows{{"", ""}, {"", ""}});
  CHECK(parse_rfc4180("\"\",x\r\n") == Rows{{"", "x"}});
}

TEST_CASE("rfc4180 parser rejects what lenient readers tolerate", "[output][rfc4180]") {
  CHECK_THROWS_WITH(parse_rfc4180("a\"b,c\r\n"), Catch::Contains("quote inside an unquoted"));
  CHECK_THROWS_WITH(parse_rfc4180("\"abc,d\r\n"), Catch::Contains("unterminated"));
  CHECK_THROWS_WITH(parse_rfc4180("\"ab\"c,d\r\n"), Catch::Contains("after a closing quote"));
  CHECK_THROWS_WITH(parse_rfc4180("a,b\r\n1,2,3\r\n"),
                    Catch::Contains("line 2") && Catch::Contains("ragged"));
  CHECK_THROWS_WITH(parse_rfc4180("a,b\r\n1\r\n"), Catch::Contains("ragged"));
  CHECK_THROWS_WITH(parse_rfc4180("a,b\n1,2\n"), Catch::Contains("bare LF"));
  CHECK_THROWS_WITH(parse_rfc4180("a,b\r1,2\r\n"), Catch::Contains("bare CR"));
  CHECK_THROWS_AS(parse_rfc4180("a,b\r\n\r\n"), Rfc4180Error);  // blank line = ragged row
}
