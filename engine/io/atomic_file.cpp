#include "engine/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace pbr::io {
namespace {

std::runtime_error failure(const std::string& path, const std::string& what, int err) {
  return std::runtime_error("cannot write " + path + ": " + what + ": " + std::strerror(err));
}

// Opens a fresh temporary beside `path`. O_EXCL makes the name ours even when several
// threads or processes write the same destination at once; on a clash we try the next n.
int open_temporary(const std::filesystem::path& target, std::string& temp_name) {
  const auto dir = target.parent_path();
  // Appended piecewise: `"." + std::string` trips a false -Wrestrict in GCC 12.
  std::string base(1, '.');
  base += target.filename().string();
  base += '.';
  base += std::to_string(::getpid());
  for (int n = 0; n < 1000; ++n) {
    temp_name = (dir / (base + "." + std::to_string(n) + ".tmp")).string();
    const int fd = ::open(temp_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

bool write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  if (path.empty()) throw std::runtime_error("cannot write a file with an empty name");
  const std::filesystem::path target(path);
  if (target.filename().empty())
    throw std::runtime_error("cannot write " + path + ": not a file name");
  std::string temp;
  const int fd = open_temporary(target, temp);
  if (fd < 0) throw failure(path, "cannot create a temporary file in its directory", errno);

  // Each failure below removes the temporary, so no stray file outlives a failed write.
  const auto abandon = [&](const std::string& what) {
    const int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return failure(path, what, err);
  };
  if (!write_all(fd, content)) throw abandon("write failed");
  // fsync before rename: otherwise a crash can leave the new name pointing at empty data.
  if (::fsync(fd) != 0) throw abandon("fsync failed");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw failure(path, "close failed", err);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw failure(path, "rename failed", err);
  }
  // Best effort: make the rename itself durable. Failing here does not undo a complete write.
  const auto dir = target.parent_path().empty() ? std::string(".") : target.parent_path().string();
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void create_parent_directories(const std::string& path) {
  const auto dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
  }
}

}  // namespace pbr::io
