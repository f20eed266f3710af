#include "engine/sweep/shard.hpp"

#include <charconv>

#include "engine/sweep/values.hpp"

namespace pbr::sweep {

namespace {

bool parse_count(std::string_view text, std::size_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string ShardSpec::to_string() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

ShardSpec parse_shard(std::string_view text) {
  const std::string where = "--shard '" + std::string(text) + "': ";
  const auto slash = text.find('/');
  ShardSpec s;
  if (slash == std::string_view::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count)) {
    throw ValuesSyntaxError(where + "expected K/N with whole numbers, e.g. 2/8");
  }
  if (s.count < 1) throw ValuesSyntaxError(where + "N must be at least 1");
  if (s.index < 1 || s.index > s.count) {
    throw ValuesSyntaxError(where + "K must be between 1 and N");
  }
  return s;
}

std::vector<std::size_t> shard_points(const ShardSpec& shard, std::size_t total) {
  std::vector<std::size_t> out;
  for (std::size_t i = shard.index - 1; i < total; i += shard.count) out.push_back(i);
  return out;
}

}  // namespace pbr::sweep
