#include "engine/output/provenance.hpp"

#include <ctime>

#include "engine/core/version.hpp"

namespace pbr::output {

nlohmann::json provenance_to_json(const Provenance& p) {
  // nlohmann::ordered_json would keep this order, but the sidecar sorts keys anyway; the
  // object is built with plain json so that it composes with the rest of output/.
  nlohmann::json j;
  j["engine"] = "pbrsim";
  j["engine_version"] = core::ENGINE_VERSION;
  j["git_sha"] = core::GIT_SHA;
  j["scenario"] = {{"path", p.scenario_path}, {"sha256", p.scenario_sha256}};
  j["method"] = p.method;
  j["seed"] = p.seed;
  j["replications"] = p.replications;
  j["block_size"] = p.block_size;
  j["threads"] = p.threads;
  j["command_line"] = p.command_line;
  j["timestamps"] = {{"started_utc", p.started_utc}, {"finished_utc", p.finished_utc}};
  return j;
}

nlohmann::json provenance_without_invocation(const nlohmann::json& provenance) {
  nlohmann::json j = provenance;
  for (const char* key : {"timestamps", "threads", "command_line"}) j.erase(key);
  return j;
}

std::string utc_timestamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);  // the reentrant form: std::gmtime shares a static buffer
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace pbr::output
