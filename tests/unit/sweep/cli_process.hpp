#pragma once
//! \file Running the built pbrsim (PBRSIM_EXE) from tests: synchronously, or in the
//! background so that a test can interrupt it (SIGINT, SIGKILL) mid-run.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace pbr::test {

//! A pbrsim process started in the background; stdout and stderr go to files.
class PbrsimProcess {
 public:
  //! Starts `pbrsim args...` in the current directory (the source root under CTest), writing
  //! stdout to `out_path` and stderr to `err_path`.
  PbrsimProcess(const std::vector<std::string>& args, const std::string& out_path,
                const std::string& err_path) {
    std::vector<std::string> argv_storage = {PBRSIM_EXE};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int rc = posix_spawn(&pid_, PBRSIM_EXE, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + std::string(PBRSIM_EXE));
  }
  ~PbrsimProcess() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  PbrsimProcess(const PbrsimProcess&) = delete;
  PbrsimProcess& operator=(const PbrsimProcess&) = delete;

  //! The peak resident set of the process, in KiB, once wait() has returned it.
  [[nodiscard]] long max_rss_kib() const { return usage_.ru_maxrss; }
  //! The process id.
  [[nodiscard]] pid_t pid() const { return pid_; }
  //! Sends a signal.
  void signal(int sig) const { ::kill(pid_, sig); }
  //! True while the process has not exited (reaps it when it has).
  bool running() {
    if (waited_) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      waited_ = true;
      status_ = status;
      return false;
    }
    return true;
  }
  //! Waits for the exit; returns the exit code, or 128 + signal when killed by one.
  int wait() {
    if (!waited_) {
      int status = 0;
      while (::wait4(pid_, &status, 0, &usage_) < 0) {
      }
      waited_ = true;
      status_ = status;
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    return 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = -1;
  struct rusage usage_ {};
  bool waited_ = false;
  int status_ = 0;
};

//! Runs pbrsim to completion; returns its exit code.
inline int run_pbrsim(const std::vector<std::string>& args, const std::string& out_path,
                      const std::string& err_path) {
  PbrsimProcess p(args, out_path, err_path);
  return p.wait();
}

//! Starts the same job twice at once (the same `args`, hence the same outputs), in `dir`.
//! Returns "" when exactly one was refused, at once, with exit 2 and the message naming the
//! other's process id (`command` is "sweep" or "psa", `out` the CSV); else what went wrong.
//! The job that ran is killed; its journal is left in `dir` for the caller.
inline std::string one_of_two_jobs_runs(const std::vector<std::string>& args,
                                        const std::string& command, const std::string& out,
                                        const std::string& dir) {
  PbrsimProcess a(args, dir + "/a.out", dir + "/a.err");
  PbrsimProcess b(args, dir + "/b.out", dir + "/b.err");
  // The refused job exits at once; the other is still running then.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (a.running() && b.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const bool a_refused = !a.running();
  PbrsimProcess& refused = a_refused ? a : b;
  PbrsimProcess& runner = a_refused ? b : a;
  std::string problem;
  if (const int rc = refused.wait(); rc != 2)
    problem = "the first job to end exited " + std::to_string(rc) + ", not 2; ";
  if (!runner.running()) problem += "the other job was no longer running; ";
  std::ifstream in(dir + (a_refused ? "/a.err" : "/b.err"), std::ios::binary);
  const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string expected = "pbrsim " + command + ": refusing to write '" + out +
                               "': another pbrsim job (process " + std::to_string(runner.pid()) +
                               ") is writing it; wait for that job to end or stop it\n";
  if (err != expected) problem += "stderr was '" + err + "', expected '" + expected + "'";
  runner.signal(SIGKILL);
  runner.wait();
  return problem;
}

}  // namespace pbr::test
