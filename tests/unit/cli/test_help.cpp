// `pbrsim --help` and every subcommand's --help exit 0 and describe themselves.
#include <catch2/catch.hpp>

#include "unit/cli/cli_support.hpp"

using pbr::test::run_pbrsim;
using pbr::test::ScratchDir;

TEST_CASE("pbrsim --help lists every command and exits 0", "[cli][help]") {
  ScratchDir dir("help");
  const auto r = run_pbrsim({"--help"}, dir);
  CHECK(r.exit_code == 0);
  for (const char* name : {"run", "validate", "schema", "sweep", "merge", "calibrate"}) {
    CHECK_THAT(r.out, Catch::Contains(std::string("  ") + name));
  }
  CHECK_THAT(r.out, Catch::Contains("Exit status"));
}

TEST_CASE("pbrsim without a command prints usage to stderr and exits 2", "[cli][help]") {
  ScratchDir dir("nocmd");
  const auto r = run_pbrsim({}, dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("Usage: pbrsim"));
  CHECK(r.out.empty());
}

TEST_CASE("pbrsim rejects an unknown command with exit 2", "[cli][help]") {
  ScratchDir dir("unknown");
  const auto r = run_pbrsim({"runn"}, dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown command 'runn'"));
}

TEST_CASE("every subcommand's --help exits 0 and describes it", "[cli][help]") {
  ScratchDir dir("subhelp");
  for (const std::string name :
       {"run", "validate", "schema", "sweep", "merge", "calibrate", "psa", "report"}) {
    INFO("pbrsim " << name << " --help");
    const auto r = run_pbrsim({name, "--help"}, dir);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("pbrsim " + name));
    CHECK_THAT(r.out, Catch::Contains("--help"));
  }
}

TEST_CASE("--help comes before the command's checks and reads no file", "[cli][help]") {
  // Every command parses through one parse_command: --help is printed before the command
  // checks a value or reads a file, whatever else is on the line (Boost still refuses a value
  // of the wrong type, such as --tolerance x, while it parses).
  ScratchDir dir("help_first");
  const std::vector<std::vector<std::string>> lines = {
      {"run", "missing.json", "--replications", "0", "--help"},
      {"calibrate", "missing.json", "--help", "--objective", "nope"},
      {"sweep", "--plan", "missing.sweep.json", "--help", "--threads", "x"},
      {"psa", "missing.psa.json", "--draws", "0", "--help"},
      {"merge", "--help", "--layout", "wiide"},
      {"validate", "missing.json", "--help"},
      {"schema", "--help", "--out", ""},
      {"report", "missing.csv", "--help", "--out", ""}};
  for (const auto& line : lines) {
    INFO("pbrsim " << line[0]);
    const auto r = run_pbrsim(line, dir);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("pbrsim " + line[0]) && Catch::Contains("--help"));
    CHECK(r.err.empty());
  }
}

TEST_CASE("pbrsim run --help describes every option and the outputs", "[cli][help][run]") {
  ScratchDir dir("runhelp");
  const auto r = run_pbrsim({"run", "--help"}, dir);
  REQUIRE(r.exit_code == 0);
  for (const char* option :
       {"--replications", "--seed", "--threads", "--out", "--monthly", "--method", "--trace-client",
        "--trace-replication", "--quiet", "--help"}) {
    CHECK_THAT(r.out, Catch::Contains(option));
  }
  for (const char* output : {"_summary.csv", ".json", "docs/outputs.md", "Exit status"}) {
    CHECK_THAT(r.out, Catch::Contains(output));
  }
}

TEST_CASE("pbrsim --version names the engine version", "[cli][help]") {
  ScratchDir dir("version");
  const auto r = run_pbrsim({"--version"}, dir);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("pbrsim "));
}
