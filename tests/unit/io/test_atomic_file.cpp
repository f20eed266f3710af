#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/io/atomic_file.hpp"

namespace fs = std::filesystem;
using pbr::io::create_parent_directories;
using pbr::io::write_file_atomically;

namespace {

// A fresh directory under the system temp dir, removed at scope exit.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("pbr_atomic_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t entries_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("write_file_atomically writes the bytes exactly and leaves no temporary",
          "[io][atomic_file]") {
  TempDir dir("write");
  const auto file = dir.path / "out.csv";
  const std::string content = std::string("a,b\r\n1,2\r\n") + '\0' + "tail\n";
  write_file_atomically(file.string(), content);
  CHECK(slurp(file) == content);
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically replaces an existing file whole", "[io][atomic_file]") {
  TempDir dir("replace");
  const auto file = dir.path / "out.csv";
  write_file_atomically(file.string(), std::string(100000, 'x'));
  write_file_atomically(file.string(), "short\r\n");
  CHECK(slurp(file) == "short\r\n");
  write_file_atomically(file.string(), "");
  CHECK(slurp(file).empty());
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically creates files with the usual permissions", "[io][atomic_file]") {
  TempDir dir("perms");
  const auto file = dir.path / "out.csv";
  const mode_t mask = ::umask(022);
  write_file_atomically(file.string(), "x");
  ::umask(mask);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  // mkstemp would give 0600; outputs are meant to be shared like any file the user writes.
  CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("write_file_atomically fails cleanly in an unwritable directory", "[io][atomic_file]") {
  if (::geteuid() == 0) {
    WARN("skipped: root ignores directory permissions");
    return;
  }
  TempDir dir("readonly");
  const auto file = dir.path / "out.csv";
  write_file_atomically(file.string(), "old\r\n");
  fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
  CHECK_THROWS_WITH(write_file_atomically(file.string(), "new\r\n"),
                    Catch::Contains(file.string()) && Catch::Contains("temporary"));
  fs::permissions(dir.path, fs::perms::owner_all);
  CHECK(slurp(file) == "old\r\n");
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically keeps the old file when a write fails part-way",
          "[io][atomic_file]") {
  // A file-size limit makes write(2) fail with EFBIG after a few bytes, even for root:
  // the failure happens in the middle of the content, the case atomicity exists for.
  TempDir dir("efbig");
  const auto file = dir.path / "out.csv";
  write_file_atomically(file.string(), "old\r\n");
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  const auto saved_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 16;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string error;
  try {
    write_file_atomically(file.string(), std::string(4096, 'n'));
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, saved_handler);
  CHECK_THAT(error, Catch::Contains(file.string()) && Catch::Contains("write failed"));
  CHECK(slurp(file) == "old\r\n");
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically names the path when the directory is missing",
          "[io][atomic_file]") {
  TempDir dir("missing");
  const auto file = dir.path / "no" / "such" / "out.csv";
  CHECK_THROWS_WITH(write_file_atomically(file.string(), "x"), Catch::Contains(file.string()));
  CHECK_FALSE(fs::exists(dir.path / "no"));
}

TEST_CASE("write_file_atomically fails when the destination is a directory, keeping it",
          "[io][atomic_file]") {
  TempDir dir("isdir");
  const auto target = dir.path / "taken";
  fs::create_directories(target / "inner");
  CHECK_THROWS_WITH(write_file_atomically(target.string(), "x"),
                    Catch::Contains(target.string()) && Catch::Contains("rename"));
  CHECK(fs::is_directory(target / "inner"));
  CHECK(entries_in(dir.path) == 1);  // the temporary was removed
}

TEST_CASE("create_parent_directories makes the missing directories", "[io][atomic_file]") {
  TempDir dir("mkdir");
  const auto file = dir.path / "a" / "b" / "out.csv";
  create_parent_directories(file.string());
  CHECK(fs::is_directory(dir.path / "a" / "b"));
  CHECK_FALSE(fs::exists(file));
  create_parent_directories(file.string());    // already there: fine
  create_parent_directories("bare_name.csv");  // no directory part: nothing to do
  write_file_atomically(file.string(), "ok");
  CHECK(slurp(file) == "ok");
}

TEST_CASE("create_parent_directories fails when a file is in the way", "[io][atomic_file]") {
  TempDir dir("blocked");
  write_file_atomically((dir.path / "plain").string(), "x");
  CHECK_THROWS_WITH(create_parent_directories((dir.path / "plain" / "out.csv").string()),
                    Catch::Contains("cannot create directory"));
}
