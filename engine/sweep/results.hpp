#pragma once
//! \file Point results as JSON, exactly: every double round-trips bit for bit (shortest
//! round-trip text; NaN, an undefined value, as the string "nan"), which is what
//! lets a resumed or merged sweep write the same CSV bytes as an uninterrupted one.

#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/sweep/evaluator.hpp"

namespace pbr::sweep {

//! Results by point index; nullopt for a point not computed (another shard's, or not yet).
using Results = std::vector<std::optional<PointResult>>;

//! `{"rows": [{"strategy": s, "metrics": [[mean, lo, hi], ...], "verdict": v}, ...]}`
//! ("verdict" only when non-empty).
nlohmann::json result_to_json(const PointResult& result);

//! The inverse of result_to_json, checked against the evaluator's description. Infinities
//! ("inf", "-inf") are refused: no evaluator reports one (check_result).
//! \throws std::invalid_argument describing the first malformed part.
PointResult result_from_json(const nlohmann::json& value, const EvaluatorInfo& info);

//! True when two results are identical, NaNs compared as equal (for tests and merge checks).
bool same_result(const PointResult& a, const PointResult& b);

}  // namespace pbr::sweep
