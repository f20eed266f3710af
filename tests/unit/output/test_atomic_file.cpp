#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/output/atomic_file.hpp"

namespace fs = std::filesystem;
using pbr::output::create_parent_directories;
using pbr::output::write_file_atomically;

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
          "[output][atomic_file]") {
  TempDir dir("write");
  const auto file = dir.path / "out.csv";
  const std::string content = std::string("a,b\r\n1,2\r\n") + '\0' + "tail\n";
  write_file_atomically(file.string(), content);
  CHECK(slurp(file) == content);
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically replaces an existing file whole", "[output][atomic_file]") {
  TempDir dir("replace");
  const auto file = dir.path / "out.csv";
  write_file_atomically(file.string(), std::string(100000, 'x'));
  write_file_atomically(file.string(), "short\r\n");
  CHECK(slurp(file) == "short\r\n");
  write_file_atomically(file.string(), "");
  CHECK(slurp(file).empty());
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically creates files with the usual permissions",
          "[output][atomic_file]") {
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

TEST_CASE("write_file_atomically fails cleanly in an unwritable directory",
          "[output][atomic_file]") {
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
          "[output][atomic_file]") {
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
  CHECK(error == "writing " + file.string() + ": File too large");
  CHECK(slurp(file) == "old\r\n");
  CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_file_atomically names the path when the directory is missing",
          "[output][atomic_file]") {
  TempDir dir("missing");
  const auto file = dir.path / "no" / "such" / "out.csv";
  CHECK_THROWS_WITH(write_file_atomically(file.string(), "x"), Catch::Contains(file.string()));
  CHECK_FALSE(fs::exists(dir.path / "no"));
}

TEST_CASE("write_file_atomically fails when the destination is a directory, keeping it",
          "[output][atomic_file]") {
  TempDir dir("isdir");
  const auto target = dir.path / "taken";
  fs::create_directories(target / "inner");
  CHECK_THROWS_AS(write_file_atomically(target.string(), "x"), pbr::output::OutputRefused);
  CHECK_THROWS_WITH(write_file_atomically(target.string(), "x"),
                    "refusing to write '" + target.string() +
                        "': it exists and is a directory; outputs are written only to regular "
                        "files");
  CHECK(fs::is_directory(target / "inner"));
  CHECK(entries_in(dir.path) == 1);  // no temporary was made
}

TEST_CASE("write_file_atomically never replaces a device, a pipe or a link to one",
          "[output][atomic_file]") {
  TempDir dir("device");
  // A device node: rename(2) would silently replace /dev/null itself (as root).
  CHECK_THROWS_WITH(write_file_atomically("/dev/null", "x"),
                    "refusing to write '/dev/null': it exists and is a character device; outputs "
                    "are written only to regular files");
  CHECK(fs::is_character_file("/dev/null"));
  const auto fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(write_file_atomically(fifo.string(), "x"),
                    Catch::EndsWith("it exists and is a named pipe; outputs are written only to "
                                    "regular files"));
  CHECK(fs::is_fifo(fifo));
  const auto link = dir.path / "null_link";
  fs::create_symlink("/dev/null", link);
  CHECK_THROWS_AS(write_file_atomically(link.string(), "x"), pbr::output::OutputRefused);
  CHECK(fs::is_symlink(link));
  CHECK(entries_in(dir.path) == 2);
}

TEST_CASE("write_file_atomically removes the stale temporaries of a dead process",
          "[output][atomic_file]") {
  TempDir dir("stale");
  const auto file = dir.path / "out.csv";
  // A pid that is not running: a child that has exited and been reaped.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  REQUIRE(child > 0);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  const auto dead = dir.path / (".out.csv.pbrsim-tmp-" + std::to_string(child) + "-0");
  const auto ours = dir.path / (".out.csv.pbrsim-tmp-" + std::to_string(::getpid()) + "-7");
  const auto other = dir.path / (".other.csv.pbrsim-tmp-" + std::to_string(child) + "-0");
  for (const auto& p : {dead, ours, other}) std::ofstream(p) << "partial";
  write_file_atomically(file.string(), "new");
  CHECK(slurp(file) == "new");
  CHECK_FALSE(fs::exists(dead));  // left by a process that no longer runs: removed
  CHECK(fs::exists(ours));        // this process's: perhaps another thread's write
  CHECK(fs::exists(other));       // another destination's: not ours to judge
}

TEST_CASE("same_file recognises one file under different names", "[output][atomic_file]") {
  TempDir dir("same");
  const auto file = dir.path / "a.json";
  std::ofstream(file) << "{}";
  fs::create_directories(dir.path / "sub");
  fs::create_hard_link(file, dir.path / "hard.json");
  fs::create_symlink(file, dir.path / "soft.json");
  CHECK(pbr::output::same_file(file.string(), (dir.path / "sub" / ".." / "a.json").string()));
  CHECK(pbr::output::same_file(file.string(), (dir.path / "hard.json").string()));
  CHECK(pbr::output::same_file(file.string(), (dir.path / "soft.json").string()));
  CHECK_FALSE(pbr::output::same_file(file.string(), (dir.path / "b.json").string()));
  // Files that do not exist yet compare by their absolute paths.
  CHECK(pbr::output::same_file((dir.path / "new.csv").string(),
                               (dir.path / "sub" / ".." / "new.csv").string()));
  CHECK_FALSE(
      pbr::output::same_file((dir.path / "new.csv").string(), (dir.path / "n.csv").string()));
}

TEST_CASE("check_output_files refuses inputs, repeats, non-regular files and bad directories",
          "[output][atomic_file]") {
  using pbr::output::check_output_files;
  TempDir dir("check");
  const auto scenario = (dir.path / "victim.json").string();
  std::ofstream(scenario) << "{}";
  const auto csv = (dir.path / "victim.csv").string();
  CHECK_THROWS_WITH(check_output_files({{csv, "--out"}, {scenario, "the sidecar of --out " + csv}},
                                       {{scenario, ""}}),
                    "refusing to write '" + scenario + "' (the sidecar of --out " + csv +
                        "): it is an input of this command");
  CHECK_THROWS_WITH(check_output_files({{csv, "--out"}, {csv, "--monthly"}}, {}),
                    "refusing to write '" + csv +
                        "' (--monthly): the command also writes it as "
                        "--out");
  CHECK_THROWS_WITH(check_output_files({{"/dev/null", "--out"}}, {}),
                    "refusing to write '/dev/null' (--out): it exists and is a character device; "
                    "outputs are written only to regular files");
  const auto blocked = (dir.path / "victim.json" / "out" / "x.csv").string();
  CHECK_THROWS_WITH(
      check_output_files({{blocked, "--out"}}, {}),
      "refusing to write '" + blocked + "' (--out): '" + scenario + "' is not a directory");
  CHECK_THROWS_AS(check_output_files({{blocked, "--out"}}, {}), pbr::output::OutputRefused);
  // Fine: new files, missing directories (created later), an existing regular file.
  check_output_files({{csv, "--out"},
                      {(dir.path / "new" / "dir" / "m.csv").string(), "--monthly"},
                      {scenario, "--other"}},
                     {});
  CHECK(fs::exists(scenario));
  CHECK_FALSE(fs::exists(dir.path / "new"));
}

TEST_CASE("create_parent_directories makes the missing directories", "[output][atomic_file]") {
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

TEST_CASE("create_parent_directories fails when a file is in the way", "[output][atomic_file]") {
  TempDir dir("blocked");
  write_file_atomically((dir.path / "plain").string(), "x");
  CHECK_THROWS_WITH(create_parent_directories((dir.path / "plain" / "out.csv").string()),
                    "creating directory " + (dir.path / "plain").string() + ": Not a directory");
}
