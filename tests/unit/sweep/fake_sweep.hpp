#pragma once
//! \file Test doubles for the sweep machinery: a tiny base document, a scenario builder that
//! checks two fields the way the reader would, and an evaluator whose results are a pure
//! function of the point's document, seed and replications (Philox draws, as a Monte Carlo
//! would make), so every property of the machinery can be tested without the simulation.

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/rng/stream.hpp"
#include "engine/sweep/evaluator.hpp"
#include "engine/sweep/sweep.hpp"

namespace pbr::test {

//! A base document with the shape of a scenario's contract.
inline nlohmann::json fake_base() {
  return nlohmann::json::parse(R"({
    "name": "fake", "horizon_months": 12, "run": {"seed": 7, "replications": 5},
    "contract": {"payments": [
      {"name": "fee", "amount_by_band": {"low": 100, "high": 200}},
      {"name": "outcome", "amount_by_band": {"low": 1000, "high": 2000},
       "no_reentry": {"months": 6}}]},
    "strategies": {"evaluate": ["admit_all", "cherry_pick"]}})");
}

//! Builds a Scenario carrying the document in `description`; rejects a horizon or a window
//! below 1 as the reader would (file label, pointer, message).
inline model::Scenario fake_build(const nlohmann::json& doc, const std::string& label) {
  core::DiagnosticList problems;
  const auto& h = doc.at("horizon_months");
  if (!h.is_number_integer() || h.get<int>() < 1) {
    problems.add(label, "/horizon_months", "expected an integer 1 .. 1200, got " + h.dump());
  }
  const auto& payments = doc.at("contract").at("payments");
  for (std::size_t i = 0; i < payments.size(); ++i) {
    if (payments[i].contains("no_reentry")) {
      const auto& m = payments[i]["no_reentry"]["months"];
      if (!m.is_number_integer() || m.get<int>() < 1) {
        problems.add(label, "/contract/payments/" + std::to_string(i) + "/no_reentry/months",
                     "expected an integer 1 .. 1200, got " + m.dump());
      }
    }
  }
  problems.throw_if_any();
  model::Scenario s;
  s.name = doc.at("name").get<std::string>();
  s.description = doc.dump();
  s.horizon_months = h.get<int>();
  s.run.seed = doc.at("run").at("seed").get<std::uint64_t>();
  s.run.replications = doc.at("run").at("replications").get<int>();
  for (const auto& n : doc.at("strategies").at("evaluate")) {
    s.strategies.names.push_back(n.get<std::string>());
  }
  return s;
}

//! The fake evaluator's description: a money metric, a count and a verdict.
inline sweep::EvaluatorInfo fake_info() {
  return {"fake/1",
          {{"margin", sweep::Unit::gbp, "a money metric"},
           {"completions", sweep::Unit::count, "a count"}},
          true};
}

//! Results from the document, the seed and the replications: margin = fee + outcome / window
//! plus noise, per strategy. `delay` slows each point down (for interruption tests).
inline sweep::Evaluator fake_evaluator(std::chrono::milliseconds delay = {},
                                       std::atomic<int>* calls = nullptr) {
  return {fake_info(),
          [delay, calls](const model::Scenario& s, const sweep::PointContext& ctx) {
            if (calls) ++*calls;
            if (delay.count() > 0) std::this_thread::sleep_for(delay);
            const auto doc = nlohmann::json::parse(s.description);
            const auto& pay = doc["contract"]["payments"];
            const double fee = pay[0]["amount_by_band"]["high"].get<double>();
            const double window = pay[1]["no_reentry"]["months"].get<double>();
            sweep::PointResult r;
            for (std::size_t k = 0; k < ctx.strategies.size(); ++k) {
              double sum = 0.0, sum2 = 0.0;
              for (std::int64_t rep = 0; rep < ctx.replications; ++rep) {
                rng::ClientStream u(
                    {ctx.seed, rng::Stream::transition, static_cast<std::uint64_t>(rep), k});
                const double x = fee + 1000.0 / window + 100.0 * u.uniform() + s.horizon_months;
                sum += x;
                sum2 += x * x;
              }
              const double n = static_cast<double>(ctx.replications);
              const double mean = sum / n;
              const double sd =
                  n > 1 ? std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1))) : 0;
              sweep::StrategyRow row;
              row.strategy = ctx.strategies[k];
              row.metrics = {{mean, mean - sd, mean + sd},
                             {window, std::nan(""), std::numeric_limits<double>::max()}};
              row.verdict = mean > 400 ? "high" : "low";
              r.rows.push_back(row);
            }
            return r;
          },
          nullptr};
}

//! A fresh empty directory under the build tree for one test.
inline std::string scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::path(PBR_BINARY_DIR) / "test-scratch" / "sweep" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

//! A whole file's bytes.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

//! Writes a file.
inline void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace pbr::test
