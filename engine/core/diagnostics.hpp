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

//! Bad user input (scenario, sweep plan, command-line value). The CLI maps it to exit code 2.
//! Most problems an InputError's message shows; the rest are counted ("N more problems not
//! shown"), so a file with thousands of mistakes gives a short message.
inline constexpr std::size_t MAX_SHOWN_PROBLEMS = 100;

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
  //! Whether the next problem added would be among the MAX_SHOWN_PROBLEMS an InputError shows.
  //! Past them a problem is only counted, so callers skip the costly parts of its message
  //! (name lists, "did you mean" searches) and keep a file with thousands of mistakes fast.
  [[nodiscard]] bool next_is_shown() const { return items_.size() < MAX_SHOWN_PROBLEMS; }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  //! All diagnostics, one per line, in the order they were found.
  [[nodiscard]] std::string to_string() const;
  //! Throws InputError carrying every diagnostic when the list is not empty.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> items_;
};

//! Bad user input (scenario, sweep plan, command-line value). The CLI maps it to exit code 2.
//! what() shows the first MAX_SHOWN_PROBLEMS diagnostics and counts the rest.
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

//! Levenshtein distance when it is at most `limit`, otherwise limit + 1. Only the diagonal band
//! of width 2 * limit + 1 is computed and the scan stops as soon as a whole row exceeds the
//! limit, so the cost is O(min(|a|, |b|) * limit) however long or different the words are.
std::size_t edit_distance_within(const std::string& a, const std::string& b, std::size_t limit);

//! Longest word for which nearest() looks for a suggestion (names are short; a longer word is
//! no typo of one).
inline constexpr std::size_t MAX_SUGGESTED_WORD = 64;
//! Most candidates nearest() compares with one word (those of a similar length, in order).
inline constexpr std::size_t MAX_SUGGESTION_CANDIDATES = 10000;

//! The candidate closest to `word`, or "" when none is close enough to be a plausible typo
//! (distance above max(2, word.size() / 3)). Bounded work: no suggestion for words longer than
//! MAX_SUGGESTED_WORD, candidates whose length alone rules them out are skipped, at most
//! MAX_SUGGESTION_CANDIDATES are compared, and each comparison stops at the best distance so
//! far (edit_distance_within). Ties go to the earlier candidate.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace pbr::core
