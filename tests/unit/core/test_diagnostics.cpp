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

TEST_CASE("the banded edit distance is exact within its limit and stops past it",
          "[core][diagnostics][limits]") {
  // Every pair of a small set of words (empty, equal, prefixes, swaps, unrelated), every limit.
  const std::vector<std::string> words{"",
                                       "a",
                                       "ab",
                                       "ba",
                                       "abc",
                                       "kitten",
                                       "sitting",
                                       "horizon_months",
                                       "horizon_month",
                                       "hoziron_months",
                                       "zzzzzzzzzzzzzz",
                                       "states",
                                       "groups",
                                       "transitions",
                                       "transition_overrides"};
  for (const auto& a : words) {
    for (const auto& b : words) {
      const std::size_t exact = edit_distance(a, b);
      for (std::size_t limit = 0; limit <= 8; ++limit) {
        INFO(a << " / " << b << " limit " << limit);
        CHECK(edit_distance_within(a, b, limit) == std::min(exact, limit + 1));
      }
    }
  }
}

TEST_CASE("nearest does bounded work: long words and far candidates are not compared",
          "[core][diagnostics][limits]") {
  // A word longer than 64 characters gets no suggestion, even one edit away.
  const std::string name64(64, 'a');
  CHECK(nearest(std::string(63, 'a'), {name64}) == name64);
  CHECK(nearest(std::string(65, 'a'), {name64}).empty());

  // At most 10,000 candidates of a similar length are compared: the one a typo away is found
  // after 9,999 others, not after 10,000.
  std::vector<std::string> candidates(9999, "zzzzzzzzzz");
  candidates.push_back("completion");
  CHECK(nearest("completon", candidates) == "completion");
  candidates.insert(candidates.begin(), "zzzzzzzzzz");
  CHECK(nearest("completon", candidates).empty());
  // Names whose length alone rules them out do not count towards the 10,000.
  std::vector<std::string> short_names(20000, "z");
  short_names.push_back("completion");
  CHECK(nearest("completon", short_names) == "completion");

  // Ties go to the earlier candidate; a nearer later one still wins.
  CHECK(nearest("group", {"groups", "grouq"}) == "groups");
  CHECK(nearest("groupz", {"grou", "groups"}) == "groups");
}

TEST_CASE("a list knows whether its next problem will be shown", "[core][diagnostics][limits]") {
  DiagnosticList list;
  for (std::size_t i = 0; i < MAX_SHOWN_PROBLEMS; ++i) {
    CHECK(list.next_is_shown());
    list.add("f.json", "/a", "bad");
  }
  CHECK_FALSE(list.next_is_shown());
  CHECK(MAX_SHOWN_PROBLEMS == 100u);
}
