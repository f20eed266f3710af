#include "engine/sweep/values.hpp"

#include <cctype>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/format/spreadsheet_names.hpp"

namespace pbr::sweep {

namespace {

// 128-bit intermediates so that scaling two 15-digit bounds to a common scale cannot overflow.
__extension__ using Int128 = __int128;

//! A plain decimal as an exact scaled integer: value = mantissa / 10^scale.
struct Decimal {
  Int128 mantissa = 0;
  int scale = 0;
};

//! Most significant digits accepted in a range bound: 15 always round-trip through a double,
//! so the JSON number written into the scenario is exactly the decimal shown in the CSV.
constexpr int MAX_DECIMAL_DIGITS = 15;

std::string trim(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return std::string(text.substr(b, e - b));
}

std::optional<Decimal> parse_decimal(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  Decimal d;
  int int_digits = 0, significant = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (!seen_point) ++int_digits;
    if (significant > 0 || c != '0') ++significant;
    if (significant > MAX_DECIMAL_DIGITS) return std::nullopt;
    d.mantissa = d.mantissa * 10 + (c - '0');
    if (seen_point) ++d.scale;
  }
  if (int_digits == 0 || (seen_point && d.scale == 0)) return std::nullopt;
  if (d.scale > MAX_DECIMAL_DIGITS) return std::nullopt;
  if (negative) d.mantissa = -d.mantissa;
  return d;
}

Int128 pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

std::string to_text(Int128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

//! Shortest decimal text of mantissa / 10^scale: no trailing fractional zeros, "-0" -> "0".
std::string format_decimal(Int128 mantissa, int scale) {
  const bool negative = mantissa < 0;
  const Int128 magnitude = negative ? -mantissa : mantissa;
  const Int128 unit = pow10(scale);
  std::string out = to_text(magnitude / unit);
  if (const Int128 part = magnitude % unit; part != 0) {
    std::string fraction = to_text(part);
    fraction.insert(0, static_cast<std::size_t>(scale) - fraction.size(), '0');
    while (fraction.back() == '0') fraction.pop_back();
    out += "." + fraction;
  }
  return (negative && magnitude != 0 ? "-" : "") + out;
}

Value decimal_value(const std::string& text) {
  return {text, text};
}

bool starts_like_number(const std::string& item) {
  const char c = item[0];
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

//! A number written in a list: plain decimals are normalised exactly ("0.10" -> "0.1",
//! "3.0" -> "3"), other JSON numbers ("1e-3") through the JSON library.
std::optional<Value> list_number(const std::string& item) {
  if (const auto d = parse_decimal(item); d && item[0] != '+') {
    return decimal_value(format_decimal(d->mantissa, d->scale));
  }
  try {
    const auto j = nlohmann::json::parse(item);
    if (!j.is_number()) return std::nullopt;
    return Value{j.dump(), j.dump()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

//! Refuses JSON text nested deeper than MAX_VALUE_DEPTH before it is parsed: the JSON
//! library's dump() recurses once per level, so a very deep value would overflow the stack.
void check_json_depth(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > MAX_VALUE_DEPTH) {
        throw ValuesSyntaxError("JSON value nested more than " + std::to_string(MAX_VALUE_DEPTH) +
                                " levels deep (at character " + std::to_string(i + 1) +
                                "); values are limited to " + std::to_string(MAX_VALUE_DEPTH) +
                                " levels");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

void check_string_label(const std::string& text) {
  const std::string message = formula_value_message(text);
  if (!message.empty()) throw ValuesSyntaxError(message);
}

}  // namespace

std::string formula_value_message(std::string_view text) {
  const std::string problem = format::formula_name_problem(text);
  if (problem.empty()) return "";
  return "string value '" + std::string(text) + "' " + problem +
         ", which a spreadsheet reads as a formula; string values may not start with =, +, -, "
         "@, tab or carriage return";
}

Value value_from_json(std::string_view json_text) {
  check_json_depth(json_text);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception&) {
    throw ValuesSyntaxError("'" + std::string(json_text) + "' is not valid JSON");
  }
  if (j.is_string()) {
    check_string_label(j.get<std::string>());
    return {j.dump(), j.get<std::string>()};
  }
  return {j.dump(), j.dump()};
}

Value make_value(std::string json_text) {
  if (!json_text.empty() && json_text[0] == '"') {
    const auto j = nlohmann::json::parse(json_text);
    return {std::move(json_text), j.get<std::string>()};
  }
  std::string label = json_text;
  return {std::move(json_text), std::move(label)};
}

Value string_value(std::string_view text) {
  try {
    return {nlohmann::json(std::string(text)).dump(), std::string(text)};
  } catch (const nlohmann::json::type_error&) {
    // Found by tests/fuzz/fuzz_values: text that is not UTF-8 cannot become a JSON string.
    throw ValuesSyntaxError("a value is not valid UTF-8 text");
  }
}

std::vector<Value> decimal_range(std::string_view start, std::string_view stop,
                                 std::string_view step) {
  const std::string whole = std::string(start) + ":" + std::string(stop) + ":" + std::string(step);
  const auto bad = [&](const std::string& why) {
    return ValuesSyntaxError("bad range '" + whole + "': " + why);
  };
  const std::string parts[3] = {trim(start), trim(stop), trim(step)};
  const char* names[3] = {"START", "STOP", "STEP"};
  Decimal d[3];
  for (int i = 0; i < 3; ++i) {
    const auto parsed = parse_decimal(parts[i]);
    if (!parsed) {
      throw bad(std::string(names[i]) + " '" + parts[i] +
                "' is not a plain decimal number (digits, optional sign and decimal point, at "
                "most 15 significant digits)");
    }
    d[i] = *parsed;
  }
  const int scale = std::max({d[0].scale, d[1].scale, d[2].scale});
  Int128 v[3];
  for (int i = 0; i < 3; ++i) v[i] = d[i].mantissa * pow10(scale - d[i].scale);
  if (v[2] == 0) throw bad("STEP must not be zero");
  if ((v[1] - v[0] != 0) && ((v[1] - v[0] > 0) != (v[2] > 0))) {
    throw bad("STEP must go from START towards STOP");
  }
  const Int128 count = (v[1] - v[0]) / v[2] + 1;
  if (count > static_cast<Int128>(MAX_RANGE_VALUES)) {
    throw bad("it would give " + to_text(count) + " values; at most " +
              std::to_string(MAX_RANGE_VALUES) + " are allowed");
  }
  std::vector<Value> out;
  out.reserve(static_cast<std::size_t>(count));
  for (Int128 i = 0; i < count; ++i)
    out.push_back(decimal_value(format_decimal(v[0] + i * v[2], scale)));
  return out;
}

std::vector<Value> parse_values(std::string_view raw) {
  const std::string text = trim(raw);
  if (text.empty()) throw ValuesSyntaxError("no values given");
  if (text[0] == '[') {
    check_json_depth(text);
    nlohmann::json array;
    try {
      array = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
      throw ValuesSyntaxError("'" + text + "' is not a valid JSON array");
    }
    if (array.empty()) throw ValuesSyntaxError("the JSON array '" + text + "' has no values");
    std::vector<Value> out;
    for (const auto& element : array) {
      if (element.is_string()) check_string_label(element.get<std::string>());
      out.push_back(element.is_string() ? Value{element.dump(), element.get<std::string>()}
                                        : Value{element.dump(), element.dump()});
    }
    return out;
  }

  // Split at commas outside double-quoted JSON strings.
  std::vector<std::string> items;
  std::vector<bool> quoted;
  std::size_t i = 0;
  bool has_colon = false;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::string item;
    bool is_quoted = false;
    if (i < text.size() && text[i] == '"') {
      const std::size_t begin = i++;
      while (i < text.size() && text[i] != '"') i += (text[i] == '\\') ? 2 : 1;
      if (i >= text.size()) {
        throw ValuesSyntaxError("unterminated string in '" + text + "'");
      }
      item = text.substr(begin, ++i - begin);
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i < text.size() && text[i] != ',') {
        throw ValuesSyntaxError("expected ',' after " + item + " in '" + text + "'");
      }
      is_quoted = true;
    } else {
      const std::size_t begin = i;
      while (i < text.size() && text[i] != ',') ++i;
      item = trim(std::string_view(text).substr(begin, i - begin));
      if (item.find(':') != std::string::npos) has_colon = true;
    }
    if (item.empty()) {
      throw ValuesSyntaxError("empty value at position " + std::to_string(items.size() + 1) +
                              " in '" + text + "'");
    }
    items.push_back(item);
    quoted.push_back(is_quoted);
    if (i >= text.size()) break;
    ++i;  // the comma
    if (i >= text.size()) {
      throw ValuesSyntaxError("empty value at position " + std::to_string(items.size() + 1) +
                              " in '" + text + "'");
    }
  }

  if (has_colon) {
    if (items.size() == 1) {
      const std::string& r = items[0];
      const auto a = r.find(':');
      const auto b = r.find(':', a + 1);
      if (b == std::string::npos || r.find(':', b + 1) != std::string::npos) {
        throw ValuesSyntaxError("bad range '" + r + "': expected START:STOP:STEP");
      }
      return decimal_range(std::string_view(r).substr(0, a),
                           std::string_view(r).substr(a + 1, b - a - 1),
                           std::string_view(r).substr(b + 1));
    }
    throw ValuesSyntaxError("a range START:STOP:STEP cannot be mixed with a list in '" + text +
                            "'; quote a string that contains ':'");
  }

  std::vector<Value> out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const std::string& item = items[k];
    if (quoted[k]) {
      out.push_back(value_from_json(item));
    } else if (item == "true" || item == "false" || item == "null") {
      out.push_back({item, item});
    } else if (starts_like_number(item)) {
      const auto number = list_number(item);
      if (!number) throw ValuesSyntaxError("'" + item + "' is not a valid number");
      out.push_back(*number);
    } else {
      if (item.find('"') != std::string::npos) {
        throw ValuesSyntaxError("stray '\"' in '" + item +
                                "'; write a string with quotes as a JSON string");
      }
      check_string_label(item);
      out.push_back(string_value(item));
    }
  }
  return out;
}

}  // namespace pbr::sweep
