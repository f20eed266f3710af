#pragma once
//! \file Small JSON helpers for every file pbrsim reads (scenarios, sweep plans, uncertainty
//! files, sidecars): safe parsing with line and column, rendering values inside messages, and
//! JSON pointers.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"

namespace pbr::format {

//! Deepest nesting of arrays and objects the reader accepts. Deeper documents are rejected
//! before any recursive code (dump, merge, checks) sees them, so junk cannot exhaust the stack.
inline constexpr std::size_t MAX_JSON_DEPTH = 64;

//! Parses JSON text. On malformed input throws core::InputError with one diagnostic for
//! `file`, e.g. `x.json: /: malformed JSON at line 3, column 7: ...`. Also rejects empty text,
//! documents nested deeper than MAX_JSON_DEPTH, a key repeated within one object
//! (`x.json: /run/seed: key "seed" appears more than once ...`; plain JSON parsers keep the
//! last), a number beyond the range of a double (`x.json: /a: number 1e400 is out of
//! range ...`) and a string or key holding the NUL character (`x.json: /scenario: expected
//! text without NUL characters (\u0000, ...), got "tm.json\u0000junk"`), each located by the JSON
//! pointer of the offending value. A UTF-8 byte-order mark at the start is accepted (spreadsheets
//! and some editors write one); invalid UTF-8 is a syntax error with its line and column.
nlohmann::json parse_json_text(std::string_view text, const std::string& file);

//! The most bytes a reader accepts from one file, and the message's reason when a file is
//! larger ("scenario files are limited to 64 MiB").
struct FileLimit {
  std::uintmax_t bytes = 0;
  std::string why;
};

//! Reads and parses a JSON file (see parse_json_text), of at most 64 MiB (a scenario, a
//! plan, an uncertainty file). A missing, unreadable, non-regular or larger file is reported
//! as core::InputError naming `path`.
nlohmann::json read_json_file(const std::string& path);

//! read_json_file with another size limit (a sweep's sidecar).
nlohmann::json read_json_file(const std::string& path, const FileLimit& limit);

//! The whole content of a regular file of at most `limit.bytes`. Anything else (missing, a
//! directory, a named pipe, a device, too large, unreadable) is refused before it is opened
//! or read, as core::InputError naming `path`; `expected` says what it should be ("a JSON
//! file", "a CSV file").
std::string read_whole_file(const std::string& path, const FileLimit& limit,
                            const std::string& expected);

//! Nesting depth of a value (a scalar is 0, `[]` is 1), computed without recursion.
std::size_t json_depth(const nlohmann::json& value);

//! 1-based line and column of a byte offset in `text` (column counts bytes).
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition position_of(std::string_view text, std::size_t byte_offset);

//! The value as it appears in a message: compact JSON, cut to about 60 characters.
std::string render_value(const nlohmann::json& value);

//! "an object", "an array", "a string", "a number", "true", "null", ...
std::string describe_type(const nlohmann::json& value);

//! Appends one reference token to a JSON pointer (escaping '~' and '/').
std::string pointer_append(const std::string& pointer, const std::string& token);
//! Appends an array index to a JSON pointer.
std::string pointer_append(const std::string& pointer, std::size_t index);

//! Most names join_names lists before "... and N more" (keeps messages short when a
//! scenario declares thousands of names).
inline constexpr std::size_t MAX_LISTED_NAMES = 20;

//! Joins words with ", " ("a, b, c"); an empty list gives "(none)"; past MAX_LISTED_NAMES
//! words the rest are counted ("a, ..., t ... and 5 more").
std::string join_names(const std::vector<std::string>& names);

//! Shortest round-trip text of a double for messages ("0.3", "1.05", "1e+300").
std::string format_number(double value);

//! A computed value for messages, to 10 significant digits ("1.05", not "1.0500000000000003").
std::string format_approx(double value);

//! Reports every key of `object` not in `allowed` ("unknown key 'x'; did you mean 'y'?" or
//! the list of valid keys), located at `pointer`/key in `file`. For small side files (sweep
//! plans, uncertainty files); the scenario itself is checked through its declared specs.
void check_object_keys(const nlohmann::json& object, const std::vector<std::string>& allowed,
                       const std::string& pointer, const std::string& file,
                       core::DiagnosticList& out);

//! object[key] as a string, nullopt when absent; a non-string is reported ("expected a
//! string, got 3") and gives nullopt.
std::optional<std::string> read_optional_string(const nlohmann::json& object,
                                                const std::string& key, const std::string& pointer,
                                                const std::string& file, core::DiagnosticList& out);

}  // namespace pbr::format
