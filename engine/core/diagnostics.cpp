#include "engine/core/diagnostics.hpp"

#include <algorithm>
#include <numeric>

namespace pbr::core {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!file.empty()) out += file + ": ";
  out += (pointer.empty() ? std::string("/") : pointer) + ": " + message;
  return out;
}

std::string DiagnosticList::to_string() const {
  std::string out;
  for (const auto& d : items_) out += d.to_string() + "\n";
  return out;
}

void DiagnosticList::throw_if_any() const {
  if (!items_.empty()) throw InputError(items_);
}

namespace {
std::string join_messages(const std::vector<Diagnostic>& ds) {
  std::string out;
  const std::size_t shown = std::min(ds.size(), MAX_SHOWN_PROBLEMS);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += "\n";
    out += ds[i].to_string();
  }
  if (shown < ds.size())
    out += "\n" + std::to_string(ds.size() - shown) + " more problems not shown";
  return out;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(std::string file, std::string pointer, std::string message)
    : InputError(
          std::vector<Diagnostic>{{std::move(file), std::move(pointer), std::move(message)}}) {}

std::string escape_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::size_t edit_distance_within(const std::string& a, const std::string& b, std::size_t limit) {
  const std::size_t over = limit + 1;
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return over;
  // row[j]: distance between a's first i characters and b's first j, capped at `over`; cells
  // more than `limit` off the diagonal cannot lead to a distance within the limit.
  std::vector<std::size_t> row(b.size() + 1, over);
  for (std::size_t j = 0; j <= std::min(b.size(), limit); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t first = i > limit ? i - limit : 1;
    const std::size_t last = std::min(b.size(), i + limit);
    std::size_t diagonal = row[first - 1];
    row[first - 1] = first == 1 ? std::min(i, over) : over;
    std::size_t row_min = row[first - 1];
    for (std::size_t j = first; j <= last; ++j) {
      const std::size_t above = row[j];
      const std::size_t here =
          std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      row[j] = std::min(here, over);
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return over;  // every path from here on only grows
  }
  return row[b.size()];
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > MAX_SUGGESTED_WORD) return "";
  // Accept distances up to `limit`; once a candidate is found only a nearer one replaces it.
  std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t compared = 0;
  for (const auto& c : candidates) {
    // The distance is at least the length difference: skip names that cannot be nearer.
    const std::size_t gap =
        c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap > limit) continue;
    if (compared++ == MAX_SUGGESTION_CANDIDATES) break;
    const std::size_t d = edit_distance_within(word, c, limit);
    if (d > limit) continue;
    best = c;
    if (d == 0) break;
    limit = d - 1;
  }
  return best;
}

}  // namespace pbr::core
