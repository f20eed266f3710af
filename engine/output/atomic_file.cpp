#include "engine/output/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace pbr::output {
namespace {

WriteFailed failure(const std::string& path, int err) {
  return WriteFailed("writing " + path + ": " + std::strerror(err));
}

namespace fs = std::filesystem;

// "refusing to write 'PATH' (ROLE): WHY"
OutputRefused refusal(const std::string& path, const std::string& role, const std::string& why) {
  return OutputRefused("refusing to write '" + path + "'" +
                       (role.empty() ? "" : " (" + role + ")") + ": " + why);
}

std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::fifo:
      return "a named pipe";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

// Why `path` may not be replaced by a regular file, or "" when it may: it is absent, a
// regular file, or a link to one (or to nothing; the link itself is replaced).
std::string not_regular_reason(const std::string& path) {
  std::error_code ec;
  const auto followed = fs::status(path, ec);
  if (ec || followed.type() == fs::file_type::not_found || fs::is_regular_file(followed)) return "";
  return "it exists and is " + kind_of(followed.type()) +
         "; outputs are written only to regular files";
}

std::string temp_prefix(const fs::path& target) {
  // Appended piecewise: `"." + std::string` trips a false -Wrestrict in GCC 12.
  std::string prefix(1, '.');
  prefix += target.filename().string();
  prefix += ".pbrsim-tmp-";
  return prefix;
}

// Removes temporaries of `target` left by processes that no longer run. Ours (this pid) may
// belong to another thread writing the same destination, and are left alone.
void remove_stale_temporaries(const fs::path& target) {
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = temp_prefix(target);
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string rest = name.substr(prefix.size());
    const auto dash = rest.find('-');
    const std::string pid_text = rest.substr(0, dash);
    if (pid_text.empty() || pid_text.size() > 9 ||
        pid_text.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
}

// Opens a fresh temporary beside `path`. O_EXCL makes the name ours even when several
// threads or processes write the same destination at once; on a clash we try the next n.
int open_temporary(const fs::path& target, std::string& temp_name) {
  const auto dir = target.parent_path();
  std::string base = temp_prefix(target);
  base += std::to_string(::getpid());
  base += '-';
  for (int n = 0; n < 1000; ++n) {
    temp_name = (dir / (base + std::to_string(n))).string();
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

AtomicWriter::AtomicWriter(const std::string& path) : path_(path) {
  if (path.empty()) throw WriteFailed("writing a file with an empty name: not a file name");
  const fs::path target(path);
  if (target.filename().empty()) throw WriteFailed("writing " + path + ": not a file name");
  if (const auto why = not_regular_reason(path); !why.empty()) throw refusal(path, "", why);
  remove_stale_temporaries(target);
  fd_ = open_temporary(target, temp_);
  if (fd_ < 0) throw failure(path, errno);
  buffer_.reserve(BUFFER_BYTES);
}

AtomicWriter::~AtomicWriter() {
  if (fd_ >= 0) abandon();
}

void AtomicWriter::abandon() {
  ::close(fd_);
  ::unlink(temp_.c_str());
  fd_ = -1;
}

void AtomicWriter::write(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > BUFFER_BYTES) {
    flush();
    if (bytes.size() > BUFFER_BYTES) {
      // Large pieces go straight to the file.
      if (!write_all(fd_, bytes)) fail();
      return;
    }
  }
  buffer_.append(bytes);
}

void AtomicWriter::flush() {
  if (fd_ < 0) throw WriteFailed("writing " + path_ + ": the file was already closed");
  if (!write_all(fd_, buffer_)) fail();
  buffer_.clear();
}

void AtomicWriter::fail() {
  const int err = errno;
  abandon();
  throw failure(path_, err);
}

void AtomicWriter::commit() {
  flush();
  // fsync before rename: otherwise a crash can leave the new name pointing at empty data.
  if (::fsync(fd_) != 0) fail();
  if (::close(fd_) != 0) {
    const int err = errno;
    fd_ = -1;
    ::unlink(temp_.c_str());
    throw failure(path_, err);
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_.c_str());
    throw failure(path_, err);
  }
  // Best effort: make the rename itself durable. Failing here does not undo a complete write.
  const fs::path target(path_);
  const auto dir = target.parent_path().empty() ? std::string(".") : target.parent_path().string();
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void write_file_atomically(const std::string& path, std::string_view content) {
  AtomicWriter file(path);
  file.write(content);
  file.commit();
}

void create_parent_directories(const std::string& path) {
  const auto dir = fs::path(path).parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw WriteFailed("creating directory " + dir.string() + ": " + ec.message());
  }
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec) && !ec) return true;
  const auto canonical = [](const std::string& p) {
    std::error_code e;
    const fs::path absolute = fs::absolute(p, e);
    if (e) return fs::path(p).lexically_normal();
    const fs::path resolved = fs::weakly_canonical(absolute, e);
    return e ? absolute.lexically_normal() : resolved;
  };
  return canonical(a) == canonical(b);
}

void check_output_files(const std::vector<CommandFile>& outputs,
                        const std::vector<CommandFile>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& out = outputs[i];
    if (out.path.empty()) throw refusal(out.path, out.role, "expected a file name");
    for (const auto& in : inputs) {
      if (!in.path.empty() && same_file(out.path, in.path)) {
        throw refusal(out.path, out.role, "it is an input of this command");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (same_file(out.path, outputs[j].path)) {
        throw refusal(out.path, out.role,
                      "the command also writes it" +
                          (outputs[j].role.empty() ? "" : " as " + outputs[j].role));
      }
    }
    if (const auto why = not_regular_reason(out.path); !why.empty()) {
      throw refusal(out.path, out.role, why);
    }
    if (fs::path(out.path).filename().empty()) {
      throw refusal(out.path, out.role, "not a file name");
    }
    // The nearest existing ancestor must be a directory we may write in (missing directories
    // below it are created).
    fs::path dir = fs::path(out.path).parent_path();
    std::error_code ec;
    while (!dir.empty() && !fs::exists(fs::symlink_status(dir, ec))) dir = dir.parent_path();
    const fs::path shown = dir.empty() ? fs::path(".") : dir;
    if (!fs::is_directory(shown, ec)) {
      throw refusal(out.path, out.role, "'" + shown.string() + "' is not a directory");
    }
    if (::access(shown.c_str(), W_OK | X_OK) != 0) {
      throw refusal(out.path, out.role,
                    "cannot write in directory '" + shown.string() + "': " + std::strerror(errno));
    }
  }
}

}  // namespace pbr::output
