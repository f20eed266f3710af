#include "engine/uncertainty/spec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"
#include "engine/sweep/plan.hpp"
#include "engine/sweep/values.hpp"

namespace pbr::uncertainty {

namespace {

using nlohmann::json;

const std::vector<std::string> FILE_KEYS = {
    "scenario", "description", "notes",      "source", "inputs", "correlations", "derived",
    "variants", "decision",    "strategies", "draws",  "seed",   "replications"};
const std::vector<std::string> COMMON_INPUT_KEYS = {
    "name", "pointer", "pointers", "distribution", "decimals", "assumption", "source", "notes"};
//! The parameter keys each family accepts, in the ways it may be given.
const std::map<std::string, std::vector<std::string>> FAMILY_KEYS = {
    {"fixed", {"value"}},
    {"beta", {"alpha", "beta", "mean", "sd", "events", "trials"}},
    {"gamma", {"mean", "sd"}},
    {"lognormal", {"mu", "sigma", "mean", "sd", "interval95"}},
    {"uniform", {"min", "max"}},
    {"triangular", {"min", "mode", "max"}},
    {"dirichlet", {"components", "prior"}}};
const std::vector<std::string> COMPONENT_KEYS = {"name", "pointer", "pointers", "count", "notes"};

//! Reading context: the file and the list problems go to.
struct Reader {
  std::string file;
  core::DiagnosticList& out;

  void add(const std::string& pointer, const std::string& message) const {
    out.add(file, pointer, message);
  }

  std::optional<double> number(const json& object, const std::string& key,
                               const std::string& at) const {
    if (!object.contains(key)) return std::nullopt;
    const json& v = object[key];
    if (!v.is_number()) {
      add(format::pointer_append(at, key), "expected a number, got " + format::render_value(v));
      return std::nullopt;
    }
    return v.get<double>();
  }

  std::optional<std::int64_t> integer(const json& object, const std::string& key,
                                      const std::string& at, std::int64_t min,
                                      std::int64_t max) const {
    if (!object.contains(key)) return std::nullopt;
    const json& v = object[key];
    if (!v.is_number_integer() ||
        (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) ||
        v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
      add(format::pointer_append(at, key), "expected an integer from " + std::to_string(min) +
                                               " to " + std::to_string(max) + ", got " +
                                               format::render_value(v));
      return std::nullopt;
    }
    return v.get<std::int64_t>();
  }

  //! "pointer": "/a" or "pointers": ["/a", "/b"] (not both).
  std::vector<std::string> pointers(const json& object, const std::string& at) const {
    std::vector<std::string> result;
    if (object.contains("pointer") && object.contains("pointers")) {
      add(at, "give \"pointer\" or \"pointers\", not both");
      return result;
    }
    if (const auto one = format::read_optional_string(object, "pointer", at, file, out)) {
      result.push_back(*one);
    } else if (object.contains("pointers")) {
      const json& list = object["pointers"];
      const std::string list_at = format::pointer_append(at, "pointers");
      if (!list.is_array() || list.empty()) {
        add(list_at,
            "expected a non-empty array of JSON pointers, got " + format::render_value(list));
        return result;
      }
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) {
          add(format::pointer_append(list_at, i),
              "expected a JSON pointer string, got " + format::render_value(list[i]));
        } else {
          result.push_back(list[i].get<std::string>());
        }
      }
    }
    for (const auto& p : result) {
      if (const auto why = sweep::pointer_syntax_problem(p); !why.empty()) {
        add(at, "pointer '" + p + "': " + why);
      }
    }
    return result;
  }
};

//! The scalar distribution of `input` (family `family`), or nullopt after reporting why.
std::optional<Distribution> read_scalar(const Reader& r, const json& input,
                                        const std::string& family, const std::string& at) {
  auto has = [&](const char* k) { return input.contains(k); };
  auto need = [&](std::initializer_list<const char*> keys) {
    bool ok = true;
    for (const char* k : keys) {
      if (!has(k)) {
        r.add(at, std::string("a ") + family + " distribution needs \"" + k + "\"");
        ok = false;
      }
    }
    return ok;
  };
  auto value = [&](const char* k) { return r.number(input, k, at).value_or(NAN); };
  try {
    if (family == "fixed") {
      if (!need({"value"})) return std::nullopt;
      return make_fixed(value("value"));
    }
    if (family == "beta") {
      if (has("events") || has("trials")) {
        if (!need({"events", "trials"})) return std::nullopt;
        const double events = value("events"), trials = value("trials");
        if (!(events > 0 && events < trials)) {
          r.add(at, "a beta from counts needs 0 < events < trials, got events " +
                        format::format_approx(events) + ", trials " +
                        format::format_approx(trials));
          return std::nullopt;
        }
        return make_beta(events, trials - events);
      }
      if (has("mean") || has("sd")) {
        if (!need({"mean", "sd"})) return std::nullopt;
        const double m = value("mean"), sd = value("sd");
        if (!(m > 0 && m < 1 && sd > 0 && sd * sd < m * (1 - m))) {
          r.add(at,
                "a beta from its mean and sd needs 0 < mean < 1 and 0 < sd^2 < mean (1 - "
                "mean), got mean " +
                    format::format_approx(m) + ", sd " + format::format_approx(sd));
          return std::nullopt;
        }
        const double k = m * (1 - m) / (sd * sd) - 1;
        return make_beta(m * k, (1 - m) * k);
      }
      if (!need({"alpha", "beta"})) return std::nullopt;
      return make_beta(value("alpha"), value("beta"));
    }
    if (family == "gamma") {
      if (!need({"mean", "sd"})) return std::nullopt;
      return make_gamma(value("mean"), value("sd"));
    }
    if (family == "lognormal") {
      if (has("interval95")) {
        const json& ci = input["interval95"];
        if (!ci.is_array() || ci.size() != 2 || !ci[0].is_number() || !ci[1].is_number()) {
          r.add(format::pointer_append(at, "interval95"),
                "expected [low, high], a published 95% interval, got " + format::render_value(ci));
          return std::nullopt;
        }
        return make_lognormal_interval(ci[0].get<double>(), ci[1].get<double>());
      }
      if (has("mean") || has("sd")) {
        if (!need({"mean", "sd"})) return std::nullopt;
        return make_lognormal_moments(value("mean"), value("sd"));
      }
      if (!need({"mu", "sigma"})) return std::nullopt;
      return make_lognormal(value("mu"), value("sigma"));
    }
    if (family == "uniform") {
      if (!need({"min", "max"})) return std::nullopt;
      return make_uniform(value("min"), value("max"));
    }
    if (family == "triangular") {
      if (!need({"min", "mode", "max"})) return std::nullopt;
      return make_triangular(value("min"), value("mode"), value("max"));
    }
  } catch (const std::invalid_argument& e) {
    r.add(at, std::string("bad ") + family + " distribution: " + e.what());
  }
  return std::nullopt;
}

std::vector<Component> read_components(const Reader& r, const json& input, const std::string& at,
                                       const std::string& input_name) {
  std::vector<Component> result;
  double prior = 1.0;
  if (const auto p = r.number(input, "prior", at)) {
    if (!(*p >= 0) || !std::isfinite(*p)) {
      r.add(format::pointer_append(at, "prior"),
            "expected a number >= 0, got " + format::format_approx(*p));
    } else {
      prior = *p;
    }
  }
  const std::string list_at = format::pointer_append(at, "components");
  if (!input.contains("components")) {
    r.add(at, "a dirichlet distribution needs \"components\"");
    return result;
  }
  const json& list = input["components"];
  if (!list.is_array() || list.size() < 2) {
    r.add(list_at,
          "expected an array of at least 2 components {\"name\", \"count\", "
          "\"pointer\"}, got " +
              format::render_value(list));
    return result;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    const std::string c_at = format::pointer_append(list_at, i);
    if (!c.is_object()) {
      r.add(c_at, "expected an object {\"name\", \"count\", \"pointer\"}, got " +
                      format::render_value(c));
      continue;
    }
    format::check_object_keys(c, COMPONENT_KEYS, c_at, r.file, r.out);
    Component comp;
    const auto name = format::read_optional_string(c, "name", c_at, r.file, r.out);
    if (!name) {
      if (!c.contains("name")) r.add(c_at, "a component needs a \"name\"");
    } else if (!sweep::is_valid_name(*name)) {
      r.add(format::pointer_append(c_at, "name"),
            "'" + *name +
                "' is not a valid name (letters, digits and '_', not starting with a "
                "digit)");
    } else if (!seen.insert(*name).second) {
      r.add(format::pointer_append(c_at, "name"), "component '" + *name + "' appears twice");
    }
    comp.name = input_name + "_" + name.value_or("");
    comp.pointers = r.pointers(c, c_at);
    const auto count = r.number(c, "count", c_at);
    if (!c.contains("count")) {
      r.add(c_at, "a component needs its observed \"count\"");
    } else if (count && (!(*count >= 0) || !std::isfinite(*count))) {
      r.add(format::pointer_append(c_at, "count"),
            "expected a count >= 0, got " + format::format_approx(*count));
    }
    comp.alpha = count.value_or(0) + prior;
    if (count && *count >= 0 && !(comp.alpha > 0)) {
      r.add(format::pointer_append(c_at, "count"),
            "count + prior must be > 0 (a zero count needs a prior > 0)");
    } else if (count && comp.alpha > MAX_SHAPE) {
      r.add(format::pointer_append(c_at, "count"),
            "count + prior must be at most 1e7, got " + format::format_approx(comp.alpha) +
                " (the Gamma draws behind a Dirichlet slow down beyond; scale the counts down "
                "to the sample they stand for)");
    }
    result.push_back(std::move(comp));
  }
  return result;
}

UncertainInput read_input(const Reader& r, const json& input, const std::string& at) {
  UncertainInput result;
  result.at = at;
  if (!input.is_object()) {
    r.add(at, "expected an object {\"name\", \"pointer\", \"distribution\", ...}, got " +
                  format::render_value(input));
    return result;
  }
  const auto family = format::read_optional_string(input, "distribution", at, r.file, r.out);
  std::vector<std::string> allowed = COMMON_INPUT_KEYS;
  const auto keys = family ? FAMILY_KEYS.find(*family) : FAMILY_KEYS.end();
  if (family && keys == FAMILY_KEYS.end()) {
    std::vector<std::string> names;
    for (const auto& [n, k] : FAMILY_KEYS) names.push_back(n);
    r.add(format::pointer_append(at, "distribution"),
          "unknown distribution '" + *family + "'; valid: " + format::join_names(names));
  }
  if (!input.contains("distribution")) r.add(at, "an input needs a \"distribution\"");
  if (keys != FAMILY_KEYS.end()) {
    allowed.insert(allowed.end(), keys->second.begin(), keys->second.end());
    format::check_object_keys(input, allowed, at, r.file, r.out);
  }
  result.name = format::read_optional_string(input, "name", at, r.file, r.out).value_or("");
  if (!input.contains("name")) r.add(at, "an input needs a \"name\"");
  result.pointers = r.pointers(input, at);
  result.source = format::read_optional_string(input, "source", at, r.file, r.out).value_or("");
  if (input.contains("assumption")) {
    if (!input["assumption"].is_boolean()) {
      r.add(format::pointer_append(at, "assumption"),
            "expected true or false, got " + format::render_value(input["assumption"]));
    } else {
      result.assumption = input["assumption"].get<bool>();
    }
  }
  if (const auto d = r.integer(input, "decimals", at, 0, 12))
    result.decimals = static_cast<int>(*d);
  if (keys == FAMILY_KEYS.end()) return result;
  if (*family == "dirichlet") {
    if (!result.pointers.empty()) {
      r.add(at, "a dirichlet input writes its components: give each component its \"pointer\"");
    }
    result.components = read_components(r, input, at, result.name);
  } else if (const auto d = read_scalar(r, input, *family, at)) {
    result.distribution = *d;
  }
  return result;
}

std::vector<Variant> read_variants(const Reader& r, const json& list) {
  std::vector<Variant> result;
  if (!list.is_array()) {
    r.add("/variants",
          "expected an array of {\"name\", \"set\"}, got " + format::render_value(list));
    return result;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& v = list[i];
    const std::string at = format::pointer_append("/variants", i);
    if (!v.is_object()) {
      r.add(at, "expected an object {\"name\", \"set\"}, got " + format::render_value(v));
      continue;
    }
    format::check_object_keys(v, {"name", "set", "description", "notes", "source"}, at, r.file,
                              r.out);
    Variant variant;
    variant.name = format::read_optional_string(v, "name", at, r.file, r.out).value_or("");
    if (!v.contains("name")) r.add(at, "a variant needs a \"name\"");
    if (v.contains("set")) {
      const json& set = v["set"];
      if (!set.is_object()) {
        r.add(format::pointer_append(at, "set"),
              "expected an object {POINTER: VALUE}, got " + format::render_value(set));
      } else {
        for (const auto& [pointer, value] : set.items()) {
          const std::string value_at =
              format::pointer_append(format::pointer_append(at, "set"), pointer);
          if (const auto why = sweep::pointer_syntax_problem(pointer); !why.empty()) {
            r.add(value_at, "pointer '" + pointer + "': " + why);
          }
          // The value becomes a CSV cell (the variant's column): the same rule as --set.
          try {
            (void)sweep::value_from_json(value.dump());
          } catch (const sweep::ValuesSyntaxError& e) {
            r.add(value_at, e.what());
          }
          variant.settings.emplace_back(pointer, value.dump());
        }
      }
    }
    result.push_back(std::move(variant));
  }
  return result;
}

}  // namespace

UncertaintySpec read_uncertainty(const std::string& path) {
  return read_uncertainty_document(format::read_json_file(path), path);
}

UncertaintySpec read_uncertainty_document(const json& doc, const std::string& path) {
  core::DiagnosticList out;
  const Reader r{path, out};
  UncertaintySpec spec;
  spec.path = path;
  if (!doc.is_object()) {
    throw core::InputError(path, "", "expected a JSON object (an uncertainty file)");
  }
  format::check_object_keys(doc, FILE_KEYS, "", path, out);
  if (const auto scenario = format::read_optional_string(doc, "scenario", "", path, out)) {
    namespace fs = std::filesystem;
    const fs::path s(*scenario);
    spec.scenario = s.is_absolute()
                        ? s.string()
                        : (fs::path(path).parent_path() / s).lexically_normal().string();
  } else if (!doc.contains("scenario")) {
    out.add(path, "", "missing required key 'scenario' (the scenario file the inputs belong to)");
  }
  spec.description = format::read_optional_string(doc, "description", "", path, out).value_or("");
  if (!doc.contains("inputs")) {
    out.add(path, "", "missing required key 'inputs'");
  } else if (const json& inputs = doc["inputs"]; !inputs.is_array() || inputs.empty()) {
    out.add(path, "/inputs",
            "expected a non-empty array of inputs, got " + format::render_value(inputs));
  } else {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      spec.inputs.push_back(read_input(r, inputs[i], format::pointer_append("/inputs", i)));
    }
  }
  if (doc.contains("correlations")) {
    const json& list = doc["correlations"];
    if (!list.is_array()) {
      out.add(
          path, "/correlations",
          "expected an array of {\"between\": [A, B], \"rho\"}, got " + format::render_value(list));
    } else {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const json& c = list[i];
        const std::string at = format::pointer_append("/correlations", i);
        if (!c.is_object()) {
          out.add(path, at,
                  "expected {\"between\": [A, B], \"rho\"}, got " + format::render_value(c));
          continue;
        }
        format::check_object_keys(c, {"between", "rho", "source", "notes"}, at, path, out);
        Correlation corr;
        corr.at = at;
        const json between = c.value("between", json());
        if (!between.is_array() || between.size() != 2 || !between[0].is_string() ||
            !between[1].is_string()) {
          out.add(path, format::pointer_append(at, "between"),
                  "expected two input names, got " + format::render_value(between));
        } else {
          corr.first = between[0].get<std::string>();
          corr.second = between[1].get<std::string>();
        }
        const auto rho = r.number(c, "rho", at);
        if (!c.contains("rho")) out.add(path, at, "a correlation needs \"rho\"");
        if (rho && !(*rho > -1 && *rho < 1)) {
          out.add(path, format::pointer_append(at, "rho"),
                  "expected -1 < rho < 1, got " + format::format_approx(*rho));
        }
        corr.rho = rho.value_or(0.0);
        spec.correlations.push_back(std::move(corr));
      }
    }
  }
  if (doc.contains("variants")) spec.variants = read_variants(r, doc["variants"]);
  if (doc.contains("decision")) {
    const json& d = doc["decision"];
    if (!d.is_object()) {
      out.add(path, "/decision", "expected an object, got " + format::render_value(d));
    } else {
      format::check_object_keys(d, {"value_per_sustained_recovery", "source", "notes"}, "/decision",
                                path, out);
      if (const auto v = r.number(d, "value_per_sustained_recovery", "/decision")) {
        if (!(*v >= 0) || !std::isfinite(*v)) {
          out.add(path, "/decision/value_per_sustained_recovery",
                  "expected pounds >= 0, got " + format::format_approx(*v));
        }
        spec.decision.value_per_sustained_recovery = *v;
      }
    }
  }
  auto shared = sweep::read_shared_plan_keys(doc, path, out);
  spec.derived = std::move(shared.derived);
  spec.strategies = std::move(shared.strategies);
  spec.seed = shared.seed;
  spec.replications = shared.replications;
  if (const auto d = r.integer(doc, "draws", "", 1, MAX_DRAWS)) spec.draws = *d;
  out.throw_if_any();
  check_uncertainty(spec, path);
  return spec;
}

}  // namespace pbr::uncertainty
