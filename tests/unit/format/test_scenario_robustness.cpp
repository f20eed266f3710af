// No input may crash the reader or make it hang. Deterministic mutations of valid scenarios
// (every value deleted, retyped, made huge, negative or nested; unknown keys added; arrays
// emptied or grown; text truncated at every byte) must each end in a built scenario or in
// core::InputError, never another exception, never an "internal error" (which would mean the
// reader let through something model::check_invariants rejects). Whatever the reader accepts,
// the generated schema must accept too (the schema is never stricter than the reader).
#include <catch2/catch.hpp>

#include "engine/format/json_util.hpp"
#include "engine/format/scenario_reader.hpp"
#include "mini_schema_validator.hpp"
#include "scenario_test_support.hpp"

using nlohmann::json;
using namespace pbr;

namespace {

struct Outcome {
  int accepted = 0;
  int rejected = 0;
};

// Every JSON pointer in the document, the root included.
void collect_pointers(const json& v, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  if (v.is_object()) {
    for (const auto& [key, member] : v.items())
      collect_pointers(member, format::pointer_append(at, key), out);
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i)
      collect_pointers(v[i], format::pointer_append(at, i), out);
  }
}

const std::vector<json>& replacement_values() {
  static const std::vector<json> values = {
      nullptr,
      true,
      "",
      "x",
      "-5",
      "1e3",
      "12.345",
      0,
      -1,
      1,
      2,
      0.5,
      1.5,
      -0.0,
      0.125,
      1e308,
      -1e308,
      std::numeric_limits<std::int64_t>::max(),
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::uint64_t>::max(),
      json::array(),
      json::object(),
      json::parse(R"([[[[[]]]]])"),
      json::parse(R"({"name": "x", "kind": "death", "from": "died", "to": "died"})"),
      json::parse(R"([{"from_month": 0, "rate": 1}, {"from_month": 0, "rate": 2}])"),
  };
  return values;
}

void attempt(const json& doc, Outcome& outcome, const std::string& what) {
  const auto& validator = []() -> const test::MiniSchemaValidator& {
    static const test::MiniSchemaValidator v(format::scenario_schema());
    return v;
  }();
  try {
    const auto s = format::build_scenario(doc, "m.json");
    ++outcome.accepted;
    const auto schema_errors = validator.validate(doc);
    if (!schema_errors.empty())
      FAIL_CHECK(what << ": accepted by the reader, rejected by the "
                         "schema: "
                      << schema_errors.front());
  } catch (const core::InputError& e) {
    ++outcome.rejected;
    for (const auto& d : e.diagnostics()) {
      if (d.message.find("internal error") != std::string::npos)
        FAIL_CHECK(what << ": " << d.to_string());
      if (d.message.empty()) FAIL_CHECK(what << ": empty message");
    }
  } catch (const std::exception& e) {
    FAIL_CHECK(what << ": unexpected exception: " << e.what());
  }
}

Outcome mutate_everywhere(const json& original, std::size_t value_stride) {
  Outcome outcome;
  std::vector<std::string> pointers;
  collect_pointers(original, "", pointers);
  const auto& values = replacement_values();
  std::size_t counter = 0;
  for (const auto& p : pointers) {
    const json::json_pointer ptr(p);
    const auto& target = original.at(ptr);
    if (!p.empty()) {
      json deleted = original;
      const auto parent = ptr.parent_pointer();
      auto& container = deleted.at(parent);
      if (container.is_object())
        container.erase(ptr.back());
      else
        container.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
      attempt(deleted, outcome, "delete " + p);
    }
    for (std::size_t i = counter++ % value_stride; i < values.size(); i += value_stride) {
      json changed = original;
      changed.at(ptr) = values[i];
      attempt(changed, outcome, "set " + p + " = " + values[i].dump());
    }
    if (target.is_object()) {
      json extra = original;
      extra.at(ptr)["zz_unknown"] = 1;
      attempt(extra, outcome, "unknown key in " + p);
    }
    if (target.is_array() && !target.empty()) {
      json grown = original;
      grown.at(ptr).push_back(target[0]);
      attempt(grown, outcome, "duplicate first element of " + p);
      json emptied = original;
      emptied.at(ptr) = json::array();
      attempt(emptied, outcome, "empty " + p);
    }
  }
  return outcome;
}

}  // namespace

TEST_CASE("mutations of the minimal scenario end in a scenario or an InputError",
          "[format][robustness]") {
  const auto doc = json::parse(test::read_text(test::source_path("tests/data/valid/minimal.json")));
  const Outcome outcome = mutate_everywhere(doc, 1);
  // Both outcomes occur, so the test is not vacuous.
  CHECK(outcome.accepted > 50);
  CHECK(outcome.rejected > 1000);
}

TEST_CASE("mutations of the documented example end in a scenario or an InputError",
          "[format][robustness]") {
  const auto doc = format::parse_json_text(test::doc_example_text(), "doc");
  // Every pointer gets a third of the replacement values (rotating), to bound the run time.
  const Outcome outcome = mutate_everywhere(doc, 3);
  CHECK(outcome.accepted > 100);
  CHECK(outcome.rejected > 1000);
}

TEST_CASE("truncated and corrupted text is reported, never crashes", "[format][robustness]") {
  const std::string text = test::read_text(test::source_path("tests/data/valid/minimal.json"));
  int rejected = 0;
  for (std::size_t n = 0; n < text.size(); ++n) {
    for (const std::string& variant :
         {text.substr(0, n), text.substr(0, n) + "\x01" + text.substr(n + 1),
          text.substr(0, n) + "}" + text.substr(n)}) {
      try {
        const auto doc = format::parse_json_text(variant, "t.json");
        format::build_scenario(doc, "t.json");
      } catch (const core::InputError&) {
        ++rejected;
      } catch (const std::exception& e) {
        FAIL("unexpected exception at byte " << n << ": " << e.what());
      }
    }
  }
  CHECK(rejected >= static_cast<int>(2 * text.size()));
}

TEST_CASE("huge files of junk are refused quickly", "[format][robustness]") {
  // A million nested arrays and a very long flat array: parsed without recursion.
  CHECK_THROWS_AS(format::parse_json_text(std::string(1000000, '['), "j.json"), core::InputError);
  std::string flat = "[";
  for (int i = 0; i < 200000; ++i) flat += "1,";
  flat += "1]";
  CHECK_THROWS_AS(format::build_scenario(format::parse_json_text(flat, "j.json"), "j.json"),
                  core::InputError);
  // Many calendar and duration pieces: within the cell limit they are built quickly (one
  // pass over the cells), beyond it they are refused.
  const auto with_pieces = [](int entries) {
    json doc = json::parse(test::read_text(test::source_path("tests/data/valid/minimal.json")));
    doc["horizon_months"] = 1200;
    for (int m = 0; m < entries; ++m) {
      doc["transitions"].push_back({{"from", "dropped_out"},
                                    {"to", "died"},
                                    {"from_month", m},
                                    {"by_duration",
                                     {{{"from_duration", 0}, {"monthly", 0.001}},
                                      {{"from_duration", m + 1}, {"monthly", 0.002}}}}});
    }
    return doc;
  };
  // 998 calendar starts x 999 duration starts, plus the small tables of the other states.
  const auto s = format::build_scenario(with_pieces(998), "big.json");
  CHECK(s.transitions[0].from[2].cells.size() == 998u * 999u);
  try {
    format::build_scenario(with_pieces(1100), "big.json");  // 1100 x 1101 cells
    FAIL("accepted 1.2 million cells");
  } catch (const core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].to_string() ==
          "big.json: /transitions: the transition tables need more than 1000000 cells (calendar "
          "pieces x duration pieces, over all groups and states); use fewer pieces");
  }
}
