// Rules implemented by other pmkit engines, included in every Validator
// (unless ValidatorOptions::include_builtin_extensions is false).
//
// MERGE HOOK for `language.blameful` (kBlamefulLanguageRuleId): the blame
// detector plugs in here as a pmkit::Rule. Its descriptor should be
//   id: "language.blameful", family: RULE_FAMILY_LANGUAGE,
//   default_severity: FINDING_SEVERITY_WARNING (or as the detector decides),
//   description/rationale citing blameless practice;
// and its Check() runs the compiled detector over the document's prose
// (summary, impact narrative, timeline texts, analysis, action items,
// lessons), adding one finding per hit through RuleContext::AddFinding with
// the field path, then setting span/excerpt/suggestion/category on the
// returned Finding. Build the detector once (in the rule's constructor) and
// keep Check() const and thread-safe. Then:
//
//   rules.push_back(std::make_shared<BlamefulLanguageRule>(...));
//
// Policies can then tune it like any other rule
// (rule_overrides { rule_id: "language.blameful" severity: ... }).
#include <memory>
#include <vector>

#include "pmkit/validate.h"

namespace pmkit {

std::vector<std::shared_ptr<const Rule>> BuiltinExtensionRules() {
  std::vector<std::shared_ptr<const Rule>> rules;
  return rules;
}

}  // namespace pmkit
