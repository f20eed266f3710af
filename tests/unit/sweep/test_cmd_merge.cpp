// End-to-end tests of `pbrsim merge` (bin/cmd_merge.cpp) over real shard outputs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/sweep/merge.hpp"

#include "cli_process.hpp"
#include "fake_sweep.hpp"
#include "unit/output/rfc4180.hpp"

using Catch::Matchers::Contains;
using pbr::test::run_pbrsim;
using pbr::test::slurp;

namespace {

const std::string TINY = std::string(PBR_SOURCE_DIR) + "/tests/unit/sweep/data/tiny.json";

std::vector<std::string> sweep_args(const std::string& out,
                                    const std::string& extra_value = "0.25") {
  return {"sweep",   TINY,
          "--set",   "/contract/payments/1/cohort_threshold=0:0.5:0.05",
          "--set",   "fee=/contract/payments/0/amount_by_band/standard=100," + extra_value,
          "--quiet", "--out",
          out};
}

nlohmann::json without_execution(const std::string& path) {
  auto doc = nlohmann::json::parse(slurp(path));
  doc.erase("execution");
  return doc;
}

//! Shards 1/2 and 2/2 of the sweep into dir/s1.csv and dir/s2.csv.
void run_two_shards(const std::string& dir, const std::string& log) {
  for (const char* k : {"1", "2"}) {
    auto args = sweep_args(dir + "/s" + std::string(k) + ".csv");
    args.insert(args.end(), {"--shard", std::string(k) + "/2"});
    REQUIRE(run_pbrsim(args, log, log) == 0);
  }
}

}  // namespace

TEST_CASE("merge CLI: 3 shards merge into the unsharded sweep byte for byte", "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_merge");
  const auto log = dir + "/log.txt";
  REQUIRE(run_pbrsim(sweep_args(dir + "/whole.csv"), log, log) == 0);
  for (const char* k : {"1", "2", "3"}) {
    auto args = sweep_args(dir + "/shard" + std::string(k) + ".csv");
    args.insert(args.end(), {"--shard", std::string(k) + "/3"});
    REQUIRE(run_pbrsim(args, log, log) == 0);
    // Each shard output is a valid CSV of its own points.
    const auto rows = pbr::test::parse_rfc4180(slurp(dir + "/shard" + std::string(k) + ".csv"));
    CHECK(rows.size() == 1 + (k[0] == '1' ? 8u : 7u));  // 22 points: 8, 7, 7
  }
  // Shards can be named by CSV or by sidecar, in any order.
  REQUIRE(run_pbrsim({"merge", dir + "/merged.csv", dir + "/shard3.csv", dir + "/shard1.json",
                      dir + "/shard2.csv"},
                     log, dir + "/err.txt") == 0);
  CHECK(slurp(dir + "/merged.csv") == slurp(dir + "/whole.csv"));
  CHECK(without_execution(dir + "/merged.json").dump(2) ==
        without_execution(dir + "/whole.json").dump(2));
  CHECK_THAT(slurp(dir + "/err.txt"), Contains("pbrsim merge: 3 shard outputs, 22 points -> "));
}

TEST_CASE("merge CLI: wrong or missing shards are refused with exit code 2", "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_merge_errors");
  const auto log = dir + "/log.txt";
  const auto err = dir + "/err.txt";
  run_two_shards(dir, log);
  auto other = sweep_args(dir + "/other2.csv", "0.3");  // another sweep
  other.insert(other.end(), {"--shard", "2/2"});
  REQUIRE(run_pbrsim(other, log, log) == 0);

  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s1.csv", dir + "/other2.csv"}, log, err) == 2);
  CHECK_THAT(slurp(err),
             Contains(dir + "/other2.json: /fingerprint: belongs to a different sweep than " + dir +
                      "/s1.json"));
  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s1.csv"}, log, err) == 2);
  CHECK_THAT(slurp(err),
             Contains("/results: 11 of 22 points are in no shard output: points 2, 4, 6, "));
  CHECK_THAT(slurp(err), Contains("(the points of shard 2/2)"));
  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s1.csv", dir + "/s2.csv", dir + "/s2.json"},
                   log, err) == 2);
  CHECK_THAT(slurp(err), Contains("is in both " + dir + "/s2.json and " + dir + "/s2.json"));
  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/nothere.csv"}, log, err) == 2);
  CHECK_THAT(slurp(err), Contains(dir + "/nothere.json: /: file not found"));
  CHECK_FALSE(std::filesystem::exists(dir + "/m.csv"));
}

TEST_CASE("merge CLI: a shard whose numbers were edited is refused, naming the shard and point",
          "[sweep][cli][hostile]") {
  const auto dir = pbr::test::scratch_dir("cli_merge_tampered");
  const auto log = dir + "/log.txt";
  const auto err = dir + "/err.txt";
  run_two_shards(dir, log);
  const auto original = nlohmann::json::parse(slurp(dir + "/s2.json"));
  // Shard 2's first result is point 2 (cohort_threshold 0, fee 0.25).
  for (const nlohmann::json& edit : {nlohmann::json(1234.5), nlohmann::json("nan")}) {
    INFO(edit.dump());
    auto tampered = original;
    tampered["results"][0]["rows"][0]["metrics"][0][0] = edit;
    std::ofstream(dir + "/s2.json", std::ios::binary) << tampered.dump(2);
    CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s1.csv", dir + "/s2.csv"}, log, err) == 2);
    CHECK(slurp(err) == dir +
                            "/s2.json: /results/0: the result of point 2 "
                            "(/contract/payments/1/cohort_threshold=0, fee=0.25) does not match "
                            "its digest (\"sha256\"): its numbers were changed after pbrsim "
                            "wrote them; compute this shard again\n");
    CHECK_FALSE(std::filesystem::exists(dir + "/m.csv"));
  }
  // An infinity is never written by pbrsim.
  auto infinite = original;
  infinite["results"][0]["rows"][0]["metrics"][0][0] = "inf";
  std::ofstream(dir + "/s2.json", std::ios::binary) << infinite.dump(2);
  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s1.csv", dir + "/s2.csv"}, log, err) == 2);
  CHECK_THAT(slurp(err), Contains("/s2.json: /results/0: malformed pbrsim sweep output: expected "
                                  "a finite number or \"nan\""));
}

TEST_CASE(
    "merge: a sidecar beyond the 64 MiB of a scenario file is read (sidecars have their "
    "own limit)",
    "[sweep][merge]") {
  const auto dir = pbr::test::scratch_dir("merge_large_sidecar");
  const auto log = dir + "/log.txt";
  REQUIRE(run_pbrsim(sweep_args(dir + "/s.csv"), log, log) == 0);
  std::string text = slurp(dir + "/s.json");
  text.append(std::size_t{65} << 20, ' ');  // as large as a 40,000-point sidecar
  std::ofstream(dir + "/big.json", std::ios::binary) << text;
  const auto shard = pbr::sweep::read_shard_file(dir + "/big.json");
  CHECK(shard.output.definition.points.size() == 22);
}

TEST_CASE("merge CLI: OUT may not name one of its own shards", "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_merge_victim");
  const auto log = dir + "/log.txt";
  const auto err = dir + "/err.txt";
  run_two_shards(dir, log);
  const std::string s1_csv = slurp(dir + "/s1.csv");
  const std::string s1_json = slurp(dir + "/s1.json");
  // Named as given, and through its sidecar.
  CHECK(run_pbrsim({"merge", dir + "/s1.csv", dir + "/s1.csv", dir + "/s2.csv"}, log, err) == 2);
  CHECK(slurp(err) == "pbrsim merge: refusing to write '" + dir + "/s1.csv' (OUT): it is an " +
                          "input of this command\n");
  CHECK(run_pbrsim({"merge", dir + "/s2.csv", dir + "/s1.json", dir + "/s2.json"}, log, err) == 2);
  CHECK(slurp(err) == "pbrsim merge: refusing to write '" + dir + "/s2.csv' (OUT): it is an " +
                          "input of this command\n");
  CHECK(run_pbrsim({"merge", dir + "/x/../s1", dir + "/s1.csv", dir + "/s2.csv"}, log, err) == 2);
  CHECK(slurp(err) == "pbrsim merge: refusing to write '" + dir + "/x/../s1.json' (the sidecar " +
                          "of OUT " + dir + "/x/../s1): it is an input of this command\n");
  CHECK(slurp(dir + "/s1.csv") == s1_csv);
  CHECK(slurp(dir + "/s1.json") == s1_json);
  // A device node is never replaced by a regular file.
  CHECK(run_pbrsim({"merge", "/dev/null", dir + "/s1.csv", dir + "/s2.csv"}, log, err) == 2);
  CHECK(slurp(err) ==
        "pbrsim merge: refusing to write '/dev/null' (OUT): it exists and is a "
        "character device; outputs are written only to regular files\n");
  CHECK(std::filesystem::is_character_file("/dev/null"));
}

TEST_CASE("merge and sweep read --layout alike, with the same message for a bad layout",
          "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_merge_layout");
  const auto log = dir + "/log.txt";
  const auto err = dir + "/err.txt";
  const std::string message = "command line: /: --layout 'wiide': expected wide or long";
  auto sweep = sweep_args(dir + "/s.csv");
  sweep.insert(sweep.end(), {"--layout", "wiide"});
  CHECK(run_pbrsim(sweep, log, err) == 2);
  CHECK_THAT(slurp(err), Contains(message));
  CHECK_FALSE(std::filesystem::exists(dir + "/s.csv"));

  REQUIRE(run_pbrsim(sweep_args(dir + "/s.csv"), log, log) == 0);
  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s.csv", "--layout", "wiide"}, log, err) == 2);
  CHECK_THAT(slurp(err), Contains(message));
  CHECK_FALSE(std::filesystem::exists(dir + "/m.csv"));
  // A good layout is taken by both: the long layout of the merged whole.
  CHECK(run_pbrsim({"merge", dir + "/m.csv", dir + "/s.csv", "--layout", "long", "--quiet"}, log,
                   err) == 0);
  CHECK_THAT(slurp(dir + "/m.csv"), Contains("metric"));
}
