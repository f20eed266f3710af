#pragma once
//! \file A strict RFC 4180 reader for tests: it accepts exactly what the RFC allows and
//! rejects what lenient readers tolerate, so that a test passing here means the file opens
//! the same way in any spreadsheet.
//!
//! Accepted: records separated by CRLF (the last may or may not end with CRLF); fields
//! separated by ','; a field either unquoted (no '"', CR or LF in it) or enclosed in double
//! quotes, inside which "" is a literal quote and ',' CR LF are data.
//! Rejected (Rfc4180Error, with the 1-based line and column): a '"' inside an unquoted
//! field, an unterminated quoted field, anything but ',' or CRLF after a closing quote, a
//! bare CR or bare LF outside quotes, and rows with a different number of fields than the
//! first ("ragged rows").
//!
//! **Example**
//! \code
//! const auto rows = pbr::test::parse_rfc4180("a,\"b,c\"\r\n1,2\r\n");
//! // rows == {{"a", "b,c"}, {"1", "2"}}
//! \endcode

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::test {

//! A violation of RFC 4180, located by 1-based line and column.
struct Rfc4180Error : std::runtime_error {
  Rfc4180Error(std::size_t line, std::size_t column, const std::string& what)
      : std::runtime_error("RFC 4180: line " + std::to_string(line) + ", column " +
                           std::to_string(column) + ": " + what) {}
};

//! Parses a whole CSV document strictly. Empty text gives no rows.
//! \throws Rfc4180Error at the first violation.
inline std::vector<std::vector<std::string>> parse_rfc4180(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0, line = 1, line_start = 0;
  const auto fail = [&](const std::string& what) {
    throw Rfc4180Error(line, i - line_start + 1, what);
  };
  const auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    if (!rows.empty() && row.size() != rows.front().size()) {
      fail("ragged row: " + std::to_string(row.size()) + " fields, the first row has " +
           std::to_string(rows.front().size()));
    }
    rows.push_back(std::move(row));
    row.clear();
  };
  if (text.empty()) return rows;
  while (true) {
    // At the start of a field.
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) fail("unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\r') {
        fail("unexpected character after a closing quote");
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        if (text[i] == '"') fail("quote inside an unquoted field");
        field += text[i++];
      }
    }
    // At the end of a field.
    if (i >= text.size()) {
      end_row();
      return rows;
    }
    if (text[i] == ',') {
      row.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (text[i] == '\n') fail("bare LF (records must end with CRLF)");
    if (i + 1 >= text.size() || text[i + 1] != '\n') fail("bare CR (records must end with CRLF)");
    i += 2;
    end_row();
    ++line;
    line_start = i;
    if (i == text.size()) return rows;
  }
}

}  // namespace pbr::test
