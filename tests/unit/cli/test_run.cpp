// End-to-end tests of `pbrsim run`: exit codes, files written, determinism across threads.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/output/provenance.hpp"
#include "unit/cli/cli_support.hpp"
#include "unit/output/rfc4180.hpp"

namespace fs = std::filesystem;
using pbr::test::parse_rfc4180;
using pbr::test::read_file;
using pbr::test::run_pbrsim;
using pbr::test::ScratchDir;
using pbr::test::source_path;

namespace {

const std::string MINIMAL = source_path("tests/data/valid/minimal.json");
const std::string DEFAULT = source_path("scenarios/default.json");
const std::string CAPACITY = source_path("scenarios/capacity_limited.json");

const std::vector<std::string> SUMMARY_COLUMNS = {
    "strategy", "metric", "scope_kind", "scope", "unit", "mean", "sd",
    "se",       "ci_low", "ci_high",    "p05",   "p50",  "p95",  "prob_negative"};

// The sidecar without what may differ between equivalent invocations (timestamps, threads,
// the command line): must then be identical.
nlohmann::json comparable_sidecar(const fs::path& path) {
  auto j = nlohmann::json::parse(read_file(path));
  j["provenance"] = pbr::output::provenance_without_invocation(j.at("provenance"));
  return j;
}

std::size_t files_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("pbrsim run writes byte-identical outputs for 1, 2 and 8 threads", "[cli][run]") {
  // minimal: one block per replication; default: several blocks per replication (blocks run
  // in parallel); capacity_limited: sequential replications run in parallel.
  for (const auto& [scenario, reps] : std::vector<std::pair<std::string, std::string>>{
           {MINIMAL, "20"}, {DEFAULT, "6"}, {CAPACITY, "6"}}) {
    INFO(scenario);
    ScratchDir dir("threads");
    for (const char* threads : {"1", "2", "8"}) {
      const auto sub = dir.path / (std::string("t") + threads);
      const auto r = run_pbrsim(
          {"run", scenario, "--replications", reps, "--threads", threads, "--out",
           (sub / "summary.csv").string(), "--monthly", (sub / "monthly.csv").string(), "--quiet"},
          dir);
      REQUIRE(r.exit_code == 0);
    }
    for (const char* other : {"t2", "t8"}) {
      INFO(other << " vs t1");
      for (const char* file : {"summary.csv", "monthly.csv"}) {
        const auto a = read_file(dir.path / "t1" / file);
        CHECK_FALSE(a.empty());
        CHECK(a == read_file(dir.path / other / file));
      }
      CHECK(comparable_sidecar(dir.path / "t1" / "summary.json") ==
            comparable_sidecar(dir.path / other / "summary.json"));
    }
  }
}

TEST_CASE("pbrsim run: the summary CSV is strict RFC 4180 with the promised columns",
          "[cli][run]") {
  ScratchDir dir("columns");
  const auto r = run_pbrsim({"run", DEFAULT, "-r", "5", "-o", "s.csv", "-q"}, dir);
  REQUIRE(r.exit_code == 0);
  const auto text = read_file(dir.path / "s.csv");
  CHECK(text.substr(text.size() - 2) == "\r\n");
  const auto rows = parse_rfc4180(text);
  REQUIRE(rows.size() > 1);
  CHECK(rows[0] == SUMMARY_COLUMNS);
  std::set<std::string> metrics, scope_kinds, strategies;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    INFO("row " << i << ": " << row[1] << " / " << row[3]);
    strategies.insert(row[0]);
    CHECK((row[4] == "count" || row[4] == "months" || row[4] == "GBP" || row[4] == "share"));
    metrics.insert(row[1]);
    scope_kinds.insert(row[2]);
    // Ratio rows (ratios of means) have no per-replication spread; the mean of ratios is
    // empty where no replication had a recovery. Every other cell holds a plain number.
    const bool ratio = row[1] == "cost_per_sustained_recovery" || row[1] == "mean_wait_months" ||
                       row[1] == "pbr_share_of_income";
    const bool mean_of_ratios = row[1] == "cost_per_sustained_recovery_mean_of_ratios";
    for (std::size_t c = 5; c < row.size(); ++c) {
      // (an undefined ratio, e.g. a wait per admission in a group never admitted, is empty)
      const bool spread_column = c == 6 || c >= 10 || row[5].empty();
      if (!mean_of_ratios && !(ratio && spread_column)) CHECK_FALSE(row[c].empty());
      CHECK(row[c].find_first_not_of("-0123456789.") == std::string::npos);  // plain numbers
    }
    if (row[8].empty()) continue;
    CHECK(std::stod(row[8]) <= std::stod(row[5]));  // ci_low <= mean <= ci_high
    CHECK(std::stod(row[5]) <= std::stod(row[9]));
  }
  CHECK(scope_kinds == std::set<std::string>{"total", "band", "group", "financial_year"});
  // The default scenario evaluates every built-in strategy side by side.
  CHECK(strategies ==
        std::set<std::string>{"admit_all", "cherry_pick", "park", "fast_track", "best_response"});
  for (const char* m :
       {"referrals", "admissions", "successful_completions", "sustained_recoveries", "deaths",
        "payments_total", "provider_cost", "provider_margin", "commissioner_spend",
        "cost_per_sustained_recovery", "pbr_share_of_income"}) {
    CHECK(metrics.count(m) == 1);
  }
  // The table on stdout names the key metrics and the files.
  CHECK_THAT(r.out, Catch::Contains("provider margin (£)") && Catch::Contains("s.csv"));
  // ... and ends with the commissioner's budget (no calendar start: contract years).
  CHECK_THAT(r.out, Catch::Contains("Budget by financial year\n") && Catch::Contains("\nyear 3  "));
}

TEST_CASE("pbrsim run writes to out/<name>_summary.csv by default, with its sidecar",
          "[cli][run]") {
  ScratchDir dir("default_out");
  const auto r = run_pbrsim({"run", MINIMAL, "-r", "3"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::is_regular_file(dir.path / "out" / "minimal_summary.csv"));
  const auto sidecar = nlohmann::json::parse(read_file(dir.path / "out" / "minimal_summary.json"));
  const auto& p = sidecar.at("provenance");
  CHECK(p.at("scenario").at("path") == MINIMAL);
  CHECK(p.at("scenario").at("sha256").get<std::string>().size() == 64);
  CHECK(p.at("seed") == 42);  // the scenario's run.seed
  CHECK(p.at("replications") == 3);
  CHECK(p.at("method") == "mc");
  CHECK(p.at("block_size").get<int>() >= 1);
  CHECK(p.at("command_line").at(1) == "run");
  CHECK(p.at("timestamps").at("finished_utc").get<std::string>().size() == 20);
  CHECK(sidecar.at("scenario").at("name") == "minimal");
  CHECK(sidecar.at("outputs").at("summary_csv") == "minimal_summary.csv");
  // No temporary files are left behind.
  CHECK(files_in(dir.path / "out") == 2);
}

TEST_CASE("pbrsim run: same seed gives the same bytes, another seed other numbers", "[cli][run]") {
  ScratchDir dir("seed");
  REQUIRE(run_pbrsim({"run", MINIMAL, "-r", "4", "-o", "a.csv", "-q"}, dir).exit_code == 0);
  REQUIRE(run_pbrsim({"run", MINIMAL, "-r", "4", "-o", "b.csv", "-q"}, dir).exit_code == 0);
  REQUIRE(run_pbrsim({"run", MINIMAL, "-r", "4", "-o", "c.csv", "-s", "43", "-q"}, dir).exit_code ==
          0);
  CHECK(read_file(dir.path / "a.csv") == read_file(dir.path / "b.csv"));
  CHECK(read_file(dir.path / "a.csv") != read_file(dir.path / "c.csv"));
  CHECK(nlohmann::json::parse(read_file(dir.path / "c.json")).at("provenance").at("seed") == 43);
}

TEST_CASE("pbrsim run: an invalid scenario exits 2 with every diagnostic", "[cli][run]") {
  ScratchDir dir("invalid");
  // Run from the source tree so that diagnostics name the file as the .expected file does.
  const auto r = run_pbrsim(
      {"run", "tests/data/invalid/many_problems.json", "-o", (dir.path / "s.csv").string()}, dir,
      PBR_SOURCE_DIR);
  CHECK(r.exit_code == 2);
  const auto expected = read_file(source_path("tests/data/invalid/many_problems.expected"));
  REQUIRE_FALSE(expected.empty());
  CHECK(r.err == expected);
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(dir.path / "s.csv"));

  const auto missing = run_pbrsim({"run", "no_such_file.json"}, dir);
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no_such_file.json"));
}

TEST_CASE("pbrsim run: bad options exit 2 and name the option", "[cli][run]") {
  ScratchDir dir("options");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"run"}, "missing scenario FILE"},
      {{"run", MINIMAL, "--method", "fast"}, "--method"},
      {{"run", MINIMAL, "--replications", "0"}, "--replications"},
      {{"run", MINIMAL, "--replications", "many"}, "replications"},
      {{"run", MINIMAL, "--seed", "-1"}, "--seed"},
      {{"run", MINIMAL, "--threads", "-2"}, "--threads"},
      {{"run", MINIMAL, "--frobnicate"}, "frobnicate"},
      {{"run", MINIMAL, "--trace-replication", "1"}, "--trace-client"},
      {{"run", MINIMAL, "--trace-client", "1", "--method", "exact"}, "--method mc"},
      {{"run", MINIMAL, "--trace-client", "100000"}, "--trace-client"},
      {{"run", MINIMAL, "-o", "x.csv", "--monthly", "x.json"}, "--monthly"},
      {{"run", MINIMAL, "--monthly", MINIMAL}, "it is an input of this command"},
  };
  for (const auto& [args, needle] : cases) {
    INFO(args.back());
    const auto r = run_pbrsim(args, dir);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(needle));
  }
  CHECK(files_in(dir.path) == 0);
}

TEST_CASE("pbrsim run: an unwritable output exits 2 before simulating, or 1 with no partial file",
          "[cli][run]") {
  ScratchDir dir("unwritable");
  // Output locations are checked before the simulation: bad input, nothing written.
  SECTION("a regular file where the output directory should be") {
    { std::ofstream(dir.path / "blocker") << "x"; }
    const auto out = (dir.path / "blocker" / "s.csv").string();
    const auto r = run_pbrsim({"run", MINIMAL, "-r", "2", "-q", "-o", out}, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "pbrsim run: refusing to write '" + out + "' (--out): '" +
                       (dir.path / "blocker").string() + "' is not a directory\n");
    CHECK(r.out.empty());
    CHECK(files_in(dir.path) == 1);
  }
  SECTION("a directory where the summary should be") {
    fs::create_directories(dir.path / "s.csv");
    const auto r = run_pbrsim({"run", MINIMAL, "-r", "2", "-q", "-o", "s.csv"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "pbrsim run: refusing to write 's.csv' (--out): it exists and is a directory; "
          "outputs are written only to regular files\n");
    CHECK(r.out.empty());
    CHECK(fs::is_directory(dir.path / "s.csv"));
    CHECK(files_in(dir.path) == 1);
  }
  SECTION("a write failing part-way keeps the previous file whole") {
    REQUIRE(run_pbrsim({"run", MINIMAL, "-r", "2", "-q", "-o", "s.csv"}, dir).exit_code == 0);
    const auto old_summary = read_file(dir.path / "s.csv");
    const auto old_sidecar = read_file(dir.path / "s.json");
    // A 1-block (512-byte) file-size limit makes write(2) fail with EFBIG in the middle of the
    // sidecar; SIGXFSZ is ignored so that the failure reaches pbrsim as an error.
    const auto r = run_pbrsim({"run", MINIMAL, "-r", "3", "-q", "-o", "s.csv"}, dir, {},
                              "trap '' XFSZ; ulimit -f 1; ");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("s.json"));
    CHECK(read_file(dir.path / "s.csv") == old_summary);
    CHECK(read_file(dir.path / "s.json") == old_sidecar);
    CHECK(files_in(dir.path) == 2);
  }
}

TEST_CASE("pbrsim run --method exact writes expected values with empty spread columns",
          "[cli][run][exact]") {
  ScratchDir dir("exact");
  const auto r =
      run_pbrsim({"run", MINIMAL, "--method", "exact", "-o", "e.csv", "--monthly", "m.csv"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Exact expected values"));
  const auto rows = parse_rfc4180(read_file(dir.path / "e.csv"));
  REQUIRE(rows.size() > 1);
  CHECK(rows[0] == SUMMARY_COLUMNS);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    // The mean of per-replication ratios has no exact counterpart: empty.
    CHECK(rows[i][5].empty() == (rows[i][1] == "cost_per_sustained_recovery_mean_of_ratios"));
    for (std::size_t c = 6; c < rows[i].size(); ++c) CHECK(rows[i][c].empty());
  }
  const auto sidecar = nlohmann::json::parse(read_file(dir.path / "e.json"));
  CHECK(sidecar.at("provenance").at("method") == "exact");
  CHECK(sidecar.at("provenance").at("replications") == 0);
  CHECK(parse_rfc4180(read_file(dir.path / "m.csv")).size() == 1 + 12);
}

TEST_CASE("pbrsim run --method exact refuses a capacity-limited scenario with exit 2",
          "[cli][run][exact]") {
  ScratchDir dir("exact_refused");
  const auto r = run_pbrsim({"run", CAPACITY, "--method", "exact", "-o", "e.csv"}, dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("/economics/capacity") && Catch::Contains("--method mc"));
  CHECK(files_in(dir.path) == 0);
}

TEST_CASE("pbrsim run --trace-client prints one client's path and payments", "[cli][run]") {
  ScratchDir dir("trace");
  const auto r =
      run_pbrsim({"run", MINIMAL, "--trace-client", "5", "--trace-replication", "1"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Client 5 of replication 1"));
  CHECK_THAT(r.out, Catch::Contains("month  state") && Catch::Contains("in_treatment"));
  CHECK_THAT(r.out, Catch::Contains("Payments by rule"));
  CHECK(files_in(dir.path) == 0);  // a trace writes no outputs
  // Replaying gives the same text.
  CHECK(run_pbrsim({"run", MINIMAL, "--trace-client", "5", "--trace-replication", "1"}, dir).out ==
        r.out);
}

TEST_CASE("pbrsim run --quiet prints no progress, results go to stdout", "[cli][run]") {
  ScratchDir dir("quiet");
  const auto r = run_pbrsim({"run", MINIMAL, "-r", "2", "-q"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("referrals"));
}

TEST_CASE("pbrsim run --method exact evaluates the scenario's strategies and says what it cannot",
          "[cli][run][exact]") {
  ScratchDir dir("exact_strategies");
  const auto r = run_pbrsim({"run", DEFAULT, "--method", "exact", "-o", "e.csv"}, dir);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Strategies (exact expected values)") &&
                        Catch::Contains("the risk report needs replications (--method mc)"));
  std::set<std::string> strategies;
  for (const auto& row : parse_rfc4180(read_file(dir.path / "e.csv"))) strategies.insert(row[0]);
  CHECK(strategies == std::set<std::string>{"strategy", "admit_all", "cherry_pick", "park",
                                            "fast_track", "best_response"});
  CHECK_FALSE(std::filesystem::exists(dir.path / "e_risk.csv"));
  const auto one =
      run_pbrsim({"run", DEFAULT, "--method", "exact", "--strategies", "park", "-o", "p.csv"}, dir);
  REQUIRE(one.exit_code == 0);
  CHECK_THAT(one.out, Catch::Contains("park ") && !Catch::Contains("cherry_pick"));
}
