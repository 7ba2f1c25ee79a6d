// Validation: checks the content of a postmortem against a catalog of rules
// drawn from published postmortem practice (Google SRE, PagerDuty,
// Atlassian, Etsy), selected and tuned by an organisation's policy.
//
//   absl::StatusOr<std::unique_ptr<pmkit::Validator>> validator =
//       pmkit::Validator::Create(policy);            // compile once
//   absl::StatusOr<pmkit::v1::Report> report =
//       (*validator)->Validate(postmortem);          // from any thread
//
// Findings are data: a document with problems gives an OK status and a
// report of findings, each with a stable rule id, a severity, a structured
// field path, a message and a suggestion. A non-OK status means the engine
// could not run (a bad policy, a bad option).
//
// Other engines add rules through the Rule interface (ValidatorOptions::
// extra_rules). The blame-language detector is meant to plug in as the rule
// `language.blameful`; see BuiltinExtensionRules() below.
#ifndef PMKIT_VALIDATE_H_
#define PMKIT_VALIDATE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pmkit/v1/finding.pb.h"
#include "pmkit/v1/policy.pb.h"
#include "pmkit/v1/postmortem.pb.h"
#include "pmkit/v1/validation.pb.h"

namespace pmkit {

// The id the blame-language rule is registered under once the blame
// detector is wired in (see BuiltinExtensionRules).
inline constexpr char kBlamefulLanguageRuleId[] = "language.blameful";

// One step of a field path while a rule builds it.
struct PathStep {
  const char* field_name;
  int field_number;
  int64_t index = -1;  // >= 0 for an element of a repeated field.
};

// What a rule sees of the run it is part of, and how it reports. Created by
// the Validator for each rule of each run; not thread-safe, not to be kept.
class RuleContext {
 public:
  virtual ~RuleContext() = default;

  // The document being validated.
  virtual const v1::Postmortem& postmortem() const = 0;
  // The policy in effect, with defaults filled in.
  virtual const v1::Policy& policy() const = 0;
  // Rank of the document's severity level under the policy; 0 if unknown.
  virtual int severity_rank() const = 0;
  // True for PUBLISHED and CLOSED documents.
  virtual bool published() const = 0;

  // Adds a finding with the rule's id and effective severity filled in,
  // `path` as both elements and text, and `message`. Returns it so the rule
  // can add a suggestion, span, excerpt, category or confidence; null when
  // the finding is dropped (below the run's min_severity, or over the
  // policy's max_findings).
  virtual v1::Finding* AddFinding(const std::vector<PathStep>& path,
                                  absl::string_view message) = 0;
};

// A rule implemented outside the validation engine. Implementations must be
// immutable after construction and Check() must be safe to call from many
// threads at once: one Validator runs its rules concurrently for callers.
class Rule {
 public:
  virtual ~Rule() = default;
  // The catalog entry: id (unique; not one of the built-in ids), family,
  // default severity, description and rationale.
  virtual const v1::Rule& descriptor() const = 0;
  // Adds findings through `context`. A non-OK status aborts the run (the
  // engine could not check), it is not a finding.
  virtual absl::Status Check(RuleContext& context) const = 0;
};

// Rules implemented by other pmkit engines that every Validator includes
// unless ValidatorOptions::include_builtin_extensions is false. Defined in
// src/validate/extensions.cc: today `language.blameful`, the blame detector
// (include/pmkit/blame.h) run over the document's prose.
std::vector<std::shared_ptr<const Rule>> BuiltinExtensionRules();

// The default policy shipped with the library: severity levels SEV1-SEV4
// with their required sections, due windows for P0/P1 items (15 days for
// SEV1, 30 for SEV2), a 24-hour lead-up allowance. See docs/validate.md.
const v1::Policy& DefaultPolicy();

// `policy` completed with the default policy's values for every field it
// leaves unset or empty; what a Validator runs with.
v1::Policy EffectivePolicy(const v1::Policy& policy);

// The built-in rule catalog (plus BuiltinExtensionRules()), sorted by id,
// with severity = default_severity and enabled = true. Built on first use;
// the reference stays valid for the life of the process.
const v1::RuleCatalog& BuiltinRuleCatalog();

struct ValidatorOptions {
  // Rules to run besides the built-in catalog.
  std::vector<std::shared_ptr<const Rule>> extra_rules;
  // Include BuiltinExtensionRules().
  bool include_builtin_extensions = true;
};

// A compiled policy: immutable after Create, so one Validator may be used by
// any number of threads at once without locking.
class Validator {
 public:
  // Compiles `policy` (merged over the default policy). Errors
  // (InvalidArgument): an override naming an unknown rule, duplicate level
  // ids or ranks, a level without id or with rank < 1, a negative window or
  // allowance, an extra rule without id or with an id already taken.
  static absl::StatusOr<std::unique_ptr<Validator>> Create(
      const v1::Policy& policy, ValidatorOptions options = {});
  // Create with the default policy.
  static absl::StatusOr<std::unique_ptr<Validator>> CreateDefault();

  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // Validates one document. Findings are in document order (by field path).
  // Errors only when an extra rule fails or `options` is invalid.
  absl::StatusOr<v1::Report> Validate(
      const v1::Postmortem& postmortem,
      const v1::ValidationOptions& options = {}) const;
  // The same, filling `report` (cleared first); lets callers reuse one.
  absl::Status ValidateInto(const v1::Postmortem& postmortem,
                            const v1::ValidationOptions& options,
                            v1::Report* report) const;

  // The catalog with the severity and enabled state under this policy.
  const v1::RuleCatalog& catalog() const;
  // The effective policy.
  const v1::Policy& policy() const;

  class Impl;

 private:
  explicit Validator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True when `report` holds no finding of severity ERROR.
bool ReportOk(const v1::Report& report);

// "error", "warning", "info" ("unspecified" otherwise).
absl::string_view SeverityName(v1::FindingSeverity severity);

// Human-readable report: one line per finding,
// "DOCUMENT: SEVERITY rule.id at path: message", the suggestion indented
// on the next line, then a summary line with the counts.
std::string FormatReportText(const v1::Report& report);

// A SARIF 2.1.0 log (JSON) with one run of the tool "pmkit" whose rules are
// `catalog` and whose results are the findings of `reports` (each report's
// document is the artifact; the field path is the logical location).
std::string FormatReportsSarif(const std::vector<v1::Report>& reports,
                               const v1::RuleCatalog& catalog);

}  // namespace pmkit

#endif  // PMKIT_VALIDATE_H_
