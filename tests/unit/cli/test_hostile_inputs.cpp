// End-to-end reproducers of the hostile-input audit (issue 22): inputs that once hung, once
// exited 1 as an "internal error", or were accepted silently. Each now exits as documented:
// 2 with the file and location for bad input, 1 with what failed for a failed write.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "unit/cli/cli_support.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using pbr::test::read_file;
using pbr::test::run_pbrsim;
using pbr::test::ScratchDir;
using pbr::test::source_path;
using pbr::test::write_text;

namespace {

const std::string MINIMAL = source_path("tests/data/valid/minimal.json");
const std::string ONE_PROBABILITY = source_path("tests/data/uncertainty/one_probability.json");

//! A run's outputs in `dir`: s.csv and its sidecar s.json.
void make_run(const ScratchDir& dir) {
  REQUIRE(run_pbrsim({"run", MINIMAL, "-q", "-o", "s.csv"}, dir).exit_code == 0);
}

//! The run's sidecar with its summary CSV renamed to `target`.
void point_summary_at(const ScratchDir& dir, const std::string& target) {
  auto sidecar = nlohmann::json::parse(read_file(dir.path / "s.json"));
  sidecar["outputs"]["summary_csv"] = target;
  write_text(dir.path / "s.json", sidecar.dump(2));
}

}  // namespace

TEST_CASE("report opens only regular files: a named pipe or a device is refused at once",
          "[cli][report][hostile]") {
  ScratchDir dir("hostile_fifo");
  make_run(dir);
  REQUIRE(::mkfifo((dir.path / "pipe").c_str(), 0644) == 0);
  point_summary_at(dir, "pipe");
  const auto start = std::chrono::steady_clock::now();
  const auto fifo = run_pbrsim({"report", "s.json", "-o", "r.html"}, dir);
  CHECK(fifo.exit_code == 2);  // once it blocked forever
  CHECK(fifo.err == "pipe: /: not a regular file; expected a file pbrsim wrote\n");
  point_summary_at(dir, "/dev/zero");
  const auto zero = run_pbrsim({"report", "s.json", "-o", "r.html"}, dir);
  CHECK(zero.exit_code == 2);  // once it read 4.2 GB, then bad_alloc
  CHECK(zero.err == "/dev/zero: /: not a regular file; expected a file pbrsim wrote\n");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
  CHECK_FALSE(fs::exists(dir.path / "r.html"));
}

TEST_CASE("report: out-of-range numbers, invalid UTF-8 and bad cells are bad input, located",
          "[cli][report][hostile]") {
  ScratchDir dir("hostile_report");
  make_run(dir);
  const std::string sidecar = read_file(dir.path / "s.json");
  const std::string csv = read_file(dir.path / "s.csv");

  // 1e400 in the sidecar (once "internal error").
  auto big = nlohmann::json::parse(sidecar);
  std::string text = big.dump(2);
  const auto seed_at = text.find("\"seed\": ");
  REQUIRE(seed_at != std::string::npos);
  const auto seed_end = text.find_first_of(",\n", seed_at);
  text = text.substr(0, seed_at) + "\"seed\": 1e400" + text.substr(seed_end);
  write_text(dir.path / "s.json", text);
  auto r = run_pbrsim({"report", "s.json", "-o", "r.html"}, dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, StartsWith("s.json: /") &&
                        EndsWith(": number 1e400 is out of range (a double holds magnitudes up "
                                 "to about 1.8e308)\n"));
  write_text(dir.path / "s.json", sidecar);

  // Invalid UTF-8 in the CSV (once "internal error").
  write_text(dir.path / "s.csv", csv + "admit_all,\xff\xfe,1\r\n");
  r = run_pbrsim({"report", "s.json", "-o", "r.html"}, dir);
  CHECK(r.exit_code == 2);
  const auto lines = std::count(csv.begin(), csv.end(), '\n');
  CHECK(r.err == "s.csv: /: line " + std::to_string(lines + 1) +
                     ", column 11: byte 0xFF is not UTF-8; expected a CSV file pbrsim wrote "
                     "(UTF-8 text)\n");

  // A number a double cannot hold in a numeric column.
  const auto header_end = csv.find("\r\n");
  const auto header = csv.substr(0, header_end);
  REQUIRE(header.find("mean") != std::string::npos);
  std::string bad = csv;
  const auto row_end = bad.find("\r\n", header_end + 2);
  // The first data row's last field becomes 1e400.
  const auto last_comma = bad.rfind(',', row_end);
  bad = bad.substr(0, last_comma + 1) + "1e400" + bad.substr(row_end);
  write_text(dir.path / "s.csv", bad);
  r = run_pbrsim({"report", "s.json", "-o", "r.html"}, dir);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, StartsWith("s.csv: /: row 2, column '") &&
                        EndsWith("': expected a finite number or an empty cell, got '1e400'\n"));
  CHECK_FALSE(fs::exists(dir.path / "r.html"));

  // A byte-order mark (a spreadsheet saved the CSV) is accepted.
  write_text(dir.path / "s.csv", "\xEF\xBB\xBF" + csv);
  r = run_pbrsim({"report", "s.json", "-o", "r.html"}, dir);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(dir.path / "r.html"));
}

TEST_CASE("a UTF-8 byte-order mark is accepted in every JSON input", "[cli][hostile]") {
  ScratchDir dir("hostile_bom");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");
  write_text(dir.path / "bom.json", "\xEF\xBB\xBF{\"extends\": \"minimal.json\"}");
  CHECK(run_pbrsim({"validate", "bom.json"}, dir).exit_code == 0);
  write_text(dir.path / "p.sweep.json",
             "\xEF\xBB\xBF{\"scenario\": \"bom.json\", \"parameters\": [{\"pointer\": "
             "\"/run/seed\", \"values\": [1, 2]}]}");
  CHECK(run_pbrsim({"sweep", "--plan", "p.sweep.json", "--dry-run"}, dir).exit_code == 0);
}

TEST_CASE("NUL characters, empty pointers and third decimals are refused, located",
          "[cli][hostile]") {
  ScratchDir dir("hostile_silent");
  fs::copy_file(ONE_PROBABILITY, dir.path / "tm.json");
  write_text(
      dir.path / "nul.psa.json",
      R"({"scenario": "tm.json\u0000junk", "draws": 2, "inputs": [{"name": "p", )"
      R"("pointer": "/transitions/0/monthly", "distribution": "beta", "alpha": 2, "beta": 8}]})");
  auto r = run_pbrsim({"psa", "nul.psa.json", "--dry-run"}, dir);
  CHECK(r.exit_code == 2);  // once it read tm.json
  CHECK(r.err ==
        "nul.psa.json: /scenario: expected text without NUL characters (\\u0000, which would cut "
        "a name or a path short), got \"tm.json\\u0000junk\"\n");

  write_text(
      dir.path / "empty.sweep.json",
      R"({"scenario": "tm.json", "parameters": [{"name": "x", "pointer": "", "values": [1, 2]}]})");
  r = run_pbrsim({"sweep", "--plan", "empty.sweep.json", "--dry-run"}, dir);
  CHECK(r.exit_code == 2);  // once a column that changed nothing
  CHECK(r.err ==
        "empty.sweep.json: /parameters/0/pointer: the pointer is empty (the whole scenario cannot "
        "be swept); give the pointer of one value, or leave \"pointer\" out for a parameter used "
        "only by derived values\n");

  fs::copy_file(MINIMAL, dir.path / "minimal.json");
  for (const char* amount : {"999.001", "1500.009", "123456789.001"}) {
    INFO(amount);
    write_text(
        dir.path / "money.json",
        std::string(R"({"extends": "minimal.json", "contract": {"payments": [{"name": "p",)") +
            R"( "kind": "outcome_payment", "trigger_states": ["completed"], )" +
            R"("amount_by_band": {"standard": )" + amount + "}}]}}");
    r = run_pbrsim({"validate", "money.json"}, dir);
    CHECK(r.exit_code == 2);  // once 1500.009 passed as 1500.01
    CHECK_THAT(r.err, Contains("money.json: /contract/payments/0/amount_by_band/standard: "));
  }
}

TEST_CASE(
    "psa: a huge Beta is refused at once; a variant value a spreadsheet would run is "
    "bad input",
    "[cli][psa][hostile]") {
  ScratchDir dir("hostile_psa");
  fs::copy_file(ONE_PROBABILITY, dir.path / "one_probability.json");
  write_text(
      dir.path / "huge.psa.json",
      R"({"scenario": "one_probability.json", "inputs": [{"name": "p", )"
      R"("pointer": "/transitions/0/monthly", "distribution": "beta", "alpha": 1e308, "beta": 1e308}]})");
  const auto start = std::chrono::steady_clock::now();
  auto r = run_pbrsim({"psa", "huge.psa.json", "--dry-run", "--draws", "1"}, dir);
  CHECK(r.exit_code == 2);  // once it never finished
  CHECK(r.err ==
        "huge.psa.json: /inputs/0: bad beta distribution: alpha and beta must be at most 1e7, got "
        "alpha 1e+308, beta 1e+308 (so narrow a beta is a known value: use \"fixed\")\n");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));

  write_text(
      dir.path / "eq.psa.json",
      R"({"scenario": "one_probability.json", "draws": 2, "inputs": [{"name": "p", )"
      R"("pointer": "/transitions/0/monthly", "distribution": "beta", "alpha": 20, "beta": 80}],)"
      R"( "variants": [{"name": "a"}, {"name": "b", "set": {"/name": "=cmd|x"}}],)"
      R"( "decision": {"value_per_sustained_recovery": 1000}})");
  r = run_pbrsim({"psa", "eq.psa.json", "--dry-run"}, dir);
  CHECK(r.exit_code == 2);  // once "internal error"
  CHECK(r.err ==
        "eq.psa.json: /variants/1/set/~1name: string value '=cmd|x' starts with '=', which a "
        "spreadsheet reads as a formula; string values may not start with =, +, -, @, tab or "
        "carriage return\n");
}

TEST_CASE(
    "a failed write says what failed: 'writing FILE: reason', exit 1, never 'internal "
    "error'",
    "[cli][outputs][hostile]") {
  ScratchDir dir("hostile_full");
  fs::copy_file(ONE_PROBABILITY, dir.path / "one_probability.json");
  write_text(
      dir.path / "u.psa.json",
      R"({"scenario": "one_probability.json", "draws": 3, "replications": 5, "inputs": [)"
      R"({"name": "p", "pointer": "/transitions/0/monthly", "distribution": "beta", "alpha": 20, "beta": 80}]})");
  // Files beyond 1 KiB fail with EFBIG ("File too large"), as a full disk fails with ENOSPC:
  // the same code path, whose words these check.
  const std::string limit = "trap '' XFSZ; ulimit -f 1; ";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"sweep", "one_probability.json", "--set", "/run/seed=1:40:1", "--replications", "5", "-q",
        "-o", "out/s.csv"},
       "sweep"},
      {{"psa", "u.psa.json", "-q", "-o", "out/u.csv"}, "psa"},
      {{"schema", "--out", "out/schema.json"}, "schema"},
  };
  for (const auto& [args, command] : cases) {
    INFO(command);
    const auto r = run_pbrsim(args, dir, {}, limit);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, StartsWith("pbrsim " + command + ": writing out/") &&
                          EndsWith(": File too large\n"));
    CHECK_THAT(r.err, !Contains("internal error"));
  }
}
