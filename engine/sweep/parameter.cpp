#include "engine/sweep/parameter.hpp"

namespace pbr::sweep {

namespace {

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  const auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string pointer_syntax_problem(std::string_view pointer) {
  if (pointer.empty()) return "the pointer is empty (the whole scenario cannot be swept)";
  if (pointer[0] != '/') return "a JSON pointer must start with '/'";
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '~' &&
        (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
      return "'~' must be followed by 0 or 1 (write ~0 for '~' and ~1 for '/')";
    }
  }
  return "";
}

Parameter parse_set_option(std::string_view text) {
  const std::string forms = "expected POINTER=VALUES, NAME=POINTER=VALUES or NAME=VALUES";
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) throw ValuesSyntaxError("--set " + quoted(text) + ": " + forms);
  const std::string_view lhs = text.substr(0, eq);
  std::string_view rest = text.substr(eq + 1);
  Parameter p;
  if (!lhs.empty() && lhs[0] == '/') {
    p.pointer = std::string(lhs);
    p.name = p.pointer;
  } else {
    if (!is_valid_name(lhs)) {
      throw ValuesSyntaxError("--set " + quoted(text) + ": " +
                              (lhs.empty() ? forms
                                           : "bad name " + quoted(lhs) +
                                                 ": use letters, digits and '_', starting with "
                                                 "a letter or '_' (a pointer starts with '/')"));
    }
    p.name = std::string(lhs);
    const auto eq2 = rest.find('=');
    if (!rest.empty() && rest[0] == '/' && eq2 != std::string_view::npos) {
      p.pointer = std::string(rest.substr(0, eq2));
      rest = rest.substr(eq2 + 1);
    }
  }
  if (!p.pointer.empty()) {
    if (const auto problem = pointer_syntax_problem(p.pointer); !problem.empty()) {
      throw ValuesSyntaxError("--set " + quoted(text) + ": bad pointer " + quoted(p.pointer) +
                              ": " + problem);
    }
  }
  try {
    p.values = parse_values(rest);
  } catch (const ValuesSyntaxError& e) {
    throw ValuesSyntaxError("--set " + quoted(text) + ": " + e.what());
  }
  return p;
}

Derived parse_derive_option(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw ValuesSyntaxError("--derive " + quoted(text) + ": expected POINTER=EXPRESSION");
  }
  Derived d{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  if (const auto problem = pointer_syntax_problem(d.pointer); !problem.empty()) {
    throw ValuesSyntaxError("--derive " + quoted(text) + ": bad pointer " + quoted(d.pointer) +
                            ": " + problem);
  }
  if (d.expression.find_first_not_of(" \t") == std::string::npos) {
    throw ValuesSyntaxError("--derive " + quoted(text) + ": the expression is empty");
  }
  return d;
}

}  // namespace pbr::sweep
