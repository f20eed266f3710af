#pragma once
// A small JSON Schema validator for exactly the keywords pbrsim's generated schema uses (see
// engine/format/param_schema.hpp), so the tests can check that `pbrsim schema` accepts every
// shipped scenario without a third-party validator. An unknown keyword is reported as an
// error, so the schema cannot grow a keyword that this validator silently ignores.

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pbr::test {

class MiniSchemaValidator {
 public:
  explicit MiniSchemaValidator(nlohmann::json schema) : root_(std::move(schema)) {}

  //! Every violation as "POINTER: what", empty when the document is valid.
  [[nodiscard]] std::vector<std::string> validate(const nlohmann::json& doc) const {
    std::vector<std::string> errors;
    check(doc, root_, "", errors);
    return errors;
  }

 private:
  using json = nlohmann::json;

  [[nodiscard]] const json& resolve(const std::string& ref) const {
    static const json missing = false;
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) return missing;
    const auto defs = root_.find("$defs");
    if (defs == root_.end()) return missing;
    const auto it = defs->find(ref.substr(prefix.size()));
    return it == defs->end() ? missing : *it;
  }

  static bool has_type(const json& v, const std::string& type) {
    if (type == "null") return v.is_null();
    if (type == "boolean") return v.is_boolean();
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "number") return v.is_number();
    if (type == "integer") {
      if (v.is_number_integer()) return true;
      if (!v.is_number_float()) return false;
      const double d = v.get<double>();
      return std::isfinite(d) && d == std::floor(d);
    }
    return false;
  }

  [[nodiscard]] bool passes(const json& v, const json& schema) const {
    std::vector<std::string> scratch;
    check(v, schema, "", scratch);
    return scratch.empty();
  }

  void check(const json& v, const json& s, const std::string& at,
             std::vector<std::string>& errors) const {
    const auto fail = [&](const std::string& what) { errors.push_back(at + ": " + what); };
    if (s.is_boolean()) {
      if (!s.get<bool>()) fail("no value is allowed here");
      return;
    }
    if (!s.is_object()) {
      fail("schema is not an object");
      return;
    }
    for (const auto& [keyword, arg] : s.items()) {
      if (keyword == "$schema" || keyword == "$id" || keyword == "$defs" || keyword == "title" ||
          keyword == "description" || keyword == "default" || keyword == "then" ||
          keyword == "else") {
        continue;
      } else if (keyword == "$ref") {
        check(v, resolve(arg.get<std::string>()), at, errors);
      } else if (keyword == "type") {
        bool ok = false;
        if (arg.is_string()) ok = has_type(v, arg.get<std::string>());
        for (const auto& t : arg.is_array() ? arg : json::array()) ok = ok || has_type(v, t);
        if (!ok) fail("type " + arg.dump() + " expected, got " + v.dump());
      } else if (keyword == "enum") {
        bool ok = false;
        for (const auto& e : arg) ok = ok || e == v;
        if (!ok) fail("value " + v.dump() + " not in enum");
      } else if (keyword == "minimum") {
        if (v.is_number() && v.get<double>() < arg.get<double>()) fail("below minimum");
      } else if (keyword == "maximum") {
        if (v.is_number() && v.get<double>() > arg.get<double>()) fail("above maximum");
      } else if (keyword == "minLength") {
        if (v.is_string() && v.get<std::string>().size() < arg.get<std::size_t>())
          fail("string too short");
      } else if (keyword == "pattern") {
        if (v.is_string() &&
            !std::regex_search(v.get<std::string>(), std::regex(arg.get<std::string>())))
          fail("string does not match " + arg.get<std::string>());
      } else if (keyword == "properties") {
        if (!v.is_object()) continue;
        for (const auto& [key, sub] : arg.items()) {
          if (v.contains(key)) check(v.at(key), sub, at + "/" + key, errors);
        }
      } else if (keyword == "additionalProperties") {
        if (!v.is_object()) continue;
        const json& props = s.contains("properties") ? s.at("properties") : json::object();
        for (const auto& [key, member] : v.items()) {
          if (!props.contains(key)) check(member, arg, at + "/" + key, errors);
        }
      } else if (keyword == "required") {
        if (!v.is_object()) continue;
        for (const auto& key : arg) {
          if (!v.contains(key.get<std::string>())) fail("missing " + key.get<std::string>());
        }
      } else if (keyword == "items") {
        if (!v.is_array()) continue;
        for (std::size_t i = 0; i < v.size(); ++i)
          check(v[i], arg, at + "/" + std::to_string(i), errors);
      } else if (keyword == "minItems") {
        if (v.is_array() && v.size() < arg.get<std::size_t>()) fail("too few items");
      } else if (keyword == "maxItems") {
        if (v.is_array() && v.size() > arg.get<std::size_t>()) fail("too many items");
      } else if (keyword == "oneOf") {
        int matches = 0;
        for (const auto& sub : arg) matches += passes(v, sub) ? 1 : 0;
        if (matches != 1) fail("oneOf matched " + std::to_string(matches) + " schemas");
      } else if (keyword == "anyOf") {
        bool any = false;
        for (const auto& sub : arg) any = any || passes(v, sub);
        if (!any) fail("anyOf matched no schema");
      } else if (keyword == "allOf") {
        for (const auto& sub : arg) check(v, sub, at, errors);
      } else if (keyword == "if") {
        const bool condition = passes(v, arg);
        const char* branch = condition ? "then" : "else";
        if (s.contains(branch)) check(v, s.at(branch), at, errors);
      } else {
        fail("unsupported schema keyword '" + keyword + "'");
      }
    }
  }

  nlohmann::json root_;
};

}  // namespace pbr::test
