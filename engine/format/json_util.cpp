#include "engine/format/json_util.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "engine/core/diagnostics.hpp"

namespace pbr::format {

namespace {

// Scenario files are a few kilobytes; anything this large is a mistake (or /dev/zero behind
// a link) and reading it whole would only waste memory.
constexpr std::uintmax_t MAX_FILE_BYTES = std::uintmax_t{64} << 20;
constexpr std::size_t MAX_RENDERED = 60;

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 3, column 7:
// syntax error while parsing ...". Keep the part after the position, which names the problem.
std::string parse_error_detail(const std::string& what) {
  const auto column = what.find("column ");
  if (column != std::string::npos) {
    const auto colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

// Builds the document like nlohmann's own DOM parser, and in passing rejects what that parser
// would accept silently (a repeated key: the last one wins) or report without a location (a
// number beyond the range of a double), naming the JSON pointer of the offending value.
class CheckedDomBuilder {
 public:
  using json = nlohmann::json;

  explicit CheckedDomBuilder(json& root) : root_(root) {}

  bool null() { return add(json(nullptr)); }
  bool boolean(bool value) { return add(json(value)); }
  bool number_integer(json::number_integer_t value) { return add(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return add(json(value)); }
  bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
    return add(json(value));
  }
  bool string(json::string_t& value) {
    if (value.find('\0') != json::string_t::npos) return refuse_nul(next_pointer(), value);
    return add(json(std::move(value)));
  }
  bool binary(json::binary_t& value) { return add(json(std::move(value))); }

  bool start_object(std::size_t /*elements*/) { return open(json::object()); }
  bool key(json::string_t& name) {
    json& object = *stack_.back();
    if (name.find('\0') != json::string_t::npos) {
      return refuse_nul(pointer_append(pointers_.back(), name), name);
    }
    if (object.contains(name)) {
      problem_pointer_ = pointer_append(pointers_.back(), name);
      problem_ = "key " + json(name).dump(-1, ' ', false, json::error_handler_t::replace) +
                 " appears more than once in the object; a key may appear only once";
      return false;
    }
    key_ = name;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*elements*/) { return open(json::array()); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t byte, const std::string& token, const json::exception& e) {
    if (e.id == 406) {  // out_of_range: "number overflow parsing '1e400'"
      problem_pointer_ = next_pointer();
      problem_ =
          "number " + token + " is out of range (a double holds magnitudes up to about 1.8e308)";
    } else {
      syntax_byte_ = byte;
      syntax_what_ = e.what();
    }
    return false;
  }

  // A NUL character ("\u0000") would cut a file name or a label short wherever it is passed
  // to the system or printed (`"scenario": "x.json\u0000junk"` would open x.json).
  bool refuse_nul(std::string pointer, const std::string& text) {
    problem_pointer_ = std::move(pointer);
    problem_ =
        "expected text without NUL characters (\\u0000, which would cut a name or a "
        "path short), got " +
        render_value(json(text));
    return false;
  }

  //! A repeated key or an out-of-range number: the message and its pointer.
  const std::optional<std::string>& problem() const { return problem_; }
  const std::string& problem_pointer() const { return problem_pointer_; }
  //! A syntax error: nlohmann's message and the count of bytes read.
  const std::string& syntax_what() const { return syntax_what_; }
  std::size_t syntax_byte() const { return syntax_byte_; }

 private:
  // The pointer of the value about to be added.
  std::string next_pointer() const {
    if (stack_.empty()) return "";
    const json& parent = *stack_.back();
    return parent.is_object() ? pointer_append(pointers_.back(), key_)
                              : pointer_append(pointers_.back(), parent.size());
  }

  json* place(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_object()) return &(parent[key_] = std::move(value));
    parent.push_back(std::move(value));
    return &parent.back();
  }

  bool add(json&& value) {
    place(std::move(value));
    return true;
  }

  bool open(json&& container) {
    // Refused here, before the pointers of a deep document cost quadratic memory.
    if (stack_.size() >= MAX_JSON_DEPTH) {
      problem_pointer_.clear();
      problem_ = "JSON nested more than " + std::to_string(MAX_JSON_DEPTH) +
                 " levels deep; a scenario never needs that";
      return false;
    }
    std::string pointer = next_pointer();
    stack_.push_back(place(std::move(container)));
    pointers_.push_back(std::move(pointer));
    return true;
  }

  bool close() {
    stack_.pop_back();
    pointers_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;
  std::vector<std::string> pointers_;  // the pointer of each open container
  std::string key_;                    // the last key read in the innermost object
  std::optional<std::string> problem_;
  std::string problem_pointer_;
  std::string syntax_what_;
  std::size_t syntax_byte_ = 0;
};

}  // namespace

TextPosition position_of(std::string_view text, std::size_t byte_offset) {
  TextPosition pos;
  const std::size_t end = std::min(byte_offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

nlohmann::json parse_json_text(std::string_view text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw core::InputError(file, "", "empty file; expected a JSON object");
  }
  nlohmann::json doc;
  CheckedDomBuilder builder(doc);
  if (!nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) {
    if (builder.problem())
      throw core::InputError(file, builder.problem_pointer(), *builder.problem());
    // The byte count includes the offending character.
    const std::size_t byte = builder.syntax_byte();
    const TextPosition pos = position_of(text, byte == 0 ? 0 : byte - 1);
    throw core::InputError(file, "",
                           "malformed JSON at line " + std::to_string(pos.line) + ", column " +
                               std::to_string(pos.column) + ": " +
                               parse_error_detail(builder.syntax_what()));
  }
  if (json_depth(doc) > MAX_JSON_DEPTH) {
    throw core::InputError(file, "",
                           "JSON nested more than " + std::to_string(MAX_JSON_DEPTH) +
                               " levels deep; a scenario never needs that");
  }
  return doc;
}

nlohmann::json read_json_file(const std::string& path) {
  return read_json_file(path, {MAX_FILE_BYTES, "scenario files are limited to 64 MiB"});
}

nlohmann::json read_json_file(const std::string& path, const FileLimit& limit) {
  return parse_json_text(read_whole_file(path, limit, "a JSON file"), path);
}

std::string read_whole_file(const std::string& path, const FileLimit& limit,
                            const std::string& expected) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw core::InputError(path, "", "file not found");
  if (fs::is_directory(status))
    throw core::InputError(path, "", "is a directory; expected " + expected);
  // Checked before opening: opening a named pipe would wait for a writer, and a device such
  // as /dev/zero never ends.
  if (!fs::is_regular_file(status))
    throw core::InputError(path, "", "not a regular file; expected " + expected);
  const auto size = fs::file_size(path, ec);
  if (ec) throw core::InputError(path, "", "cannot read file: " + ec.message());
  if (size > limit.bytes) {
    throw core::InputError(path, "", "file is " + std::to_string(size) + " bytes; " + limit.why);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path, "", "cannot read file");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  // A file that shrank while being read is read as far as it goes.
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw core::InputError(path, "", "cannot read file");
  return text;
}

std::size_t json_depth(const nlohmann::json& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> stack{{&value, 0}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node->is_structured()) continue;
    deepest = std::max(deepest, depth + 1);
    for (const auto& child : *node) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}

std::string render_value(const nlohmann::json& value) {
  if (json_depth(value) > MAX_JSON_DEPTH) return "(deeply nested value)";
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > MAX_RENDERED) text = text.substr(0, MAX_RENDERED - 3) + "...";
  return text;
}

std::string describe_type(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}

std::string pointer_append(const std::string& pointer, const std::string& token) {
  return pointer + "/" + core::escape_pointer_token(token);
}

std::string pointer_append(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return "(none)";
  std::string out;
  const std::size_t shown = std::min(names.size(), MAX_LISTED_NAMES);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  if (shown < names.size()) out += " ... and " + std::to_string(names.size() - shown) + " more";
  return out;
}

std::string format_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (result.ec != std::errc()) return "?";
  return std::string(buffer, result.ptr);
}

std::string format_approx(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

void check_object_keys(const nlohmann::json& object, const std::vector<std::string>& allowed,
                       const std::string& pointer, const std::string& file,
                       core::DiagnosticList& out) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key '" + key + "'";
    if (const auto near = core::nearest(key, allowed); !near.empty()) {
      message += "; did you mean '" + near + "'?";
    } else {
      message += "; valid keys: " + join_names(allowed);
    }
    out.add(file, pointer_append(pointer, key), message);
  }
}

std::optional<std::string> read_optional_string(const nlohmann::json& object,
                                                const std::string& key, const std::string& pointer,
                                                const std::string& file,
                                                core::DiagnosticList& out) {
  if (!object.contains(key)) return std::nullopt;
  const nlohmann::json& v = object[key];
  if (!v.is_string()) {
    out.add(file, pointer_append(pointer, key), "expected a string, got " + render_value(v));
    return std::nullopt;
  }
  return v.get<std::string>();
}

}  // namespace pbr::format
