#include "src/validate/catalog.h"

namespace pmkit::validate_internal {
namespace {

constexpr v1::RuleFamily kCompleteness = v1::RULE_FAMILY_COMPLETENESS;
constexpr v1::RuleFamily kTime = v1::RULE_FAMILY_TIME;
constexpr v1::RuleFamily kImpact = v1::RULE_FAMILY_IMPACT;
constexpr v1::RuleFamily kAnalysis = v1::RULE_FAMILY_ANALYSIS;
constexpr v1::RuleFamily kActions = v1::RULE_FAMILY_ACTION_ITEMS;
constexpr v1::RuleFamily kLessons = v1::RULE_FAMILY_LESSONS;
constexpr v1::RuleFamily kHygiene = v1::RULE_FAMILY_HYGIENE;
constexpr v1::RuleFamily kPolicy = v1::RULE_FAMILY_POLICY;
constexpr v1::FindingSeverity kError = v1::FINDING_SEVERITY_ERROR;
constexpr v1::FindingSeverity kWarning = v1::FINDING_SEVERITY_WARNING;
constexpr v1::FindingSeverity kInfo = v1::FINDING_SEVERITY_INFO;

// Sources cited in the rationales.
#define SRE_BOOK "Google SRE book, ch. 15 \"Postmortem Culture\" (sre.google/sre-book/postmortem-culture)"
#define SRE_WORKBOOK "Google SRE workbook, ch. 10 \"Postmortem Culture: Learning from Failure\""
#define PAGERDUTY "PagerDuty Postmortem Guide (postmortems.pagerduty.com)"
#define ATLASSIAN "Atlassian Incident Management Handbook, \"Postmortems\""
#define ETSY "Etsy, \"Debriefing Facilitation Guide\" and J. Allspaw, \"Blameless PostMortems and a Just Culture\""
#define DEKKER "S. Dekker, \"The Field Guide to Understanding 'Human Error'\""

}  // namespace

const RuleSpec kRules[kRuleCount] = {
    {"section.summary.missing", kCompleteness, kError,
     "The summary is missing where the severity level requires it.",
     "Readers decide from the summary whether to read on; every template "
     "starts with one (" SRE_BOOK "; " PAGERDUTY ")."},
    {"section.impact.missing", kCompleteness, kError,
     "The impact section is missing where the severity level requires it.",
     "Impact is how an organisation compares incidents and prioritises the "
     "follow-up (" SRE_WORKBOOK "; " ATLASSIAN ")."},
    {"section.timeline.missing", kCompleteness, kError,
     "The timeline is missing where the severity level requires it.",
     "The timeline is the shared record the analysis is built on (" PAGERDUTY
     "; " SRE_WORKBOOK ")."},
    {"section.contributing_factors.missing", kCompleteness, kError,
     "No contributing factor is recorded where the severity level requires "
     "the analysis.",
     "A postmortem explains why the incident happened: at least one "
     "contributing factor, rather than a single root cause, is the core of "
     "the analysis (" SRE_BOOK "; R. Cook, \"How Complex Systems Fail\")."},
    {"section.action_items.missing", kCompleteness, kError,
     "No action item is recorded where the severity level requires them.",
     "A postmortem without follow-up work changes nothing; action items are "
     "what makes recurrence less likely (" SRE_BOOK "; " ATLASSIAN ")."},
    {"section.lessons.missing", kCompleteness, kError,
     "Lessons learned are missing where the severity level requires them.",
     "What went well, what went wrong and where we got lucky are the three "
     "lists of Google's postmortem template (" SRE_BOOK ", appendix D)."},
    {"section.trigger.missing", kCompleteness, kWarning,
     "The trigger is not stated where the severity level requires it.",
     "Naming the trigger separately from the contributing factors keeps the "
     "analysis on the conditions that let it cause harm (" SRE_WORKBOOK ")."},
    {"section.detection.missing", kCompleteness, kWarning,
     "How the incident was detected is not stated where the severity level "
     "requires it.",
     "Time to detect is one of the metrics postmortems improve; how the "
     "problem was noticed is the evidence for it (" PAGERDUTY ")."},
    {"severity.missing", kCompleteness, kError,
     "A document past draft has no incident severity.",
     "Which sections a postmortem needs, and how fast its action items are "
     "due, depend on the incident's severity (" ATLASSIAN "; " PAGERDUTY ")."},
    {"severity.unknown", kCompleteness, kError,
     "The severity level is not one the policy defines.",
     "Severity levels are defined by the organisation; an unknown level "
     "cannot be checked against its requirements (" ATLASSIAN ")."},
    {"severity.rank_mismatch", kCompleteness, kWarning,
     "The severity's rank disagrees with the rank the policy gives its level.",
     "Tools compare incidents by rank; a rank that contradicts the level "
     "makes those comparisons wrong."},
    {"time.lifecycle.order", kTime, kError,
     "Lifecycle times are out of order (started <= detected <= acknowledged "
     "<= mitigated <= resolved <= closed), beyond their declared "
     "uncertainty.",
     "Time to detect, acknowledge, mitigate and resolve are measured between "
     "these instants; out of order they give negative durations (" SRE_WORKBOOK
     "; " PAGERDUTY ")."},
    {"time.lifecycle.incomplete", kTime, kWarning,
     "A document past draft lacks one of the lifecycle times started, "
     "detected, mitigated or resolved.",
     "Without them the incident's duration and time to detect or mitigate "
     "cannot be measured or compared (" PAGERDUTY ")."},
    {"time.event.missing", kTime, kError,
     "A timeline event has no time.",
     "A timeline is ordered by time; an event without one cannot be placed "
     "(" PAGERDUTY ")."},
    {"time.instant.invalid", kTime, kError,
     "An instant is outside the valid range, is the zero time, or has a "
     "negative uncertainty.",
     "pmkit.v1 records an unknown instant as an unset field, never as the "
     "zero time; a zero or out-of-range instant is an error in the source."},
    {"time.event.outside_window", kTime, kWarning,
     "A timeline event lies outside the incident window (started minus the "
     "lead-up allowance to closed plus the follow-up allowance).",
     "Lead-up events belong in the timeline, but an event days away from the "
     "incident is usually a mistyped date (" PAGERDUTY ")."},
    {"time.timeline.unsorted", kTime, kWarning,
     "A timeline event is earlier than the event before it.",
     "Readers follow a timeline top to bottom; pmkit.v1 keeps it ordered by "
     "time (" SRE_WORKBOOK ")."},
    {"time.timeline.duplicate", kTime, kWarning,
     "Two timeline events are exact duplicates (same time, kind and text).",
     "Duplicates come from merging sources twice; they inflate the timeline "
     "and mislead counts."},
    {"time.zone.unknown", kTime, kError,
     "The display time zone is not a known IANA zone.",
     "Every instant is shown in the display zone; an unknown zone leaves "
     "readers guessing which zone the times are in (" PAGERDUTY ")."},
    {"time.source.zone_missing", kTime, kInfo,
     "A source time recorded verbatim has a clock time but no zone or offset.",
     "Converting such a time to UTC relied on an assumed zone; state the zone "
     "so the conversion can be checked (" PAGERDUTY ": use one zone, say "
     "which)."},
    {"time.source.date_missing", kTime, kWarning,
     "In an incident spanning several days, a source time recorded verbatim "
     "has no date.",
     "For multi-day incidents a clock time alone is ambiguous; timelines must "
     "carry dates (" PAGERDUTY ")."},
    {"impact.unquantified", kImpact, kError,
     "A high-severity incident's impact has no number (users, accounts, "
     "share of traffic, revenue, SLO budget, tickets or failed requests).",
     "Impact must be quantified to be compared and to justify the follow-up "
     "work (" SRE_WORKBOOK "; " ATLASSIAN ")."},
    {"impact.services.missing", kImpact, kWarning,
     "No affected service is named.",
     "Naming the services affected lets readers find related incidents and "
     "owners (" PAGERDUTY ")."},
    {"analysis.human_error", kAnalysis, kError,
     "The analysis names human error as a cause.",
     "\"Human error\" is where an investigation starts, not where it ends: "
     "describe the conditions that made the action possible and reasonable "
     "at the time (" DEKKER "; " ETSY ")."},
    {"analysis.cause.person", kAnalysis, kWarning,
     "A contributing factor's title names a person from the document.",
     "Contributing factors are conditions of the system, not people; naming "
     "a person as a cause discourages honest reporting (" SRE_BOOK "; " ETSY
     ")."},
    {"analysis.trigger.as_factor", kAnalysis, kWarning,
     "The trigger is repeated as a contributing factor.",
     "The trigger set the incident off; the contributing factors are the "
     "conditions that let it cause harm. Keeping them apart keeps the "
     "analysis on what to change (" SRE_WORKBOOK ")."},
    {"action_item.owner.missing", kActions, kError,
     "An action item has no owner.",
     "Items without an owner are not done; every item needs one accountable "
     "person (" SRE_BOOK "; " PAGERDUTY ")."},
    {"action_item.priority.missing", kActions, kError,
     "An action item has no priority.",
     "Priority decides the due date and what gets done first (" SRE_BOOK
     "; " ATLASSIAN ")."},
    {"action_item.type.missing", kActions, kWarning,
     "An action item has no type (investigate, mitigate, repair, detect, "
     "prevent, process).",
     "Typing items shows whether the follow-up prevents and detects "
     "recurrence or only repairs (" SRE_WORKBOOK ")."},
    {"action_item.due.missing", kActions, kError,
     "An open action item has no due date.",
     "Due dates are how follow-up is tracked; Atlassian sets service-level "
     "objectives for priority actions (" ATLASSIAN ")."},
    {"action_item.tracking.missing", kActions, kWarning,
     "An action item has no tracking reference (ticket key or address).",
     "Items tracked only in a document are forgotten; file each in the "
     "team's tracker (" SRE_BOOK "; " PAGERDUTY ")."},
    {"action_item.id.duplicate", kActions, kError,
     "Two action items share an id.",
     "Ids link items to trackers and state changes; a shared id makes the "
     "link ambiguous."},
    {"action_item.id.missing", kActions, kWarning,
     "An action item has no id.",
     "Without an id an item cannot be referred to by state changes, reviews "
     "or other documents."},
    {"action_item.wording.vague", kActions, kWarning,
     "An action item's title is vague: it starts with a verb like "
     "\"improve\" without a measurable target, or is too short to say what "
     "done looks like.",
     "Action items must be actionable, specific and bounded: \"Add alerting "
     "for X at threshold Y\", not \"Improve monitoring\" (" SRE_WORKBOOK
     "; " PAGERDUTY ")."},
    {"action_item.wording.investigate", kActions, kWarning,
     "An \"investigate\" action item does not state the question to answer.",
     "An investigation is bounded by its question; without one it never "
     "ends (" SRE_WORKBOOK ")."},
    {"action_item.wording.unbounded", kActions, kWarning,
     "An action item promises an unbounded outcome (\"never happens "
     "again\", \"fix all issues\").",
     "Unbounded items cannot be finished or verified (" SRE_WORKBOOK ")."},
    {"action_item.depends_on_care", kActions, kError,
     "An action item depends on people being more careful.",
     "\"Be more careful\" changes nothing in the system and implies blame; "
     "change the conditions instead (" ETSY "; " DEKKER ")."},
    {"action_item.prevent_detect.missing", kActions, kError,
     "A high-severity incident has no action item of type prevent or "
     "detect.",
     "For major incidents the follow-up must reduce the chance or the time "
     "to detect a recurrence, not only repair (" SRE_WORKBOOK "; " ATLASSIAN
     ")."},
    {"action_item.due.too_late", kActions, kWarning,
     "An action item is due later than the policy's window for its priority "
     "and the incident's severity.",
     "Priority actions have service-level objectives for completion "
     "(Atlassian: 4 or 8 weeks); the default policy allows 15 days for SEV1 "
     "and 30 for SEV2 P0/P1 items (" ATLASSIAN ")."},
    {"lessons.category.missing", kLessons, kWarning,
     "A published document's lessons lack one of went well, went wrong or "
     "got lucky.",
     "The three lists are the lessons section of Google's template; \"where "
     "we got lucky\" names risks that did not materialise (" SRE_BOOK ")."},
    {"hygiene.string.empty", kHygiene, kWarning,
     "A string that must carry text is empty or only whitespace.",
     "Empty entries render as blank bullets and rows and hide missing "
     "content."},
    {"hygiene.placeholder", kHygiene, kError,
     "A published document still holds placeholder text (\"TBD\", \"TODO\", "
     "\"lorem ipsum\").",
     "A postmortem is published when it is complete; placeholders show it "
     "is not (" SRE_BOOK ": review before publishing)."},
    {"reference.person.unknown", kHygiene, kError,
     "A person id is not in the document's people directory.",
     "People are written once in Postmortem.people and referred to by id; a "
     "broken reference loses who owns or did something."},
    {"reference.event.unknown", kHygiene, kError,
     "A contributing factor refers to a timeline event id that does not "
     "exist.",
     "Factors cite the events that show them at work; a broken reference "
     "loses the evidence."},
    {"reference.factor.unknown", kHygiene, kWarning,
     "An action item refers to a contributing factor id that does not "
     "exist.",
     "Linking items to the factors they address shows which factors have no "
     "follow-up; a broken link hides that."},
    {"hygiene.id.duplicate", kHygiene, kError,
     "Two people, timeline events or contributing factors share an id.",
     "References by id must resolve to exactly one element."},
    {"policy.custom_field.missing", kPolicy, kError,
     "A custom field the policy requires is missing.",
     "The organisation's policy requires it (Policy.required_custom_fields)."},
    {"policy.custom_field.type", kPolicy, kError,
     "A custom field the policy requires has the wrong type.",
     "Tools that read the field rely on its declared type "
     "(Policy.required_custom_fields)."},
    {"report.truncated", kPolicy, kInfo,
     "More findings than the policy's max_findings; the rest were dropped "
     "(this finding carries the highest severity dropped).",
     "Bounded reports keep hostile or broken documents from producing "
     "unbounded output."},
};

v1::Rule ToProto(const RuleSpec& spec) {
  v1::Rule rule;
  rule.set_id(spec.id);
  rule.set_family(spec.family);
  rule.set_default_severity(spec.severity);
  rule.set_severity(spec.severity);
  rule.set_description(spec.description);
  rule.set_rationale(spec.rationale);
  rule.set_enabled(true);
  return rule;
}

}  // namespace pmkit::validate_internal
