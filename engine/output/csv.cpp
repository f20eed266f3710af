#include "engine/output/csv.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace pbr::output {

std::string csv_field(std::string_view text) {
  bool quote = false;
  if (!text.empty()) {
    const char first = text.front(), last = text.back();
    quote = first == ' ' || first == '\t' || last == ' ' || last == '\t';
  }
  for (const char c : text) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      quote = true;
      break;
    }
  }
  if (!quote) return std::string(text);
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

namespace {

// Removes trailing zeros after a decimal point, and the point itself when nothing follows.
void trim_fraction(std::string& s) {
  if (s.find('.') == std::string::npos) return;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
}

}  // namespace

std::string csv_number(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0.0) return "0";  // also turns -0.0 into "0"
  const double magnitude = std::fabs(value);
  char buf[64];
  if (magnitude < 1e-6 || magnitude >= 1e15) {
    std::snprintf(buf, sizeof buf, "%.6g", value);
    return buf;
  }
  // The decimal exponent after rounding to 6 significant digits (9.9999999 -> 10), read
  // from %e so that it agrees with the digits printf will produce.
  std::snprintf(buf, sizeof buf, "%.5e", value);
  const int exponent = std::atoi(std::strchr(buf, 'e') + 1);
  const int decimals = exponent >= 5 ? 0 : 5 - exponent;
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string out(buf);
  trim_fraction(out);
  if (out == "-0") out = "0";
  return out;
}

std::string csv_pounds(core::Pence amount) {
  return core::format_pounds(amount);
}

std::string csv_money(double pounds) {
  if (!std::isfinite(pounds)) return "";
  const double pence = std::round(pounds * 100.0);
  // Beyond the range of Pence (about 9.2e16 pounds) no amount is meaningful; keep the digits.
  if (std::fabs(pence) >= 9.0e18) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", pounds);
    return buf;
  }
  std::string out = csv_pounds(static_cast<core::Pence>(pence));
  if (out == "-0.00") out = "0.00";
  return out;
}

std::string csv_document(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows) {
  std::string out = csv_row(header);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != header.size()) {
      throw std::invalid_argument("csv_document: row " + std::to_string(i + 1) + " has " +
                                  std::to_string(rows[i].size()) + " fields, header has " +
                                  std::to_string(header.size()));
    }
    out += csv_row(rows[i]);
  }
  return out;
}

}  // namespace pbr::output
