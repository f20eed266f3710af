#include "engine/format/param_schema.hpp"

#include <map>
#include <set>
#include <vector>

#include "engine/format/json_util.hpp"

namespace pbr::format {

namespace {

using nlohmann::json;

constexpr const char* MONEY_PATTERN = "^[0-9]+(\\.[0-9]{1,2})?$";
constexpr const char* SIGNED_MONEY_PATTERN = "^[+-]?[0-9]+(\\.[0-9]{1,2})?$";
constexpr const char* ANNOTATION_DEF = "annotation";

json null_schema() {
  return json{{"type", "null"}};
}

// Builds $defs lazily: an object type (full or patch form) is emitted once, when first used.
class SchemaBuilder {
 public:
  json defs = json::object();

  json value(const ValueSpec& s, bool patch) {
    json j;
    if (!s.alternatives.empty()) {
      j["anyOf"] = json::array();
      for (const auto& alt : s.alternatives) j["anyOf"].push_back(value(alt, patch));
      if (s.nullable) j["anyOf"].push_back(null_schema());
      return j;
    }
    switch (s.type) {
      case ValueType::boolean:
        j["type"] = "boolean";
        break;
      case ValueType::integer:
        j["type"] = "integer";
        if (s.int_min) j["minimum"] = *s.int_min;
        if (s.int_max) j["maximum"] = *s.int_max;
        break;
      case ValueType::number:
        j["type"] = "number";
        if (s.min) j["minimum"] = *s.min;
        if (s.max) j["maximum"] = *s.max;
        break;
      case ValueType::money:
        j["type"] = json::array({"number", "string"});
        j["pattern"] = s.min && *s.min >= 0.0 ? MONEY_PATTERN : SIGNED_MONEY_PATTERN;
        if (s.min) j["minimum"] = *s.min;
        if (s.max) j["maximum"] = *s.max;
        break;
      case ValueType::string:
        j["type"] = "string";
        if (!s.enum_values.empty()) j["enum"] = s.enum_values;
        if (s.non_empty) j["minLength"] = 1;
        break;
      case ValueType::array:
        j["type"] = "array";
        // Arrays replace their base whole, so their elements are full documents.
        j["items"] = value(*s.element, false);
        if (s.min_items > 0) j["minItems"] = s.min_items;
        if (s.max_items > 0) j["maxItems"] = s.max_items;
        break;
      case ValueType::object:
        j["$ref"] = reference(*s.object, patch);
        break;
      case ValueType::map:
        j["type"] = "object";
        j["additionalProperties"] = value(*s.element, patch);
        break;
    }
    if (s.nullable) make_nullable(j);
    return j;
  }

  std::string reference(const ObjectSpec& spec, bool patch) {
    const std::string name = spec.name + (patch ? "_patch" : "");
    if (!defs.contains(name)) {
      defs[name] = json::object();  // reserved first: stops recursion on self-reference
      defs[name] = object(spec, patch);
    }
    return "#/$defs/" + name;
  }

 private:
  static void make_nullable(json& j) {
    if (j.contains("$ref")) {
      j = json{{"anyOf", json::array({j, null_schema()})}};
      return;
    }
    if (j["type"].is_string())
      j["type"] = json::array({j["type"], "null"});
    else
      j["type"].push_back("null");
    if (j.contains("enum")) j["enum"].push_back(nullptr);
  }

  json object(const ObjectSpec& spec, bool patch) {
    json j{{"type", "object"}, {"additionalProperties", false}};
    if (!spec.description.empty()) j["description"] = spec.description;
    json properties = json::object();
    json required = json::array();
    for (const auto& f : spec.fields) {
      json p = value(f.value, patch);
      // In a merge patch null deletes the key from the base.
      if (patch && !f.value.nullable) p = json{{"anyOf", json::array({p, null_schema()})}};
      std::string description = f.description;
      if (!f.value.unit.empty()) description += " [" + f.value.unit + "]";
      if (!description.empty()) p["description"] = description;
      if (!f.default_value.is_null()) p["default"] = f.default_value;
      properties[f.key] = p;
      if (f.required) required.push_back(f.key);
    }
    if (spec.annotations) {
      if (!defs.contains(ANNOTATION_DEF)) {
        defs[ANNOTATION_DEF] = json{
            {"description", "free text: sources, conversions, comments (no effect on results)"},
            {"type", json::array({"string", "array"})},
            {"items", {{"type", "string"}}}};
      }
      for (const char* key : ANNOTATION_KEYS)
        properties[key] = json{{"$ref", std::string("#/$defs/") + ANNOTATION_DEF}};
    }
    j["properties"] = properties;
    if (!patch) {
      if (!required.empty()) j["required"] = required;
      json groups = json::array();
      for (const auto& group : spec.exactly_one_of) {
        json one_of = json::array();
        for (const auto& key : group) one_of.push_back({{"required", json::array({key})}});
        groups.push_back({{"oneOf", one_of}});
      }
      if (groups.size() == 1) j["oneOf"] = groups[0]["oneOf"];
      if (groups.size() > 1) j["allOf"] = groups;
    }
    return j;
  }
};

// ---- Markdown -----------------------------------------------------------------------------

std::string escape_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

std::string type_text(const ValueSpec& s) {
  std::string t;
  if (!s.alternatives.empty()) {
    for (std::size_t i = 0; i < s.alternatives.size(); ++i)
      t += (i ? " or " : "") + type_text(s.alternatives[i]);
  } else {
    switch (s.type) {
      case ValueType::boolean:
        t = "boolean";
        break;
      case ValueType::integer:
        t = "integer";
        break;
      case ValueType::number:
        t = "number";
        break;
      case ValueType::money:
        t = "money";
        break;
      case ValueType::string:
        t = "string";
        break;
      case ValueType::array:
        t = "array of " + type_text(*s.element);
        break;
      case ValueType::object:
        t = "object";
        break;
      case ValueType::map:
        t = "map of " + type_text(*s.element);
        break;
    }
  }
  return s.nullable ? t + " or null" : t;
}

std::string bounds_text(const std::optional<std::string>& lo,
                        const std::optional<std::string>& hi) {
  if (lo && hi) return *lo + " .. " + *hi;
  if (lo) return ">= " + *lo;
  if (hi) return "<= " + *hi;
  return "";
}

std::string range_text(const ValueSpec& s) {
  if (!s.alternatives.empty()) {
    std::string r;
    for (const auto& alt : s.alternatives) {
      const std::string part = range_text(alt);
      if (!part.empty()) r += (r.empty() ? "" : "; ") + part;
    }
    return r;
  }
  const auto i2s = [](const std::optional<std::int64_t>& v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
  };
  const auto d2s = [](const std::optional<double>& v) {
    return v ? std::optional<std::string>(format_number(*v)) : std::nullopt;
  };
  switch (s.type) {
    case ValueType::integer:
      return bounds_text(i2s(s.int_min), i2s(s.int_max));
    case ValueType::number:
      return bounds_text(d2s(s.min), d2s(s.max));
    case ValueType::money:
      return s.min || s.max ? bounds_text(d2s(s.min), d2s(s.max)) : "any sign";
    case ValueType::string:
      return !s.enum_values.empty() ? join_names(s.enum_values) : s.non_empty ? "non-empty" : "";
    case ValueType::array:
    case ValueType::map:
      if (s.max_items > 0)
        return std::to_string(s.min_items) + " .. " + std::to_string(s.max_items) + " items";
      return s.min_items > 0
                 ? ">= " + std::to_string(s.min_items) + " item" + (s.min_items > 1 ? "s" : "")
                 : "";
    default:
      return "";
  }
}

std::string default_text(const ObjectSpec& spec, const FieldSpec& f) {
  if (f.required) return "required";
  for (const auto& group : spec.exactly_one_of) {
    for (const auto& key : group) {
      if (key == f.key) return "one of " + std::to_string(group.size());
    }
  }
  if (!f.default_value.is_null()) return "`" + f.default_value.dump() + "`";
  return f.default_text.empty() ? "none" : f.default_text;
}

// The object type reached through a value, and the path suffix that leads into it.
const ObjectSpec* nested(const ValueSpec& s, std::string& suffix) {
  if (!s.alternatives.empty()) {
    for (const auto& alt : s.alternatives) {
      if (const ObjectSpec* o = nested(alt, suffix)) return o;
    }
    return nullptr;
  }
  if (s.type == ValueType::object) return s.object;
  if (s.type == ValueType::array && s.element) {
    suffix += "[]";
    return nested(*s.element, suffix);
  }
  if (s.type == ValueType::map && s.element) {
    suffix += "{name}";
    return nested(*s.element, suffix);
  }
  return nullptr;
}

void table_rows(const ObjectSpec& spec, const std::string& prefix, std::string& out) {
  for (const auto& f : spec.fields) {
    const std::string path = prefix.empty() ? f.key : prefix + "." + f.key;
    std::string range = range_text(f.value);
    if (!f.constraint.empty()) range += (range.empty() ? "" : "; ") + f.constraint;
    std::string unit = f.value.unit;
    for (const auto& alt : f.value.alternatives) {
      if (unit.empty()) unit = alt.unit;
    }
    out += "| `" + path + "` | " + escape_cell(type_text(f.value)) + " | " + escape_cell(unit) +
           " | " + escape_cell(range) + " | " + escape_cell(default_text(spec, f)) + " | " +
           escape_cell(f.description) + " |\n";
    std::string suffix;
    if (const ObjectSpec* child = nested(f.value, suffix)) table_rows(*child, path + suffix, out);
  }
}

}  // namespace

nlohmann::json json_schema(const ObjectSpec& root, const SchemaOptions& options) {
  SchemaBuilder builder;
  json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"}};
  if (!options.id.empty()) schema["$id"] = options.id;
  if (!options.title.empty()) schema["title"] = options.title;
  if (!options.description.empty()) schema["description"] = options.description;
  const std::string full = builder.reference(root, false);
  if (options.patch_key.empty()) {
    schema["$ref"] = full;
  } else {
    schema["if"] = json{{"type", "object"}, {"required", json::array({options.patch_key})}};
    schema["then"] = json{{"$ref", builder.reference(root, true)}};
    schema["else"] = json{{"$ref", full}};
  }
  schema["$defs"] = builder.defs;
  return schema;
}

std::string markdown_key_table(const ObjectSpec& root) {
  std::string out =
      "| Key | Type | Unit | Range | Default | Meaning |\n|---|---|---|---|---|---|\n";
  table_rows(root, "", out);
  return out;
}

}  // namespace pbr::format
