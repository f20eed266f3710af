// Every file in tests/data/invalid/ must be rejected with exactly the messages in the
// adjacent NAME.expected file (the lines `pbrsim validate` prints, run from the repository
// root). To regenerate after a deliberate message change, run the test binary with
// PBR_UPDATE_EXPECTED=1 and review the diff.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "engine/format/scenario_reader.hpp"
#include "scenario_test_support.hpp"

using namespace pbr;

namespace {

// Concepts the directory must keep covering (at least 30 fixtures in all).
constexpr std::size_t MIN_FIXTURES = 30;

std::string rejection_of(const std::string& path) {
  try {
    format::load_scenario(path);
  } catch (const core::InputError& e) {
    return test::render_relative(e.diagnostics());
  }
  return "(accepted)\n";
}

}  // namespace

TEST_CASE("every invalid fixture is rejected with its exact messages",
          "[format][scenario][invalid]") {
  const auto files = test::json_files("tests/data/invalid");
  REQUIRE(files.size() >= MIN_FIXTURES);
  const bool update = std::getenv("PBR_UPDATE_EXPECTED") != nullptr;
  for (const auto& path : files) {
    const std::string expected_path =
        std::filesystem::path(path).replace_extension(".expected").string();
    const std::string actual = rejection_of(path);
    if (update) test::write_text(expected_path, actual);
    INFO("fixture " << path);
    REQUIRE(std::filesystem::exists(expected_path));
    CHECK(actual == test::read_text(expected_path));
  }
}

TEST_CASE("the multi-problem fixture reports each problem once", "[format][scenario][invalid]") {
  const auto text = rejection_of(test::source_path("tests/data/invalid/many_problems.json"));
  CHECK(std::count(text.begin(), text.end(), '\n') == 5);
}

TEST_CASE("every .expected file belongs to a fixture", "[format][scenario][invalid]") {
  for (const auto& entry :
       std::filesystem::directory_iterator(test::source_path("tests/data/invalid"))) {
    if (entry.path().extension() != ".expected") continue;
    INFO(entry.path());
    CHECK(std::filesystem::exists(std::filesystem::path(entry.path()).replace_extension(".json")));
  }
}
