#include "engine/sweep/results.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "fake_sweep.hpp"

using pbr::sweep::PointResult;
using pbr::sweep::result_from_json;
using pbr::sweep::result_to_json;
using pbr::sweep::same_result;

TEST_CASE("results round-trip through JSON text bit for bit", "[sweep][results]") {
  const double big = std::numeric_limits<double>::max();
  PointResult r;
  r.rows.push_back(
      {"admit_all", {{0.1 + 0.2, 1.0 / 3.0, 1e300}, {std::nan(""), -big, big}}, "low"});
  r.rows.push_back({"park", {{-0.0, 5e-324, 123456789.123456789}, {0, 1, 2}}, ""});
  const std::string text = result_to_json(r).dump();
  const PointResult back = result_from_json(nlohmann::json::parse(text), pbr::test::fake_info());
  CHECK(same_result(r, back));
  CHECK(back.rows[0].metrics[0].mean == 0.1 + 0.2);
  CHECK(std::isnan(back.rows[0].metrics[1].mean));
  CHECK(back.rows[0].metrics[1].ci_low == -big);
  CHECK(std::signbit(back.rows[1].metrics[0].mean));
  CHECK(back.rows[1].verdict.empty());
  CHECK(result_to_json(back).dump() == text);
}

TEST_CASE("same_result notices any difference", "[sweep][results]") {
  PointResult a;
  a.rows.push_back({"admit_all", {{1, 2, 3}, {4, 5, 6}}, "low"});
  PointResult b = a;
  CHECK(same_result(a, b));
  b.rows[0].metrics[1].ci_high = std::nextafter(6.0, 7.0);
  CHECK_FALSE(same_result(a, b));
  b = a;
  b.rows[0].verdict = "high";
  CHECK_FALSE(same_result(a, b));
}

TEST_CASE("malformed results are rejected", "[sweep][results]") {
  const auto info = pbr::test::fake_info();
  using nlohmann::json;
  CHECK_THROWS_AS(result_from_json(json::parse("{}"), info), std::invalid_argument);
  CHECK_THROWS_AS(
      result_from_json(json::parse(R"({"rows":[{"strategy":"a","metrics":[[1,2,3]]}]})"), info),
      std::invalid_argument);
  CHECK_THROWS_AS(
      result_from_json(json::parse(R"({"rows":[{"strategy":"a","metrics":[[1,2,3],[1,2,null]]}]})"),
                       info),
      std::invalid_argument);
  // No evaluator reports an infinity: one in a file was not written by pbrsim.
  CHECK_THROWS_WITH(
      result_from_json(
          json::parse(R"({"rows":[{"strategy":"a","metrics":[[1,2,3],[1,2,"inf"]]}]})"), info),
      "expected a finite number or \"nan\" (an undefined value), got \"inf\"");
}
