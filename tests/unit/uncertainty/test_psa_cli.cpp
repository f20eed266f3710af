// End-to-end tests of `pbrsim psa` (bin/cmd_psa.cpp over engine/uncertainty): known answers,
// verdict probabilities that must be 0 or 1, identical results for any thread count and any
// sharding, and drawn scenarios that break an invariant.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/stats/distributions.hpp"
#include "unit/output/rfc4180.hpp"
#include "unit/sweep/cli_process.hpp"
#include "unit/sweep/fake_sweep.hpp"

using Catch::Matchers::Contains;
using pbr::test::parse_rfc4180;
using pbr::test::run_pbrsim;
using pbr::test::slurp;

namespace {

const std::string DATA = std::string(PBR_SOURCE_DIR) + "/tests/data/uncertainty/";

std::string scratch(const std::string& name) {
  const auto dir = std::filesystem::path(PBR_BINARY_DIR) / "test-scratch" / "psa" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

//! An analysis slow enough to interrupt or race: 40 draws of 400 replications, one thread
//! (no --out).
std::vector<std::string> slow_psa() {
  return {"psa",
          DATA + "teaching_cost.psa.json",
          "--draws",
          "40",
          "--replications",
          "400",
          "--threads",
          "1",
          "--quiet"};
}

//! Rows of a CSV as maps from column name to cell.
std::vector<std::map<std::string, std::string>> rows_of(const std::string& path) {
  const auto table = parse_rfc4180(slurp(path));
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t r = 1; r < table.size(); ++r) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < table[0].size(); ++c) row[table[0][c]] = table[r][c];
    rows.push_back(std::move(row));
  }
  return rows;
}

//! The summary row of (section, strategy, scope, measure).
std::map<std::string, std::string> summary_row(const std::string& path, const std::string& section,
                                               const std::string& strategy,
                                               const std::string& scope,
                                               const std::string& measure) {
  for (auto& row : rows_of(path)) {
    if (row["section"] == section && row["strategy"] == strategy && row["scope"] == scope &&
        row["measure"] == measure) {
      return row;
    }
  }
  FAIL("no summary row " << section << "/" << strategy << "/" << scope << "/" << measure);
  return {};
}

int psa(const std::vector<std::string>& args, const std::string& dir) {
  std::vector<std::string> all = {"psa"};
  all.insert(all.end(), args.begin(), args.end());
  return run_pbrsim(all, dir + "/stdout.txt", dir + "/stderr.txt");
}

}  // namespace

TEST_CASE("psa: a Beta on one probability gives the closed-form answer", "[uncertainty][cli]") {
  // one_probability.json: 1,000 clients, each paid 100 pounds if it completes (probability p);
  // the commissioner's expected spend is 100,000 p, with p ~ Beta(20, 80).
  const auto dir = scratch("known");
  REQUIRE(psa({DATA + "one_probability.psa.json", "--out", dir + "/p.csv", "--quiet"}, dir) == 0);
  const double t = pbr::stats::student_t_quantile(0.975, 19);
  int draws = 0;
  for (auto& row : rows_of(dir + "/p.csv")) {
    if (row["strategy"] != "admit_all") continue;
    ++draws;
    const double p = std::stod(row["p"]);
    const double spend = std::stod(row["commissioner_spend_GBP"]);
    const double se = (std::stod(row["commissioner_spend_GBP_ci_high"]) - spend) / t;
    INFO("draw " << row["draw"] << ", p " << p);
    // Each draw's Monte Carlo estimate within 4 of its standard errors of 100,000 p.
    CHECK(std::abs(spend - 100000 * p) <= 4 * se + 0.01);
    // Exact mode applies: the expected gain of admit_all over itself is exactly 0.
    CHECK(row["gaming_gain_expected_GBP"] == "0.00");
  }
  CHECK(draws == 200);
  const std::string summary = dir + "/p_summary.csv";
  // Over the draws: mean 100,000 E[p] = 20,000 within 4 standard errors (100,000 sd(p) /
  // sqrt(200), the Monte Carlo noise aside); the parameter sd 100,000 sd(p) = 3,980 within
  // 20% (an sd from 200 draws has a relative standard error of about 5%).
  const double sd_p = std::sqrt(0.2 * 0.8 / 101);
  auto spend = summary_row(summary, "result", "admit_all", "total", "commissioner_spend");
  CHECK(std::abs(std::stod(spend["value"]) - 20000) <= 4 * 100000 * sd_p / std::sqrt(200.0));
  CHECK(std::stod(spend["sd_parameter"]) == Approx(100000 * sd_p).epsilon(0.2));
  // The Monte Carlo sd of one draw's mean: 100 sqrt(1,000 E[p (1 - p)] / 20), within 20%.
  const double e_pq = 0.2 - (sd_p * sd_p + 0.04);
  CHECK(std::stod(spend["sd_monte_carlo"]) ==
        Approx(100 * std::sqrt(1000 * e_pq / 20)).epsilon(0.2));
  // Every client pays, so cherry_pick admits everyone: the verdict is low in every draw.
  CHECK(summary_row(summary, "verdict", "", "low", "probability")["value"] == "1");
  CHECK(summary_row(summary, "verdict", "", "high", "probability")["value"] == "0");
}

TEST_CASE("psa: a verdict that holds for every input value has probability 1",
          "[uncertainty][cli]") {
  // teaching_minimal.json with the hard group's cost anywhere in 140 .. 160 pounds a month:
  // refusing hard clients pays far beyond the high threshold in every draw.
  const auto dir = scratch("certain");
  REQUIRE(psa({DATA + "teaching_cost.psa.json", "--out", dir + "/t.csv", "--quiet"}, dir) == 0);
  const std::string summary = dir + "/t_summary.csv";
  CHECK(summary_row(summary, "verdict", "", "high", "probability")["value"] == "1");
  CHECK(summary_row(summary, "verdict", "", "low", "probability")["value"] == "0");
  // The only input drives the gain: a higher cost of hard clients makes refusing them pay more.
  auto prcc = summary_row(summary, "driver", "cherry_pick", "hard_cost", "prcc");
  CHECK(std::stod(prcc["value"]) > 0.9);
  CHECK_THAT(slurp(dir + "/stdout.txt"), Contains("high 1.000"));
}

TEST_CASE("psa: identical results for any thread count and any sharding", "[uncertainty][cli]") {
  const auto dir = scratch("determinism");
  const std::string file = DATA + "teaching_cost.psa.json";
  const std::vector<std::string> common = {file, "--draws", "12", "--replications", "5"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  REQUIRE(psa(with({"--threads", "1", "--out", dir + "/one.csv"}), dir) == 0);
  REQUIRE(psa(with({"--threads", "2", "--out", dir + "/two.csv"}), dir) == 0);
  CHECK(slurp(dir + "/one.csv") == slurp(dir + "/two.csv"));
  CHECK(slurp(dir + "/one_summary.csv") == slurp(dir + "/two_summary.csv"));
  REQUIRE(psa(with({"--shard", "1/3", "--out", dir + "/s1.csv"}), dir) == 0);
  CHECK_THAT(slurp(dir + "/stderr.txt"), Contains("join the shards with pbrsim merge"));
  CHECK(!std::filesystem::exists(dir + "/s1_summary.csv"));
  REQUIRE(psa(with({"--shard", "2/3", "--out", dir + "/s2.csv"}), dir) == 0);
  REQUIRE(psa(with({"--shard", "3/3", "--out", dir + "/s3.csv"}), dir) == 0);
  REQUIRE(run_pbrsim({"merge", dir + "/merged.csv", dir + "/s3.csv", dir + "/s1.csv",
                      dir + "/s2.csv", "--quiet"},
                     dir + "/stdout.txt", dir + "/stderr.txt") == 0);
  CHECK(slurp(dir + "/merged.csv") == slurp(dir + "/one.csv"));
  CHECK(slurp(dir + "/merged_summary.csv") == slurp(dir + "/one_summary.csv"));
}

TEST_CASE("psa: a drawn scenario that breaks an invariant names its draw and inputs",
          "[uncertainty][cli]") {
  const auto dir = scratch("invalid");
  CHECK(psa({DATA + "too_high.psa.json", "--draws", "20", "--out", dir + "/x.csv"}, dir) == 2);
  const std::string err = slurp(dir + "/stderr.txt");
  CHECK_THAT(err, Contains("one_probability.json, point 5 (draw=5, mc_seed=64245063756894, "
                           "p=1.22737): /transitions/0/monthly: expected a probability from 0 "
                           "to 1, got 1.22737"));
  CHECK(!std::filesystem::exists(dir + "/x.csv"));
  CHECK(psa({DATA + "too_high.psa.json", "--out", dir + "/x.csv"}, dir) == 2);
  CHECK_THAT(
      slurp(dir + "/stderr.txt"),
      Contains("how many draws? give --draws N or \"draws\" in " + DATA + "too_high.psa.json"));
}

TEST_CASE("psa: any draw is reproduced alone by pbrsim run on its scenario", "[uncertainty][cli]") {
  // The sidecar embeds each draw's resolved scenario (its run.seed is the draw's mc_seed);
  // `pbrsim run` on it with the analysis's replications gives the draw's numbers exactly.
  const auto dir = scratch("reproduce");
  REQUIRE(psa({DATA + "teaching_cost.psa.json", "--draws", "3", "--replications", "7",
               "--embed-scenarios", "--quiet", "--out", dir + "/e.csv"},
              dir) == 0);
  const auto sidecar = nlohmann::json::parse(slurp(dir + "/e.json"));
  const auto& point = sidecar.at("points").at(1);
  REQUIRE(point.at("values").at(0) == "2");  // draw 2
  {
    std::ofstream out(dir + "/draw2.json");
    out << point.at("scenario").dump();
  }
  REQUIRE(run_pbrsim({"run", dir + "/draw2.json", "--replications", "7", "--quiet", "--out",
                      dir + "/d_summary.csv"},
                     dir + "/stdout.txt", dir + "/stderr.txt") == 0);
  std::string from_run;
  for (auto& row : rows_of(dir + "/d_risk.csv")) {
    if (row["section"] == "gain" && row["strategy"] == "cherry_pick" && row["measure"] == "gain") {
      from_run = row["value"] + " " + row["ci_low"] + " " + row["ci_high"];
    }
  }
  std::string from_psa;
  for (auto& row : rows_of(dir + "/e.csv")) {
    if (row["draw"] == "2" && row["strategy"] == "cherry_pick") {
      from_psa = row["gaming_gain_GBP"] + " " + row["gaming_gain_GBP_ci_low"] + " " +
                 row["gaming_gain_GBP_ci_high"];
    }
  }
  CHECK(!from_psa.empty());
  CHECK(from_run == from_psa);
}

TEST_CASE("psa: two analyses started together on one --out: exactly one runs",
          "[uncertainty][cli][lock]") {
  const auto dir = scratch("two_writers");
  const std::string out = dir + "/t.csv";
  auto args = slow_psa();
  args.insert(args.end(), {"--out", out});
  for (int attempt = 0; attempt < 4; ++attempt) {
    INFO("attempt " << attempt);
    CHECK(pbr::test::one_of_two_jobs_runs(args, "psa", out, dir).empty());
    std::filesystem::remove(dir + "/t.journal.jsonl");
  }
}

TEST_CASE("psa: interrupted, then resumed, it writes what an uninterrupted run writes",
          "[uncertainty][cli]") {
  const auto dir = scratch("resume");
  const std::vector<std::string> args = slow_psa();
  auto with_out = [&](const std::string& out, bool resume) {
    auto a = args;
    a.insert(a.end(), {"--out", out});
    if (resume) a.emplace_back("--resume");
    return a;
  };
  const std::string journal = dir + "/i.journal.jsonl";
  auto lines_in = [](const std::string& path) {
    if (!std::filesystem::exists(path)) return std::size_t{0};
    const std::string text = slurp(path);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  };
  {
    pbr::test::PbrsimProcess p(with_out(dir + "/i.csv", false), dir + "/o.txt", dir + "/e.txt");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (p.running() && lines_in(journal) < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(p.running());  // still mid-run: the test really interrupts it
    p.signal(SIGINT);
    CHECK(p.wait() == 128 + SIGINT);
  }
  CHECK_THAT(slurp(dir + "/e.txt"), Contains("Run the same command with --resume to finish the "
                                             "analysis."));
  CHECK(!std::filesystem::exists(dir + "/i.csv"));
  REQUIRE(run_pbrsim(with_out(dir + "/i.csv", true), dir + "/o.txt", dir + "/e.txt") == 0);
  REQUIRE(run_pbrsim(with_out(dir + "/whole.csv", false), dir + "/o.txt", dir + "/e.txt") == 0);
  CHECK(slurp(dir + "/i.csv") == slurp(dir + "/whole.csv"));
  CHECK(slurp(dir + "/i_summary.csv") == slurp(dir + "/whole_summary.csv"));
}
