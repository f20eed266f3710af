#pragma once
//! \file Sharding: a deterministic share of a sweep's points for one machine or job.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::sweep {

//! Shard K of N (1-based K, as Slurm's array task ids and GNU parallel's job slots count).
//! Point i (0-based, in design order) belongs to the shard with K = (i mod N) + 1, so the
//! shards interleave: each gets a similar mix of cheap and expensive points even when the
//! cost grows along the grid.
struct ShardSpec {
  std::size_t index = 1;  //!< K, 1 <= K <= N
  std::size_t count = 1;  //!< N >= 1
  friend bool operator==(const ShardSpec&, const ShardSpec&) = default;

  //! True when point `point` (0-based) belongs to this shard.
  [[nodiscard]] bool contains(std::size_t point) const { return point % count == index - 1; }
  //! "K/N".
  [[nodiscard]] std::string to_string() const;
};

//! Parses "K/N". \throws ValuesSyntaxError (values.hpp) with the user's message, e.g.
//!   `--shard '4/3': K must be between 1 and N`.
ShardSpec parse_shard(std::string_view text);

//! The points of `total` that belong to `shard`, ascending.
std::vector<std::size_t> shard_points(const ShardSpec& shard, std::size_t total);

}  // namespace pbr::sweep
