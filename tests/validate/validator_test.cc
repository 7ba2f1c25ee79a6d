// The Validator: policy compilation and its errors, overrides, extension
// rules, report order and limits, the bundled sample, thread safety and the
// text/SARIF formats.
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "pmkit/io.h"
#include "pmkit/validate.h"
#include "tests/testing/fill_fields.h"

namespace pmkit {
namespace {

using ::testing::HasSubstr;

const std::string kSample =
    std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem.textproto";

v1::Policy PolicyFrom(const std::string& text) {
  v1::Policy policy;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &policy)) << text;
  return policy;
}

v1::Postmortem Sample() {
  absl::StatusOr<v1::Postmortem> pm =
      ParsePostmortem(testing::ReadFileOrDie(kSample));
  EXPECT_TRUE(pm.ok()) << pm.status();
  return pm.value_or(v1::Postmortem());
}

v1::Postmortem Sparse() {
  v1::Postmortem pm;
  pm.set_status(v1::DOCUMENT_STATUS_PUBLISHED);
  pm.mutable_severity()->set_level("SEV1");
  v1::ActionItem* item = pm.add_action_items();
  item->set_title("Fix");
  return pm;
}

TEST(ValidatorTest, SampleHasNoErrorsUnderTheDefaultPolicy) {
  auto validator = Validator::CreateDefault();
  ASSERT_TRUE(validator.ok()) << validator.status();
  absl::StatusOr<v1::Report> report = (*validator)->Validate(Sample());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(ReportOk(*report)) << FormatReportText(*report);
  EXPECT_EQ(report->document(), "pm-2024-03-14-card-payments-mtls");
  // What it does trigger, and why it is legitimate: two P1 items due beyond
  // SEV2's 30-day window, two hand-written clock-only times in a two-day
  // incident.
  std::multiset<std::string> ids;
  for (const auto& f : report->findings()) ids.insert(f.rule_id());
  EXPECT_EQ(ids.count("action_item.due.too_late"), 2u);
  EXPECT_EQ(ids.count("time.source.date_missing"), 2u);
  EXPECT_EQ(ids.count("time.source.zone_missing"), 2u);
  EXPECT_EQ(ids.size(), 6u) << FormatReportText(*report);
}

TEST(ValidatorTest, DefaultPolicyIsCompleteAndEffectivePolicyFillsGaps) {
  const v1::Policy& d = DefaultPolicy();
  EXPECT_EQ(d.severity_levels_size(), 4);
  EXPECT_EQ(d.due_windows_size(), 4);
  EXPECT_EQ(d.lead_up_allowance().seconds(), 86400);
  v1::Policy partial = PolicyFrom(R"pb(name: "acme" max_findings: 7)pb");
  v1::Policy effective = EffectivePolicy(partial);
  EXPECT_EQ(effective.name(), "acme");
  EXPECT_EQ(effective.max_findings(), 7);
  EXPECT_EQ(effective.severity_levels_size(), 4);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      EffectivePolicy(v1::Policy()), DefaultPolicy()));
}

TEST(ValidatorTest, BadPoliciesAreErrorsNamingTheProblem) {
  struct Bad {
    const char* policy;
    const char* message;
  };
  for (const Bad& bad : std::vector<Bad>{
           {R"pb(rule_overrides { rule_id: "no.such.rule" enabled: false })pb",
            "no.such.rule"},
           {R"pb(severity_levels { id: "A" rank: 1 } severity_levels { id: "a" rank: 2 })pb",
            "defined twice"},
           {R"pb(severity_levels { id: "A" rank: 1 } severity_levels { id: "B" rank: 1 })pb",
            "rank 1"},
           {R"pb(severity_levels { rank: 1 })pb", "no id"},
           {R"pb(severity_levels { id: "A" })pb", "rank >= 1"},
           {R"pb(due_windows { window { seconds: -5 } })pb", "positive"},
           {R"pb(lead_up_allowance { seconds: -1 })pb", "negative"},
           {R"pb(follow_up_allowance { seconds: 9223372036854775807 })pb", "10 years"},
           {R"pb(due_windows { window { seconds: 9223372036854775807 } })pb", "10 years"},
           {R"pb(max_findings: -1)pb", "max_findings"},
           {R"pb(required_custom_fields { type: CUSTOM_FIELD_TYPE_INT })pb", "no key"},
           {R"pb(rule_overrides { rule_id: "hygiene.placeholder" severity: 9 })pb",
            "invalid severity"},
       }) {
    auto validator = Validator::Create(PolicyFrom(bad.policy));
    ASSERT_FALSE(validator.ok()) << bad.policy;
    EXPECT_EQ(validator.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(validator.status().message(), HasSubstr(bad.message));
  }
}

TEST(ValidatorTest, OverridesDisableAndReSeverityRules) {
  auto validator = Validator::Create(PolicyFrom(R"pb(
    rule_overrides { rule_id: "section.summary.missing" enabled: false }
    rule_overrides { rule_id: "action_item.owner.missing" severity: FINDING_SEVERITY_INFO }
  )pb"));
  ASSERT_TRUE(validator.ok()) << validator.status();
  v1::Report report = *(*validator)->Validate(Sparse());
  bool owner = false;
  for (const auto& f : report.findings()) {
    EXPECT_NE(f.rule_id(), "section.summary.missing");
    if (f.rule_id() == "action_item.owner.missing") {
      owner = true;
      EXPECT_EQ(f.severity(), v1::FINDING_SEVERITY_INFO);
    }
  }
  EXPECT_TRUE(owner);
  for (const v1::Rule& rule : (*validator)->catalog().rules()) {
    if (rule.id() == "section.summary.missing") {
      EXPECT_FALSE(rule.enabled());
    }
    if (rule.id() == "action_item.owner.missing") {
      EXPECT_EQ(rule.severity(), v1::FINDING_SEVERITY_INFO);
      EXPECT_EQ(rule.default_severity(), v1::FINDING_SEVERITY_ERROR);
    }
  }
}

TEST(ValidatorTest, CustomLevelsAndWindows) {
  auto validator = Validator::Create(PolicyFrom(R"pb(
    severity_levels { id: "critical" rank: 1 required_sections: SECTION_SUMMARY }
    severity_levels { id: "minor" rank: 2 }
    due_windows { priority: PRIORITY_P2 window { seconds: 432000 } business_days: true }
    high_severity_max_rank: 1
  )pb"));
  ASSERT_TRUE(validator.ok()) << validator.status();
  v1::Postmortem pm;
  pm.set_status(v1::DOCUMENT_STATUS_PUBLISHED);
  pm.mutable_severity()->set_level("Critical");
  v1::ActionItem* item = pm.add_action_items();
  item->set_id("A");
  item->set_title("Add an expiry alert for every certificate");
  item->set_priority(v1::PRIORITY_P2);
  item->set_type(v1::ACTION_ITEM_TYPE_DETECT);
  item->mutable_create_time()->set_seconds(1709294400);  // Fri 2024-03-01 12:00
  // 5 business days later is Friday 2024-03-08; due Monday 03-11 is late.
  item->mutable_due_time()->set_seconds(1709294400 + 10 * 86400);
  v1::Report report = *(*validator)->Validate(pm);
  std::set<std::string> ids;
  for (const auto& f : report.findings()) ids.insert(f.rule_id());
  EXPECT_TRUE(ids.count("section.summary.missing"));
  EXPECT_FALSE(ids.count("section.impact.missing"));
  EXPECT_TRUE(ids.count("action_item.due.too_late"));
  item->mutable_due_time()->set_seconds(1709294400 + 7 * 86400);  // Fri 03-08
  report = *(*validator)->Validate(pm);
  for (const auto& f : report.findings()) {
    EXPECT_NE(f.rule_id(), "action_item.due.too_late") << f.message();
  }
}

TEST(ValidatorTest, FindingsAreInDocumentOrderWithStructuredPaths) {
  v1::Report report = *(*Validator::CreateDefault())->Validate(Sparse());
  ASSERT_GT(report.findings_size(), 3);
  int last = 0;
  for (const auto& f : report.findings()) {
    const int first = f.path().elements_size() ? f.path().elements(0).field_number() : 0;
    EXPECT_GE(first, last) << f.path_text();
    last = first;
  }
  bool owner = false;
  for (const auto& f : report.findings()) {
    if (f.rule_id() != "action_item.owner.missing") continue;
    owner = true;
    EXPECT_EQ(f.path_text(), "action_items[0].owner_id");
    ASSERT_EQ(f.path().elements_size(), 2);
    EXPECT_EQ(f.path().elements(0).field_name(), "action_items");
    EXPECT_EQ(f.path().elements(0).field_number(), 23);
    EXPECT_TRUE(f.path().elements(0).has_index());
    EXPECT_EQ(f.path().elements(0).index(), 0);
    EXPECT_EQ(f.path().elements(1).field_name(), "owner_id");
    EXPECT_EQ(f.path().elements(1).field_number(), 6);
    EXPECT_FALSE(f.path().elements(1).has_index());
  }
  EXPECT_TRUE(owner);
}

TEST(ValidatorTest, MinSeverityAndDocumentName) {
  auto validator = *Validator::CreateDefault();
  v1::ValidationOptions options;
  options.set_min_severity(v1::FINDING_SEVERITY_ERROR);
  options.set_document("file.json");
  v1::Report report = *validator->Validate(Sparse(), options);
  EXPECT_EQ(report.document(), "file.json");
  ASSERT_GT(report.findings_size(), 0);
  for (const auto& f : report.findings()) {
    EXPECT_EQ(f.severity(), v1::FINDING_SEVERITY_ERROR);
  }
  options.set_min_severity(static_cast<v1::FindingSeverity>(17));
  EXPECT_FALSE(validator->Validate(Sparse(), options).ok());
}

TEST(ValidatorTest, MaxFindingsTruncatesAtTheHighestDroppedSeverity) {
  auto validator = *Validator::Create(PolicyFrom("max_findings: 2"));
  v1::Postmortem pm = Sparse();
  for (int i = 0; i < 50; ++i) pm.add_tags("");
  v1::Report report = *validator->Validate(pm);
  ASSERT_EQ(report.findings_size(), 3);
  const v1::Finding& last = report.findings(2);
  EXPECT_EQ(last.rule_id(), "report.truncated");
  EXPECT_EQ(last.severity(), v1::FINDING_SEVERITY_ERROR);
  EXPECT_THAT(last.message(), HasSubstr("dropped"));
}

// A stand-in for the blame detector: flags "fault" in timeline texts.
class FaultRule : public Rule {
 public:
  explicit FaultRule(std::string id) {
    descriptor_.set_id(std::move(id));
    descriptor_.set_family(v1::RULE_FAMILY_LANGUAGE);
    descriptor_.set_default_severity(v1::FINDING_SEVERITY_WARNING);
    descriptor_.set_description("Blameful language.");
    descriptor_.set_rationale("Blameless practice.");
  }
  const v1::Rule& descriptor() const override { return descriptor_; }
  absl::Status Check(RuleContext& context) const override {
    const v1::Postmortem& pm = context.postmortem();
    if (pm.title() == "fail-the-rule") return absl::InternalError("boom");
    for (int i = 0; i < pm.timeline_size(); ++i) {
      const size_t at = pm.timeline(i).text().find("fault");
      if (at == std::string::npos) continue;
      v1::Finding* f = context.AddFinding(
          {{"timeline", 21, i}, {"text", 4}}, "Blames someone.");
      if (f == nullptr) return absl::InternalError("finding dropped");
      f->mutable_span()->set_start(at);
      f->mutable_span()->set_end(at + 5);
      f->set_category("fault");
    }
    return absl::OkStatus();
  }

 private:
  v1::Rule descriptor_;
};

// ValidateInto reuses the report's findings and their path messages (kept
// across the clear): each report must equal a fresh Validate's, whether the
// previous one had more findings, fewer, or other paths, on the heap or on
// an arena.
TEST(ValidatorTest, ReusedReportsEqualFreshOnes) {
  auto validator = Validator::CreateDefault();
  ASSERT_TRUE(validator.ok()) << validator.status();
  v1::Postmortem many = Sample();
  many.mutable_analysis()->clear_contributing_factors();
  many.add_action_items()->set_title("TBD");
  const std::vector<v1::Postmortem> documents = {Sample(), Sparse(), many,
                                                 v1::Postmortem(), Sample()};
  google::protobuf::Arena arena;
  v1::Report heap;
  auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
  for (int round = 0; round < 2; ++round) {
    for (const v1::Postmortem& pm : documents) {
      absl::StatusOr<v1::Report> fresh = (*validator)->Validate(pm);
      ASSERT_TRUE(fresh.ok());
      for (v1::Report* reused : {&heap, on_arena}) {
        ASSERT_TRUE((*validator)->ValidateInto(pm, {}, reused).ok());
        EXPECT_TRUE(
            google::protobuf::util::MessageDifferencer::Equals(*fresh, *reused))
            << FormatReportText(*fresh) << "\nvs\n"
            << FormatReportText(*reused);
      }
    }
  }
}

TEST(ValidatorTest, ExtraRulesRunAreListedAndTunable) {
  ValidatorOptions options;
  // Replace the built-in blame rule with a stand-in under the same id.
  options.include_builtin_extensions = false;
  options.extra_rules.push_back(std::make_shared<FaultRule>(kBlamefulLanguageRuleId));
  auto validator = Validator::Create(
      PolicyFrom(R"pb(rule_overrides { rule_id: "language.blameful" severity: FINDING_SEVERITY_ERROR })pb"),
      options);
  ASSERT_TRUE(validator.ok()) << validator.status();
  v1::Postmortem pm;
  pm.add_timeline()->set_text("It was Bob's fault.");
  v1::Report report = *(*validator)->Validate(pm);
  bool found = false;
  for (const auto& f : report.findings()) {
    if (f.rule_id() != "language.blameful") continue;
    found = true;
    EXPECT_EQ(f.severity(), v1::FINDING_SEVERITY_ERROR);
    EXPECT_EQ(f.path_text(), "timeline[0].text");
    EXPECT_EQ(f.span().start(), 13);
    EXPECT_EQ(f.category(), "fault");
  }
  EXPECT_TRUE(found);
  bool listed = false;
  for (const auto& r : (*validator)->catalog().rules()) {
    listed |= r.id() == "language.blameful";
  }
  EXPECT_TRUE(listed);
  // A failing rule is an engine error, not a finding.
  pm.set_title("fail-the-rule");
  absl::StatusOr<v1::Report> failed = (*validator)->Validate(pm);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(failed.status().message(), HasSubstr("language.blameful"));
  // Disabled by policy (how the benchmark excludes it).
  auto off = Validator::Create(
      PolicyFrom(R"pb(rule_overrides { rule_id: "language.blameful" enabled: false })pb"),
      options);
  ASSERT_TRUE(off.ok());
  pm.set_title("");
  const v1::Report quiet = *(*off)->Validate(pm);
  for (const auto& f : quiet.findings()) {
    EXPECT_NE(f.rule_id(), "language.blameful");
  }
}

TEST(ValidatorTest, ExtraRuleIdsMustBeUnique) {
  ValidatorOptions options;
  options.extra_rules.push_back(std::make_shared<FaultRule>("hygiene.placeholder"));
  EXPECT_FALSE(Validator::Create(v1::Policy(), options).ok());
  ValidatorOptions empty_id;
  empty_id.extra_rules.push_back(std::make_shared<FaultRule>(""));
  EXPECT_FALSE(Validator::Create(v1::Policy(), empty_id).ok());
  ValidatorOptions null_rule;
  null_rule.extra_rules.push_back(nullptr);
  EXPECT_FALSE(Validator::Create(v1::Policy(), null_rule).ok());
}

TEST(ValidatorTest, CatalogIsWellFormed) {
  const v1::RuleCatalog& catalog = BuiltinRuleCatalog();
  std::set<std::string> ids;
  // Iterating the returned reference directly is safe (the fuzz harness once
  // did this on a temporary copy).
  for (const v1::Rule& rule : BuiltinRuleCatalog().rules()) {
    EXPECT_TRUE(ids.insert(rule.id()).second) << rule.id();
    EXPECT_NE(rule.family(), v1::RULE_FAMILY_UNSPECIFIED) << rule.id();
    EXPECT_NE(rule.default_severity(), v1::FINDING_SEVERITY_UNSPECIFIED);
    EXPECT_FALSE(rule.description().empty()) << rule.id();
    EXPECT_GT(rule.rationale().size(), 40u) << rule.id();
    EXPECT_TRUE(rule.enabled());
    for (char c : rule.id()) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '.' || c == '_') << rule.id();
    }
  }
  EXPECT_TRUE(std::is_sorted(
      catalog.rules().begin(), catalog.rules().end(),
      [](const v1::Rule& a, const v1::Rule& b) { return a.id() < b.id(); }));
}

TEST(ValidatorTest, OneValidatorServesManyThreads) {
  auto validator = *Validator::CreateDefault();
  const v1::Postmortem sample = Sample();
  const std::string expected = validator->Validate(sample)->SerializeAsString();
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (validator->Validate(sample)->SerializeAsString() != expected) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(ValidatorTest, EveryFieldSetDoesNotCrash) {
  v1::Postmortem pm;
  testing::FillAllFields(&pm);
  absl::StatusOr<v1::Report> report = (*Validator::CreateDefault())->Validate(pm);
  ASSERT_TRUE(report.ok());
}

TEST(ValidatorTest, ExtremeInstantsAreFindingsNotOverflows) {
  v1::Postmortem pm = Sparse();
  v1::ActionItem* item = pm.mutable_action_items(0);
  item->set_priority(v1::PRIORITY_P0);
  item->mutable_create_time()->set_seconds(INT64_MAX);
  item->mutable_due_time()->set_seconds(INT64_MAX);
  pm.mutable_lifecycle()->mutable_resolved()->mutable_time()->set_seconds(INT64_MIN);
  pm.mutable_lifecycle()->mutable_resolved()->mutable_uncertainty()->set_seconds(INT64_MAX);
  v1::TimelineEvent* e = pm.add_timeline();
  e->mutable_time()->mutable_time()->set_seconds(INT64_MAX);
  e->mutable_time()->mutable_uncertainty()->set_seconds(INT64_MAX);
  e->mutable_time()->set_precision(v1::TIME_PRECISION_DAY);
  absl::StatusOr<v1::Report> report = (*Validator::CreateDefault())->Validate(pm);
  ASSERT_TRUE(report.ok());
  int invalid = 0;
  for (const auto& f : report->findings()) invalid += f.rule_id() == "time.instant.invalid";
  EXPECT_GE(invalid, 2);
}

TEST(ValidatorTest, HostileSizesStayBounded) {
  v1::Postmortem pm = Sparse();
  for (int i = 0; i < 20000; ++i) {
    v1::TimelineEvent* e = pm.add_timeline();
    e->set_id("same");
    e->mutable_time()->mutable_time()->set_seconds(1709380800 - i);
  }
  for (int i = 0; i < 20000; ++i) pm.add_action_items()->set_id("dup");
  absl::StatusOr<v1::Report> report = (*Validator::CreateDefault())->Validate(pm);
  ASSERT_TRUE(report.ok());
  EXPECT_LE(report->findings_size(), 1001);
  EXPECT_EQ(report->findings(report->findings_size() - 1).rule_id(),
            "report.truncated");
}

TEST(ValidatorTest, TextAndSarifFormats) {
  v1::Report report = *(*Validator::CreateDefault())->Validate(Sparse());
  report.set_document("doc \"1\".json");
  const std::string text = FormatReportText(report);
  EXPECT_THAT(text, HasSubstr("error action_item.owner.missing at action_items[0].owner_id"));
  EXPECT_THAT(text, HasSubstr("    suggestion: "));
  EXPECT_THAT(text, HasSubstr(" error(s), "));
  const std::string sarif = FormatReportsSarif({report}, BuiltinRuleCatalog());
  EXPECT_THAT(sarif, HasSubstr("\"version\": \"2.1.0\""));
  EXPECT_THAT(sarif, HasSubstr("\"ruleId\": \"action_item.owner.missing\""));
  EXPECT_THAT(sarif, HasSubstr("\"uri\": \"doc \\\"1\\\".json\""));
  EXPECT_THAT(sarif, HasSubstr("\"fullyQualifiedName\": \"action_items[0].owner_id\""));
  // No reports: still a valid, empty results array.
  EXPECT_THAT(FormatReportsSarif({}, BuiltinRuleCatalog()),
              HasSubstr("\"results\": []"));
}

}  // namespace
}  // namespace pmkit
