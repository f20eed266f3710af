#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"

using namespace pbr::core;

TEST_CASE("a diagnostic names file, pointer and message", "[core]") {
  const Diagnostic d{"a.json", "/contract/rules/0", "expected an object, got 3"};
  CHECK(d.to_string() == "a.json: /contract/rules/0: expected an object, got 3");
  CHECK(Diagnostic{"", "", "bad"}.to_string() == "/: bad");
}

TEST_CASE("InputError carries every diagnostic in order", "[core]") {
  DiagnosticList list;
  list.add("f.json", "/a", "one");
  list.add("f.json", "/b", "two");
  REQUIRE_THROWS_WITH(list.throw_if_any(), "f.json: /a: one\nf.json: /b: two");
  DiagnosticList empty;
  REQUIRE_NOTHROW(empty.throw_if_any());
}

TEST_CASE("nearest suggests plausible typos only", "[core]") {
  const std::vector<std::string> keys{"horizon_months", "states", "groups", "contract"};
  CHECK(nearest("horizon_month", keys) == "horizon_months");
  CHECK(nearest("group", keys) == "groups");
  CHECK(nearest("zzzzzz", keys).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(escape_pointer_token("a/b~c") == "a~1b~0c");
}

TEST_CASE("an InputError shows at most 100 problems and counts the rest",
          "[core][diagnostics][limits]") {
  std::vector<pbr::core::Diagnostic> ds;
  for (int i = 0; i < 150; ++i) ds.push_back({"f.json", "/a", "bad " + std::to_string(i)});
  const std::string what = pbr::core::InputError(ds).what();
  CHECK(what.find("f.json: /a: bad 99\n50 more problems not shown") != std::string::npos);
  CHECK(what.find("bad 100") == std::string::npos);
}
