#include "engine/format/scenario_limits.hpp"

namespace pbr::format {

namespace {

std::uint64_t array_size(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_array() ? it->size() : 0;
}

}  // namespace

std::uint64_t tally_cells(const TallyShape& shape) {
  return shape.groups * shape.states * shape.states +
         shape.horizon_months * shape.groups * (shape.states + shape.payments);
}

bool check_tally_size(const nlohmann::json& resolved, std::optional<std::int64_t> horizon_months,
                      const std::string& file, core::DiagnosticList& diagnostics) {
  if (!resolved.is_object() || !horizon_months || *horizon_months < 1) return true;
  const auto states = resolved.find("states");
  const auto groups = resolved.find("groups");
  if (states == resolved.end() || !states->is_array() || states->size() > MAX_STATES ||
      groups == resolved.end() || !groups->is_array() || groups->size() > MAX_GROUPS) {
    return true;
  }
  TallyShape shape;
  shape.states = states->size();
  shape.groups = groups->size();
  shape.horizon_months = static_cast<std::uint64_t>(*horizon_months);
  if (const auto contract = resolved.find("contract");
      contract != resolved.end() && contract->is_object())
    shape.payments = array_size(*contract, "payments");
  const std::uint64_t cells = tally_cells(shape);
  if (cells <= MAX_TALLY_CELLS) return true;
  const auto s = std::to_string(shape.states);
  const auto g = std::to_string(shape.groups);
  diagnostics.add(file, "",
                  "the per-replication tally would have " + std::to_string(cells) +
                      " cells (groups x states^2 + horizon_months x groups x (states + "
                      "payments) = " +
                      g + " x " + s + "^2 + " + std::to_string(shape.horizon_months) + " x " + g +
                      " x (" + s + " + " + std::to_string(shape.payments) + ")); at most " +
                      std::to_string(MAX_TALLY_CELLS) +
                      " are allowed (a limit that bounds a run's memory)");
  return false;
}

}  // namespace pbr::format
