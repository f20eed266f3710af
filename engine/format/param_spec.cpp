#include "engine/format/param_spec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/format/json_util.hpp"
#include "engine/format/spreadsheet_names.hpp"

namespace pbr::format {

// ---- constructors -----------------------------------------------------------------------

ValueSpec boolean_value() {
  ValueSpec s;
  s.type = ValueType::boolean;
  return s;
}

ValueSpec integer(std::optional<std::int64_t> min, std::optional<std::int64_t> max,
                  std::string unit) {
  ValueSpec s;
  s.type = ValueType::integer;
  s.int_min = min;
  s.int_max = max;
  s.unit = std::move(unit);
  return s;
}

ValueSpec number(std::optional<double> min, std::optional<double> max, std::string unit) {
  ValueSpec s;
  s.type = ValueType::number;
  s.min = min;
  s.max = max;
  s.unit = std::move(unit);
  return s;
}

ValueSpec probability(std::string unit) {
  return number(0.0, 1.0, std::move(unit));
}

ValueSpec money(bool non_negative, std::string unit) {
  ValueSpec s;
  s.type = ValueType::money;
  if (non_negative) s.min = 0.0;
  s.unit = std::move(unit);
  return s;
}

ValueSpec text(bool non_empty, std::string unit) {
  ValueSpec s;
  s.type = ValueType::string;
  s.non_empty = non_empty;
  s.unit = std::move(unit);
  return s;
}

ValueSpec choice(std::vector<std::string> values, std::string noun, std::string plural) {
  ValueSpec s;
  s.type = ValueType::string;
  s.enum_values = std::move(values);
  s.enum_noun = std::move(noun);
  s.enum_plural = std::move(plural);
  return s;
}

ValueSpec array_of(ValueSpec element, std::size_t min_items) {
  ValueSpec s;
  s.type = ValueType::array;
  s.min_items = min_items;
  s.element = std::make_shared<const ValueSpec>(std::move(element));
  return s;
}

ValueSpec at_most(ValueSpec spec, std::size_t max_items, std::string noun) {
  spec.max_items = max_items;
  spec.items_noun = std::move(noun);
  return spec;
}

ValueSpec object_of(const ObjectSpec& spec) {
  ValueSpec s;
  s.type = ValueType::object;
  s.object = &spec;
  return s;
}

ValueSpec map_of(ValueSpec value) {
  ValueSpec s;
  s.type = ValueType::map;
  s.element = std::make_shared<const ValueSpec>(std::move(value));
  return s;
}

ValueSpec union_of(std::vector<ValueSpec> alternatives, std::string summary) {
  ValueSpec s;
  s.type = alternatives.empty() ? ValueType::string : alternatives.front().type;
  s.alternatives = std::move(alternatives);
  s.summary = std::move(summary);
  return s;
}

ValueSpec or_null(ValueSpec spec) {
  spec.nullable = true;
  return spec;
}

ValueSpec csv_name(ValueSpec spec) {
  spec.csv_name = true;
  return spec;
}

const FieldSpec* ObjectSpec::field(std::string_view key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::vector<std::string> ObjectSpec::keys() const {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.key);
  if (annotations) {
    for (const char* k : ANNOTATION_KEYS) out.emplace_back(k);
  }
  return out;
}

// ---- checking ---------------------------------------------------------------------------

namespace {

std::string range_phrase(const std::optional<std::string>& lo,
                         const std::optional<std::string>& hi) {
  if (lo && hi) return " from " + *lo + " to " + *hi;
  if (lo) return " >= " + *lo;
  if (hi) return " <= " + *hi;
  return "";
}

std::optional<std::string> text_of(const std::optional<std::int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}
std::optional<std::string> text_of(const std::optional<double>& v) {
  return v ? std::optional<std::string>(format_number(*v)) : std::nullopt;
}

std::string expectation(const ValueSpec& s) {
  std::string e;
  if (!s.alternatives.empty()) {
    e = s.summary;
  } else {
    switch (s.type) {
      case ValueType::boolean:
        e = "true or false";
        break;
      case ValueType::integer:
        e = "an integer" + range_phrase(text_of(s.int_min), text_of(s.int_max));
        break;
      case ValueType::number:
        e = (s.unit.rfind("probability", 0) == 0 ? "a probability" : "a number") +
            range_phrase(text_of(s.min), text_of(s.max));
        break;
      case ValueType::money:
        e = "pounds" + range_phrase(text_of(s.min), text_of(s.max)) + " with at most two decimals";
        break;
      case ValueType::string:
        e = !s.enum_values.empty() ? "one of " + join_names(s.enum_values)
            : s.non_empty          ? "a non-empty string"
                                   : "a string";
        break;
      case ValueType::array:
        e = s.min_items > 0 ? "a non-empty array" : "an array";
        break;
      case ValueType::object:
      case ValueType::map:
        e = "an object";
        break;
    }
  }
  if (s.nullable) e += " or null";
  return e;
}

bool type_matches(const nlohmann::json& v, ValueType t) {
  switch (t) {
    case ValueType::boolean:
      return v.is_boolean();
    case ValueType::integer:
      return v.is_number_integer();
    case ValueType::number:
      return v.is_number();
    case ValueType::money:
      return v.is_number() || v.is_string();
    case ValueType::string:
      return v.is_string();
    case ValueType::array:
      return v.is_array();
    case ValueType::object:
    case ValueType::map:
      return v.is_object();
  }
  return false;
}

// Reports to `out` when it is set; `deep` walks into arrays, objects and maps.
struct Checker {
  const std::string& file;
  core::DiagnosticList* out;
  bool deep;

  bool fail(const std::string& pointer, std::string message) const {
    if (out) out->add(file, pointer, std::move(message));
    return false;
  }
  bool expected(const nlohmann::json& v, const ValueSpec& s, const std::string& pointer) const {
    return fail(pointer, "expected " + expectation(s) + ", got " + render_value(v));
  }

  bool integer_ok(const nlohmann::json& v, const ValueSpec& s) const {
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return s.allow_u64 && !s.int_max;
    } else if (!v.is_number_integer()) {
      return false;
    }
    const auto x = v.is_number_unsigned() ? static_cast<std::int64_t>(v.get<std::uint64_t>())
                                          : v.get<std::int64_t>();
    return (!s.int_min || x >= *s.int_min) && (!s.int_max || x <= *s.int_max);
  }

  bool value(const nlohmann::json& v, const ValueSpec& s, const std::string& pointer) const {
    if (v.is_null() && s.nullable) return true;
    if (!s.alternatives.empty()) {
      for (const auto& alt : s.alternatives) {
        if (type_matches(v, alt.type)) return value(v, alt, pointer);
      }
      return expected(v, s, pointer);
    }
    switch (s.type) {
      case ValueType::boolean:
        return v.is_boolean() || expected(v, s, pointer);
      case ValueType::integer:
        return integer_ok(v, s) || expected(v, s, pointer);
      case ValueType::number: {
        if (!v.is_number()) return expected(v, s, pointer);
        const double x = v.get<double>();
        const bool ok = std::isfinite(x) && (!s.min || x >= *s.min) && (!s.max || x <= *s.max);
        return ok || expected(v, s, pointer);
      }
      case ValueType::money: {
        const auto pence = money_pence(v);
        const bool ok = pence && (!s.min || *pence >= std::llround(*s.min * 100.0)) &&
                        (!s.max || *pence <= std::llround(*s.max * 100.0));
        return ok || expected(v, s, pointer);
      }
      case ValueType::string: {
        if (!v.is_string()) return expected(v, s, pointer);
        const auto& str = v.get_ref<const std::string&>();
        if (s.non_empty && str.empty()) return expected(v, s, pointer);
        if (!s.enum_values.empty() &&
            std::find(s.enum_values.begin(), s.enum_values.end(), str) == s.enum_values.end()) {
          return fail(pointer, "unknown " + s.enum_noun + " '" + str + "'; valid " + s.enum_plural +
                                   ": " + join_names(s.enum_values));
        }
        if (s.csv_name && !formula_name_problem(str).empty()) {
          return fail(pointer, formula_name_message(str));
        }
        return true;
      }
      case ValueType::array: {
        if (!v.is_array() || v.size() < s.min_items) return expected(v, s, pointer);
        if (s.max_items > 0 && v.size() > s.max_items) {
          // One message for the list; its items are not checked one by one.
          return fail(pointer, std::to_string(v.size()) + " " + s.items_noun + "; at most " +
                                   std::to_string(s.max_items) +
                                   " are allowed (a limit that bounds a run's memory)");
        }
        bool ok = true;
        if (deep) {
          for (std::size_t i = 0; i < v.size(); ++i)
            ok = value(v[i], *s.element, pointer_append(pointer, i)) && ok;
        }
        return ok;
      }
      case ValueType::object:
        if (!v.is_object()) return expected(v, s, pointer);
        return !deep || object(v, *s.object, pointer);
      case ValueType::map: {
        if (!v.is_object()) return expected(v, s, pointer);
        bool ok = true;
        if (deep) {
          for (const auto& [key, member] : v.items()) {
            if (s.csv_name && !formula_name_problem(key).empty()) {
              ok = fail(pointer_append(pointer, key), formula_name_message(key));
            }
            ok = value(member, *s.element, pointer_append(pointer, key)) && ok;
          }
        }
        return ok;
      }
    }
    return false;
  }

  bool annotation(const nlohmann::json& v, const std::string& pointer) const {
    bool ok = v.is_string();
    if (v.is_array()) {
      ok = std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return e.is_string(); });
    }
    return ok || fail(pointer, "expected a string or an array of strings, got " + render_value(v));
  }

  bool object(const nlohmann::json& v, const ObjectSpec& spec, const std::string& pointer) const {
    if (!v.is_object()) return fail(pointer, "expected an object, got " + render_value(v));
    bool ok = true;
    for (const auto& f : spec.fields) {
      const auto it = v.find(f.key);
      if (it == v.end()) {
        if (f.required) ok = fail(pointer, "missing required key '" + f.key + "'");
        continue;
      }
      ok = value(*it, f.value, pointer_append(pointer, f.key)) && ok;
    }
    const auto valid_keys = spec.keys();
    for (const auto& [key, member] : v.items()) {
      if (spec.field(key)) continue;
      const bool is_annotation =
          spec.annotations && std::find(std::begin(ANNOTATION_KEYS), std::end(ANNOTATION_KEYS),
                                        key) != std::end(ANNOTATION_KEYS);
      if (is_annotation) {
        ok = annotation(member, pointer_append(pointer, key)) && ok;
        continue;
      }
      if (!out || !out->next_is_shown()) {
        // Counted, never shown: no suggestion to look for.
        ok = fail(pointer_append(pointer, key), "unknown key '" + key + "'");
        continue;
      }
      const std::string near = core::nearest(key, valid_keys);
      ok = fail(pointer_append(pointer, key),
                "unknown key '" + key + "'; " +
                    (near.empty() ? "valid keys: " + join_names(valid_keys)
                                  : "did you mean '" + near + "'?"));
    }
    for (const auto& group : spec.exactly_one_of) {
      std::vector<std::string> given;
      for (const auto& k : group) {
        const auto it = v.find(k);
        if (it != v.end() && !it->is_null()) given.push_back(k);
      }
      if (given.size() == 1) continue;
      std::string message = "expected exactly one of " + join_names(group);
      if (given.size() > 1) {
        message += ", got ";
        for (std::size_t i = 0; i < given.size(); ++i) {
          if (i) message += i + 1 == given.size() ? " and " : ", ";
          message += given[i];
        }
      }
      ok = fail(pointer, message);
    }
    return ok;
  }
};

const std::string NO_FILE;

}  // namespace

bool check_value(const nlohmann::json& value, const ValueSpec& spec, const std::string& pointer,
                 const std::string& file, core::DiagnosticList& out) {
  return Checker{file, &out, true}.value(value, spec, pointer);
}

bool check_object(const nlohmann::json& value, const ObjectSpec& spec, const std::string& pointer,
                  const std::string& file, core::DiagnosticList& out) {
  return Checker{file, &out, true}.object(value, spec, pointer);
}

bool conforms(const nlohmann::json& value, const ValueSpec& spec) {
  return Checker{NO_FILE, nullptr, false}.value(value, spec, "");
}

std::optional<core::Pence> money_pence(const nlohmann::json& value) {
  // Beyond this many pounds a number is surely a mistake, and pence stay far from overflow.
  constexpr std::int64_t MAX_POUNDS = 10'000'000'000'000;
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(MAX_POUNDS)) return std::nullopt;
    return static_cast<core::Pence>(u) * 100;
  }
  if (value.is_number_integer()) {
    const auto x = value.get<std::int64_t>();
    if (x > MAX_POUNDS || x < -MAX_POUNDS) return std::nullopt;
    return x * 100;
  }
  if (value.is_number_float()) return core::pounds_to_pence(value.get<double>());
  if (value.is_string()) return core::parse_pounds(value.get_ref<const std::string&>());
  return std::nullopt;
}

}  // namespace pbr::format
