// The shape limits of a scenario (docs/scenario-format.md, "Limits"): at most 500 states, at most
// 2,000 groups, and a per-replication tally of at most 4,000,000 cells. Each is tested on both
// sides of its edge with the exact message, on scenarios generated here from the minimal one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "dangling_names.hpp"
#include "engine/format/scenario_limits.hpp"
#include "engine/format/scenario_reader.hpp"
#include "scenario_test_support.hpp"

using nlohmann::json;
using namespace pbr;

namespace {

json minimal_doc() {
  return json::parse(test::read_text(test::source_path("tests/data/valid/minimal.json")));
}

// The minimal scenario with `count` states in all (the extra ones unused, kind "other").
json with_states(std::size_t count) {
  json doc = minimal_doc();
  for (std::size_t i = doc["states"].size(); i < count; ++i)
    doc["states"].push_back({{"name", "spare_" + std::to_string(i)}, {"kind", "other"}});
  return doc;
}

// The minimal scenario with `count` groups of equal shares (the last takes the rounding).
json with_groups(std::size_t count) {
  json doc = minimal_doc();
  doc["groups"] = json::array();
  const double share = 1.0 / static_cast<double>(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double s = i + 1 < count ? share : 1.0 - share * static_cast<double>(count - 1);
    doc["groups"].push_back(
        {{"name", "group_" + std::to_string(i)}, {"share", s}, {"band", "standard"}});
  }
  return doc;
}

// Every diagnostic of a rejected document, one per line ("(accepted)" when it builds).
std::string rejection_of(const json& doc) {
  try {
    format::build_scenario(doc, "big.json");
  } catch (const core::InputError& e) {
    return test::render_relative(e.diagnostics());
  }
  return "(accepted)\n";
}

}  // namespace

TEST_CASE("a scenario may declare at most 500 states", "[format][scenario][limits]") {
  const auto s = format::build_scenario(with_states(500), "big.json");
  CHECK(s.states.size() == 500u);
  CHECK(rejection_of(with_states(501)) ==
        "big.json: /states: 501 states; at most 500 are allowed (a limit that bounds a run's "
        "memory)\n");
  // The audit's 5,000 states: one message, nothing built from the unread list.
  CHECK(rejection_of(with_states(5000)) ==
        "big.json: /states: 5000 states; at most 500 are allowed (a limit that bounds a run's "
        "memory)\n");
}

TEST_CASE("a scenario may declare at most 2,000 groups", "[format][scenario][limits]") {
  const auto s = format::build_scenario(with_groups(2000), "big.json");
  CHECK(s.groups.size() == 2000u);
  CHECK(rejection_of(with_groups(2001)) ==
        "big.json: /groups: 2001 groups; at most 2000 are allowed (a limit that bounds a run's "
        "memory)\n");
  CHECK(rejection_of(with_groups(10000)) ==
        "big.json: /groups: 10000 groups; at most 2000 are allowed (a limit that bounds a run's "
        "memory)\n");
}

TEST_CASE("the per-replication tally may have at most 4,000,000 cells",
          "[format][scenario][limits]") {
  // 200 states, horizon 12, one payment: each group adds 200^2 + 12 x (200 + 1) = 42,412 cells,
  // so 94 groups fit (3,986,728) and 95 do not (4,029,140).
  const auto shape = [](std::size_t groups) {
    json doc = with_states(200);
    doc["groups"] = with_groups(groups)["groups"];
    return doc;
  };
  CHECK(rejection_of(shape(94)) == "(accepted)\n");
  CHECK(rejection_of(shape(95)) ==
        "big.json: /: the per-replication tally would have 4029140 cells (groups x states^2 + "
        "horizon_months x groups x (states + payments) = 95 x 200^2 + 12 x 95 x (200 + 1)); at "
        "most 4000000 are allowed (a limit that bounds a run's memory)\n");

  // The horizon counts too: 1,000 groups of 5 states and one payment give 25,000 + 6,000 x
  // horizon_months cells, within the limit up to 662 months.
  json months = with_groups(1000);
  months["horizon_months"] = 662;
  CHECK(rejection_of(months) == "(accepted)\n");
  months["horizon_months"] = 663;
  CHECK(rejection_of(months) ==
        "big.json: /: the per-replication tally would have 4003000 cells (groups x states^2 + "
        "horizon_months x groups x (states + payments) = 1000 x 5^2 + 663 x 1000 x (5 + 1)); at "
        "most 4000000 are allowed (a limit that bounds a run's memory)\n");

  // And the payments: 2,000 groups of 5 states and horizon 100 give 50,000 + 200,000 x (5 +
  // payments) cells, within the limit up to 14 payments.
  json payments = with_groups(2000);
  payments["horizon_months"] = 100;
  const auto add_payment = [&payments]() {
    json rule = payments["contract"]["payments"][0];
    rule["name"] = "completion_" + std::to_string(payments["contract"]["payments"].size());
    payments["contract"]["payments"].push_back(rule);
  };
  while (payments["contract"]["payments"].size() < 14) add_payment();
  CHECK(rejection_of(payments) == "(accepted)\n");
  add_payment();
  CHECK(rejection_of(payments) ==
        "big.json: /: the per-replication tally would have 4050000 cells (groups x states^2 + "
        "horizon_months x groups x (states + payments) = 2000 x 5^2 + 100 x 2000 x (5 + 15)); at "
        "most 4000000 are allowed (a limit that bounds a run's memory)\n");
}

TEST_CASE("a tally over its limit is reported with the other key problems, before any table",
          "[format][scenario][limits]") {
  json doc = with_groups(1000);
  doc["horizon_months"] = 1200;
  doc["run"]["seed"] = -1;
  CHECK(rejection_of(doc) ==
        "big.json: /run/seed: expected an integer >= 0, got -1\n"
        "big.json: /: the per-replication tally would have 7225000 cells (groups x states^2 + "
        "horizon_months x groups x (states + payments) = 1000 x 5^2 + 1200 x 1000 x (5 + 1)); at "
        "most 4000000 are allowed (a limit that bounds a run's memory)\n");
}

TEST_CASE("10,000 dangling names give a short message: 100 problems, 20 names each",
          "[format][scenario][limits]") {
  const json doc = test::dangling_names_scenario(minimal_doc());
  REQUIRE(doc.dump().size() > 1'000'000);
  try {
    format::build_scenario(doc, "big.json");
    FAIL("accepted 10,000 unknown states");
  } catch (const core::InputError& e) {
    // Every problem is counted ...
    REQUIRE(e.diagnostics().size() == static_cast<std::size_t>(test::DANGLING_NAMES));
    // ... the first 100 are shown, the rest summed up in one line.
    const std::string what = e.what();
    CHECK(what.size() < 64 * 1024);
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= what.size();) {
      const auto end = std::min(what.find('\n', start), what.size());
      lines.push_back(what.substr(start, end - start));
      start = end + 1;
    }
    REQUIRE(lines.size() == 101u);
    CHECK(lines.back() == "9900 more problems not shown");
    CHECK(lines[0] ==
          "big.json: /transitions/5/from: unknown state 'in_treatmnt'; did you mean "
          "'in_treatment'? valid states: in_treatment, completed, dropped_out, died, untreated, "
          "spare_state_5, spare_state_6, spare_state_7, spare_state_8, spare_state_9, "
          "spare_state_10, spare_state_11, spare_state_12, spare_state_13, spare_state_14, "
          "spare_state_15, spare_state_16, spare_state_17, spare_state_18, spare_state_19 ... "
          "and 480 more");
    for (std::size_t i = 1; i < 100; ++i) {
      INFO(lines[i]);
      const auto list = lines[i].find("; valid states: ");
      REQUIRE(list != std::string::npos);
      const std::string names = lines[i].substr(list);
      CHECK(std::count(names.begin(), names.end(), ',') == 19);  // 20 names
      CHECK(names.substr(names.size() - 17) == " ... and 480 more");
    }
    // Past the shown ones no list and no suggestion is computed, not even for a near-typo.
    CHECK(e.diagnostics()[1000].to_string() ==
          "big.json: /transitions/1005/from: unknown state 'in_treatmnt'");
    CHECK(e.diagnostics()[1001].to_string() ==
          "big.json: /transitions/1006/from: unknown state 'a_state_nobody_declared_number_01001'");
  }
}

TEST_CASE("a file over 64 MiB is refused unread", "[format][scenario][limits]") {
  test::TempDir dir;
  // Sparse files: nothing is written but the length.
  const std::string at_limit = dir.file("at_limit.json");
  const std::string over = dir.file("over.json");
  test::write_text(at_limit, "");
  test::write_text(over, "");
  std::filesystem::resize_file(at_limit, std::uintmax_t{64} << 20);
  std::filesystem::resize_file(over, (std::uintmax_t{64} << 20) + 1);
  try {
    format::load_scenario(over);
    FAIL("accepted a file over 64 MiB");
  } catch (const core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].to_string() ==
          over + ": /: file is 67108865 bytes; scenario files are limited to 64 MiB");
  }
  // At the limit the file is read (and its zero bytes are malformed JSON).
  try {
    format::load_scenario(at_limit);
    FAIL("accepted 64 MiB of zero bytes");
  } catch (const core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].message.rfind("malformed JSON at line 1, column 1: ", 0) == 0);
  }
}

TEST_CASE("replications and the horizon are refused past their ranges",
          "[format][scenario][limits]") {
  json doc = minimal_doc();
  doc["run"]["replications"] = 1000000;
  doc["horizon_months"] = 1200;
  CHECK(rejection_of(doc) == "(accepted)\n");
  doc["run"]["replications"] = 1000001;
  doc["horizon_months"] = 1201;
  CHECK(rejection_of(doc) ==
        "big.json: /horizon_months: expected an integer from 1 to 1200, got 1201\n"
        "big.json: /run/replications: expected an integer from 1 to 1000000, got 1000001\n");
}
