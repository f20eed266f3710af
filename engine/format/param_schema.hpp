#pragma once
//! \file JSON Schema and documentation generated from parameter declarations (param_spec.hpp),
//! so that the reader, `pbrsim schema` and docs/scenario-format.md cannot drift apart.

#include <string>

#include <nlohmann/json.hpp>

#include "engine/format/param_spec.hpp"

namespace pbr::format {

//! What the generated schema is called and how layered files are recognised.
struct SchemaOptions {
  std::string id;           //!< "$id" of the schema
  std::string title;        //!< "title"
  std::string description;  //!< "description"
  //! When not empty: a document holding this key (e.g. "extends") is validated as a JSON merge
  //! patch over its base: no key is required and any object member may be null (deleted).
  //! Arrays replace their base value whole, so array elements are always checked in full.
  std::string patch_key;
};

//! A JSON Schema (draft 2020-12) for documents of type `root`. Every object type becomes a
//! `$defs` entry ("name", and "name_patch" for its merge-patch form). The keywords used are:
//! $schema, $id, $ref, $defs, title, description, default, type, enum, minimum, maximum,
//! minLength, pattern, properties, additionalProperties, required, items, minItems, oneOf,
//! anyOf, allOf, if, then, else. The schema checks shapes, ranges and names of keys; the reader
//! also checks cross-references, row sums and money decimals, which a schema cannot express.
nlohmann::json json_schema(const ObjectSpec& root, const SchemaOptions& options);

//! The key table of docs/scenario-format.md: a Markdown table with one row per declared key
//! (`Key | Type | Unit | Range | Default | Meaning`), nested keys written `a.b`, array
//! elements `a[].b` and map members `a{name}.b`. Ends with a newline.
std::string markdown_key_table(const ObjectSpec& root);

}  // namespace pbr::format
