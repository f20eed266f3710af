#pragma once
//! \file Helpers for end-to-end tests that run the built `pbrsim` executable (PBRSIM_EXE).

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace pbr::test {

//! What one invocation of pbrsim produced.
struct CliResult {
  int exit_code = -1;  //!< the process's exit status; -1 if it did not exit normally
  std::string out;     //!< everything written to stdout
  std::string err;     //!< everything written to stderr
};

//! The whole content of a file ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

//! Writes `text` to `path` as it is (binary: no newline translation).
inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

//! Quotes one argument for /bin/sh (single quotes; embedded ones as '\'').
inline std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

//! A fresh directory under the system temp dir, removed with everything in it at scope exit.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& tag) {
    path = std::filesystem::temp_directory_path() /
           ("pbr_cli_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

//! Runs `pbrsim ARGS...` through /bin/sh with stdout and stderr redirected to files in
//! `scratch`, from the working directory `cwd` (default: the scratch directory itself, so
//! default output paths land there). `shell_prefix` is prepended verbatim (e.g. "ulimit -f 1;").
inline CliResult run_pbrsim(const std::vector<std::string>& args, const ScratchDir& scratch,
                            const std::filesystem::path& cwd = {},
                            const std::string& shell_prefix = "") {
  const auto out_file = scratch.path / "stdout.txt";
  const auto err_file = scratch.path / "stderr.txt";
  std::string cmd = "cd " + shell_quote((cwd.empty() ? scratch.path : cwd).string()) + " && " +
                    shell_prefix + shell_quote(PBRSIM_EXE);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string());
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  std::filesystem::remove(out_file);
  std::filesystem::remove(err_file);
  return r;
}

//! Absolute path of a file in the source tree (tests/data/...).
inline std::string source_path(const std::string& relative) {
  return (std::filesystem::path(PBR_SOURCE_DIR) / relative).string();
}

}  // namespace pbr::test
