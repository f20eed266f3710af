#include "engine/sweep/merge.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/sweep/runner.hpp"
#include "fake_sweep.hpp"

using Catch::Matchers::Contains;
using pbr::sweep::merge_shards;
using pbr::sweep::ShardFile;
using pbr::sweep::SweepOutput;

namespace {
pbr::sweep::PreparedSweep grid(const std::string& windows = "1:9:1") {
  pbr::sweep::SweepPlan plan;
  plan.scenario = "fake.json";
  plan.parameters = {
      pbr::sweep::parse_set_option("window=/contract/payments/1/no_reentry/months=" + windows)};
  return pbr::sweep::prepare_sweep(plan, pbr::test::fake_base(), "fake.json", {},
                                   pbr::test::fake_evaluator(), pbr::test::fake_build);
}
SweepOutput run(const pbr::sweep::PreparedSweep& p, std::optional<pbr::sweep::ShardSpec> shard) {
  pbr::sweep::RunOptions o;
  o.shard = shard;
  SweepOutput out;
  out.definition = p.definition;
  out.results = pbr::sweep::run_sweep(p, pbr::test::fake_evaluator(), o).results;
  out.shard = shard;
  return out;
}
//! Writes a shard output and reads it back, as `pbrsim merge` does.
ShardFile through_files(const std::string& dir, const SweepOutput& out, const std::string& name) {
  pbr::sweep::write_outputs(dir + "/" + name + ".csv", out, {{"shard", name}});
  return pbr::sweep::read_shard_file(dir + "/" + name + ".csv");
}
nlohmann::json without_execution(nlohmann::json doc) {
  doc.erase("execution");
  return doc;
}
}  // namespace

TEST_CASE("three shards merge into the unsharded output byte for byte", "[sweep][merge]") {
  const auto dir = pbr::test::scratch_dir("merge_ok");
  const auto p = grid();
  pbr::sweep::write_outputs(dir + "/whole.csv", run(p, std::nullopt), {{"run", "whole"}});
  std::vector<ShardFile> shards;
  for (std::size_t k : {3, 1, 2}) {  // order does not matter
    shards.push_back(
        through_files(dir, run(p, pbr::sweep::ShardSpec{k, 3}), "s" + std::to_string(k)));
  }
  const SweepOutput merged = merge_shards(shards, std::nullopt);
  pbr::sweep::write_outputs(dir + "/merged.csv", merged, {{"run", "merged"}});
  CHECK(pbr::test::slurp(dir + "/merged.csv") == pbr::test::slurp(dir + "/whole.csv"));
  const auto a = nlohmann::json::parse(pbr::test::slurp(dir + "/merged.json"));
  const auto b = nlohmann::json::parse(pbr::test::slurp(dir + "/whole.json"));
  CHECK(without_execution(a).dump(2) == without_execution(b).dump(2));
  CHECK(a["execution"]["run"] == "merged");
}

TEST_CASE("merge refuses shards of different sweeps", "[sweep][merge]") {
  const auto dir = pbr::test::scratch_dir("merge_fingerprint");
  const auto s1 = through_files(dir, run(grid(), pbr::sweep::ShardSpec{1, 2}), "a");
  const auto s2 = through_files(dir, run(grid("1:9:2"), pbr::sweep::ShardSpec{2, 2}), "b");
  CHECK_THROWS_WITH(merge_shards({s1, s2}, std::nullopt),
                    Contains(dir + "/b.json: /fingerprint: belongs to a different sweep than " +
                             dir + "/a.json (fingerprint "));
}

TEST_CASE("merge needs every point exactly once", "[sweep][merge]") {
  const auto dir = pbr::test::scratch_dir("merge_coverage");
  const auto p = grid();
  const auto s1 = through_files(dir, run(p, pbr::sweep::ShardSpec{1, 3}), "s1");
  const auto s3 = through_files(dir, run(p, pbr::sweep::ShardSpec{3, 3}), "s3");
  CHECK_THROWS_WITH(merge_shards({s1, s3}, std::nullopt),
                    Contains("/results: 3 of 9 points are in no shard output: points 2, 5, 8 (the "
                             "points of shard 2/3)"));
  CHECK_THROWS_WITH(merge_shards({s1, s3, s1}, std::nullopt),
                    Contains(dir + "/s1.json: /results: point 1 (window=1) is in both " + dir +
                             "/s1.json and " + dir + "/s1.json"));
}

TEST_CASE("merge: shards of different layouts need --layout", "[sweep][merge]") {
  const auto dir = pbr::test::scratch_dir("merge_layout");
  const auto p = grid("1:2:1");
  auto a = run(p, pbr::sweep::ShardSpec{1, 2});
  auto b = run(p, pbr::sweep::ShardSpec{2, 2});
  b.layout = pbr::sweep::Layout::long_form;
  const auto sa = through_files(dir, a, "a");
  const auto sb = through_files(dir, b, "b");
  CHECK_THROWS_WITH(merge_shards({sa, sb}, std::nullopt), Contains("layout 'long' differs from"));
  CHECK(merge_shards({sa, sb}, pbr::sweep::Layout::long_form).layout ==
        pbr::sweep::Layout::long_form);
}

TEST_CASE("merge names every shard whose points are all missing", "[sweep][merge]") {
  const auto dir = pbr::test::scratch_dir("merge_missing_shards");
  const auto p = grid();  // 9 points: shard K/4 holds points K, K+4, K+8 (1-based)
  const auto s1 = through_files(dir, run(p, pbr::sweep::ShardSpec{1, 4}), "s1");
  const auto s3 = through_files(dir, run(p, pbr::sweep::ShardSpec{3, 4}), "s3");
  CHECK_THROWS_WITH(merge_shards({s1, s3}, std::nullopt),
                    Contains("/results: 4 of 9 points are in no shard output: points 2, 4, 6, 8 "
                             "(the points of shards 2/4, 4/4)"));
  // Shard 1/4 cut down to its first point (as a hand-edited sidecar could be): its other
  // points are missing too, so the named shards are only part of the gap.
  auto partial = run(p, pbr::sweep::ShardSpec{1, 4});
  partial.results[4].reset();
  partial.results[8].reset();
  const auto p1 = through_files(dir, partial, "p1");
  const auto s2 = through_files(dir, run(p, pbr::sweep::ShardSpec{2, 4}), "s2");
  CHECK_THROWS_WITH(merge_shards({p1, s2, s3}, std::nullopt),
                    Contains("/results: 4 of 9 points are in no shard output: points 4, 5, 8, 9 "
                             "(including shard 4/4 entirely)"));
}
