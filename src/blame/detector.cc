#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "pmkit/blame.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/text_scanner.h"

namespace pmkit {

std::string BlameCategoryName(v1::BlameCategory category) {
  if (category == v1::BLAME_CATEGORY_UNSPECIFIED ||
      !v1::BlameCategory_IsValid(category)) {
    return "";
  }
  // "BLAME_CATEGORY_ACTOR_AS_CAUSE" -> "actor_as_cause".
  const std::string& name = v1::BlameCategory_Name(category);
  return absl::AsciiStrToLower(
      absl::string_view(name).substr(sizeof("BLAME_CATEGORY_") - 1));
}

v1::BlameCategory ParseBlameCategoryName(absl::string_view name) {
  for (int c = v1::BlameCategory_MIN + 1; c <= v1::BlameCategory_MAX; ++c) {
    if (v1::BlameCategory_IsValid(c) &&
        BlameCategoryName(static_cast<v1::BlameCategory>(c)) == name) {
      return static_cast<v1::BlameCategory>(c);
    }
  }
  return v1::BLAME_CATEGORY_UNSPECIFIED;
}

BlameDetector::BlameDetector(
    std::unique_ptr<const blame_internal::CompiledLexicon> lexicon)
    : lexicon_(std::move(lexicon)) {}

BlameDetector::~BlameDetector() = default;

absl::StatusOr<std::unique_ptr<BlameDetector>> BlameDetector::Create(
    const v1::BlameOptions& options) {
  absl::StatusOr<std::unique_ptr<const blame_internal::CompiledLexicon>>
      lexicon = blame_internal::CompiledLexicon::Compile(DefaultBlameLexicon(),
                                                         options);
  if (!lexicon.ok()) return lexicon.status();
  return std::unique_ptr<BlameDetector>(new BlameDetector(std::move(*lexicon)));
}

absl::StatusOr<std::vector<v1::Finding>> BlameDetector::ScanText(
    absl::string_view text, const BlameScanOptions& options) const {
  absl::flat_hash_set<std::string> names;
  for (const std::string& name : options.person_names) {
    blame_internal::AddPersonName(name, &names);
  }
  const blame_internal::ScanNames scan_names(std::move(names));
  std::vector<v1::Finding> findings;
  absl::Status status = blame_internal::ScanOneText(
      *lexicon_, text, options.kind == BlameTextKind::kMarkdown, &scan_names,
      &findings);
  if (!status.ok()) return status;
  return findings;
}

const std::string& BlameDetector::lexicon_version() const {
  return lexicon_->version();
}

int BlameDetector::rule_count() const {
  return static_cast<int>(lexicon_->rules().size());
}

absl::StatusOr<std::vector<v1::Finding>> ScanPostmortemForBlame(
    const v1::Postmortem& postmortem) {
  static const absl::StatusOr<std::unique_ptr<BlameDetector>>* detector =
      new absl::StatusOr<std::unique_ptr<BlameDetector>>(
          BlameDetector::Create());
  if (!detector->ok()) return detector->status();
  return (**detector)->ScanPostmortem(postmortem);
}

}  // namespace pmkit
