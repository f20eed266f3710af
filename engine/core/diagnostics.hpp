#pragma once
//! \file Input problems reported to the user: where (file and JSON pointer) and what.

#include <stdexcept>
#include <string>
#include <vector>

namespace pbr::core {

//! One problem found in user input.
//! Rendered as `FILE: POINTER: MESSAGE`, e.g.
//! `scenarios/pilot.json: /contract/payments/2/amount_by_band/low: expected pounds >= 0
//!  with at most two decimals, got -5`.
struct Diagnostic {
  std::string file;     //!< path of the scenario file as the user named it ("" if in memory)
  std::string pointer;  //!< RFC 6901 JSON pointer to the offending value ("" for the root)
  std::string message;  //!< what is wrong: the bad value and what was expected

  //! The one-line form shown to users.
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

//! Collects every problem before failing, so a user fixes a file in one pass.
class DiagnosticList {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void add(std::string file, std::string pointer, std::string message) {
    items_.push_back({std::move(file), std::move(pointer), std::move(message)});
  }
  void append(const DiagnosticList& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  //! All diagnostics, one per line, in the order they were found.
  [[nodiscard]] std::string to_string() const;
  //! Throws InputError carrying every diagnostic when the list is not empty.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> items_;
};

//! Bad user input (scenario, sweep plan, command-line value). The CLI maps it to exit code 2.
//! Most problems an InputError's message shows; the rest are counted ("N more problems not
//! shown"), so a file with thousands of mistakes gives a short message.
inline constexpr std::size_t MAX_SHOWN_PROBLEMS = 100;

class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  //! Convenience for a single problem.
  InputError(std::string file, std::string pointer, std::string message);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

//! Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string escape_pointer_token(const std::string& token);

//! Levenshtein edit distance, used to suggest the nearest valid key or name.
std::size_t edit_distance(const std::string& a, const std::string& b);

//! The candidate closest to `word`, or "" when none is close enough to be a plausible typo
//! (distance above max(2, word.size() / 3)).
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace pbr::core
