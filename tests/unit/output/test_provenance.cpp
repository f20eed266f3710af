#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "engine/core/version.hpp"
#include "engine/output/provenance.hpp"

using pbr::output::Provenance;
using pbr::output::provenance_to_json;
using pbr::output::provenance_without_invocation;

namespace {
Provenance sample() {
  Provenance p;
  p.scenario_path = "scenarios/pilot.json";
  p.scenario_sha256 = std::string(64, 'a');
  p.seed = 42;
  p.replications = 1000;
  p.block_size = 4096;
  p.method = "mc";
  p.threads = 8;
  p.command_line = {"pbrsim", "run", "scenarios/pilot.json", "--threads", "8"};
  p.started_utc = "2025-01-31T09:15:02Z";
  p.finished_utc = "2025-01-31T09:15:09Z";
  return p;
}
}  // namespace

TEST_CASE("provenance records engine, scenario and run settings", "[output][provenance]") {
  const auto j = provenance_to_json(sample());
  CHECK(j.at("engine") == "pbrsim");
  CHECK(j.at("engine_version") == pbr::core::ENGINE_VERSION);
  CHECK(j.at("git_sha") == pbr::core::GIT_SHA);
  CHECK(j.at("scenario").at("path") == "scenarios/pilot.json");
  CHECK(j.at("scenario").at("sha256") == std::string(64, 'a'));
  CHECK(j.at("seed") == 42);
  CHECK(j.at("replications") == 1000);
  CHECK(j.at("block_size") == 4096);
  CHECK(j.at("method") == "mc");
  CHECK(j.at("threads") == 8);
  CHECK(j.at("command_line").size() == 5);
  CHECK(j.at("command_line").at(3) == "--threads");
  CHECK(j.at("timestamps").at("started_utc") == "2025-01-31T09:15:02Z");
  CHECK(j.at("timestamps").at("finished_utc") == "2025-01-31T09:15:09Z");
  CHECK(j.size() == 11);
}

TEST_CASE("provenance keeps seeds above 2^63 exactly", "[output][provenance]") {
  auto p = sample();
  p.seed = 18446744073709551615ULL;
  CHECK(provenance_to_json(p).at("seed").get<std::uint64_t>() == 18446744073709551615ULL);
  CHECK(provenance_to_json(p).dump().find("18446744073709551615") != std::string::npos);
}

TEST_CASE("provenance without invocation depends only on build, scenario and settings",
          "[output][provenance]") {
  auto a = sample();
  auto b = sample();
  b.threads = 1;
  b.command_line = {"pbrsim", "run", "scenarios/pilot.json"};
  b.started_utc = "2030-01-01T00:00:00Z";
  b.finished_utc = "";
  const auto ja = provenance_without_invocation(provenance_to_json(a));
  CHECK(ja == provenance_without_invocation(provenance_to_json(b)));
  CHECK_FALSE(ja.contains("timestamps"));
  CHECK_FALSE(ja.contains("threads"));
  CHECK(ja.contains("seed"));
  b.seed = 43;
  CHECK(ja != provenance_without_invocation(provenance_to_json(b)));
}

TEST_CASE("utc_timestamp_now is ISO 8601 UTC to the second", "[output][provenance]") {
  const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
  CHECK(std::regex_match(pbr::output::utc_timestamp_now(), iso));
}
