// The repository is self-contained: no file cites a path outside it (a sibling checkout's
// shared notes, or a machine's working directory). Whatever the docs, scenarios or
// benchmarks use lives in the repository: the reference chain is docs/reference-chain.md,
// the numpy peer benchmarks/peers/markov_numpy.py, and the calibration figures cite their
// original sources (docs/calibration.md, "Sources").
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "unit/cli/cli_support.hpp"

namespace {

// The repository's files: those git tracks plus new ones it does not ignore, or, outside a
// git checkout (an exported tarball), every file but the build and VCS directories.
std::vector<std::string> repository_files() {
  std::vector<std::string> files;
  const std::string root = PBR_SOURCE_DIR;
  const std::string cmd = "git -C " + pbr::test::shell_quote(root) +
                          " ls-files --cached --others --exclude-standard 2>/dev/null";
  if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
    std::string out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int status = ::pclose(pipe);
    if (status == 0) {
      std::istringstream lines(out);
      std::string line;
      while (std::getline(lines, line)) {
        if (!line.empty()) files.push_back(root + "/" + line);
      }
      return files;
    }
  }
  namespace fs = std::filesystem;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const auto name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == "build" || name == "out")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
  return files;
}

}  // namespace

TEST_CASE("no file of the repository cites a path outside it", "[cli][repository]") {
  // Spelled in pieces so that this file does not match itself.
  const std::vector<std::string> forbidden = {std::string("..") + "/shared",
                                              std::string("/wo") + "rk/"};
  const auto files = repository_files();
  REQUIRE(files.size() > 100);
  std::size_t read = 0;
  for (const auto& path : files) {
    if (!std::filesystem::is_regular_file(path)) continue;  // deleted but still tracked
    const std::string text = pbr::test::read_file(path);
    ++read;
    for (const auto& f : forbidden) {
      INFO(path << " cites '" << f << "'");
      CHECK(text.find(f) == std::string::npos);
    }
  }
  CHECK(read > 100);
}

TEST_CASE("what the docs, scenarios and benchmarks use lives in the repository",
          "[cli][repository]") {
  for (const char* path : {"docs/reference-chain.md", "benchmarks/peers/markov_numpy.py",
                           "scenarios/reference_chain.json"}) {
    INFO(path);
    CHECK(std::filesystem::is_regular_file(pbr::test::source_path(path)));
  }
  const std::string peer = pbr::test::read_file(pbr::test::source_path("benchmarks/bench_sim.cpp"));
  CHECK(peer.find("\"/benchmarks/peers/markov_numpy.py\"") != std::string::npos);
}
