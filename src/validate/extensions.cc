// Rules implemented by other pmkit engines, included in every Validator
// (unless ValidatorOptions::include_builtin_extensions is false).
//
// `language.blameful` (kBlamefulLanguageRuleId) runs the blame detector
// (include/pmkit/blame.h) over every prose field of the document. The
// detector knows the document's people, so "Priya restarted the wrong node"
// is found with or without a blame keyword. Policies tune it like any other
// rule (rule_overrides { rule_id: "language.blameful" severity: ... }); the
// detector's own options (org words, allow-lists) are set through
// BlameOptions when a custom rule is registered instead.
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "pmkit/blame.h"
#include "pmkit/validate.h"

namespace pmkit {
namespace {

class BlamefulLanguageRule : public Rule {
 public:
  explicit BlamefulLanguageRule(std::unique_ptr<BlameDetector> detector)
      : detector_(std::move(detector)) {
    descriptor_.set_id(kBlamefulLanguageRuleId);
    descriptor_.set_family(v1::RULE_FAMILY_LANGUAGE);
    descriptor_.set_default_severity(v1::FINDING_SEVERITY_WARNING);
    descriptor_.set_description(
        "Prose blames a person: a person or role as the cause, counterfactuals, "
        "'human error', judgments of character, punishment.");
    descriptor_.set_rationale(
        "Blameless postmortems look for the conditions that made an action "
        "reasonable at the time, not for whom to fault; blame hides the system "
        "causes and teaches people to stop reporting (Google SRE book ch. 15 "
        "'Postmortem Culture'; Etsy's Debriefing Facilitation Guide; Dekker, "
        "'The Field Guide to Understanding Human Error').");
  }

  const v1::Rule& descriptor() const override { return descriptor_; }

  absl::Status Check(RuleContext& context) const override {
    absl::StatusOr<std::vector<v1::Finding>> findings =
        detector_->ScanPostmortem(context.postmortem());
    if (!findings.ok()) return findings.status();
    for (const v1::Finding& hit : *findings) {
      std::vector<PathStep> path;
      path.reserve(hit.path().elements_size());
      for (const v1::FieldPathElement& element : hit.path().elements()) {
        path.push_back({element.field_name().c_str(), element.field_number(),
                        element.has_index() ? element.index() : -1});
      }
      v1::Finding* finding = context.AddFinding(path, hit.message());
      if (finding == nullptr) continue;  // Filtered or over the cap.
      *finding->mutable_span() = hit.span();
      finding->set_excerpt(hit.excerpt());
      finding->set_suggestion(hit.suggestion());
      finding->set_category(hit.category());
      finding->set_confidence(hit.confidence());
      finding->set_cue(hit.cue());
      finding->set_detail_rule(hit.detail_rule());
    }
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<BlameDetector> detector_;
  v1::Rule descriptor_;
};

}  // namespace

std::vector<std::shared_ptr<const Rule>> BuiltinExtensionRules() {
  std::vector<std::shared_ptr<const Rule>> rules;
  // The default lexicon ships inside the library and is covered by tests, so
  // compiling it cannot fail in a correct build; if it ever did, validation
  // still runs without this rule rather than not at all.
  absl::StatusOr<std::unique_ptr<BlameDetector>> detector = BlameDetector::Create();
  if (detector.ok()) {
    rules.push_back(std::make_shared<BlamefulLanguageRule>(*std::move(detector)));
  }
  return rules;
}

}  // namespace pmkit
