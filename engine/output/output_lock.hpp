#pragma once
//! \file One writer per output: an exclusive lock that a job holds from before it checks or
//! touches its outputs (a journal, a CSV, a sidecar) to its end, so that two jobs started on
//! the same outputs never interleave their files.

#include <string>

namespace pbr::output {

//! The lock file of an output: "out/a.csv" -> "out/a.csv.lock".
std::string lock_path_for(const std::string& output_path);

//! An exclusive flock(2) on a lock file beside the outputs, holding the owner's process id.
//! The kernel releases the lock when the process ends, however it ends (SIGKILL included),
//! so a lock file left behind by a killed job never blocks the next one. On release the file
//! is removed (before the lock is dropped, and acquirers check they locked the file still at
//! the path, so removing it never lets two jobs in).
class OutputLock {
 public:
  //! Takes the lock at `lock_path` (its directory must exist) for the output `output` (how
  //! messages name what is locked), without waiting.
  //! \throws OutputRefused when another process holds it: "refusing to write 'out/a.csv':
  //!   another pbrsim job (process 4242) is writing it; wait for that job to end or stop it"
  //! \throws WriteFailed when the lock file cannot be created.
  OutputLock(const std::string& lock_path, const std::string& output);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace pbr::output
