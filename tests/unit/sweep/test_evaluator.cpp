#include "engine/sweep/evaluator.hpp"

#include <catch2/catch.hpp>

#include "fake_sweep.hpp"

using Catch::Matchers::Equals;
using pbr::sweep::check_result;
using pbr::sweep::PointResult;

TEST_CASE("check_result catches evaluator bugs", "[sweep][evaluator]") {
  const auto info = pbr::test::fake_info();
  pbr::sweep::PointContext ctx;
  ctx.point = 2;
  PointResult r;
  CHECK_THROWS_WITH(check_result(info, ctx, r), Equals("evaluator 'fake/1' at point 3: no rows"));
  r.rows.push_back({"admit_all", {{}, {}}, "low"});
  CHECK_NOTHROW(check_result(info, ctx, r));
  r.rows.push_back({"admit_all", {{}, {}}, "low"});
  CHECK_THROWS_WITH(check_result(info, ctx, r),
                    Equals("evaluator 'fake/1' at point 3: strategy 'admit_all' appears twice"));
  r.rows[1] = {"park", {{}}, ""};
  CHECK_THROWS_WITH(
      check_result(info, ctx, r),
      Equals("evaluator 'fake/1' at point 3: strategy 'park' has 1 estimates for 2 metrics"));
  auto no_verdict = info;
  no_verdict.verdict = false;
  r.rows.pop_back();
  CHECK_THROWS_WITH(
      check_result(no_verdict, ctx, r),
      Equals("evaluator 'fake/1' at point 3: a verdict was given but none is declared"));
}
