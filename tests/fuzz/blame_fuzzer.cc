// Fuzzes the blame detector over arbitrary bytes: plain text and Markdown
// scans with the default lexicon. Invariants beyond "no crash": invalid UTF-8
// is an INVALID_ARGUMENT error, never findings; every finding's span lies in
// the text, is non-empty, its excerpt equals the spanned bytes and its cue
// lies inside the span; findings are in document order; and the scan with
// the sentence prefilter and quiet-text pass finds exactly what the full
// scan (every sentence tokenized and matched) finds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "pmkit/blame.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/text_scanner.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

const pmkit::BlameDetector& Detector() {
  static const pmkit::BlameDetector* detector = [] {
    auto d = pmkit::BlameDetector::Create();
    Check(d.ok());
    return d->release();
  }();
  return *detector;
}

// The default lexicon, for scans with an explicit strategy.
const pmkit::blame_internal::CompiledLexicon& Lexicon() {
  static const pmkit::blame_internal::CompiledLexicon* lexicon = [] {
    auto l = pmkit::blame_internal::CompiledLexicon::Compile(
        pmkit::DefaultBlameLexicon(), pmkit::v1::BlameOptions());
    Check(l.ok());
    return l->release();
  }();
  return *lexicon;
}

// The scan of `text` with every sentence tokenized and matched (no
// prefilter, no quiet-text pass) must equal `findings`.
void CheckSameAsFullScan(absl::string_view text, const pmkit::BlameScanOptions& options,
                         const std::vector<pmkit::v1::Finding>& findings) {
  absl::flat_hash_set<std::string> names;
  for (const std::string& name : options.person_names) {
    pmkit::blame_internal::AddPersonName(name, &names);
  }
  const pmkit::blame_internal::ScanNames scan_names(std::move(names));
  std::vector<pmkit::v1::Finding> full;
  Check(pmkit::blame_internal::ScanOneText(
            Lexicon(), text, options.kind == pmkit::BlameTextKind::kMarkdown,
            &scan_names, &full, pmkit::blame_internal::ScanStrategy::kFull)
            .ok());
  Check(full.size() == findings.size());
  for (size_t i = 0; i < full.size(); ++i) {
    Check(full[i].SerializeAsString() == findings[i].SerializeAsString());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  pmkit::BlameScanOptions options;
  options.kind = (data[0] & 1) ? pmkit::BlameTextKind::kMarkdown
                               : pmkit::BlameTextKind::kPlain;
  if (data[0] & 2) options.person_names = {"Quill", "@ops"};
  absl::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  absl::StatusOr<std::vector<pmkit::v1::Finding>> findings =
      Detector().ScanText(text, options);
  if (!findings.ok()) {
    Check(findings.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  int64_t previous = 0;
  for (const pmkit::v1::Finding& f : *findings) {
    const int64_t start = f.span().start(), end = f.span().end();
    Check(0 <= start && start < end && end <= static_cast<int64_t>(text.size()));
    Check(f.excerpt() == text.substr(start, end - start));
    Check(f.excerpt().find(f.cue()) != std::string::npos);
    Check(!f.category().empty() && f.rule_id() == "blame." + f.category());
    Check(start >= previous);
    previous = start;
  }
  CheckSameAsFullScan(text, options, *findings);
  return 0;
}
