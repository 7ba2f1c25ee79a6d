// Every rule of the catalog, triggered and not: one table row per rule with
// a mutation of a clean document that triggers it and a near miss that must
// not. A test fails when a catalog rule has no row.
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "pmkit/validate.h"

namespace pmkit {
namespace {

using Mutation = std::function<void(v1::Postmortem&)>;

// A published SEV2 postmortem that satisfies every rule.
constexpr char kClean[] = R"pb(
  id: "pm-1"
  title: "Checkout outage: expired certificate"
  status: DOCUMENT_STATUS_PUBLISHED
  severity { level: "SEV2" rank: 2 }
  people { id: "alice" display_name: "Alice Smith" handles: "@asmith" }
  people { id: "bob" display_name: "Bob Jones" }
  owner_id: "alice"
  display_time_zone: "Europe/Berlin"
  lifecycle {
    started { time { seconds: 1709380800 } }
    detected { time { seconds: 1709381100 } }
    acknowledged { time { seconds: 1709381400 } }
    mitigated { time { seconds: 1709383200 } }
    resolved { time { seconds: 1709384400 } }
    closed { time { seconds: 1709388000 } }
  }
  summary: "Checkout failed for 40 minutes after a certificate expired."
  impact {
    narrative: "Card payments failed."
    users_affected: 1200
    services { name: "checkout" level: IMPACT_LEVEL_OUTAGE }
  }
  timeline {
    id: "e1"
    time { time { seconds: 1709380800 } }
    kind: EVENT_KIND_LOG
    text: "Errors begin"
    milestone: MILESTONE_STARTED
    provenance { original_time: "2024-03-02T12:00:00Z" }
  }
  timeline {
    id: "e2"
    time { time { seconds: 1709381100 } }
    kind: EVENT_KIND_ALERT
    text: "Alert fires"
    actor { person_id: "alice" }
  }
  timeline {
    id: "e3"
    time { time { seconds: 1709383200 } }
    kind: EVENT_KIND_ACTION
    text: "Certificate renewed"
  }
  analysis {
    trigger: "The TLS certificate expired."
    contributing_factors {
      id: "CF-1"
      title: "Certificate renewal was manual"
      description: "Renewal relied on a calendar reminder."
      event_ids: "e1"
    }
    detection { method: DETECTION_METHOD_ALERT narrative: "An alert fired." }
  }
  action_items {
    id: "AI-1"
    title: "Automate certificate renewal with cert-manager"
    type: ACTION_ITEM_TYPE_PREVENT
    priority: PRIORITY_P1
    owner_id: "bob"
    due_time { seconds: 1710000000 }
    create_time { seconds: 1709388000 }
    tracking { key: "OPS-1" }
    factor_ids: "CF-1"
  }
  lessons {
    went_well: "The alert fired within five minutes."
    went_wrong: "Renewal was manual."
    got_lucky: "Traffic was low."
  }
)pb";

v1::Postmortem Clean() {
  v1::Postmortem pm;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kClean, &pm));
  return pm;
}

v1::Policy PolicyFrom(const std::string& text) {
  v1::Policy policy;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &policy)) << text;
  return policy;
}

v1::Report Validate(const v1::Postmortem& pm, const std::string& policy = "") {
  auto validator = Validator::Create(PolicyFrom(policy));
  EXPECT_TRUE(validator.ok()) << validator.status();
  if (!validator.ok()) return {};
  absl::StatusOr<v1::Report> report = (*validator)->Validate(pm);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.value_or(v1::Report());
}

bool Has(const v1::Report& report, const std::string& id) {
  for (const v1::Finding& f : report.findings()) {
    if (f.rule_id() == id) return true;
  }
  return false;
}

std::string Dump(const v1::Report& report) {
  std::string out;
  for (const v1::Finding& f : report.findings()) {
    out += f.rule_id() + " at " + f.path_text() + ": " + f.message() + "\n";
  }
  return out;
}

struct Case {
  std::string rule;
  Mutation trigger;
  Mutation near_miss;
  std::string policy;        // Policy text for both, when the rule needs one.
  std::string path;          // Expected path_text of the triggered finding.
};

void Draft(v1::Postmortem& pm) { pm.set_status(v1::DOCUMENT_STATUS_DRAFT); }
void InReview(v1::Postmortem& pm) { pm.set_status(v1::DOCUMENT_STATUS_IN_REVIEW); }
v1::ActionItem& Item(v1::Postmortem& pm) { return *pm.mutable_action_items(0); }
v1::TimelineEvent& Event(v1::Postmortem& pm, int i) {
  return *pm.mutable_timeline(i);
}
v1::ContributingFactor& Factor(v1::Postmortem& pm) {
  return *pm.mutable_analysis()->mutable_contributing_factors(0);
}

std::vector<Case> Cases() {
  return {
      {"section.summary.missing", [](auto& pm) { pm.clear_summary(); },
       [](auto& pm) { pm.clear_summary(); Draft(pm); }, "", "summary"},
      {"section.impact.missing", [](auto& pm) { pm.clear_impact(); },
       [](auto& pm) { pm.clear_impact(); pm.mutable_severity()->set_level("SEV4"); pm.mutable_severity()->set_rank(4); },
       "", "impact"},
      {"section.timeline.missing", [](auto& pm) { pm.clear_timeline(); },
       [](auto& pm) { pm.clear_timeline(); pm.mutable_severity()->set_level("SEV4"); pm.mutable_severity()->set_rank(4); },
       "", "timeline"},
      {"section.contributing_factors.missing",
       [](auto& pm) { pm.mutable_analysis()->clear_contributing_factors(); Item(pm).clear_factor_ids(); },
       [](auto& pm) { Item(pm).clear_factor_ids(); pm.mutable_analysis()->mutable_contributing_factors(0)->set_title("Renewal relied on a reminder"); },
       "", "analysis.contributing_factors"},
      {"section.action_items.missing", [](auto& pm) { pm.clear_action_items(); },
       [](auto& pm) { pm.clear_action_items(); pm.mutable_severity()->set_level("SEV4"); pm.mutable_severity()->set_rank(4); },
       "", "action_items"},
      {"section.lessons.missing", [](auto& pm) { pm.clear_lessons(); },
       // Lessons are deferred until published by default.
       [](auto& pm) { pm.clear_lessons(); InReview(pm); }, "", "lessons"},
      {"section.trigger.missing", [](auto& pm) { pm.mutable_analysis()->clear_trigger(); },
       [](auto& pm) { pm.mutable_analysis()->clear_trigger(); pm.mutable_severity()->set_level("SEV3"); pm.mutable_severity()->set_rank(3); },
       "", "analysis.trigger"},
      {"section.detection.missing", [](auto& pm) { pm.mutable_analysis()->clear_detection(); },
       [](auto& pm) { pm.mutable_analysis()->mutable_detection()->set_method(v1::DETECTION_METHOD_OTHER); pm.mutable_analysis()->mutable_detection()->clear_narrative(); },
       "", "analysis.detection"},
      {"severity.missing", [](auto& pm) { pm.clear_severity(); },
       [](auto& pm) { pm.clear_severity(); Draft(pm); }, "", "severity"},
      {"severity.unknown", [](auto& pm) { pm.mutable_severity()->set_level("P1"); },
       [](auto& pm) { pm.mutable_severity()->set_level("sev2"); }, "",
       "severity.level"},
      {"severity.rank_mismatch", [](auto& pm) { pm.mutable_severity()->set_rank(3); },
       [](auto& pm) { pm.mutable_severity()->set_rank(0); }, "", "severity.rank"},
      {"time.lifecycle.order",
       [](auto& pm) { pm.mutable_lifecycle()->mutable_detected()->mutable_time()->set_seconds(1709380000); },
       // 800 s early, but within a declared 15-minute uncertainty.
       [](auto& pm) {
         auto* d = pm.mutable_lifecycle()->mutable_detected();
         d->mutable_time()->set_seconds(1709380000);
         d->mutable_uncertainty()->set_seconds(900);
       },
       "", "lifecycle.detected"},
      {"time.lifecycle.incomplete", [](auto& pm) { pm.mutable_lifecycle()->clear_mitigated(); },
       [](auto& pm) { pm.mutable_lifecycle()->clear_acknowledged(); }, "", "lifecycle"},
      {"time.event.missing", [](auto& pm) { Event(pm, 2).clear_time(); },
       [](auto& pm) { Event(pm, 2).mutable_time()->set_precision(v1::TIME_PRECISION_MINUTE); },
       "", "timeline[2].time"},
      {"time.instant.invalid",
       [](auto& pm) { Event(pm, 2).mutable_time()->mutable_time()->set_seconds(0); },
       [](auto& pm) { Event(pm, 2).mutable_time()->mutable_time()->set_seconds(1709383201); },
       "", "timeline[2].time.time"},
      {"time.event.outside_window",
       // Two days before the start, beyond the 24-hour lead-up allowance.
       [](auto& pm) { Event(pm, 0).mutable_time()->mutable_time()->set_seconds(1709380800 - 2 * 86400); Event(pm, 0).set_milestone(v1::MILESTONE_UNSPECIFIED); },
       [](auto& pm) { Event(pm, 0).mutable_time()->mutable_time()->set_seconds(1709380800 - 3600); Event(pm, 0).set_milestone(v1::MILESTONE_UNSPECIFIED); },
       "", "timeline[0].time"},
      {"time.timeline.unsorted", [](auto& pm) { pm.mutable_timeline()->SwapElements(1, 2); },
       [](auto& pm) { Event(pm, 2).mutable_time()->mutable_time()->set_seconds(1709381100); },
       "", "timeline[2].time"},
      {"time.timeline.duplicate", [](auto& pm) { *pm.add_timeline() = pm.timeline(2); pm.mutable_timeline(3)->set_id("e4"); },
       [](auto& pm) { *pm.add_timeline() = pm.timeline(2); pm.mutable_timeline(3)->set_id("e4"); pm.mutable_timeline(3)->set_text("Certificate deployed"); },
       "", "timeline[3]"},
      {"time.zone.unknown", [](auto& pm) { pm.set_display_time_zone("Mars/Olympus"); },
       [](auto& pm) { pm.set_display_time_zone("America/New_York"); }, "",
       "display_time_zone"},
      {"time.source.zone_missing",
       [](auto& pm) { Event(pm, 0).mutable_provenance(0)->set_original_time("2024-03-02 12:00"); },
       [](auto& pm) { Event(pm, 0).mutable_provenance(0)->set_original_time("2024-03-02 13:00 CET"); },
       "", "timeline[0].provenance[0].original_time"},
      {"time.source.date_missing",
       // Closed the next day (Berlin): a multi-day incident.
       [](auto& pm) {
         pm.mutable_lifecycle()->mutable_closed()->mutable_time()->set_seconds(1709388000 + 86400);
         Event(pm, 0).mutable_provenance(0)->set_original_time("13:00 +01:00");
       },
       [](auto& pm) { Event(pm, 0).mutable_provenance(0)->set_original_time("13:00 +01:00"); },
       "", "timeline[0].provenance[0].original_time"},
      {"impact.unquantified", [](auto& pm) { pm.mutable_impact()->clear_users_affected(); },
       [](auto& pm) { pm.mutable_impact()->clear_users_affected(); pm.mutable_severity()->set_level("SEV3"); pm.mutable_severity()->set_rank(3); },
       "", "impact"},
      {"impact.services.missing", [](auto& pm) { pm.mutable_impact()->clear_services(); },
       [](auto& pm) { pm.mutable_impact()->clear_services(); Draft(pm); }, "",
       "impact.services"},
      {"analysis.human_error", [](auto& pm) { Factor(pm).set_description("Human error during renewal."); },
       [](auto& pm) { Factor(pm).set_description("The renewal runbook had no check for expiry."); },
       "", "analysis.contributing_factors[0].description"},
      {"analysis.cause.person", [](auto& pm) { Factor(pm).set_title("Alice forgot the renewal"); },
       [](auto& pm) { Factor(pm).set_title("Alignment of renewals was manual"); }, "",
       "analysis.contributing_factors[0].title"},
      {"language.blameful",
       [](auto& pm) { pm.set_summary("Bob was careless and forgot to renew the certificate."); },
       [](auto& pm) { pm.set_summary("The renewal reminder went to a mailbox nobody watched."); },
       "", "summary"},
      {"analysis.trigger.as_factor", [](auto& pm) { Factor(pm).set_title("The TLS certificate expired"); },
       [](auto& pm) { Factor(pm).set_title("No alert on certificate expiry"); }, "",
       "analysis.contributing_factors[0]"},
      {"action_item.owner.missing", [](auto& pm) { Item(pm).clear_owner_id(); },
       [](auto& pm) { Item(pm).set_owner_id("alice"); }, "", "action_items[0].owner_id"},
      {"action_item.priority.missing", [](auto& pm) { Item(pm).clear_priority(); },
       [](auto& pm) { Item(pm).set_priority(v1::PRIORITY_P3); }, "", "action_items[0].priority"},
      {"action_item.type.missing", [](auto& pm) { Item(pm).clear_type(); },
       [](auto& pm) { Item(pm).set_type(v1::ACTION_ITEM_TYPE_DETECT); }, "", "action_items[0].type"},
      {"action_item.due.missing", [](auto& pm) { Item(pm).clear_due_time(); },
       [](auto& pm) { Item(pm).clear_due_time(); Item(pm).set_state(v1::ACTION_ITEM_STATE_WONT_DO); },
       "", "action_items[0].due_time"},
      {"action_item.tracking.missing", [](auto& pm) { Item(pm).clear_tracking(); },
       [](auto& pm) { Item(pm).mutable_tracking()->clear_key(); Item(pm).mutable_tracking()->set_url("https://t.example/1"); },
       "", "action_items[0].tracking"},
      {"action_item.id.duplicate", [](auto& pm) { *pm.add_action_items() = pm.action_items(0); },
       [](auto& pm) { *pm.add_action_items() = pm.action_items(0); pm.mutable_action_items(1)->set_id("AI-2"); },
       "", "action_items[1].id"},
      {"action_item.id.missing", [](auto& pm) { Item(pm).clear_id(); },
       [](auto& pm) { Item(pm).set_id("X"); }, "", "action_items[0].id"},
      {"action_item.wording.vague", [](auto& pm) { Item(pm).set_title("Improve certificate monitoring"); },
       [](auto& pm) { Item(pm).set_title("Improve certificate expiry alerting to fire 14 days ahead"); },
       "", "action_items[0].title"},
      {"action_item.wording.investigate", [](auto& pm) { Item(pm).set_title("Investigate the renewal pipeline"); },
       [](auto& pm) { Item(pm).set_title("Investigate why the renewal job skipped this certificate"); },
       "", "action_items[0].title"},
      {"action_item.wording.unbounded", [](auto& pm) { Item(pm).set_title("Make sure certificate expiry never happens again"); },
       [](auto& pm) { Item(pm).set_title("Renew every certificate 30 days before expiry"); },
       "", "action_items[0].title"},
      {"action_item.depends_on_care", [](auto& pm) { Item(pm).set_description("Engineers must be more careful with renewals."); },
       [](auto& pm) { Item(pm).set_description("cert-manager renews automatically."); },
       "", "action_items[0].title"},
      {"action_item.prevent_detect.missing", [](auto& pm) { Item(pm).set_type(v1::ACTION_ITEM_TYPE_REPAIR); },
       [](auto& pm) { Item(pm).set_type(v1::ACTION_ITEM_TYPE_DETECT); }, "", "action_items"},
      {"action_item.due.too_late",
       // 40 days after creation; SEV2 P1 items get 30.
       [](auto& pm) { Item(pm).mutable_due_time()->set_seconds(1709388000 + 40 * 86400); },
       [](auto& pm) { Item(pm).mutable_due_time()->set_seconds(1709388000 + 40 * 86400); Item(pm).set_priority(v1::PRIORITY_P2); },
       "", "action_items[0].due_time"},
      {"lessons.category.missing", [](auto& pm) { pm.mutable_lessons()->clear_got_lucky(); },
       [](auto& pm) { pm.mutable_lessons()->clear_got_lucky(); InReview(pm); }, "",
       "lessons.got_lucky"},
      {"hygiene.string.empty", [](auto& pm) { pm.add_tags("  "); },
       [](auto& pm) { pm.add_tags("tls"); }, "", "tags[0]"},
      {"hygiene.placeholder", [](auto& pm) { pm.set_summary("TBD"); },
       [](auto& pm) { pm.set_summary("TBD"); InReview(pm); }, "", "summary"},
      {"reference.person.unknown", [](auto& pm) { Item(pm).set_owner_id("carol"); },
       [](auto& pm) { Item(pm).set_owner_id("alice"); }, "", "action_items[0].owner_id"},
      {"reference.event.unknown", [](auto& pm) { Factor(pm).set_event_ids(0, "e9"); },
       [](auto& pm) { Factor(pm).set_event_ids(0, "e3"); }, "",
       "analysis.contributing_factors[0].event_ids[0]"},
      {"reference.factor.unknown", [](auto& pm) { Item(pm).set_factor_ids(0, "CF-9"); },
       [](auto& pm) { Item(pm).clear_factor_ids(); }, "", "action_items[0].factor_ids[0]"},
      {"hygiene.id.duplicate", [](auto& pm) { Event(pm, 2).set_id("e1"); },
       [](auto& pm) { Event(pm, 2).set_id("e1b"); }, "", "timeline[2].id"},
      {"policy.custom_field.missing", [](auto& pm) {},
       [](auto& pm) { (*pm.mutable_custom_fields())["cost_center"].set_string_value("CC-1"); },
       R"pb(required_custom_fields { key: "cost_center" type: CUSTOM_FIELD_TYPE_STRING })pb",
       "custom_fields[\"cost_center\"]"},
      {"policy.custom_field.type",
       [](auto& pm) { (*pm.mutable_custom_fields())["cost_center"].set_int_value(7); },
       [](auto& pm) { (*pm.mutable_custom_fields())["cost_center"].set_string_value("CC-1"); },
       R"pb(required_custom_fields { key: "cost_center" type: CUSTOM_FIELD_TYPE_STRING })pb",
       "custom_fields[\"cost_center\"]"},
      {"report.truncated",
       [](auto& pm) { Item(pm).clear_owner_id(); Item(pm).clear_tracking(); },
       [](auto& pm) { Item(pm).clear_owner_id(); },
       R"pb(max_findings: 1)pb", ""},
  };
}

TEST(ValidateRulesTest, CleanDocumentHasNoFindings) {
  v1::Report report = Validate(Clean());
  EXPECT_EQ(report.findings_size(), 0) << Dump(report);
}

TEST(ValidateRulesTest, EveryRuleTriggersAndHasANearMiss) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.rule);
    v1::Postmortem triggered = Clean();
    c.trigger(triggered);
    v1::Report report = Validate(triggered, c.policy);
    bool found = false;
    for (const v1::Finding& f : report.findings()) {
      if (f.rule_id() != c.rule) continue;
      found = true;
      EXPECT_EQ(f.path_text(), c.path) << Dump(report);
      EXPECT_FALSE(f.message().empty());
      EXPECT_FALSE(f.suggestion().empty());
      EXPECT_NE(f.severity(), v1::FINDING_SEVERITY_UNSPECIFIED);
      EXPECT_EQ(f.path().elements_size() > 0, !c.path.empty());
    }
    EXPECT_TRUE(found) << "not triggered; findings:\n" << Dump(report);

    v1::Postmortem missed = Clean();
    c.near_miss(missed);
    v1::Report clean = Validate(missed, c.policy);
    EXPECT_FALSE(Has(clean, c.rule)) << Dump(clean);
  }
}

// A time's precision widens its slack by one unit (a minute, an hour, a
// day; a second for the finer ones, none and values this build does not
// know): the detection 800 s before the start is out of order unless its
// unit is an hour or a day.
TEST(ValidateRulesTest, PrecisionUnitWidensTheLifecycleSlack) {
  const std::vector<std::pair<int, bool>> cases = {
      {v1::TIME_PRECISION_UNSPECIFIED, true},
      {v1::TIME_PRECISION_SUBSECOND, true},
      {v1::TIME_PRECISION_SECOND, true},
      {v1::TIME_PRECISION_MINUTE, true},
      {v1::TIME_PRECISION_HOUR, false},
      {v1::TIME_PRECISION_DAY, false},
      {6, true},
      {42, true},
      {-3, true}};
  for (const auto& [precision, reported] : cases) {
    SCOPED_TRACE(precision);
    v1::Postmortem pm = Clean();
    auto* detected = pm.mutable_lifecycle()->mutable_detected();
    detected->mutable_time()->set_seconds(1709380000);
    detected->set_precision(static_cast<v1::TimePrecision>(precision));
    const v1::Report report = Validate(pm);
    EXPECT_EQ(Has(report, "time.lifecycle.order"), reported) << Dump(report);
  }
}

TEST(ValidateRulesTest, TableCoversTheWholeCatalog) {
  std::set<std::string> covered;
  for (const Case& c : Cases()) covered.insert(c.rule);
  const v1::RuleCatalog catalog = BuiltinRuleCatalog();
  EXPECT_GE(catalog.rules_size(), 40);
  for (const v1::Rule& rule : catalog.rules()) {
    EXPECT_EQ(covered.count(rule.id()), 1u) << "no test row for " << rule.id();
  }
}

}  // namespace
}  // namespace pmkit
