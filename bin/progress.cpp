#include "bin/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pbr::cli {

namespace {

constexpr int BAR_WIDTH = 28;
constexpr std::chrono::milliseconds BAR_INTERVAL{200};

std::string fixed1(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", x);
  return buffer;
}

}  // namespace

ProgressMode progress_mode(bool quiet) {
  if (quiet) return ProgressMode::quiet;
  return ::isatty(STDERR_FILENO) ? ProgressMode::bar : ProgressMode::plain;
}

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char buffer[48];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", s / 60, s % 60);
  }
  return buffer;
}

Progress::Progress(std::string label, std::string unit, std::int64_t total, ProgressMode mode,
                   std::ostream& out, std::chrono::milliseconds plain_interval)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(std::max<std::int64_t>(total, 0)),
      mode_(mode),
      out_(out),
      interval_(mode == ProgressMode::bar ? BAR_INTERVAL : plain_interval),
      started_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  // Never leave the drawing thread running (or a half-drawn bar) behind.
  try {
    finish();
  } catch (...) {
  }
}

void Progress::start(std::int64_t already_done) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_ || finished_) return;
  done_ = initial_ = already_done;
  started_ = std::chrono::steady_clock::now();
  if (mode_ == ProgressMode::quiet) return;
  running_ = true;
  thread_ = std::thread([this] { loop(); });
}

void Progress::advance(std::int64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  done_ += n;
}

void Progress::set_done(std::int64_t done) {
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = done;
}

void Progress::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  // A bar is drawn at once; a plain line first after one interval (short runs stay quiet
  // until their final line).
  if (mode_ == ProgressMode::bar) draw(false);
  while (running_) {
    wake_.wait_for(lock, interval_);
    if (running_) draw(false);
  }
}

std::string Progress::line(bool final) const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const std::int64_t fresh = done_ - initial_;
  const double rate = elapsed > 0 ? static_cast<double>(fresh) / elapsed : 0.0;
  const std::string count = std::to_string(done_) + "/" + std::to_string(total_) + " " + unit_;
  if (final) return label_ + ": " + count + " in " + fixed1(elapsed) + " s";
  std::string rate_text = fresh > 0 ? fixed1(rate) + " " + unit_ + "/s" : "starting";
  std::string left;
  if (fresh > 0 && rate > 0 && done_ < total_) {
    left = ", ";
    left += format_duration(static_cast<double>(total_ - done_) / rate);
    left += " left";
  }
  if (mode_ == ProgressMode::plain) {
    const int percent = total_ > 0 ? static_cast<int>(100 * done_ / total_) : 100;
    return label_ + ": " + count + " (" + std::to_string(percent) + "%), " + rate_text + left;
  }
  const std::int64_t share = total_ > 0 ? BAR_WIDTH * done_ / total_ : BAR_WIDTH;
  const auto filled = static_cast<std::size_t>(std::clamp<std::int64_t>(share, 0, BAR_WIDTH));
  std::string out = label_;
  out += " [";
  out.append(filled, '#');
  out.append(static_cast<std::size_t>(BAR_WIDTH) - filled, '.');
  out += "] ";
  out += count;
  out += ", ";
  out += rate_text;
  out += left;
  return out;
}

void Progress::draw(bool final) {
  std::string text = line(final);
  if (mode_ == ProgressMode::bar) {
    // Pad over the previous, possibly longer, line instead of relying on terminal escapes.
    const std::size_t width = text.size();
    if (width < last_width_) text += std::string(last_width_ - width, ' ');
    last_width_ = width;
    out_ << '\r' << text << (final ? "\n" : "") << std::flush;
  } else {
    out_ << text << '\n' << std::flush;
  }
}

void Progress::finish(const std::string& note) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finished_) return;
    finished_ = true;
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ == ProgressMode::quiet) return;
  if (!note.empty()) {
    const std::string saved = label_;
    label_ += " (" + note + ")";
    draw(true);
    label_ = saved;
  } else {
    draw(true);
  }
}

}  // namespace pbr::cli
