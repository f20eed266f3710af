#pragma once
//! \file Checking that text read from a file is UTF-8, before it reaches code (the JSON
//! library, the HTML report) that would fail on it later without saying where.

#include <cstddef>
#include <optional>
#include <string_view>

namespace pbr::core {

//! The UTF-8 byte-order mark (EF BB BF) that spreadsheets and some editors write first.
inline constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";

//! The byte offset of the first byte that does not start a well-formed UTF-8 sequence
//! (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when the
//! whole text is UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace pbr::core
