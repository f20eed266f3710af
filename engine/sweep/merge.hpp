#pragma once
//! \file Joining the outputs of sweep shards (`pbrsim merge`).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/format/json_util.hpp"
#include "engine/sweep/outputs.hpp"

namespace pbr::sweep {

//! One shard output to merge, as read from its sidecar.
struct ShardFile {
  std::string path;  //!< the sidecar's path, for messages
  SweepOutput output;
  std::string git_sha;       //!< of the pbrsim that wrote it
  nlohmann::json execution;  //!< its "execution" record
};

//! The largest sidecar merge reads: sized for the largest allowed sweep (MAX_SWEEP_POINTS
//! points of five strategies, about 4.3 KB of sidecar each), not by the 64 MiB limit of
//! scenario files.
inline const format::FileLimit SIDECAR_LIMIT{
    std::uintmax_t{8} << 30,
    "sweep sidecars are limited to 8 GiB (a million points of five strategies take 4.3 GB)"};

//! Reads a shard output: `path` may name the shard's CSV (its sidecar is found next to it,
//! see sidecar_path_for) or the sidecar itself. \throws core::InputError.
ShardFile read_shard_file(const std::string& path);

//! Merges shard outputs into the output of the whole sweep, as if it had run unsharded.
//! Checks that every file belongs to the same sweep (same fingerprint) and that together
//! they hold every point exactly once. The layout is `layout` when given, else the shards'
//! (which must then agree).
//! \throws core::InputError with every problem, e.g.
//!   `b.json: /fingerprint: belongs to a different sweep than a.json (...)`,
//!   `point 4 (window=6) is in both a.json and c.json`,
//!   `3 of 9 points are in no shard output: points 2, 5, 8 (the points of shard 2/3)`; every
//!   shard whose points are all missing is named (`(the points of shards 2/8, 5/8)`, or
//!   `(including shard 2/8 entirely)` when other points are missing too).
SweepOutput merge_shards(const std::vector<ShardFile>& shards, std::optional<Layout> layout);

}  // namespace pbr::sweep
