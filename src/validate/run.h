// One validation run: the compiled policy, the document, the facts every
// check needs (severity rank, status, required sections), and the emitter
// that turns a triggered rule into a Finding. Checks are free functions over
// a Run, one file per rule family.
#ifndef PMKIT_SRC_VALIDATE_RUN_H_
#define PMKIT_SRC_VALIDATE_RUN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "pmkit/v1/finding.pb.h"
#include "pmkit/v1/policy.pb.h"
#include "pmkit/v1/postmortem.pb.h"
#include "src/validate/catalog.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {

// A policy compiled for fast lookups: arrays indexed by RuleIndex, sections
// as bit masks, lowercase word lists. Immutable once built.
struct CompiledPolicy {
  struct Level {
    std::string id;  // As written in the policy.
    int rank = 0;
    uint32_t sections = 0;  // Bit (1 << Section) per required section.
  };
  struct Window {
    v1::Priority priority = v1::PRIORITY_UNSPECIFIED;
    std::string level;  // Empty matches any.
    int64_t seconds = 0;
    bool business_days = false;
  };
  bool enabled[kRuleCount];
  v1::FindingSeverity severity[kRuleCount];
  std::vector<Level> levels;
  v1::DocumentStatus sections_from = v1::DOCUMENT_STATUS_IN_REVIEW;
  uint32_t deferred_sections = 0;
  int high_max_rank = 2;
  int64_t lead_up_seconds = 0;
  int64_t follow_up_seconds = 0;
  int max_findings = 1000;
  std::vector<Window> windows;
  std::vector<v1::RequiredCustomField> custom_fields;
  PlaceholderSet placeholders{{}};
  PhraseSet vague_verbs{{}};
};

// A field path under construction: a node on the stack pointing at its
// parent, so building one costs a few stores and nothing is copied until a
// finding is emitted (paths are built for every element walked, findings are
// rare). A path must not outlive the path it was built from; children of the
// root do not refer to it, so `Path().Field(...)` may be kept.
class Path {
 public:
  Path() {}
  Path Field(const char* name, int number) const {
    return Path(this, name, number, -1);
  }
  Path Element(const char* name, int number, int64_t index) const {
    return Path(this, name, number, index);
  }
  // Appends the steps (at most kMaxDepth, from the root) to the finding's
  // path and path_text.
  void AppendTo(v1::Finding* finding) const;

  static constexpr int kMaxDepth = 8;

 private:
  Path(const Path* parent, const char* name, int number, int64_t index)
      : parent_(parent->depth_ == 0 ? nullptr : parent),
        name_(name),
        number_(number),
        depth_(parent->depth_ + 1),
        index_(index) {}

  const Path* parent_ = nullptr;  // Null for the root and its children.
  const char* name_ = nullptr;
  int number_ = 0;
  int depth_ = 0;  // Steps from the root; 0 for the root.
  int64_t index_ = -1;
};

// Path messages of a cleared report's findings, for the next run's.
using SparePaths = std::vector<std::unique_ptr<v1::FieldPath>>;

// Clears `report` for a new run. Finding::Clear would delete each finding's
// path (generated code frees singular submessages that are not on an
// arena), and the path, its elements and their names are most of the
// allocations of a finding: a report on the heap hands them, cleared with
// their elements kept, to *spare, for Run to give the new findings.
void ClearReport(v1::Report* report, SparePaths* spare);

class Run {
 public:
  // `spare` as left by ClearReport(report, ...).
  Run(const CompiledPolicy& policy, const v1::Postmortem& postmortem,
      v1::FindingSeverity min_severity, v1::Report* report,
      SparePaths spare = {});

  const CompiledPolicy& policy() const { return policy_; }
  const v1::Postmortem& pm() const { return pm_; }
  bool On(RuleIndex rule) const { return policy_.enabled[rule]; }

  // Facts about the document under the policy.
  const CompiledPolicy::Level* level() const { return level_; }
  int rank() const { return level_ == nullptr ? 0 : level_->rank; }
  bool past_draft() const { return past_draft_; }
  bool published() const { return published_; }
  bool high_severity() const {
    return level_ != nullptr && level_->rank <= policy_.high_max_rank;
  }
  // Sections required of this document now (level, status, deferral).
  uint32_t required_sections() const { return required_; }
  bool Requires(v1::Section section) const {
    return (required_ & (1u << section)) != 0;
  }

  // Adds a finding for a built-in rule (which must be On). Returns null when
  // the finding is dropped (min_severity, max_findings).
  v1::Finding* Emit(RuleIndex rule, const Path& path, absl::string_view message,
                    absl::string_view suggestion = {});
  // Adds a finding with an explicit id and severity (extension rules).
  v1::Finding* EmitAs(absl::string_view rule_id,
                      v1::FindingSeverity severity, const Path& path,
                      absl::string_view message,
                      absl::string_view suggestion = {});
  // Sorts the findings into document order and adds report.truncated when
  // findings were dropped for max_findings.
  void Finish();

 private:
  const CompiledPolicy& policy_;
  const v1::Postmortem& pm_;
  v1::FindingSeverity min_severity_;
  v1::Report* report_;
  const CompiledPolicy::Level* level_ = nullptr;
  bool past_draft_ = false;
  bool published_ = false;
  uint32_t required_ = 0;
  int dropped_ = 0;
  v1::FindingSeverity dropped_max_ = v1::FINDING_SEVERITY_UNSPECIFIED;
  SparePaths spare_paths_;
};

// The family checks (completeness.cc, time_rules.cc, analysis.cc,
// action_items.cc, hygiene.cc).
void CheckCompleteness(Run& run);
void CheckTime(Run& run);
void CheckImpactAndAnalysis(Run& run);
void CheckActionItems(Run& run);
void CheckHygiene(Run& run);

// Finds the policy level for a document severity: by level id
// (case-insensitive), else by rank; null when none matches.
const CompiledPolicy::Level* FindLevel(const CompiledPolicy& policy,
                                       const v1::Severity& severity);

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_RUN_H_
