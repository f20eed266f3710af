#include "engine/sweep/outputs.hpp"

#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"
#include "fake_sweep.hpp"

using Catch::Matchers::Contains;
using pbr::sweep::parse_set_option;
using pbr::sweep::read_sidecar;
using pbr::sweep::sidecar_json;
using pbr::sweep::SweepOutput;

namespace {
SweepOutput sample(bool embed) {
  pbr::sweep::SweepPlan plan;
  plan.path = "p.sweep.json";
  plan.scenario = "fake.json";
  plan.description = "a test";
  plan.parameters = {parse_set_option("window=/contract/payments/1/no_reentry/months=3,6"),
                     parse_set_option("share=0.000001,0.5")};
  plan.derived = {{"/contract/payments/0/amount_by_band/low", "round(share * 1000, 2)"}};
  plan.seed = 5;
  auto prepared = pbr::sweep::prepare_sweep(plan, pbr::test::fake_base(), "fake.json", {},
                                            pbr::test::fake_evaluator(), pbr::test::fake_build);
  SweepOutput out;
  out.definition = prepared.definition;
  out.results.resize(4);
  const auto ev = pbr::test::fake_evaluator();
  for (std::size_t i : {0, 3}) {
    const auto& pt = out.definition.points[i];
    out.results[i] =
        ev.evaluate(prepared.scenario(i), {i, pt.seed, pt.replications, pt.strategies, nullptr});
  }
  out.shard = pbr::sweep::ShardSpec{1, 3};
  out.embed_scenarios = embed;
  return out;
}
}  // namespace

TEST_CASE("sidecar and journal paths sit next to the CSV", "[sweep][outputs]") {
  CHECK(pbr::sweep::sidecar_path_for("out/a.csv") == "out/a.json");
  CHECK(pbr::sweep::sidecar_path_for("a") == "a.json");
  CHECK(pbr::sweep::journal_path_for("out/a.csv") == "out/a.journal.jsonl");
}

TEST_CASE("a sidecar reads back to the same definition and results", "[sweep][outputs]") {
  for (bool embed : {false, true}) {
    const SweepOutput out = sample(embed);
    const auto doc = sidecar_json(out, {{"threads", 2}});
    const auto text = doc.dump(2);
    const SweepOutput back = read_sidecar(nlohmann::json::parse(text), "x.json");
    CHECK(back.definition.fingerprint == out.definition.fingerprint);
    CHECK(back.definition.points == out.definition.points);
    CHECK(back.definition.plan.parameters == out.definition.plan.parameters);
    CHECK(back.definition.plan.derived == out.definition.plan.derived);
    CHECK(back.definition.plan.seed == 5u);
    CHECK(back.definition.evaluator == out.definition.evaluator);
    CHECK(back.shard == out.shard);
    CHECK(back.embed_scenarios == embed);
    REQUIRE(back.results.size() == 4);
    CHECK(back.results[0]);
    CHECK_FALSE(back.results[1]);
    CHECK(pbr::sweep::same_result(*back.results[3], *out.results[3]));
    // Writing what was read gives the same document, "execution" aside.
    CHECK(sidecar_json(back, {{"threads", 2}}).dump(2) == text);
    // The label keeps the decimal as written (the JSON library would write 1e-06).
    CHECK(back.definition.plan.parameters[1].values[0].label == "0.000001");
    if (embed) {
      CHECK(doc["points"][3]["scenario"]["contract"]["payments"][0]["amount_by_band"]["low"] ==
            500);
    }
  }
}

TEST_CASE("a tampered sidecar is refused", "[sweep][outputs]") {
  auto doc = sidecar_json(sample(false), nullptr);
  doc["points"][1]["seed"] = 6;
  CHECK_THROWS_WITH(
      read_sidecar(doc, "x.json"),
      Contains("x.json: /fingerprint: the fingerprint does not match the file's content"));
  CHECK_THROWS_WITH(read_sidecar(nlohmann::json::parse(R"({"format": "other"})"), "y.json"),
                    Contains("y.json: /format: not a pbrsim sweep output"));
  auto broken = sidecar_json(sample(false), nullptr);
  broken["plan"].erase("design");
  CHECK_THROWS_WITH(read_sidecar(broken, "z.json"),
                    Contains("z.json: /plan: malformed pbrsim sweep output"));
}

TEST_CASE("the sidecar as written is the sidecar document, streamed in reading order",
          "[sweep][outputs]") {
  const SweepOutput out = sample(true);
  const nlohmann::json execution = {{"threads", 2}};
  const std::string text = pbr::sweep::sidecar_text(out, execution);
  CHECK(nlohmann::json::parse(text) == sidecar_json(out, execution));
  const auto ordered = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [key, value] : ordered.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"format", "fingerprint", "engine", "engine_version",
                                         "git_sha", "layout", "columns", "plan", "evaluator",
                                         "shard", "embed_scenarios", "base_scenario", "points",
                                         "results", "execution"});
  // Each result is one line of its own; everything else is indented as dump(2) would.
  CHECK_THAT(text, Contains("\n  \"results\": [\n    {\"point\":0,\"rows\":[{"));
  CHECK_THAT(text, Contains("\n  \"points\": [\n    {\n      \"assignments\": ["));
  CHECK(text.substr(text.size() - 2) == "}\n");
}

TEST_CASE("a sidecar whose result numbers were edited is refused, naming the point",
          "[sweep][outputs]") {
  const auto doc = sidecar_json(sample(false), nullptr);
  // The second result (point 4) edited by hand: a number changed, or replaced by "nan".
  for (const nlohmann::json& edit : {nlohmann::json(123.5), nlohmann::json("nan")}) {
    auto edited = doc;
    edited["results"][1]["rows"][0]["metrics"][0][0] = edit;
    CHECK_THROWS_WITH(read_sidecar(edited, "s.json"),
                      "s.json: /results/1: the result of point 4 (window=6, share=0.5) does not "
                      "match its digest (\"sha256\"): its numbers were changed after pbrsim wrote "
                      "them; compute this shard again");
  }
  // An infinity is never written by pbrsim.
  auto infinite = doc;
  infinite["results"][0]["rows"][0]["metrics"][0][1] = "inf";
  CHECK_THROWS_WITH(read_sidecar(infinite, "s.json"),
                    "s.json: /results/0: malformed pbrsim sweep output: expected a finite number "
                    "or \"nan\" (an undefined value), got \"inf\"");
  // Without its digest, a result is not trusted either.
  auto unsigned_result = doc;
  unsigned_result["results"][0].erase("sha256");
  CHECK_THROWS_WITH(read_sidecar(unsigned_result, "s.json"),
                    Contains("s.json: /results/0: the result of point 1 (window=3, share=0.000001) "
                             "does not match its digest"));
}
