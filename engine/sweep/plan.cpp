#include "engine/sweep/plan.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/sweep/expression.hpp"

namespace pbr::sweep {

namespace {

using nlohmann::json;

const std::vector<std::string> PLAN_KEYS = {"scenario", "description", "notes",   "source",
                                            "design",   "parameters",  "derived", "strategies",
                                            "seed",     "replications"};
const std::vector<std::string> PARAMETER_KEYS = {"name", "pointer", "values", "notes", "source"};
const std::vector<std::string> DERIVED_KEYS = {"pointer", "value", "notes", "source"};

Parameter read_parameter(const json& p, const std::string& pointer, const std::string& file,
                         core::DiagnosticList& out) {
  Parameter param;
  if (!p.is_object()) {
    out.add(
        file, pointer,
        "expected an object {\"name\", \"pointer\", \"values\"}, got " + format::render_value(p));
    return param;
  }
  format::check_object_keys(p, PARAMETER_KEYS, pointer, file, out);
  const auto name = format::read_optional_string(p, "name", pointer, file, out);
  const auto ptr = format::read_optional_string(p, "pointer", pointer, file, out);
  param.pointer = ptr.value_or("");
  if (ptr && ptr->empty()) {
    // "" would read as a virtual parameter: a column that changes nothing.
    out.add(file, format::pointer_append(pointer, "pointer"),
            "the pointer is empty (the whole scenario cannot be swept); give the pointer of one "
            "value, or leave \"pointer\" out for a parameter used only by derived values");
  }
  param.name = name.value_or(param.pointer);
  if (!name && !ptr) out.add(file, pointer, "a parameter needs a \"pointer\", a \"name\" or both");
  const std::string values_pointer = format::pointer_append(pointer, "values");
  if (!p.contains("values")) {
    out.add(file, pointer, "missing required key 'values'");
  } else if (const json& v = p["values"]; v.is_string()) {
    try {
      param.values = parse_values(v.get<std::string>());
    } catch (const ValuesSyntaxError& e) {
      out.add(file, values_pointer, e.what());
    }
  } else if (v.is_array() && !v.empty()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const json& element = v[i];
      if (element.is_string()) {
        const auto message = formula_value_message(element.get<std::string>());
        if (!message.empty()) {
          out.add(file, format::pointer_append(values_pointer, i), message);
          continue;
        }
      }
      param.values.push_back(element.is_string() ? string_value(element.get<std::string>())
                                                 : value_from_json(element.dump()));
    }
  } else {
    out.add(file, values_pointer,
            "expected a non-empty array of values or a string like \"3:12:3\" or \"a,b\", got " +
                format::render_value(v));
  }
  return param;
}

}  // namespace

std::string_view to_string(Design design) {
  return design == Design::zip ? "zip" : "grid";
}

SharedPlanKeys read_shared_plan_keys(const json& doc, const std::string& path,
                                     core::DiagnosticList& out) {
  SharedPlanKeys keys;
  if (doc.contains("derived")) {
    const json& ds = doc["derived"];
    if (!ds.is_array()) {
      out.add(path, "/derived", "expected an array, got " + format::render_value(ds));
    } else {
      for (std::size_t i = 0; i < ds.size(); ++i) {
        const std::string at = format::pointer_append("/derived", i);
        if (!ds[i].is_object()) {
          out.add(
              path, at,
              "expected an object {\"pointer\", \"value\"}, got " + format::render_value(ds[i]));
          continue;
        }
        format::check_object_keys(ds[i], DERIVED_KEYS, at, path, out);
        const auto ptr = format::read_optional_string(ds[i], "pointer", at, path, out);
        const auto value = format::read_optional_string(ds[i], "value", at, path, out);
        if (!ptr) out.add(path, at, "missing required key 'pointer'");
        if (!value) out.add(path, at, "missing required key 'value' (an expression)");
        keys.derived.push_back({ptr.value_or(""), value.value_or("")});
      }
    }
  }
  if (doc.contains("strategies")) {
    const json& ss = doc["strategies"];
    if (!ss.is_array() || !std::all_of(ss.begin(), ss.end(), [](const json& s) {
          return s.is_string() && !s.get<std::string>().empty();
        })) {
      out.add(path, "/strategies",
              "expected an array of strategy names, got " + format::render_value(ss));
    } else {
      for (const auto& s : ss) keys.strategies.push_back(s.get<std::string>());
    }
  }
  if (doc.contains("seed")) {
    const json& s = doc["seed"];
    if (s.is_number_unsigned()) {
      keys.seed = s.get<std::uint64_t>();
    } else {
      out.add(path, "/seed", "expected an integer 0 .. 2^64-1, got " + format::render_value(s));
    }
  }
  if (doc.contains("replications")) {
    const json& r = doc["replications"];
    if (r.is_number_integer() && r.get<std::int64_t>() >= 1 && r.get<std::int64_t>() <= 1000000) {
      keys.replications = r.get<std::int64_t>();
    } else {
      out.add(path, "/replications",
              "expected an integer 1 .. 1000000, got " + format::render_value(r));
    }
  }
  return keys;
}

SweepPlan read_plan(const std::string& path) {
  return read_plan_document(format::read_json_file(path), path);
}

SweepPlan read_plan_document(const json& doc, const std::string& path) {
  core::DiagnosticList out;
  SweepPlan plan;
  plan.path = path;
  if (!doc.is_object()) throw core::InputError(path, "", "expected a JSON object (a sweep plan)");
  format::check_object_keys(doc, PLAN_KEYS, "", path, out);

  if (const auto scenario = format::read_optional_string(doc, "scenario", "", path, out)) {
    namespace fs = std::filesystem;
    const fs::path s(*scenario);
    plan.scenario = s.is_absolute()
                        ? s.string()
                        : (fs::path(path).parent_path() / s).lexically_normal().string();
  }
  plan.description = format::read_optional_string(doc, "description", "", path, out).value_or("");
  if (const auto design = format::read_optional_string(doc, "design", "", path, out)) {
    if (*design == "grid") {
      plan.design = Design::grid;
    } else if (*design == "zip") {
      plan.design = Design::zip;
    } else {
      out.add(path, "/design", "unknown design '" + *design + "'; valid designs: grid, zip");
    }
  }
  if (doc.contains("parameters")) {
    const json& ps = doc["parameters"];
    if (!ps.is_array()) {
      out.add(path, "/parameters",
              "expected an array of parameters, got " + format::render_value(ps));
    } else {
      for (std::size_t i = 0; i < ps.size(); ++i) {
        plan.parameters.push_back(
            read_parameter(ps[i], format::pointer_append("/parameters", i), path, out));
      }
    }
  }
  auto shared = read_shared_plan_keys(doc, path, out);
  plan.derived = std::move(shared.derived);
  plan.strategies = std::move(shared.strategies);
  plan.seed = shared.seed;
  plan.replications = shared.replications;
  out.throw_if_any();
  check_plan(plan, path);
  return plan;
}

void check_plan(const SweepPlan& plan, const std::string& file) {
  core::DiagnosticList out;
  const bool from_file = !plan.path.empty();
  const auto where = [&](const char* list, std::size_t i) {
    return from_file ? format::pointer_append(format::pointer_append("", list), i) : std::string();
  };
  if (plan.parameters.empty()) {
    out.add(file, from_file ? "/parameters" : "",
            "nothing to sweep: give at least one parameter (--set POINTER=VALUES)");
  }
  std::map<std::string, std::size_t> names, pointers;
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    const Parameter& p = plan.parameters[i];
    const std::string label = from_file ? "" : "parameter '" + p.name + "': ";
    if (!p.pointer.empty()) {
      if (const auto problem = pointer_syntax_problem(p.pointer); !problem.empty()) {
        out.add(file, where("parameters", i),
                label + "bad pointer '" + p.pointer + "': " + problem);
      } else if (!pointers.emplace(p.pointer, i).second) {
        out.add(file, where("parameters", i), label + "pointer '" + p.pointer + "' is swept twice");
      }
    }
    if (p.name != p.pointer && !is_valid_name(p.name)) {
      out.add(file, where("parameters", i),
              label + "bad name '" + p.name +
                  "': use letters, digits and '_', starting with a letter or '_'");
    }
    if (!names.emplace(p.name, i).second) {
      out.add(file, where("parameters", i), label + "name '" + p.name + "' is used twice");
    }
  }
  if (plan.design == Design::zip && !plan.parameters.empty()) {
    const std::size_t n = plan.parameters[0].values.size();
    for (std::size_t i = 1; i < plan.parameters.size(); ++i) {
      if (plan.parameters[i].values.size() != n) {
        out.add(file, where("parameters", i),
                "design zip needs equally long value lists: '" + plan.parameters[i].name +
                    "' has " + std::to_string(plan.parameters[i].values.size()) + " values, '" +
                    plan.parameters[0].name + "' has " + std::to_string(n));
      }
    }
  }
  if (plan.design == Design::grid && !plan.parameters.empty()) {
    // Checked before any point exists; the product saturates rather than overflows.
    std::size_t points = 1;
    bool over = false;
    std::string factors;
    for (const auto& p : plan.parameters) {
      const std::size_t n = p.values.size();
      factors += (factors.empty() ? "" : " x ") + std::to_string(n);
      if (n != 0 && points > std::numeric_limits<std::size_t>::max() / n) over = true;
      points = over ? std::numeric_limits<std::size_t>::max() : points * n;
    }
    if (points > MAX_SWEEP_POINTS) {
      out.add(file, from_file ? "/parameters" : "",
              "design grid gives " + std::string(over ? "more than " : "") +
                  std::to_string(points) + " points (" + factors + "); at most " +
                  std::to_string(MAX_SWEEP_POINTS) + " are allowed");
    }
  }
  for (std::size_t i = 0; i < plan.derived.size(); ++i) {
    const Derived& d = plan.derived[i];
    const std::string label = from_file ? "" : "--derive '" + d.pointer + "': ";
    if (const auto problem = pointer_syntax_problem(d.pointer); !problem.empty()) {
      out.add(file, where("derived", i), label + "bad pointer '" + d.pointer + "': " + problem);
    } else if (!pointers.emplace(d.pointer, plan.parameters.size() + i).second) {
      out.add(file, where("derived", i), label + "pointer '" + d.pointer + "' is set twice");
    }
    try {
      const Expression e = Expression::parse(d.expression);
      for (const auto& name : e.names()) {
        if (names.count(name)) continue;
        std::vector<std::string> known;
        for (const auto& [n, index] : names) {
          if (is_valid_name(n)) known.push_back(n);
        }
        std::string message = label + "unknown parameter '" + name + "' in '" + d.expression + "'";
        if (const auto near = core::nearest(name, known); !near.empty()) {
          message += "; did you mean '" + near + "'?";
        } else {
          message += "; parameters: " + format::join_names(known);
        }
        out.add(file, where("derived", i), message);
      }
    } catch (const ValuesSyntaxError& e) {
      out.add(file, where("derived", i),
              label + "bad expression '" + d.expression + "' " + e.what());
    }
  }
  out.throw_if_any();
}

}  // namespace pbr::sweep
