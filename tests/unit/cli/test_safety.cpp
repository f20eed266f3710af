// End-to-end tests of command-line care and output safety: no guessing of option names, one
// range per shared option, outputs checked before any work, never written over an input or
// over anything but a regular file, and exit codes that tell the truth.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "unit/cli/cli_support.hpp"

namespace fs = std::filesystem;
using pbr::test::read_file;
using pbr::test::run_pbrsim;
using pbr::test::ScratchDir;
using pbr::test::shell_quote;
using pbr::test::source_path;
using pbr::test::write_text;

namespace {

const std::string MINIMAL = source_path("tests/data/valid/minimal.json");

// Two bands paid alike, one costing nothing: equal margins would need a negative tariff for
// the free band (the contract pays less than the expensive band costs).
const std::string FREE_BAND = R"({
  "extends": "minimal.json",
  "bands": [{"name": "free"}, {"name": "dear"}],
  "groups": [{"name": "a", "share": 0.5, "band": "free"}, {"name": "b", "share": 0.5, "band": "dear"}],
  "economics": {"cost_per_month": [{"groups": ["b"], "state": "in_treatment", "pounds": 200}]},
  "contract": {"payments": [{"name": "completion", "kind": "outcome_payment",
    "trigger_states": ["completed"], "amount_by_band": {"free": 1000, "dear": 1000}}]}
})";

// Parking (half the cost for 90% of the completions) pays in the only band: no band multiplier
// can remove that incentive, so gaming_gain cannot meet its tolerance.
const std::string CHEAP_PARKING = R"({
  "extends": "minimal.json",
  "behaviours": {"park": {"groups": {"*": {"cost_multiplier": 0.5,
    "transition_multipliers": [{"from": "in_treatment", "to": "completed", "factor": 0.9}]}}}}
})";

}  // namespace

TEST_CASE("option names are never completed from a prefix; unknown ones get a suggestion",
          "[cli][options]") {
  ScratchDir dir("prefix");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");  // calibrate writes beside its input
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"run", MINIMAL, "--replication", "3"},
       "pbrsim run: unknown option '--replication'; did you mean '--replications'?\n"},
      {{"calibrate", "minimal.json", "--objectiv", "gaming_gain"},
       "pbrsim calibrate: unknown option '--objectiv'; did you mean '--objective'?\n"},
      {{"validate", MINIMAL, "--quie"},
       "pbrsim validate: unknown option '--quie'; did you mean '--quiet'?\n"},
      {{"schema", "--markdow"},
       "pbrsim schema: unknown option '--markdow'; did you mean "
       "'--markdown'?\n"},
      {{"merge", "m.csv", "s.csv", "--layou", "wide"},
       "pbrsim merge: unknown option '--layou'; did you mean '--layout'?\n"},
      {{"run", MINIMAL, "--frobnicate"},
       "pbrsim run: unknown option '--frobnicate'; 'pbrsim run --help' lists the options\n"},
  };
  for (const auto& [args, expected] : cases) {
    INFO(args[0] << " " << args.back());  // "schema --markdow" has no args[2]
    const auto r = run_pbrsim(args, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err == expected);
    CHECK(r.out.empty());
  }
}

TEST_CASE("run, sweep and calibrate share one range per option", "[cli][options]") {
  ScratchDir dir("ranges");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");  // calibrate writes beside its input
  struct Case {
    std::string option, value, message;
  };
  const std::vector<Case> cases = {
      {"--replications", "4294967297",
       "--replications: expected an integer 1 .. 1000000, got "
       "'4294967297'"},
      {"--replications", "1000001",
       "--replications: expected an integer 1 .. 1000000, got "
       "'1000001'"},
      {"--replications", "2x", "--replications: expected an integer 1 .. 1000000, got '2x'"},
      {"--seed", "-1", "--seed: expected an integer 0 .. 18446744073709551615, got '-1'"},
      {"--seed", "+5", "--seed: expected an integer 0 .. 18446744073709551615, got '+5'"},
      {"--threads", "-2", "--threads: expected an integer 0 .. 4096, got '-2'"},
      {"--threads", "4097", "--threads: expected an integer 0 .. 4096, got '4097'"},
  };
  for (const auto& c : cases) {
    for (const std::string command : {"run", "sweep", "calibrate"}) {
      INFO(command << " " << c.option << " " << c.value);
      std::vector<std::string> args = {command, "minimal.json", c.option, c.value};
      if (command == "sweep") args.insert(args.end(), {"--set", "/horizon_months=6"});
      const auto r = run_pbrsim(args, dir);
      CHECK(r.exit_code == 2);
      CHECK(r.err == "pbrsim " + command + ": " + c.message + "\n");
    }
  }
  // The same bounds are accepted everywhere (calibrate once required 2 replications).
  const auto one = run_pbrsim({"calibrate", "minimal.json", "-r", "1", "-o", "c.json"}, dir);
  INFO(one.err);
  CHECK(one.exit_code == 0);
}

TEST_CASE("pbrsim run refuses unsafe outputs at once, before simulating", "[cli][run][outputs]") {
  ScratchDir dir("run_outputs");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");
  write_text(dir.path / "variant.json", R"({"extends": "minimal.json", "horizon_months": 6})");
  const std::string base_text = read_file(dir.path / "minimal.json");
  const auto refused = [&](const std::vector<std::string>& args) {
    const auto r = run_pbrsim(args, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());  // no summary table: nothing was simulated
    return r.err;
  };
  // The sidecar of --out minimal.csv is the base of the scenario's extends chain.
  CHECK(refused({"run", "variant.json", "-q", "-o", "minimal.csv"}) ==
        "pbrsim run: refusing to write 'minimal.json' (the sidecar of --out minimal.csv): it is "
        "an input of this command\n");
  CHECK(refused({"run", "variant.json", "-q", "--monthly", "./sub/../variant.json"}) ==
        "pbrsim run: refusing to write './sub/../variant.json' (--monthly): it is an input of "
        "this command\n");
  CHECK(refused({"run", "variant.json", "-q", "-o", "s.csv", "--monthly", "s.json"}) ==
        "pbrsim run: refusing to write 's.json' (--monthly): the command also writes it as the "
        "sidecar of --out s.csv\n");
  // A device: the rename would have replaced /dev/null itself.
  CHECK(refused({"run", "variant.json", "-q", "-o", "/dev/null"}) ==
        "pbrsim run: refusing to write '/dev/null' (--out): it exists and is a character device; "
        "outputs are written only to regular files\n");
  CHECK(fs::is_character_file("/dev/null"));
  // A directory that cannot be made: a regular file is in the way.
  CHECK(refused({"run", "variant.json", "-q", "-o", "minimal.json/out/s.csv"}) ==
        "pbrsim run: refusing to write 'minimal.json/out/s.csv' (--out): 'minimal.json' is not a "
        "directory\n");
  CHECK(read_file(dir.path / "minimal.json") == base_text);
  for (const auto& e : fs::directory_iterator(dir.path)) {
    INFO(e.path());
    CHECK((e.path().filename() == "minimal.json" || e.path().filename() == "variant.json"));
  }
}

TEST_CASE("a failed write to standard output exits 1 with a message", "[cli][outputs]") {
  ScratchDir dir("dev_full");
  if (!fs::exists("/dev/full")) {
    WARN("skipped: no /dev/full");
    return;
  }
  const auto err = dir.path / "err.txt";
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"schema"}, {"validate", MINIMAL}, {"--version"}}) {
    std::string cmd = shell_quote(PBRSIM_EXE);
    for (const auto& a : args) cmd += " " + shell_quote(a);
    cmd += " >/dev/full 2>" + shell_quote(err.string());
    const int status = std::system(cmd.c_str());
    INFO(cmd);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(read_file(err) ==
          "pbrsim " + args[0] + ": cannot write to standard output: No space left on device\n");
  }
}

TEST_CASE("numbers out of range and repeated keys in a scenario are bad input, located",
          "[cli][run]") {
  ScratchDir dir("bad_numbers");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");
  write_text(dir.path / "big.json", "{\"extends\": \"minimal.json\",\n \"horizon_months\": 1e400}");
  const auto big = run_pbrsim({"run", "big.json", "-q"}, dir);
  CHECK(big.exit_code == 2);  // once exit 1, "internal error"
  CHECK(big.err ==
        "big.json: /horizon_months: number 1e400 is out of range (a double holds "
        "magnitudes up to about 1.8e308)\n");
  write_text(dir.path / "twice.json",
             "{\"extends\": \"minimal.json\", \"run\": {\"seed\": 1, \"seed\": 2}}");
  const auto twice = run_pbrsim({"validate", "twice.json"}, dir);
  CHECK(twice.exit_code == 2);
  CHECK(twice.err ==
        "twice.json: /run/seed: key \"seed\" appears more than once in the object; "
        "a key may appear only once\n");
}

TEST_CASE("pbrsim calibrate replaces an existing file only with --force, never an input",
          "[cli][calibrate][outputs]") {
  ScratchDir dir("calibrate_force");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");
  write_text(dir.path / "minimal_calibrated.json", "mine\n");
  const auto r = run_pbrsim({"calibrate", "minimal.json", "-r", "2"}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());  // refused before calibrating
  CHECK(r.err ==
        "pbrsim calibrate: refusing to write 'minimal_calibrated.json' (the default "
        "--out): it exists; add --force to replace it\n");
  CHECK(read_file(dir.path / "minimal_calibrated.json") == "mine\n");

  const auto forced = run_pbrsim({"calibrate", "minimal.json", "-r", "2", "--force"}, dir);
  INFO(forced.err);
  CHECK(forced.exit_code == 0);
  CHECK_THAT(read_file(dir.path / "minimal_calibrated.json"),
             Catch::StartsWith("{\n  \"extends\": \"minimal.json\""));

  const std::string input = read_file(dir.path / "minimal.json");
  const auto over_input =
      run_pbrsim({"calibrate", "minimal.json", "-r", "2", "--force", "-o", "minimal.json"}, dir);
  CHECK(over_input.exit_code == 2);
  CHECK(over_input.err ==
        "pbrsim calibrate: refusing to write 'minimal.json' (--out): it is an input of this "
        "command\n");
  CHECK(read_file(dir.path / "minimal.json") == input);
}

TEST_CASE("pbrsim calibrate exits 3 when its objective is not met", "[cli][calibrate]") {
  ScratchDir dir("calibrate_unmet");
  fs::copy_file(MINIMAL, dir.path / "minimal.json");
  SECTION("not within the tolerance: the closest result is written") {
    write_text(dir.path / "park.json", CHEAP_PARKING);
    const auto r =
        run_pbrsim({"calibrate", "park.json", "-r", "2", "--objective", "gaming_gain"}, dir);
    CHECK(r.exit_code == 3);  // once 0
    CHECK_THAT(r.out, Catch::Contains("NOT met after 8 fits"));
    CHECK(r.err ==
          "pbrsim calibrate: objective not met within the tolerance; "
          "park_calibrated.json holds the closest result\n");
    CHECK(fs::exists(dir.path / "park_calibrated.json"));
  }
  SECTION("only with a tariff of zero: nothing is written") {
    write_text(dir.path / "free.json", FREE_BAND);
    const auto r = run_pbrsim({"calibrate", "free.json", "-r", "2"}, dir);
    CHECK(r.exit_code == 3);
    CHECK(r.err ==
          "pbrsim calibrate: the calibrated tariff would not pay: payment 'completion', band "
          "'free': 1000.00 -> 0.00 pounds\n"
          "pbrsim calibrate: objective not met with positive tariffs; nothing written to "
          "free_calibrated.json\n");
    CHECK_FALSE(fs::exists(dir.path / "free_calibrated.json"));
  }
}
