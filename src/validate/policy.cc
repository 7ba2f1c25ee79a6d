// The default policy, merging a policy over it, and compiling the result.
#include "src/validate/policy.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "src/validate/text.h"

namespace pmkit {
namespace {

// Levels after common public practice (PagerDuty's and Atlassian's severity
// scales): SEV1 and SEV2 need the full template, SEV3 most of it, SEV4 the
// lightweight one (what happened and why). Due windows for P0/P1 items after
// Atlassian's priority-action SLOs, shortened for SEV1.
constexpr char kDefaultPolicy[] = R"pb(
  name: "pmkit default"
  severity_levels {
    id: "SEV1" rank: 1
    description: "Critical: a core service down or data lost for many customers."
    required_sections: [SECTION_SUMMARY, SECTION_IMPACT, SECTION_TIMELINE,
      SECTION_CONTRIBUTING_FACTORS, SECTION_ACTION_ITEMS, SECTION_LESSONS,
      SECTION_TRIGGER, SECTION_DETECTION]
  }
  severity_levels {
    id: "SEV2" rank: 2
    description: "Major: a core feature unavailable or badly degraded for many customers."
    required_sections: [SECTION_SUMMARY, SECTION_IMPACT, SECTION_TIMELINE,
      SECTION_CONTRIBUTING_FACTORS, SECTION_ACTION_ITEMS, SECTION_LESSONS,
      SECTION_TRIGGER, SECTION_DETECTION]
  }
  severity_levels {
    id: "SEV3" rank: 3
    description: "Minor: partial degradation or a small set of customers affected."
    required_sections: [SECTION_SUMMARY, SECTION_IMPACT, SECTION_TIMELINE,
      SECTION_CONTRIBUTING_FACTORS, SECTION_ACTION_ITEMS, SECTION_LESSONS]
  }
  severity_levels {
    id: "SEV4" rank: 4
    description: "Low: little or no customer impact; the lightweight template suffices."
    required_sections: [SECTION_SUMMARY, SECTION_CONTRIBUTING_FACTORS]
  }
  due_windows { priority: PRIORITY_P0 severity_level: "SEV1" window { seconds: 1296000 } }
  due_windows { priority: PRIORITY_P1 severity_level: "SEV1" window { seconds: 1296000 } }
  due_windows { priority: PRIORITY_P0 severity_level: "SEV2" window { seconds: 2592000 } }
  due_windows { priority: PRIORITY_P1 severity_level: "SEV2" window { seconds: 2592000 } }
  lead_up_allowance { seconds: 86400 }
  sections_required_from: DOCUMENT_STATUS_IN_REVIEW
  sections_deferred_until_published: SECTION_LESSONS
  high_severity_max_rank: 2
  follow_up_allowance { seconds: 86400 }
  max_findings: 1000
)pb";

}  // namespace

const v1::Policy& DefaultPolicy() {
  static const v1::Policy* policy = [] {
    auto* p = new v1::Policy;
    if (!google::protobuf::TextFormat::ParseFromString(kDefaultPolicy, p)) {
      std::abort();  // A build defect: the tests parse it too.
    }
    return p;
  }();
  return *policy;
}

v1::Policy EffectivePolicy(const v1::Policy& policy) {
  const v1::Policy& d = DefaultPolicy();
  v1::Policy out = policy;
  if (out.name().empty()) out.set_name(d.name());
  if (out.severity_levels_size() == 0) {
    *out.mutable_severity_levels() = d.severity_levels();
  }
  if (out.due_windows_size() == 0) *out.mutable_due_windows() = d.due_windows();
  if (!out.has_lead_up_allowance()) {
    *out.mutable_lead_up_allowance() = d.lead_up_allowance();
  }
  if (out.sections_required_from() == v1::DOCUMENT_STATUS_UNSPECIFIED) {
    out.set_sections_required_from(d.sections_required_from());
  }
  if (out.sections_deferred_until_published_size() == 0) {
    *out.mutable_sections_deferred_until_published() =
        d.sections_deferred_until_published();
  }
  if (out.high_severity_max_rank() == 0) {
    out.set_high_severity_max_rank(d.high_severity_max_rank());
  }
  if (!out.has_follow_up_allowance()) {
    *out.mutable_follow_up_allowance() = d.follow_up_allowance();
  }
  if (out.max_findings() == 0) out.set_max_findings(d.max_findings());
  return out;
}

namespace validate_internal {

// Windows and allowances beyond ten years are mistakes; bounding them keeps
// the time arithmetic far from overflow.
constexpr int64_t kMaxWindowSeconds = int64_t{3653} * 86400;

absl::StatusOr<CompiledPolicy> CompilePolicy(const v1::Policy& policy) {
  CompiledPolicy c;
  for (int i = 0; i < kRuleCount; ++i) {
    c.enabled[i] = true;
    c.severity[i] = kRules[i].severity;
  }
  std::set<std::string> ids;
  std::set<int> ranks;
  for (const v1::SeverityLevel& level : policy.severity_levels()) {
    if (level.id().empty()) {
      return absl::InvalidArgumentError("policy: a severity level has no id");
    }
    if (level.rank() < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy: severity level ", level.id(), " needs a rank >= 1"));
    }
    if (!ids.insert(absl::AsciiStrToLower(level.id())).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy: severity level ", level.id(), " is defined twice"));
    }
    if (!ranks.insert(level.rank()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy: two severity levels have rank ", level.rank()));
    }
    CompiledPolicy::Level compiled;
    compiled.id = level.id();
    compiled.rank = level.rank();
    for (int s : level.required_sections()) {
      if (s > 0 && s < 32) compiled.sections |= 1u << s;
    }
    c.levels.push_back(std::move(compiled));
  }
  for (const v1::DueWindow& w : policy.due_windows()) {
    if (w.window().seconds() <= 0 || w.window().seconds() > kMaxWindowSeconds) {
      return absl::InvalidArgumentError(
          "policy: a due window must be a positive duration of at most 10 "
          "years");
    }
    c.windows.push_back({w.priority(), w.severity_level(), w.window().seconds(),
                         w.business_days()});
  }
  for (const auto* allowance :
       {&policy.lead_up_allowance(), &policy.follow_up_allowance()}) {
    if (allowance->seconds() < 0 || allowance->seconds() > kMaxWindowSeconds) {
      return absl::InvalidArgumentError(
          "policy: lead_up_allowance and follow_up_allowance must not be "
          "negative or longer than 10 years");
    }
  }
  if (policy.max_findings() < 0) {
    return absl::InvalidArgumentError("policy: max_findings must not be negative");
  }
  for (const v1::RequiredCustomField& field : policy.required_custom_fields()) {
    if (field.key().empty()) {
      return absl::InvalidArgumentError(
          "policy: a required custom field has no key");
    }
    c.custom_fields.push_back(field);
  }
  c.sections_from = policy.sections_required_from();
  for (int s : policy.sections_deferred_until_published()) {
    if (s > 0 && s < 32) c.deferred_sections |= 1u << s;
  }
  c.high_max_rank = policy.high_severity_max_rank();
  c.lead_up_seconds = policy.lead_up_allowance().seconds();
  c.follow_up_seconds = policy.follow_up_allowance().seconds();
  c.max_findings = policy.max_findings();
  std::vector<std::string> placeholders = BuiltinPlaceholders();
  for (const std::string& word : policy.extra_placeholders()) {
    if (!IsBlank(word)) placeholders.push_back(word);
  }
  c.placeholders = PlaceholderSet(std::move(placeholders));
  std::vector<std::string> verbs = BuiltinVagueVerbs();
  for (const std::string& verb : policy.extra_vague_verbs()) {
    if (!IsBlank(verb)) verbs.push_back(verb);
  }
  c.vague_verbs = PhraseSet(std::move(verbs));
  return c;
}

}  // namespace validate_internal
}  // namespace pmkit
