#include "engine/sweep/results.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace pbr::sweep {

namespace {

using nlohmann::json;

// JSON has no NaN or infinity (nlohmann would write null and read it back as null), so they
// travel as strings.
json number_to_json(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

double number_from_json(const json& v) {
  if (v.is_number()) {
    const double x = v.get<double>();
    if (std::isfinite(x)) return x;
  }
  if (v.is_string() && v.get<std::string>() == "nan")
    return std::numeric_limits<double>::quiet_NaN();
  // An evaluator never reports an infinity (check_result refuses one), so "inf" in a file
  // means the file was written by something else, or edited.
  throw std::invalid_argument("expected a finite number or \"nan\" (an undefined value), got " +
                              v.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool same_number(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

}  // namespace

json result_to_json(const PointResult& result) {
  json rows = json::array();
  for (const auto& row : result.rows) {
    json metrics = json::array();
    for (const auto& e : row.metrics) {
      metrics.push_back(
          {number_to_json(e.mean), number_to_json(e.ci_low), number_to_json(e.ci_high)});
    }
    json r = {{"strategy", row.strategy}, {"metrics", metrics}};
    if (!row.verdict.empty()) r["verdict"] = row.verdict;
    rows.push_back(std::move(r));
  }
  return {{"rows", rows}};
}

PointResult result_from_json(const json& value, const EvaluatorInfo& info) {
  if (!value.is_object() || !value.contains("rows") || !value["rows"].is_array()) {
    throw std::invalid_argument("a result must be an object with an array \"rows\"");
  }
  PointResult out;
  for (const auto& r : value["rows"]) {
    if (!r.is_object() || !r.contains("strategy") || !r["strategy"].is_string() ||
        !r.contains("metrics") || !r["metrics"].is_array()) {
      throw std::invalid_argument("a row needs \"strategy\" and \"metrics\"");
    }
    StrategyRow row;
    row.strategy = r["strategy"].get<std::string>();
    if (r["metrics"].size() != info.metrics.size()) {
      throw std::invalid_argument("row '" + row.strategy + "' has " +
                                  std::to_string(r["metrics"].size()) + " metrics, expected " +
                                  std::to_string(info.metrics.size()));
    }
    for (const auto& m : r["metrics"]) {
      if (!m.is_array() || m.size() != 3) {
        throw std::invalid_argument("a metric must be [mean, ci_low, ci_high]");
      }
      row.metrics.push_back(
          {number_from_json(m[0]), number_from_json(m[1]), number_from_json(m[2])});
    }
    if (r.contains("verdict")) {
      if (!r["verdict"].is_string()) throw std::invalid_argument("a verdict must be a string");
      row.verdict = r["verdict"].get<std::string>();
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

bool same_result(const PointResult& a, const PointResult& b) {
  if (a.rows.size() != b.rows.size()) return false;
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const auto& x = a.rows[i];
    const auto& y = b.rows[i];
    if (x.strategy != y.strategy || x.verdict != y.verdict ||
        x.metrics.size() != y.metrics.size()) {
      return false;
    }
    for (std::size_t k = 0; k < x.metrics.size(); ++k) {
      if (!same_number(x.metrics[k].mean, y.metrics[k].mean) ||
          !same_number(x.metrics[k].ci_low, y.metrics[k].ci_low) ||
          !same_number(x.metrics[k].ci_high, y.metrics[k].ci_high)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace pbr::sweep
