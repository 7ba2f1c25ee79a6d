#include "src/validate/run.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace pmkit::validate_internal {
namespace {

bool PastDraft(v1::DocumentStatus status) {
  return status != v1::DOCUMENT_STATUS_UNSPECIFIED &&
         status != v1::DOCUMENT_STATUS_DRAFT;
}

// Document order: element by element, field number then index; a shorter
// path (the parent) comes first.
bool PathLess(const v1::FieldPath& a, const v1::FieldPath& b) {
  const int n = std::min(a.elements_size(), b.elements_size());
  for (int i = 0; i < n; ++i) {
    const v1::FieldPathElement& x = a.elements(i);
    const v1::FieldPathElement& y = b.elements(i);
    if (x.field_number() != y.field_number()) {
      return x.field_number() < y.field_number();
    }
    const int64_t xi = x.has_index() ? x.index() : -1;
    const int64_t yi = y.has_index() ? y.index() : -1;
    if (xi != yi) return xi < yi;
    if (x.key() != y.key()) return x.key() < y.key();
  }
  return a.elements_size() < b.elements_size();
}

}  // namespace

void Path::AppendTo(v1::Finding* finding) const {
  // The first kMaxDepth steps from the root: skip the deeper ones, then
  // collect the rest bottom-up.
  const int size = depth_ < kMaxDepth ? depth_ : kMaxDepth;
  const Path* node = this;
  for (int skip = depth_ - size; skip > 0; --skip) node = node->parent_;
  const Path* nodes[kMaxDepth];
  for (int i = size - 1; i >= 0; --i) {
    nodes[i] = node;
    node = node->parent_;
  }
  v1::FieldPath* path = finding->mutable_path();
  std::string* text = finding->mutable_path_text();
  for (int i = 0; i < size; ++i) {
    const Path& step = *nodes[i];
    v1::FieldPathElement* element = path->add_elements();
    element->mutable_field_name()->assign(step.name_);  // No temporary.
    element->set_field_number(step.number_);
    if (i > 0) text->push_back('.');
    text->append(step.name_);
    if (step.index_ >= 0) {
      element->set_index(step.index_);
      // to_chars into a stack buffer: StrAppend's pieces cost a few hundred
      // instructions per index, and most paths have one or two.
      char digits[24];
      const char* const digits_end =
          std::to_chars(digits, digits + sizeof(digits), step.index_).ptr;
      text->push_back('[');
      text->append(digits, static_cast<size_t>(digits_end - digits));
      text->push_back(']');
    }
  }
}

const CompiledPolicy::Level* FindLevel(const CompiledPolicy& policy,
                                       const v1::Severity& severity) {
  if (!severity.level().empty()) {
    for (const CompiledPolicy::Level& level : policy.levels) {
      if (absl::EqualsIgnoreCase(level.id, severity.level())) return &level;
    }
    return nullptr;
  }
  if (severity.rank() > 0) {
    for (const CompiledPolicy::Level& level : policy.levels) {
      if (level.rank == severity.rank()) return &level;
    }
  }
  return nullptr;
}

void ClearReport(v1::Report* report, SparePaths* spare) {
  spare->clear();
  if (report->GetArena() == nullptr) {
    for (v1::Finding& finding : *report->mutable_findings()) {
      if (!finding.has_path()) continue;
      spare->emplace_back(finding.release_path());
      spare->back()->Clear();  // Keeps the cleared elements for reuse.
    }
  }
  report->Clear();
}

Run::Run(const CompiledPolicy& policy, const v1::Postmortem& postmortem,
         v1::FindingSeverity min_severity, v1::Report* report, SparePaths spare)
    : policy_(policy),
      pm_(postmortem),
      min_severity_(min_severity),
      report_(report),
      spare_paths_(std::move(spare)) {
  level_ = FindLevel(policy, postmortem.severity());
  const v1::DocumentStatus status = postmortem.status();
  past_draft_ = PastDraft(status);
  published_ = status == v1::DOCUMENT_STATUS_PUBLISHED ||
               status == v1::DOCUMENT_STATUS_CLOSED;
  // DocumentStatus values grow with the review process, so "at least"
  // compares the numbers.
  if (level_ != nullptr && past_draft_ && status >= policy.sections_from) {
    required_ = level_->sections;
    if (!published_) required_ &= ~policy.deferred_sections;
  }
}

v1::Finding* Run::Emit(RuleIndex rule, const Path& path,
                       absl::string_view message,
                       absl::string_view suggestion) {
  return EmitAs(kRules[rule].id, policy_.severity[rule], path, message,
                suggestion);
}

v1::Finding* Run::EmitAs(absl::string_view rule_id,
                         v1::FindingSeverity severity, const Path& path,
                         absl::string_view message,
                         absl::string_view suggestion) {
  if (severity < min_severity_) return nullptr;
  if (report_->findings_size() >= policy_.max_findings) {
    ++dropped_;
    dropped_max_ = std::max(dropped_max_, severity);
    return nullptr;
  }
  // A reused report (ValidateInto) hands back cleared findings whose strings
  // keep their capacity: assigning into them allocates nothing, where a
  // temporary std::string per field would allocate and free every time.
  v1::Finding* finding = report_->add_findings();
  if (!spare_paths_.empty()) {
    finding->set_allocated_path(spare_paths_.back().release());
    spare_paths_.pop_back();
  }
  finding->mutable_rule_id()->assign(rule_id.data(), rule_id.size());
  finding->set_severity(severity);
  path.AppendTo(finding);
  finding->mutable_message()->assign(message.data(), message.size());
  if (!suggestion.empty()) {
    finding->mutable_suggestion()->assign(suggestion.data(), suggestion.size());
  }
  return finding;
}

void Run::Finish() {
  auto* findings = report_->mutable_findings();
  std::stable_sort(findings->pointer_begin(), findings->pointer_end(),
                   [](const v1::Finding* a, const v1::Finding* b) {
                     return PathLess(a->path(), b->path());
                   });
  if (dropped_ > 0) {
    // Stands for the dropped findings, at their highest severity, so that
    // a truncated report is never "ok" when an error was dropped.
    v1::Finding* finding = report_->add_findings();
    finding->set_rule_id(kRules[kReportTruncated].id);
    finding->set_severity(dropped_max_);
    finding->set_message(absl::StrCat(
        dropped_, " more finding(s) were dropped: the policy keeps at most ",
        policy_.max_findings, " per document."));
    finding->set_suggestion(
        "Fix the findings above and validate again, or raise "
        "Policy.max_findings.");
  }
}

}  // namespace pmkit::validate_internal
