#pragma once
//! \file The parameter declaration framework (STYLE.md practice 7): every scenario key is
//! declared once, with its JSON type, unit, range, default and meaning, and that declaration
//! drives structural validation (check_object), reading with defaults (DeclaredObject), the
//! JSON Schema and the key table in docs/scenario-format.md (param_schema.hpp).
//!
//! **Example**
//! \code
//!   ObjectSpec run{"run", "default run settings", {
//!       {"seed", integer(0, std::nullopt, ""), false, 1, "", "master seed"}}};
//!   check_object(doc, run, "/run", "x.json", diagnostics);   // types, ranges, unknown keys
//!   DeclaredObject r(&doc, &run, "/run");
//!   std::int64_t seed = *r.integer("seed");                  // value, or the declared default
//! \endcode

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/core/money.hpp"

namespace pbr::format {

//! The JSON shape of a declared value.
enum class ValueType {
  boolean,
  integer,  //!< a JSON integer (12.0 is not accepted)
  number,   //!< any finite JSON number
  string,   //!< optionally restricted to enum values
  money,    //!< pounds: a number or a string, at most two decimals, read as integer pence
  array,
  object,  //!< an object with declared keys (ObjectSpec)
  map      //!< an object whose keys are user names (bands, groups) with values of one spec
};

struct ObjectSpec;

//! Declaration of one JSON value: its type, unit and constraints.
struct ValueSpec {
  ValueType type = ValueType::string;
  std::string unit;  //!< e.g. "months", "pounds/month", "probability"; "" if none
  std::optional<std::int64_t> int_min, int_max;  //!< integer bounds, inclusive
  bool allow_u64 = false;                        //!< integers up to 2^64-1 (seeds)
  std::optional<double> min, max;                //!< number and money (pounds) bounds, inclusive
  std::vector<std::string> enum_values;          //!< allowed strings; empty = any string
  std::string enum_noun = "value";               //!< "payment kind" in "unknown payment kind"
  std::string enum_plural = "values";            //!< "kinds" in "valid kinds: ..."
  bool non_empty = false;                        //!< strings must not be ""
  //! A user-chosen name that reaches a CSV (for maps: the keys): rejected when a spreadsheet
  //! would read it as a formula (format::formula_name_problem).
  bool csv_name = false;
  bool nullable = false;      //!< null is accepted (and means "none")
  std::size_t min_items = 0;  //!< arrays
  //! Arrays: most items accepted (0 = no limit) and what they are called in the message
  //! "501 states; at most 500 are allowed (a limit that bounds a run's memory)".
  std::size_t max_items = 0;
  std::string items_noun;
  std::shared_ptr<const ValueSpec> element;  //!< array elements and map values
  const ObjectSpec* object = nullptr;        //!< object type
  //! A union: the value must match the alternative whose JSON type it has (e.g. a number or an
  //! array of pieces); `summary` describes the union in messages.
  std::vector<ValueSpec> alternatives;
  std::string summary;
};

//! \name Concise constructors for declarations.
//! @{
ValueSpec boolean_value();
ValueSpec integer(std::optional<std::int64_t> min, std::optional<std::int64_t> max,
                  std::string unit);
ValueSpec number(std::optional<double> min, std::optional<double> max, std::string unit);
ValueSpec probability(std::string unit = "probability");  //!< a number in [0, 1]
ValueSpec money(bool non_negative, std::string unit = "pounds");
ValueSpec text(bool non_empty = false, std::string unit = "");
ValueSpec choice(std::vector<std::string> values, std::string noun, std::string plural);
ValueSpec array_of(ValueSpec element, std::size_t min_items = 0);
//! `spec` (an array) limited to `max_items` items, called `noun` ("states") in messages.
ValueSpec at_most(ValueSpec spec, std::size_t max_items, std::string noun);
ValueSpec object_of(const ObjectSpec& spec);
ValueSpec map_of(ValueSpec value);
ValueSpec union_of(std::vector<ValueSpec> alternatives, std::string summary);
ValueSpec or_null(ValueSpec spec);
ValueSpec csv_name(ValueSpec spec);  //!< `spec` with csv_name set
//! @}

//! One key of an object.
struct FieldSpec {
  std::string key;
  ValueSpec value;
  bool required = false;
  nlohmann::json default_value;  //!< used when the key is absent; null = no default ("none")
  std::string default_text;      //!< docs text when default_value is null ("none", "all")
  std::string description;       //!< one line, shown in the schema and the key table
  std::string constraint;        //!< extra rule checked by the reader ("unique", "state name")
};

//! An object type: its keys, and groups of keys of which exactly one must be present.
struct ObjectSpec {
  ObjectSpec() = default;
  ObjectSpec(std::string name_, std::string description_, std::vector<FieldSpec> fields_)
      : name(std::move(name_)), description(std::move(description_)), fields(std::move(fields_)) {}

  std::string name;  //!< identifier used in the schema's $defs ("payment_rule")
  std::string description;
  std::vector<FieldSpec> fields;
  std::vector<std::vector<std::string>> exactly_one_of;
  bool annotations = true;  //!< accepts "notes" and "source" (string or array of strings)

  //! The field declared as `key`, or nullptr.
  [[nodiscard]] const FieldSpec* field(std::string_view key) const;
  //! Every key the object accepts, declared order, annotations last.
  [[nodiscard]] std::vector<std::string> keys() const;
};

//! The keys every annotated object accepts on top of its fields.
inline constexpr const char* ANNOTATION_KEYS[] = {"notes", "source"};

//! Checks `value` against `spec` and everything below it: JSON types, ranges, enum values,
//! money decimals, unknown keys (with the nearest valid key), missing required keys and
//! exactly-one-of groups. Appends one diagnostic per problem; returns true when none.
bool check_value(const nlohmann::json& value, const ValueSpec& spec, const std::string& pointer,
                 const std::string& file, core::DiagnosticList& out);

//! check_value for an object type.
bool check_object(const nlohmann::json& value, const ObjectSpec& spec, const std::string& pointer,
                  const std::string& file, core::DiagnosticList& out);

//! True when a scalar value satisfies `spec` (type, range, enum, decimals); for arrays,
//! objects and maps only the JSON type is checked. Never reports.
bool conforms(const nlohmann::json& value, const ValueSpec& spec);

//! A money value (JSON number or string in pounds) as pence, or nullopt when malformed.
std::optional<core::Pence> money_pence(const nlohmann::json& value);

//! Reads one declared object after check_object has reported its problems: every accessor
//! returns the value when it is present and conforms to its declaration, else the declared
//! default, else nullopt, and never reports. Asking for an undeclared key is a programming
//! error (std::logic_error), so no key can be read that the schema does not know.
class DeclaredObject {
 public:
  DeclaredObject() = default;  //!< an absent object
  DeclaredObject(const nlohmann::json* value, const ObjectSpec* spec, std::string pointer);

  [[nodiscard]] bool present() const { return value_ != nullptr && value_->is_object(); }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] std::string pointer_to(std::string_view key) const;
  //! True when the key is written with a non-null value.
  [[nodiscard]] bool has(std::string_view key) const;
  //! The conforming value, else the default, else nullptr.
  [[nodiscard]] const nlohmann::json* value(std::string_view key) const;

  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key) const;
  [[nodiscard]] std::optional<std::uint64_t> unsigned_integer(std::string_view key) const;
  [[nodiscard]] std::optional<double> number(std::string_view key) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> string(std::string_view key) const;
  [[nodiscard]] std::optional<core::Pence> money(std::string_view key) const;
  //! A nested object (absent when missing, null or not an object).
  [[nodiscard]] DeclaredObject object(std::string_view key) const;
  //! The object elements of an array (of a union's array alternative); others are skipped.
  [[nodiscard]] std::vector<DeclaredObject> objects(std::string_view key) const;

  //! A conforming element of an array or member of a map, with its pointer.
  struct Item {
    std::string name;  //!< map key, or "" for array elements
    std::string pointer;
    const nlohmann::json* value = nullptr;
  };
  //! Conforming string elements of an array of strings.
  [[nodiscard]] std::vector<Item> strings(std::string_view key) const;
  //! Members of a map whose values conform (any member, conforming or not, when
  //! `all` is true: used to report unknown names).
  [[nodiscard]] std::vector<Item> members(std::string_view key, bool all = false) const;
  //! The text of an annotation key ("notes", "source"): a string, or an array of strings
  //! joined with "\n"; "" when absent or malformed.
  [[nodiscard]] std::string annotation(std::string_view key) const;
  //! Object members of a map of objects.
  [[nodiscard]] std::vector<std::pair<std::string, DeclaredObject>> object_members(
      std::string_view key) const;

 private:
  [[nodiscard]] const FieldSpec& field(std::string_view key) const;
  [[nodiscard]] const nlohmann::json* raw(std::string_view key) const;

  const nlohmann::json* value_ = nullptr;
  const ObjectSpec* spec_ = nullptr;
  std::string pointer_;
};

}  // namespace pbr::format
