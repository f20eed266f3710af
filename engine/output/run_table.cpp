// The short summary table `pbrsim run` prints for people (declared in run_summary.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/output/run_summary.hpp"

namespace pbr::output {
namespace {

// Characters on screen, not bytes: "£" is two bytes in UTF-8 but one column.
std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string pad_left(const std::string& s, std::size_t width) {
  const auto w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string pad_right(const std::string& s, std::size_t width) {
  const auto w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

enum class Format { count, pounds, interval, percent };

struct Line {
  const char* metric;  // catalogue name
  const char* label;   // what people read
  Format format;
};

// The key metrics, in the order the brief of `pbrsim run` lists them.
constexpr Line LINES[] = {
    {"referrals", "referrals", Format::count},
    {"admissions", "admissions", Format::count},
    {"successful_completions", "successful completions", Format::count},
    {"sustained_recoveries", "sustained recoveries", Format::count},
    {"deaths", "deaths", Format::count},
    {"payments_total", "payments (£)", Format::pounds},
    {"provider_cost", "provider cost (£)", Format::pounds},
    {"provider_margin", "provider margin (£)", Format::pounds},
    {"provider_margin", "  95% interval of the mean (± £)", Format::interval},
    {"provider_margin", "  probability of a loss", Format::percent},
    {"commissioner_spend", "commissioner spend (£)", Format::pounds},
    {"cost_per_sustained_recovery", "cost per sustained recovery (£)", Format::pounds},
};

std::string cell(const SummaryRow& row, Format format) {
  switch (format) {
    case Format::count:
      return format_grouped(row.mean, 1);
    case Format::pounds:
      return format_grouped(row.mean, 0);
    case Format::interval:
      if (!row.spread) return "";
      // Student t intervals are symmetric: the half-width keeps the column narrow.
      return "± " + format_grouped(row.spread->ci_high - row.mean, 0);
    case Format::percent:
      if (!row.spread) return "";
      return format_grouped(100.0 * row.spread->prob_negative, 1) + "%";
  }
  return "";
}

//! Right-aligned columns after a left-aligned first one, two spaces apart, one line each.
std::string aligned(const std::vector<std::vector<std::string>>& table) {
  std::vector<std::size_t> width(table.empty() ? 0 : table[0].size(), 0);
  for (const auto& row : table) {
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], display_width(row[c]));
  }
  std::string text;
  for (const auto& row : table) {
    std::string line = pad_right(row[0], width[0]);
    for (std::size_t c = 1; c < row.size(); ++c) line += "  " + pad_left(row[c], width[c]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

//! "Budget by financial year": one line per financial-year scope of the strategy's rows
//! (spend, PbR payments, block, PbR share); empty when the rows have no such scope.
std::string budget_text(std::span<const SummaryRow> rows, const std::string& strategy) {
  constexpr const char* METRICS[] = {"commissioner_spend", "payments_total", "block_payment",
                                     "pbr_share_of_income"};
  std::vector<std::string> years;
  std::map<std::pair<std::string, std::string>, double> value;
  for (const auto& r : rows) {
    if (r.strategy != strategy || r.scope_kind != "financial_year") continue;
    if (std::find(years.begin(), years.end(), r.scope) == years.end()) years.push_back(r.scope);
    value[{r.scope, r.metric}] = r.mean;
  }
  if (years.empty()) return "";
  std::vector<std::vector<std::string>> table = {
      {"", "spend (£)", "PbR payments (£)", "block (£)", "PbR share"}};
  for (const auto& y : years) {
    std::vector<std::string> line = {y};
    for (const char* m : METRICS) {
      const auto it = value.find({y, m});
      if (it == value.end()) {
        line.emplace_back("");
      } else if (std::string(m) == "pbr_share_of_income") {
        line.push_back(std::isnan(it->second) ? "n/a"
                                              : format_grouped(100.0 * it->second, 1) + "%");
      } else {
        line.push_back(format_grouped(it->second, 0));
      }
    }
    table.push_back(std::move(line));
  }
  return "\nBudget by financial year\n" + aligned(table);
}

}  // namespace

std::string summary_table_text(std::span<const SummaryRow> rows, const std::string& strategy,
                               const std::string& heading) {
  // Columns: the total, then bands in the order the rows give them. Keys: (scope, metric).
  std::vector<std::string> scopes = {"total"};
  std::map<std::pair<std::string, std::string>, const SummaryRow*> by_key;
  bool any_spread = false;
  for (const auto& r : rows) {
    if (r.strategy != strategy || (r.scope_kind != "total" && r.scope_kind != "band")) continue;
    // A band named "total" must not collide with the total column.
    const std::string scope = r.scope_kind == "total" ? "total" : "band:" + r.scope;
    if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
    by_key[{scope, r.metric}] = &r;
    any_spread = any_spread || r.spread.has_value();
  }

  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header = {""};
  for (const auto& s : scopes) header.push_back(s == "total" ? s : s.substr(5));
  table.push_back(header);
  for (const auto& line : LINES) {
    const bool needs_spread = line.format == Format::interval || line.format == Format::percent;
    if (needs_spread && !any_spread) continue;
    if (by_key.find({"total", line.metric}) == by_key.end()) continue;
    std::vector<std::string> out = {line.label};
    for (std::size_t c = 0; c < scopes.size(); ++c) {
      const auto it = by_key.find({scopes[c], line.metric});
      out.push_back(it == by_key.end() ? "" : cell(*it->second, line.format));
    }
    table.push_back(std::move(out));
  }

  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : table) {
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], display_width(row[c]));
  }
  std::string text = heading;
  for (const auto& row : table) {
    std::string line = pad_right(row[0], width[0]);
    for (std::size_t c = 1; c < row.size(); ++c) line += "  " + pad_left(row[c], width[c]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  if (scopes.size() > 1) {
    text += "Band columns exclude the block payment, which is paid for the whole contract.\n";
  }
  text += budget_text(rows, strategy);
  return text;
}

std::string format_grouped(double value, int decimals) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string digits(buf);
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  // A value that rounds to zero is printed without a sign.
  if (digits.find_first_not_of("0.") == std::string::npos) negative = false;
  const auto point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return (negative ? "-" : "") + grouped + fraction;
}

}  // namespace pbr::output
