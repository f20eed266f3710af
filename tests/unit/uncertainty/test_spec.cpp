// Reading an uncertainty file: every problem located by file and JSON pointer, word for word.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/core/diagnostics.hpp"
#include "engine/uncertainty/spec.hpp"

using pbr::core::InputError;
using pbr::uncertainty::read_uncertainty;

namespace {

//! Writes `text` to a scratch file and returns its path.
std::string write_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(PBR_BINARY_DIR) / "test-scratch" / "uncertainty";
  std::filesystem::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

std::string message_of(const std::string& path) {
  try {
    read_uncertainty(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("uncertainty file: a valid file is read whole", "[uncertainty]") {
  const auto spec =
      read_uncertainty(std::string(PBR_SOURCE_DIR) + "/scenarios/uncertainty/default.json");
  CHECK(spec.scenario.ends_with("scenarios/default.json"));
  CHECK(spec.inputs.size() == 11);
  CHECK(spec.draws == 1000);
  CHECK(spec.replications == 50);
  CHECK(spec.correlations.size() == 2);
  const auto& exits = spec.inputs[2];
  REQUIRE(exits.is_dirichlet());
  CHECK(exits.components[0].name == "alcohol_exits_completed");
  CHECK(exits.components[0].alpha == 167);  // count 166 + prior 1
  CHECK(exits.components[2].pointers.empty());
  for (const auto& input : spec.inputs) {
    INFO(input.name);
    CHECK(!input.source.empty());  // every shipped distribution says where it comes from
  }
}

TEST_CASE("uncertainty file: every problem is reported, located", "[uncertainty]") {
  const auto path = write_file("bad.json", R"({
    "scenario": "x.json", "draw": 5,
    "inputs": [
      {"name": "p", "pointer": "/a", "distribution": "beta", "alpha": 0, "beta": 2},
      {"name": "p", "pointer": "a/b", "distribution": "gama", "mean": 1},
      {"name": "q", "distribution": "beta", "mean": 0.5, "sd": 0.6},
      {"name": "draw", "distribution": "uniform", "min": 1, "max": 0, "decimal": 2},
      {"name": "row", "distribution": "dirichlet", "components": [{"name": "a", "count": -1}]}
    ],
    "correlations": [{"between": ["p", "zz"], "rho": 1.5}]
  })");
  CHECK(message_of(path) ==
        path + ": /draw: unknown key 'draw'; did you mean 'draws'?\n" + path +
            ": /inputs/0: bad beta distribution: alpha and beta must be finite and > 0, "
            "got alpha 0, beta 2\n" +
            path +
            ": /inputs/1/distribution: unknown distribution 'gama'; valid: beta, "
            "dirichlet, fixed, gamma, lognormal, triangular, uniform\n" +
            path + ": /inputs/1: pointer 'a/b': a JSON pointer must start with '/'\n" + path +
            ": /inputs/2: a beta from its mean and sd needs 0 < mean < 1 and 0 < sd^2 < "
            "mean (1 - mean), got mean 0.5, sd 0.6\n" +
            path + ": /inputs/3/decimal: unknown key 'decimal'; did you mean 'decimals'?\n" + path +
            ": /inputs/3: bad uniform distribution: expected finite min < max, got min "
            "1, max 0\n" +
            path +
            ": /inputs/4/components: expected an array of at least 2 components "
            "{\"name\", \"count\", \"pointer\"}, got [{\"count\":-1,\"name\":\"a\"}]\n" +
            path + ": /correlations/0/rho: expected -1 < rho < 1, got 1.5");
}

TEST_CASE("uncertainty file: names, correlations and variants are checked together",
          "[uncertainty]") {
  const auto path = write_file("names.json", R"({
    "scenario": "x.json",
    "inputs": [
      {"name": "p", "pointer": "/a", "distribution": "beta", "alpha": 1, "beta": 2},
      {"name": "p", "pointer": "/b", "distribution": "uniform", "min": 0, "max": 1},
      {"name": "draw", "distribution": "uniform", "min": 0, "max": 1},
      {"name": "k", "distribution": "fixed", "value": 3}
    ],
    "correlations": [{"between": ["p", "pp"], "rho": 0.5}, {"between": ["p", "k"], "rho": 0.1}],
    "variants": [{"name": "a"}, {"name": "a"}]
  })");
  CHECK(message_of(path) ==
        path + ": /inputs/1/name: input 'p' is declared twice\n" + path +
            ": /inputs/2/name: 'draw' is a column of the results; choose another name\n" + path +
            ": /correlations/0/between: unknown input 'pp'; did you mean 'p'?\n" + path +
            ": /correlations/1/between: input 'k' cannot be correlated: only scalar "
            "inputs that vary can\n" +
            path + ": /variants/1/name: variant 'a' is declared twice\n" + path +
            ": /decision: choosing between variants needs "
            "decision.value_per_sustained_recovery (pounds a sustained recovery is worth "
            "to the commissioner)");
}

TEST_CASE("uncertainty file: contradictory correlations are refused", "[uncertainty]") {
  const auto path = write_file("matrix.json", R"({
    "scenario": "x.json",
    "inputs": [
      {"name": "a", "distribution": "uniform", "min": 0, "max": 1},
      {"name": "b", "distribution": "uniform", "min": 0, "max": 1},
      {"name": "c", "distribution": "uniform", "min": 0, "max": 1}
    ],
    "correlations": [{"between": ["a", "b"], "rho": 0.9}, {"between": ["b", "c"], "rho": 0.9},
                     {"between": ["a", "c"], "rho": -0.9}]
  })");
  CHECK(message_of(path) == path +
                                ": /correlations: the correlations are not a valid correlation "
                                "matrix (it is not positive definite): some of them contradict "
                                "each other");
}
