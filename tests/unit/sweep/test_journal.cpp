#include "engine/sweep/journal.hpp"

#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"
#include "fake_sweep.hpp"

using Catch::Matchers::Contains;
using pbr::sweep::Journal;
using pbr::sweep::Results;

namespace {
pbr::sweep::PreparedSweep prepared(const std::string& values = "1,2,3,4") {
  pbr::sweep::SweepPlan plan;
  plan.scenario = "fake.json";
  plan.parameters = {pbr::sweep::parse_set_option("/horizon_months=" + values)};
  return pbr::sweep::prepare_sweep(plan, pbr::test::fake_base(), "fake.json", {},
                                   pbr::test::fake_evaluator(), pbr::test::fake_build);
}
pbr::sweep::PointResult result_at(const pbr::sweep::PreparedSweep& p, std::size_t i) {
  const auto& pt = p.definition.points[i];
  return pbr::test::fake_evaluator().evaluate(
      p.scenario(i), {i, pt.seed, pt.replications, pt.strategies, nullptr});
}
}  // namespace

TEST_CASE("a journal keeps finished points across runs", "[sweep][journal]") {
  const auto dir = pbr::test::scratch_dir("journal_resume");
  const std::string path = dir + "/j.journal.jsonl";
  const auto p = prepared();
  {
    Results r(4);
    Journal j(path, p.definition, std::nullopt, false, r);
    CHECK(j.loaded() == 0);
    j.append(2, result_at(p, 2));
    j.append(0, result_at(p, 0));
  }
  Results r(4);
  Journal j(path, p.definition, std::nullopt, true, r);
  CHECK(j.loaded() == 2);
  CHECK(j.damaged() == 0);
  REQUIRE(r[0]);
  REQUIRE(r[2]);
  CHECK_FALSE(r[1]);
  CHECK(pbr::sweep::same_result(*r[2], result_at(p, 2)));
}

TEST_CASE("a line cut short by a kill is ignored and dropped", "[sweep][journal]") {
  const auto dir = pbr::test::scratch_dir("journal_truncated");
  const std::string path = dir + "/j.journal.jsonl";
  const auto p = prepared();
  {
    Results r(4);
    Journal j(path, p.definition, std::nullopt, false, r);
    j.append(1, result_at(p, 1));
    j.append(3, result_at(p, 3));
  }
  // Cut the last line in the middle, as SIGKILL during write(2) could.
  std::string text = pbr::test::slurp(path);
  text.resize(text.size() - 20);
  pbr::test::spit(path, text);
  {
    Results r(4);
    Journal j(path, p.definition, std::nullopt, true, r);
    CHECK(j.loaded() == 1);
    CHECK(j.damaged() == 1);
    CHECK(r[1]);
    CHECK_FALSE(r[3]);
    j.append(3, result_at(p, 3));
  }
  Results r(4);
  Journal j(path, p.definition, std::nullopt, true, r);
  CHECK(j.loaded() == 2);
  CHECK(j.damaged() == 0);  // the damaged tail was dropped on resume
}

TEST_CASE("a journal cut inside its header starts afresh", "[sweep][journal]") {
  const auto dir = pbr::test::scratch_dir("journal_header");
  const std::string path = dir + "/j.journal.jsonl";
  pbr::test::spit(path, "{\"journal\": \"pbrs");
  const auto p = prepared();
  Results r(4);
  Journal j(path, p.definition, std::nullopt, true, r);
  CHECK(j.loaded() == 0);
}

TEST_CASE("journal refusals say what to do", "[sweep][journal]") {
  const auto dir = pbr::test::scratch_dir("journal_refusals");
  const std::string path = dir + "/j.journal.jsonl";
  const auto p = prepared();
  {
    Results r(4);
    Journal j(path, p.definition, std::nullopt, false, r);
  }
  Results r(4);
  CHECK_THROWS_WITH(Journal(path, p.definition, std::nullopt, false, r),
                    Contains(path + ": /: a journal of an interrupted sweep is here; run the same "
                                    "command with --resume to finish it, or delete the file to "
                                    "start over"));
  const auto other = prepared("1,2,3,5");
  Results r5(4);
  CHECK_THROWS_WITH(Journal(path, other.definition, std::nullopt, true, r5),
                    Contains("this journal belongs to a different sweep (fingerprint "));
  CHECK_THROWS_WITH(Journal(path, p.definition, pbr::sweep::ShardSpec{1, 2}, true, r),
                    Contains("this journal is for the whole sweep, not shard 1/2"));
  pbr::test::spit(path, "garbage\n");
  CHECK_THROWS_WITH(Journal(path, p.definition, std::nullopt, true, r),
                    Contains("not a pbrsim sweep journal"));
}
