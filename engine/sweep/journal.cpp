#include "engine/sweep/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/output/atomic_file.hpp"

namespace pbr::sweep {

namespace {

using nlohmann::json;

constexpr const char* FORMAT = "pbrsim-sweep/1";

std::string header_line(const SweepDefinition& def, const std::optional<ShardSpec>& shard) {
  json h = {{"journal", FORMAT},
            {"fingerprint", def.fingerprint},
            {"points", def.points.size()},
            {"shard", shard ? json(shard->to_string()) : json(nullptr)}};
  return h.dump() + "\n";
}

std::string short_hash(const std::string& h) {
  return h.substr(0, 12);
}

void check_header(const json& j, const SweepDefinition& def, const std::optional<ShardSpec>& shard,
                  const std::string& path) {
  if (!j.is_object() || j.value("journal", "") != FORMAT) {
    throw core::InputError(path, "", "not a pbrsim sweep journal");
  }
  if (j.value("fingerprint", "") != def.fingerprint) {
    throw core::InputError(
        path, "",
        "this journal belongs to a different sweep (fingerprint " +
            short_hash(j.value("fingerprint", "")) + "..., this sweep's is " +
            short_hash(def.fingerprint) +
            "...): the scenario, the plan, the seed, the replications, the strategies or "
            "the engine changed since it was written. Delete it to start over");
  }
  const std::string journal_shard =
      j.contains("shard") && j["shard"].is_string() ? j["shard"].get<std::string>() : "";
  const std::string this_shard = shard ? shard->to_string() : "";
  if (journal_shard != this_shard) {
    throw core::InputError(
        path, "",
        "this journal is for " +
            (journal_shard.empty() ? "the whole sweep" : "shard " + journal_shard) + ", not " +
            (this_shard.empty() ? "the whole sweep" : "shard " + this_shard));
  }
}

output::WriteFailed system_error(const std::string& path) {
  return output::WriteFailed("writing " + path + ": " + std::strerror(errno));
}

}  // namespace

Journal::Journal(std::string path, const SweepDefinition& def,
                 const std::optional<ShardSpec>& shard, bool resume, Results& results)
    : path_(std::move(path)) {
  namespace fs = std::filesystem;
  const std::string header = header_line(def, shard);
  output::create_parent_directories(path_);
  // Rewritten atomically (the header and the valid lines only), then appended to. Read and
  // written a line at a time: a large sweep's journal is never held in memory whole.
  output::AtomicWriter rewritten(path_);
  rewritten.write(header);
  if (fs::exists(path_)) {
    if (!resume) {
      throw core::InputError(path_, "",
                             "a journal of an interrupted sweep is here; run the same command with "
                             "--resume to finish it, or delete the file to start over");
    }
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw core::InputError(path_, "", "cannot read the journal");
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
      // Complete lines only: whatever follows the last newline was cut short by a kill.
      if (in.eof()) {
        if (!line.empty()) ++damaged_;
        break;
      }
      json j;
      try {
        j = json::parse(line);
      } catch (const json::exception&) {
        if (first) throw core::InputError(path_, "", "not a pbrsim sweep journal");
        ++damaged_;
        continue;
      }
      if (first) {
        first = false;
        check_header(j, def, shard, path_);
        continue;
      }
      try {
        const auto point = j.at("point").get<std::size_t>();
        if (point >= results.size() || (shard && !shard->contains(point))) {
          throw std::invalid_argument("point out of range");
        }
        PointResult r = result_from_json(j, def.evaluator);
        if (!results[point]) {
          results[point] = std::move(r);
          ++loaded_;
          rewritten.write(line);
          rewritten.write("\n");
        }
      } catch (const std::exception&) {
        ++damaged_;
      }
    }
  }
  rewritten.commit();
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw system_error(path_);
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(std::size_t point, const PointResult& result) {
  json j = result_to_json(result);
  j["point"] = point;
  const std::string line = j.dump() + "\n";
  const std::lock_guard<std::mutex> lock(mutex_);
  // One write for the whole line; loop only for the rare short write.
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(path_);
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace pbr::sweep
