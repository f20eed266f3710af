#pragma once
//! \file The journal of finished points that makes a sweep resumable.
//!
//! A JSON Lines file: a header line `{"journal": "pbrsim-sweep/1", "fingerprint": "…",
//! "points": N, "shard": "K/N" | null}`, then one line per finished point
//! `{"point": i, "rows": [...]}` (results.hpp encoding). Each line is appended with a single
//! write(2) as soon as its point finishes, so the journal survives the process being
//! killed at any moment (even SIGKILL): a line cut short by the kill is the last one, has
//! no newline or does not parse, and is ignored. On resume the valid lines are kept (the
//! file is rewritten atomically without the damaged tail) and appending continues.
//! The journal survives a crash of the process, not necessarily of the machine: lines are
//! not fsync'ed one by one.

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include "engine/sweep/results.hpp"
#include "engine/sweep/shard.hpp"
#include "engine/sweep/sweep.hpp"

namespace pbr::sweep {

//! An open journal; append() may be called from several threads.
class Journal {
 public:
  //! Opens (creates, or with `resume` continues) the journal at `path` for `definition`.
  //! With `resume` and an existing journal, its finished points are stored into `results`
  //! (which must have one slot per point) and counted in loaded().
  //! \throws core::InputError when a journal exists without `resume` ("run again with
  //!   --resume"), or belongs to another sweep or shard (fingerprint or shard mismatch);
  //!   output::WriteFailed when the file cannot be written.
  Journal(std::string path, const SweepDefinition& definition,
          const std::optional<ShardSpec>& shard, bool resume, Results& results);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  //! Appends a finished point as one line, in a single write. Thread-safe.
  void append(std::size_t point, const PointResult& result);
  //! Points loaded from an existing journal.
  [[nodiscard]] std::size_t loaded() const { return loaded_; }
  //! Lines ignored as damaged when loading (a truncated last line after a kill).
  [[nodiscard]] std::size_t damaged() const { return damaged_; }
  //! The journal's path.
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
  std::size_t loaded_ = 0;
  std::size_t damaged_ = 0;
};

}  // namespace pbr::sweep
