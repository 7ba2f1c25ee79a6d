// Text heuristics of the validation rules: blank strings, placeholders,
// vague or unbounded action-item wording, human-error phrases, names, and
// what a verbatim source time carries. All ASCII case folding; all linear in
// the text, most O(1) (prefix and suffix checks) because they run on every
// string of a document.
#ifndef PMKIT_SRC_VALIDATE_TEXT_H_
#define PMKIT_SRC_VALIDATE_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace pmkit::validate_internal {

// Empty or only ASCII whitespace.
bool IsBlank(absl::string_view text);

// The built-in placeholder words (lowercase).
const std::vector<std::string>& BuiltinPlaceholders();
// The built-in vague verbs and phrases (lowercase).
const std::vector<std::string>& BuiltinVagueVerbs();

// The placeholder `text` holds, or "" when none: the whole trimmed text, its
// first word(s) or its last word is a placeholder (case-insensitive), or
// "TBD"/"TODO"/"FIXME" appears as a word in capitals anywhere.
absl::string_view FindPlaceholder(absl::string_view text,
                                  const std::vector<std::string>& placeholders);

// `text` lowercased (ASCII) into `out`.
void LowerInto(absl::string_view text, std::string* out);

// The first entry of `phrases` that `lower` contains at word boundaries
// (`lower` already lowercased), or "".
absl::string_view FindPhrase(absl::string_view lower,
                             const std::vector<std::string>& phrases);

// Wording of an action item's title (and description for `care`).
struct Wording {
  absl::string_view vague_verb;   // Starts with a vague verb, no number.
  bool too_short = false;         // Fewer than three words.
  bool investigate_without_question = false;
  absl::string_view unbounded;    // An unbounded promise.
  absl::string_view care;         // "be more careful" and kin.
};
Wording AnalyseWording(absl::string_view title, absl::string_view description,
                       const std::vector<std::string>& vague_verbs,
                       std::string* scratch);

// The human-error phrase `text` holds ("human error", "operator error"), or
// "".
absl::string_view FindHumanError(absl::string_view text, std::string* scratch);

// True when `name` occurs in `text` as a whole word (case-sensitive).
bool ContainsWord(absl::string_view text, absl::string_view name);

// What a verbatim source time ("2024-03-14T22:52:30+01:00", "01:27",
// "1710454181.002") carries.
struct SourceTime {
  bool clock = false;  // A time of day (or an epoch number).
  bool date = false;
  bool zone = false;
};
SourceTime ClassifySourceTime(absl::string_view text);

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_TEXT_H_
