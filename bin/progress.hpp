#pragma once
//! \file Progress on stderr for long commands: a live bar on a terminal, a plain line every
//! few seconds otherwise (logs, CI, cluster jobs), nothing with --quiet.
//!
//! **Example**
//! \code
//! cli::Progress progress("sweep", "points", total, cli::progress_mode(quiet));
//! progress.start(already_done);
//! ... progress.advance();          // from any thread
//! progress.finish();               // final line: "sweep: 40/40 points in 12.3 s"
//! \endcode

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace pbr::cli {

//! How progress is shown.
enum class ProgressMode {
  bar,    //!< redrawn in place ('\r') about five times a second: a terminal
  plain,  //!< one line every `plain_interval`: a file or a pipe
  quiet   //!< nothing
};

//! quiet when asked, else bar when stderr is a terminal, else plain.
ProgressMode progress_mode(bool quiet);

//! "1:02:03", "2:05" or "0:09": a duration in whole seconds, for "time left".
std::string format_duration(double seconds);

//! A thread-safe progress counter with a background thread that draws it.
class Progress {
 public:
  //! \param label  what runs, e.g. "sweep"
  //! \param unit   what is counted, plural, e.g. "points"
  //! \param total  units to do in all (>= 0)
  //! \param mode   see ProgressMode
  //! \param out    where to draw (std::cerr)
  //! \param plain_interval  time between plain lines
  Progress(std::string label, std::string unit, std::int64_t total, ProgressMode mode,
           std::ostream& out, std::chrono::milliseconds plain_interval = std::chrono::seconds(5));
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  //! Starts the clock and the drawing thread. `already_done` units (e.g. resumed points)
  //! count as done but not towards the rate.
  void start(std::int64_t already_done = 0);
  //! Adds `n` units done. Thread-safe, cheap.
  void advance(std::int64_t n = 1);
  //! Sets the units done (for callbacks that report totals). Thread-safe.
  void set_done(std::int64_t done);
  //! Stops drawing and prints the final line (a bar is completed and ended with a newline).
  //! `note` is appended, e.g. "interrupted". Idempotent.
  void finish(const std::string& note = "");

 private:
  [[nodiscard]] std::string line(bool final) const;  // under mutex_
  void draw(bool final);                             // under mutex_
  void loop();

  std::string label_, unit_;
  std::int64_t total_ = 0;
  ProgressMode mode_;
  std::ostream& out_;
  std::chrono::milliseconds interval_;
  std::int64_t done_ = 0, initial_ = 0;
  std::chrono::steady_clock::time_point started_;
  bool running_ = false, finished_ = false;
  std::size_t last_width_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace pbr::cli
