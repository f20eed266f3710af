#include "engine/output/output_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <string>
#include <thread>

#include "engine/output/atomic_file.hpp"

namespace pbr::output {
namespace {

//! True when a process with this id runs (it may belong to another user).
bool process_runs(const std::string& pid) {
  try {
    const long id = std::stol(pid);
    return id > 0 && (::kill(static_cast<pid_t>(id), 0) == 0 || errno == EPERM);
  } catch (const std::exception&) {
    return false;
  }
}

//! The process id written in a lock file, or "" when it cannot be read. The holder writes it
//! right after taking the lock, so until then the file is empty or still holds the id of a
//! job that was killed: both are read again for a moment, until a running process is named.
std::string holder_of(const std::string& path) {
  for (int attempt = 0; attempt < 40; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
      char buffer[32] = {};
      const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
      ::close(fd);
      std::string text = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      if (!text.empty() && text.size() < 12 &&
          text.find_first_not_of("0123456789") == std::string::npos && process_runs(text)) {
        return text;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return "";
}

}  // namespace

std::string lock_path_for(const std::string& output_path) {
  return output_path + ".lock";
}

OutputLock::OutputLock(const std::string& lock_path, const std::string& output) : path_(lock_path) {
  // Retried only when the file we locked was removed or replaced by its previous holder
  // between our open and our flock: the lock must be on the file now at the path.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) throw WriteFailed("writing " + path_ + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err != EWOULDBLOCK) throw WriteFailed("locking " + path_ + ": " + std::strerror(err));
      const std::string pid = holder_of(path_);
      throw OutputRefused("refusing to write '" + output + "': another pbrsim job (" +
                          (pid.empty() ? std::string("process unknown") : "process " + pid) +
                          ") is writing it; wait for that job to end or stop it");
    }
    struct stat held {};
    struct stat named {};
    if (::fstat(fd, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (fd_ < 0) throw WriteFailed("locking " + path_ + ": the lock file keeps changing");
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::write(fd_, pid.data(), pid.size()) < 0) {
    const int err = errno;
    ::unlink(path_.c_str());
    ::close(fd_);
    throw WriteFailed("writing " + path_ + ": " + std::strerror(err));
  }
}

OutputLock::~OutputLock() {
  // Removed while still held: a job that opened the old file fails its inode check.
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace pbr::output
