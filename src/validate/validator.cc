#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "pmkit/validate.h"
#include "src/validate/catalog.h"
#include "src/validate/policy.h"
#include "src/validate/run.h"

namespace pmkit {

using validate_internal::CompiledPolicy;
using validate_internal::kRuleCount;
using validate_internal::kRules;
using validate_internal::Path;
using validate_internal::Run;

class Validator::Impl {
 public:
  struct Extra {
    std::shared_ptr<const Rule> rule;
    bool enabled = true;
    v1::FindingSeverity severity = v1::FINDING_SEVERITY_WARNING;
  };
  v1::Policy policy;
  CompiledPolicy compiled;
  std::vector<Extra> extras;
  v1::RuleCatalog catalog;
};

namespace {

// What an extension rule sees: the run, reporting under its own id.
class ExtensionContext : public RuleContext {
 public:
  ExtensionContext(Run& run, const v1::Policy& policy, absl::string_view id,
                   v1::FindingSeverity severity)
      : run_(run), policy_(policy), id_(id), severity_(severity) {}

  const v1::Postmortem& postmortem() const override { return run_.pm(); }
  const v1::Policy& policy() const override { return policy_; }
  int severity_rank() const override { return run_.rank(); }
  bool published() const override { return run_.published(); }

  v1::Finding* AddFinding(const std::vector<PathStep>& steps,
                          absl::string_view message) override {
    // Each node points at the one before it: reserved, so none moves.
    std::vector<Path> nodes;
    nodes.reserve(steps.size() + 1);
    nodes.emplace_back();
    for (const PathStep& step : steps) {
      const Path& parent = nodes.back();
      nodes.push_back(
          step.index >= 0
              ? parent.Element(step.field_name, step.field_number, step.index)
              : parent.Field(step.field_name, step.field_number));
    }
    return run_.EmitAs(id_, severity_, nodes.back(), message);
  }

 private:
  Run& run_;
  const v1::Policy& policy_;
  absl::string_view id_;
  v1::FindingSeverity severity_;
};

bool ValidSeverity(v1::FindingSeverity s) {
  return s >= v1::FINDING_SEVERITY_INFO && s <= v1::FINDING_SEVERITY_ERROR;
}

}  // namespace

std::vector<std::shared_ptr<const Rule>> BuiltinExtensionRules();

const v1::RuleCatalog& BuiltinRuleCatalog() {
  // Built once; a reference to a static so that `for (auto& r :
  // BuiltinRuleCatalog().rules())` is safe.
  static const v1::RuleCatalog* catalog = [] {
    auto* c = new v1::RuleCatalog;
    absl::StatusOr<std::unique_ptr<Validator>> v = Validator::CreateDefault();
    if (v.ok()) *c = (*v)->catalog();
    for (v1::Rule& rule : *c->mutable_rules()) {
      rule.set_severity(rule.default_severity());
      rule.set_enabled(true);
    }
    return c;
  }();
  return *catalog;
}

absl::StatusOr<std::unique_ptr<Validator>> Validator::CreateDefault() {
  return Create(v1::Policy());
}

absl::StatusOr<std::unique_ptr<Validator>> Validator::Create(
    const v1::Policy& policy, ValidatorOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->policy = EffectivePolicy(policy);
  absl::StatusOr<CompiledPolicy> compiled =
      validate_internal::CompilePolicy(impl->policy);
  if (!compiled.ok()) return compiled.status();
  impl->compiled = *std::move(compiled);

  std::vector<std::shared_ptr<const Rule>> extra = std::move(options.extra_rules);
  if (options.include_builtin_extensions) {
    for (auto& rule : BuiltinExtensionRules()) extra.push_back(std::move(rule));
  }
  // Rule id -> index: built-ins first, then extras (kRuleCount + i).
  absl::flat_hash_map<std::string, int> index;
  for (int i = 0; i < kRuleCount; ++i) index[kRules[i].id] = i;
  for (auto& rule : extra) {
    if (rule == nullptr) {
      return absl::InvalidArgumentError("an extra rule is null");
    }
    const v1::Rule& d = rule->descriptor();
    if (d.id().empty()) {
      return absl::InvalidArgumentError("an extra rule has no id");
    }
    if (!ValidSeverity(d.default_severity())) {
      return absl::InvalidArgumentError(
          absl::StrCat("extra rule ", d.id(), " has no default severity"));
    }
    const int at = kRuleCount + static_cast<int>(impl->extras.size());
    if (!index.emplace(d.id(), at).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule id ", d.id(), " is registered twice"));
    }
    impl->extras.push_back({rule, true, d.default_severity()});
  }
  for (const v1::RuleOverride& o : impl->policy.rule_overrides()) {
    auto it = index.find(o.rule_id());
    if (it == index.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy: rule_overrides names unknown rule \"", o.rule_id(),
          "\" (see `pmkit rules`)"));
    }
    if (o.severity() != v1::FINDING_SEVERITY_UNSPECIFIED &&
        !ValidSeverity(o.severity())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy: rule_overrides for ", o.rule_id(), " has an invalid severity"));
    }
    const int i = it->second;
    bool* enabled = i < kRuleCount ? &impl->compiled.enabled[i]
                                   : &impl->extras[i - kRuleCount].enabled;
    v1::FindingSeverity* severity =
        i < kRuleCount ? &impl->compiled.severity[i]
                       : &impl->extras[i - kRuleCount].severity;
    if (o.has_enabled()) *enabled = o.enabled();
    if (o.severity() != v1::FINDING_SEVERITY_UNSPECIFIED) {
      *severity = o.severity();
    }
  }
  for (int i = 0; i < kRuleCount; ++i) {
    v1::Rule rule = validate_internal::ToProto(kRules[i]);
    rule.set_severity(impl->compiled.severity[i]);
    rule.set_enabled(impl->compiled.enabled[i]);
    *impl->catalog.add_rules() = std::move(rule);
  }
  for (const Impl::Extra& e : impl->extras) {
    v1::Rule rule = e.rule->descriptor();
    rule.set_severity(e.severity);
    rule.set_enabled(e.enabled);
    *impl->catalog.add_rules() = std::move(rule);
  }
  std::sort(impl->catalog.mutable_rules()->begin(),
            impl->catalog.mutable_rules()->end(),
            [](const v1::Rule& a, const v1::Rule& b) { return a.id() < b.id(); });
  return std::unique_ptr<Validator>(new Validator(std::move(impl)));
}

Validator::Validator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Validator::~Validator() = default;

const v1::RuleCatalog& Validator::catalog() const { return impl_->catalog; }
const v1::Policy& Validator::policy() const { return impl_->policy; }

absl::StatusOr<v1::Report> Validator::Validate(
    const v1::Postmortem& postmortem,
    const v1::ValidationOptions& options) const {
  v1::Report report;
  if (absl::Status s = ValidateInto(postmortem, options, &report); !s.ok()) {
    return s;
  }
  return report;
}

absl::Status Validator::ValidateInto(const v1::Postmortem& postmortem,
                                     const v1::ValidationOptions& options,
                                     v1::Report* report) const {
  validate_internal::SparePaths spare_paths;
  validate_internal::ClearReport(report, &spare_paths);
  if (options.min_severity() < v1::FINDING_SEVERITY_UNSPECIFIED ||
      options.min_severity() > v1::FINDING_SEVERITY_ERROR) {
    return absl::InvalidArgumentError(
        "options: min_severity is not a FindingSeverity");
  }
  report->set_document(options.document().empty() ? postmortem.id()
                                                  : options.document());
  Run run(impl_->compiled, postmortem, options.min_severity(), report,
          std::move(spare_paths));
  validate_internal::CheckCompleteness(run);
  validate_internal::CheckTime(run);
  validate_internal::CheckImpactAndAnalysis(run);
  validate_internal::CheckActionItems(run);
  validate_internal::CheckHygiene(run);
  for (const Impl::Extra& e : impl_->extras) {
    if (!e.enabled) continue;
    ExtensionContext context(run, impl_->policy, e.rule->descriptor().id(),
                             e.severity);
    if (absl::Status s = e.rule->Check(context); !s.ok()) {
      report->Clear();
      return absl::Status(s.code(), absl::StrCat("rule ", e.rule->descriptor().id(),
                                                 ": ", s.message()));
    }
  }
  run.Finish();
  return absl::OkStatus();
}

bool ReportOk(const v1::Report& report) {
  for (const v1::Finding& f : report.findings()) {
    if (f.severity() == v1::FINDING_SEVERITY_ERROR) return false;
  }
  return true;
}

}  // namespace pmkit
