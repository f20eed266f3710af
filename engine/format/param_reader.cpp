// DeclaredObject: reading a checked object with the declared defaults.
#include "engine/format/param_spec.hpp"

#include <limits>
#include <stdexcept>

#include "engine/format/json_util.hpp"

namespace pbr::format {

DeclaredObject::DeclaredObject(const nlohmann::json* value, const ObjectSpec* spec,
                               std::string pointer)
    : value_(value), spec_(spec), pointer_(std::move(pointer)) {}

const FieldSpec& DeclaredObject::field(std::string_view key) const {
  const FieldSpec* f = spec_ ? spec_->field(key) : nullptr;
  if (!f) {
    throw std::logic_error("undeclared scenario key '" + std::string(key) + "' read from " +
                           (spec_ ? spec_->name : std::string("(no spec)")));
  }
  return *f;
}

const nlohmann::json* DeclaredObject::raw(std::string_view key) const {
  if (!present()) return nullptr;
  const auto it = value_->find(key);
  return it == value_->end() ? nullptr : &*it;
}

std::string DeclaredObject::pointer_to(std::string_view key) const {
  return pointer_append(pointer_, std::string(key));
}

bool DeclaredObject::has(std::string_view key) const {
  (void)field(key);  // only declared keys may be asked about
  const auto* r = raw(key);
  return r && !r->is_null();
}

const nlohmann::json* DeclaredObject::value(std::string_view key) const {
  const FieldSpec& f = field(key);
  const auto* r = raw(key);
  if (r && !r->is_null() && conforms(*r, f.value)) return r;
  if (r && r->is_null() && f.value.nullable) return nullptr;
  return f.default_value.is_null() ? nullptr : &f.default_value;
}

std::optional<std::int64_t> DeclaredObject::integer(std::string_view key) const {
  const auto* v = value(key);
  if (!v || !v->is_number_integer()) return std::nullopt;
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  return v->get<std::int64_t>();
}

std::optional<std::uint64_t> DeclaredObject::unsigned_integer(std::string_view key) const {
  const auto* v = value(key);
  if (!v || !v->is_number_integer()) return std::nullopt;
  if (v->is_number_unsigned()) return v->get<std::uint64_t>();
  const auto x = v->get<std::int64_t>();
  return x < 0 ? std::nullopt : std::optional<std::uint64_t>(static_cast<std::uint64_t>(x));
}

std::optional<double> DeclaredObject::number(std::string_view key) const {
  const auto* v = value(key);
  return v && v->is_number() ? std::optional<double>(v->get<double>()) : std::nullopt;
}

std::optional<bool> DeclaredObject::boolean(std::string_view key) const {
  const auto* v = value(key);
  return v && v->is_boolean() ? std::optional<bool>(v->get<bool>()) : std::nullopt;
}

std::optional<std::string> DeclaredObject::string(std::string_view key) const {
  const auto* v = value(key);
  return v && v->is_string() ? std::optional<std::string>(v->get<std::string>()) : std::nullopt;
}

std::optional<core::Pence> DeclaredObject::money(std::string_view key) const {
  const auto* v = value(key);
  return v ? money_pence(*v) : std::nullopt;
}

DeclaredObject DeclaredObject::object(std::string_view key) const {
  const FieldSpec& f = field(key);
  const auto* v = value(key);
  return DeclaredObject(v && v->is_object() ? v : nullptr, f.value.object, pointer_to(key));
}

std::vector<DeclaredObject> DeclaredObject::objects(std::string_view key) const {
  const FieldSpec& f = field(key);
  std::vector<DeclaredObject> out;
  const auto* v = value(key);
  if (!v || !v->is_array()) return out;
  const ValueSpec* array_spec = &f.value;
  for (const auto& alt : f.value.alternatives) {
    if (alt.type == ValueType::array) array_spec = &alt;
  }
  if (!array_spec->element || !array_spec->element->object) return out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if ((*v)[i].is_object())
      out.emplace_back(&(*v)[i], array_spec->element->object, pointer_append(pointer_to(key), i));
  }
  return out;
}

std::vector<DeclaredObject::Item> DeclaredObject::strings(std::string_view key) const {
  const FieldSpec& f = field(key);
  std::vector<Item> out;
  const auto* v = value(key);
  if (!v || !v->is_array() || !f.value.element) return out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (conforms((*v)[i], *f.value.element))
      out.push_back({"", pointer_append(pointer_to(key), i), &(*v)[i]});
  }
  return out;
}

std::vector<DeclaredObject::Item> DeclaredObject::members(std::string_view key, bool all) const {
  const FieldSpec& f = field(key);
  std::vector<Item> out;
  const auto* v = value(key);
  if (!v || !v->is_object() || !f.value.element) return out;
  for (const auto& [name, member] : v->items()) {
    if (all || conforms(member, *f.value.element))
      out.push_back({name, pointer_append(pointer_to(key), name), &member});
  }
  return out;
}

std::string DeclaredObject::annotation(std::string_view key) const {
  const auto* v = raw(key);
  if (!v) return "";
  if (v->is_string()) return v->get<std::string>();
  std::string out;
  if (!v->is_array()) return out;
  for (const auto& line : *v) {
    if (!line.is_string()) return "";
    if (!out.empty()) out += '\n';
    out += line.get_ref<const std::string&>();
  }
  return out;
}

std::vector<std::pair<std::string, DeclaredObject>> DeclaredObject::object_members(
    std::string_view key) const {
  const FieldSpec& f = field(key);
  std::vector<std::pair<std::string, DeclaredObject>> out;
  const auto* v = value(key);
  if (!v || !v->is_object() || !f.value.element || !f.value.element->object) return out;
  for (const auto& [name, member] : v->items()) {
    if (member.is_object())
      out.emplace_back(name, DeclaredObject(&member, f.value.element->object,
                                            pointer_append(pointer_to(key), name)));
  }
  return out;
}

}  // namespace pbr::format
