#include "engine/sweep/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <tbb/parallel_for.h>
#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/version.hpp"
#include "engine/format/json_util.hpp"
#include "engine/sweep/expression.hpp"

namespace pbr::sweep {

namespace {

using nlohmann::json;

//! Problems listed in full before the rest are only counted: a sweep of 1,000 points that
//! all fail the same way should not bury the terminal.
constexpr std::size_t MAX_LISTED_PROBLEMS = 50;

//! Largest integer a double holds exactly; derived values at or below it are written as
//! JSON integers (so a computed month count or whole-pound amount reads as an integer).
constexpr double MAX_EXACT_INTEGER = 9007199254740992.0;

//! Why `pointer` cannot be set in `base`, or "" when it can: it exists, or its parent is
//! an object (the key is then added, e.g. an optional cohort_threshold).
std::string pointer_problem(const json& base, const std::string& pointer) {
  const json::json_pointer ptr(pointer);
  if (base.contains(ptr)) return "";
  const json::json_pointer parent = ptr.parent_pointer();
  if (base.contains(parent) && base.at(parent).is_object()) return "";
  // Find the deepest existing prefix to say what is wrong there.
  json::json_pointer at = parent;
  while (!at.empty() && !base.contains(at)) at = at.parent_pointer();
  const json& node = base.at(at);
  const std::string where = at.empty() ? "the top level" : at.to_string();
  // The token right below `at` on the way to `pointer`.
  json::json_pointer step = ptr;
  std::string token = step.back();
  while (step.parent_pointer() != at) {
    step = step.parent_pointer();
    token = step.back();
  }
  if (node.is_object()) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : node.items()) keys.push_back(k);
    std::string message = "not in the resolved scenario: " + where + " has no key '" + token + "'";
    if (const auto near = core::nearest(token, keys); !near.empty()) {
      message += "; did you mean '" + format::pointer_append(at.to_string(), near) + "'?";
    } else {
      message += "; keys there: " + format::join_names(keys);
    }
    return message;
  }
  if (node.is_array()) {
    return "not in the resolved scenario: " + where + " is an array of " +
           std::to_string(node.size()) + " elements; '" + token + "' is not an index of one";
  }
  return "not in the resolved scenario: " + where + " is " + format::describe_type(node) +
         ", not an object or array";
}

//! A numeric JSON value (number, or money written as a string of pounds).
std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    try {
      std::size_t used = 0;
      const double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

json number_json(double x) {
  if (x == std::floor(x) && std::fabs(x) <= MAX_EXACT_INTEGER) {
    return json(static_cast<std::int64_t>(x));
  }
  return json(x);
}

struct PointOutcome {
  std::vector<core::Diagnostic> problems;
  std::optional<PointSpec> point;
  int spend_years = 0;  //!< financial years of the point's contract (spend by year)
};

//! The checks made once for the whole plan, and what they give every point.
struct PlanContext {
  std::vector<Expression> expressions;
  std::map<std::string, double> base_numbers;
};

//! The document of a point: the base with its assignments.
json point_document(const json& base, const std::vector<Assignment>& assignments) {
  json doc = base;
  for (const auto& a : assignments) doc[json::json_pointer(a.pointer)] = json::parse(a.json);
  return doc;
}

//! Points built and checked together: large enough to keep every core busy, small enough
//! that a million-point sweep never holds more than one block of documents.
constexpr std::size_t BLOCK_POINTS = 4096;

}  // namespace

std::size_t point_count(Design design, const std::vector<std::size_t>& sizes) {
  if (sizes.empty()) return 0;
  if (design == Design::zip) return sizes[0];
  std::size_t count = 1;
  for (std::size_t s : sizes) {
    if (s == 0) return 0;
    // Saturates rather than wraps: check_plan refuses more than MAX_SWEEP_POINTS anyway.
    count = count > std::numeric_limits<std::size_t>::max() / s
                ? std::numeric_limits<std::size_t>::max()
                : count * s;
  }
  return count;
}

std::vector<std::size_t> choice_of(Design design, const std::vector<std::size_t>& sizes,
                                   std::size_t index) {
  if (design == Design::zip) return std::vector<std::size_t>(sizes.size(), index);
  // Mixed radix, the last parameter the fastest digit.
  std::vector<std::size_t> choice(sizes.size(), 0);
  for (std::size_t k = sizes.size(); k > 0; --k) {
    choice[k - 1] = index % sizes[k - 1];
    index /= sizes[k - 1];
  }
  return choice;
}

std::vector<std::vector<std::size_t>> expand_design(Design design,
                                                    const std::vector<std::size_t>& sizes) {
  std::vector<std::vector<std::size_t>> out;
  const std::size_t n = point_count(design, sizes);
  for (std::size_t i = 0; i < n; ++i) out.push_back(choice_of(design, sizes, i));
  return out;
}

std::string point_label(const SweepPlan& plan, const PointSpec& point) {
  std::string out = "point " + std::to_string(point.index + 1) + " (";
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    if (i) out += ", ";
    out += plan.parameters[i].name + "=" + plan.parameters[i].values[point.choice[i]].label;
  }
  return out + ")";
}

namespace {

//! Checks what concerns the whole plan (names, pointers, expressions) and returns what every
//! point needs. \throws core::InputError with every problem.
PlanContext check_plan_against_base(const SweepPlan& plan, const json& base,
                                    const std::string& base_label, const Evaluator& evaluator) {
  core::DiagnosticList problems;
  std::set<std::string> columns = {"strategy", "metric",  "unit",   "value",
                                   "ci_low",   "ci_high", "verdict"};
  for (const auto& m : evaluator.info.metrics) {
    columns.insert({m.key, m.key + "_ci_low", m.key + "_ci_high"});
  }
  for (const auto& p : plan.parameters) {
    if (columns.count(p.name)) {
      problems.add(plan.path.empty() ? "command line" : plan.path, "",
                   "parameter name '" + p.name + "' is also an output column; choose another");
    }
    if (p.pointer.empty()) continue;
    if (const auto why = pointer_problem(base, p.pointer); !why.empty()) {
      problems.add(base_label, p.pointer, "swept parameter '" + p.name + "' is " + why);
    }
  }
  PlanContext context;
  for (const auto& d : plan.derived) {
    if (const auto why = pointer_problem(base, d.pointer); !why.empty()) {
      problems.add(base_label, d.pointer, "derived value is " + why);
    }
    context.expressions.push_back(Expression::parse(d.expression));
    for (const auto& bp : context.expressions.back().base_pointers()) {
      const json::json_pointer ptr(bp);
      const auto number = base.contains(ptr) ? as_number(base.at(ptr)) : std::nullopt;
      if (!number) {
        problems.add(base_label, bp,
                     "base(\"" + bp + "\") in '" + d.expression + "' needs a number there, found " +
                         (base.contains(ptr) ? format::render_value(base.at(ptr)) : "nothing"));
      } else {
        context.base_numbers[bp] = *number;
      }
    }
  }
  problems.throw_if_any();
  return context;
}

//! Builds and checks point `index`: its assignments, its scenario, its seed, replications
//! and strategies.
PointOutcome build_point(const SweepPlan& plan, const PlanContext& context, const json& base,
                         const std::string& base_label, const RunOverrides& overrides,
                         const Evaluator& evaluator, const ScenarioBuilder& build,
                         const std::vector<std::size_t>& sizes, std::size_t index) {
  PointOutcome outcome;
  PointSpec point;
  point.index = index;
  point.choice = choice_of(plan.design, sizes, index);
  const std::string label = base_label + ", " + point_label(plan, point);
  auto& bad = outcome.problems;
  json doc = base;
  std::map<std::string, const Value*> by_name;
  for (std::size_t k = 0; k < plan.parameters.size(); ++k) {
    const Parameter& p = plan.parameters[k];
    const Value& v = p.values[point.choice[k]];
    by_name[p.name] = &v;
    if (p.pointer.empty()) continue;
    doc[json::json_pointer(p.pointer)] = json::parse(v.json);
    point.assignments.push_back({p.pointer, v.json});
  }
  for (std::size_t k = 0; k < plan.derived.size(); ++k) {
    const Derived& d = plan.derived[k];
    try {
      const double x = context.expressions[k].evaluate(
          [&](const std::string& name) {
            const json v = json::parse(by_name.at(name)->json);
            if (!v.is_number()) {
              throw std::invalid_argument("parameter '" + name + "' is " + format::render_value(v) +
                                          ", not a number");
            }
            return v.get<double>();
          },
          [&](const std::string& pointer) { return context.base_numbers.at(pointer); });
      if (!std::isfinite(x)) throw std::domain_error("the result is not a finite number");
      const json value = number_json(x);
      doc[json::json_pointer(d.pointer)] = value;
      point.assignments.push_back({d.pointer, value.dump()});
    } catch (const std::exception& e) {
      bad.push_back({label, d.pointer, "cannot compute '" + d.expression + "': " + e.what()});
    }
  }
  if (!bad.empty()) return outcome;
  try {
    const model::Scenario scenario = build(doc, label);
    point.scenario_sha256 = core::sha256_hex(doc.dump());
    point.seed = overrides.seed.value_or(plan.seed.value_or(scenario.run.seed));
    point.replications =
        overrides.replications.value_or(plan.replications.value_or(scenario.run.replications));
    point.strategies = !overrides.strategies.empty() ? overrides.strategies
                       : !plan.strategies.empty()    ? plan.strategies
                                                     : scenario.strategies.names;
    if (point.strategies.empty()) point.strategies = {"admit_all"};
    if (evaluator.resolve_strategies) {
      try {
        point.strategies = evaluator.resolve_strategies(scenario, point.strategies);
      } catch (const core::InputError& e) {
        // Name the point: the strategy list is the same everywhere, the scenario is not.
        for (const auto& d : e.diagnostics()) bad.push_back({label, d.pointer, d.message});
        return outcome;
      }
    }
    if (evaluator.spend_by_year) {
      outcome.spend_years =
          model::financial_year_of(scenario.contract, scenario.horizon_months - 1) + 1;
    }
    outcome.point = std::move(point);
  } catch (const core::InputError& e) {
    bad = e.diagnostics();
  }
  return outcome;
}

}  // namespace

CheckedSweep check_sweep(const SweepPlan& plan, const json& base, const std::string& base_label,
                         const RunOverrides& overrides, const Evaluator& evaluator,
                         const ScenarioBuilder& build,
                         const std::function<void(PointSpec&&)>& visit) {
  // 1. Every pointer must make sense in the base, checked once rather than at every point.
  const PlanContext context = check_plan_against_base(plan, base, base_label, evaluator);

  // 2. Build and check every point's scenario, a block of points at a time (in parallel
  //    within a block); only the block's documents and scenarios are ever held.
  std::vector<std::size_t> sizes;
  for (const auto& p : plan.parameters) sizes.push_back(p.values.size());
  const std::size_t count = point_count(plan.design, sizes);
  CheckedSweep out;
  out.definition.plan = plan;
  out.definition.base_document = base.dump();
  out.definition.base_sha256 = core::sha256_hex(out.definition.base_document);
  out.definition.evaluator = evaluator.info;
  FingerprintBuilder fingerprint;
  std::vector<core::Diagnostic> listed;
  std::size_t total_problems = 0;
  int years = 0;
  std::vector<PointOutcome> outcomes;
  for (std::size_t first = 0; first < count; first += BLOCK_POINTS) {
    const std::size_t n = std::min(BLOCK_POINTS, count - first);
    outcomes.assign(n, PointOutcome{});
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t k) {
      outcomes[k] = build_point(plan, context, base, base_label, overrides, evaluator, build, sizes,
                                first + k);
    });
    // In point order, whatever the threads did.
    for (auto& o : outcomes) {
      total_problems += o.problems.size();
      for (auto& d : o.problems) {
        if (listed.size() < MAX_LISTED_PROBLEMS) listed.push_back(std::move(d));
      }
      if (!o.point || total_problems > 0) continue;
      years = std::max(years, o.spend_years);
      fingerprint.add_point(*o.point);
      visit(std::move(*o.point));
    }
  }

  // 3. Report every problem, in point order.
  if (total_problems > 0) {
    if (total_problems > listed.size()) {
      listed.push_back({base_label, "",
                        "... and " + std::to_string(total_problems - listed.size()) +
                            " more problems at other points (" + std::to_string(total_problems) +
                            " in all)"});
    }
    throw core::InputError(std::move(listed));
  }
  // Commissioner spend by financial year: one column per year of the longest point's
  // contract (year 1 holds month 0), empty where a point's contract is shorter.
  for (int k = 1; k <= years; ++k) out.definition.evaluator.metrics.push_back(year_spend_metric(k));
  out.definition.fingerprint = fingerprint.finish(out.definition);
  out.points = count;
  return out;
}

PreparedSweep prepare_sweep(const SweepPlan& plan, const json& base, const std::string& base_label,
                            const RunOverrides& overrides, const Evaluator& evaluator,
                            const ScenarioBuilder& build) {
  std::vector<PointSpec> points;
  CheckedSweep checked =
      check_sweep(plan, base, base_label, overrides, evaluator, build,
                  [&](PointSpec&& point) { points.push_back(std::move(point)); });
  PreparedSweep out;
  out.definition = std::move(checked.definition);
  out.definition.points = std::move(points);
  out.base = base;
  out.base_label = base_label;
  out.build = build;
  return out;
}

model::Scenario PreparedSweep::scenario(std::size_t index) const {
  const PointSpec& point = definition.points.at(index);
  return build(point_document(base, point.assignments),
               base_label + ", " + point_label(definition.plan, point));
}

void FingerprintBuilder::add_point(const PointSpec& point) {
  json assignments = json::array();
  for (const auto& a : point.assignments) assignments.push_back({a.pointer, a.json});
  points_.update(json::array({point.scenario_sha256, point.seed, point.replications,
                              point.strategies, assignments})
                     .dump());
  points_.update("\n");
  ++count_;
}

std::string FingerprintBuilder::finish(const SweepDefinition& def) {
  json id;
  id["format"] = "pbrsim-sweep/1";
  id["engine_version"] = core::ENGINE_VERSION;
  json metrics = json::array();
  for (const auto& m : def.evaluator.metrics) {
    metrics.push_back({m.key, std::string(output::to_string(m.unit))});
  }
  id["evaluator"] = {
      {"id", def.evaluator.id}, {"metrics", metrics}, {"verdict", def.evaluator.verdict}};
  id["base_sha256"] = def.base_sha256;
  id["design"] = std::string(to_string(def.plan.design));
  json params = json::array();
  for (const auto& p : def.plan.parameters) {
    json values = json::array();
    for (const auto& v : p.values) values.push_back(v.json);
    params.push_back({{"name", p.name}, {"pointer", p.pointer}, {"values", values}});
  }
  id["parameters"] = params;
  json derived = json::array();
  for (const auto& d : def.plan.derived) derived.push_back({d.pointer, d.expression});
  id["derived"] = derived;
  if (def.plan.draw_seed) id["draw_seed"] = *def.plan.draw_seed;
  id["point_count"] = count_;
  id["points_sha256"] = core::to_hex(points_.finish());
  return core::sha256_hex(id.dump());
}

std::string fingerprint_of(const SweepDefinition& def) {
  FingerprintBuilder builder;
  for (const auto& p : def.points) builder.add_point(p);
  return builder.finish(def);
}

}  // namespace pbr::sweep
