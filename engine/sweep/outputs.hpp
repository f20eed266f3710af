#pragma once
//! \file The files a sweep writes: the CSV, its JSON sidecar (provenance, the definition of
//! every point, the exact results) and where the journal lives. The sidecar is also the
//! shard output that `pbrsim merge` reads.
//!
//! Sidecar layout (docs/sweeps.md, "The sidecar"):
//! \code{.json}
//! {"format": "pbrsim-sweep/1", "fingerprint": "…", "engine": "pbrsim",
//!  "engine_version": "0.1.0", "git_sha": "…", "layout": "wide", "columns": [...],
//!  "plan": {"path", "description", "design", "parameters", "derived", "strategies", "seed",
//!           "replications"},
//!  "evaluator": {"id", "metrics": [{"key", "unit", "description"}], "verdict"},
//!  "shard": null | {"index": K, "count": N, "points": [...]}, "embed_scenarios": false,
//!  "base_scenario": {"path": "...", "sha256": "…", "resolved": {...}},
//!  "points": [{"index", "values", "choice", "assignments", "scenario_sha256", "seed",
//!              "replications", "strategies"[, "scenario"]}],
//!  "results": [{"point": i, "rows": [...], "sha256": "…"}],
//!  "execution": {...}}
//! \endcode
//! A result's "sha256" is result_digest of its rows: merge refuses a result that no longer
//! matches it. Everything except "execution" (timestamps, threads, command line, resumed points,
//! merged shards) is a pure function of the sweep and its results.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/sweep/results.hpp"
#include "engine/sweep/shard.hpp"
#include "engine/sweep/sweep.hpp"
#include "engine/sweep/table.hpp"

namespace pbr::sweep {

//! The sidecar of a CSV: its extension replaced by ".json" ("out/a.csv" -> "out/a.json";
//! a name without extension gets ".json" appended).
std::string sidecar_path_for(const std::string& csv_path);

//! The journal of a CSV: "out/a.csv" -> "out/a.journal.jsonl".
std::string journal_path_for(const std::string& csv_path);

//! What a sidecar holds.
struct SweepOutput {
  SweepDefinition definition;
  Results results;  //!< one slot per point; filled for the points the file covers
  Layout layout = Layout::wide;
  std::optional<ShardSpec> shard;
  bool embed_scenarios = false;  //!< each point's resolved document is in the sidecar
};

//! The sidecar document. `execution` is stored under "execution" as given.
nlohmann::json sidecar_json(const SweepOutput& output, const nlohmann::json& execution);

//! The sidecar as written: sidecar_json with the top-level keys in the order of the layout
//! above, indented by 2 (each result on one line), ending with a newline.
std::string sidecar_text(const SweepOutput& sweep_output, const nlohmann::json& execution);

//! The digest of one point's result as the sidecar holds it (`{"rows": [...], ...}`): the
//! SHA-256 of `{"rows": [...]}` written compactly. Numbers round-trip exactly, so the digest
//! of a result read back equals the one written, unless the file was edited.
std::string result_digest(const nlohmann::json& result);

//! Reads a sidecar back (the inverse of sidecar_json, "execution" aside) and checks that
//! its fingerprint matches its content and every result its digest.
//! \throws core::InputError naming `file` when it is not a pbrsim sweep output, and naming
//!   every result whose numbers were edited (`x.json: /results/3: the result of point 7
//!   (window=6) does not match its digest ...`).
SweepOutput read_sidecar(const nlohmann::json& document, const std::string& file);

//! Writes the CSV then the sidecar, each atomically (output::AtomicWriter, streamed: neither
//! is ever held in memory whole), creating the parent directory when missing. Readers see
//! either the previous files or complete new ones, never a truncated file.
void write_outputs(const std::string& csv_path, const SweepOutput& sweep_output,
                   const nlohmann::json& execution);

}  // namespace pbr::sweep
