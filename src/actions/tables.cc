// The built-in data of the actions engine: transition table, tracker status
// mappings and due windows, and state names.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "pmkit/actions.h"

namespace pmkit {
namespace {

using v1::ActionItemState;
using v1::TransitionGuard;

constexpr ActionItemState kNone = v1::ACTION_ITEM_STATE_UNSPECIFIED;
constexpr ActionItemState kOpen = v1::ACTION_ITEM_STATE_OPEN;
constexpr ActionItemState kInProgress = v1::ACTION_ITEM_STATE_IN_PROGRESS;
constexpr ActionItemState kBlocked = v1::ACTION_ITEM_STATE_BLOCKED;
constexpr ActionItemState kDone = v1::ACTION_ITEM_STATE_DONE;
constexpr ActionItemState kVerified = v1::ACTION_ITEM_STATE_VERIFIED;
constexpr ActionItemState kWontDo = v1::ACTION_ITEM_STATE_WONT_DO;

constexpr TransitionGuard kOwner = v1::TRANSITION_GUARD_OWNER;
constexpr TransitionGuard kNote = v1::TRANSITION_GUARD_NOTE;
constexpr TransitionGuard kResolution = v1::TRANSITION_GUARD_RESOLUTION;
constexpr TransitionGuard kEvidence = v1::TRANSITION_GUARD_EVIDENCE;
constexpr TransitionGuard kVerifier = v1::TRANSITION_GUARD_VERIFIER;
constexpr TransitionGuard kReason = v1::TRANSITION_GUARD_REASON;

void Add(v1::TransitionTable* table, const char* name, ActionItemState from,
         ActionItemState to, std::initializer_list<TransitionGuard> guards) {
  v1::TransitionRule* rule = table->add_rules();
  rule->set_name(name);
  rule->set_from_state(from);
  rule->set_to_state(to);
  for (TransitionGuard guard : guards) rule->add_guards(guard);
}

v1::TransitionTable BuildTable() {
  v1::TransitionTable t;
  Add(&t, "create", kNone, kOpen, {});
  // Starting work needs someone accountable for it.
  Add(&t, "start", kOpen, kInProgress, {kOwner});
  Add(&t, "stop", kInProgress, kOpen, {});
  // A blocked item must say what blocks it, or nobody can unblock it.
  Add(&t, "block", kOpen, kBlocked, {kNote});
  Add(&t, "block", kInProgress, kBlocked, {kNote});
  Add(&t, "unblock", kBlocked, kInProgress, {kOwner});
  Add(&t, "unblock", kBlocked, kOpen, {});
  // Done needs a resolution (what was done, or a link to it).
  Add(&t, "finish", kOpen, kDone, {kResolution});
  Add(&t, "finish", kInProgress, kDone, {kResolution});
  Add(&t, "finish", kBlocked, kDone, {kResolution});
  // Verified: evidence that the fix works, and who checked it.
  Add(&t, "verify", kDone, kVerified, {kEvidence, kVerifier});
  // Not doing agreed work is a decision, so it needs a reason.
  Add(&t, "decline", kOpen, kWontDo, {kReason});
  Add(&t, "decline", kInProgress, kWontDo, {kReason});
  Add(&t, "decline", kBlocked, kWontDo, {kReason});
  // Reopening closed work needs a reason too.
  for (ActionItemState from : {kDone, kVerified, kWontDo}) {
    Add(&t, "reopen", from, kOpen, {kReason});
    Add(&t, "reopen", from, kInProgress, {kReason, kOwner});
  }
  return t;
}

void Map(v1::TrackerMapping* mapping,
         std::initializer_list<std::pair<const char*, ActionItemState>> rows) {
  for (const auto& [status, state] : rows) {
    v1::TrackerStatus* row = mapping->add_statuses();
    row->set_status(status);
    row->set_state(state);
  }
}

std::vector<v1::TrackerMapping> BuildTrackers() {
  std::vector<v1::TrackerMapping> all(4);
  // Jira's default workflows (software and business) and common additions.
  all[0].set_tracker("jira");
  Map(&all[0], {{"To Do", kOpen}, {"Open", kOpen}, {"Backlog", kOpen},
                {"Selected for Development", kOpen}, {"Reopened", kOpen},
                {"In Progress", kInProgress}, {"In Review", kInProgress},
                {"Blocked", kBlocked}, {"On Hold", kBlocked},
                {"Done", kDone}, {"Resolved", kDone}, {"Closed", kDone},
                {"Verified", kVerified}, {"Won't Do", kWontDo},
                {"Won't Fix", kWontDo}, {"Cancelled", kWontDo},
                {"Declined", kWontDo}});
  // GitHub issues: state plus state_reason, and the default Projects columns.
  all[1].set_tracker("github");
  Map(&all[1], {{"open", kOpen}, {"reopened", kOpen}, {"Todo", kOpen},
                {"In Progress", kInProgress}, {"blocked", kBlocked},
                {"closed", kDone}, {"completed", kDone}, {"Done", kDone},
                {"not_planned", kWontDo}, {"not planned", kWontDo},
                {"duplicate", kWontDo}});
  // Linear's workflow state types and default state names.
  all[2].set_tracker("linear");
  Map(&all[2], {{"Triage", kOpen}, {"Backlog", kOpen}, {"Todo", kOpen},
                {"unstarted", kOpen}, {"In Progress", kInProgress},
                {"started", kInProgress}, {"In Review", kInProgress},
                {"Blocked", kBlocked}, {"Done", kDone}, {"completed", kDone},
                {"Canceled", kWontDo}, {"canceled", kWontDo},
                {"Duplicate", kWontDo}});
  // ServiceNow problem tasks / tasks: default state choices.
  all[3].set_tracker("servicenow");
  Map(&all[3], {{"New", kOpen}, {"Open", kOpen}, {"Assess", kOpen},
                {"Work in Progress", kInProgress}, {"In Progress", kInProgress},
                {"Root Cause Analysis", kInProgress}, {"Fix in Progress", kInProgress},
                {"Pending", kBlocked}, {"On Hold", kBlocked},
                {"Resolved", kDone}, {"Closed Complete", kDone},
                {"Closed", kDone}, {"Closed Incomplete", kWontDo},
                {"Closed Skipped", kWontDo}, {"Cancelled", kWontDo},
                {"Canceled", kWontDo}});
  return all;
}

v1::DueWindow Window(v1::Priority priority, const char* level, int days) {
  v1::DueWindow window;
  window.set_priority(priority);
  window.set_severity_level(level);
  window.mutable_window()->set_seconds(int64_t{days} * 86400);
  return window;
}

std::vector<v1::DueWindow> BuildWindows() {
  // After Atlassian's incident handbook (priority actions of major incidents
  // within 4 or 8 weeks) tightened for the most severe incidents: P0/P1
  // items of a SEV1 within 15 days, of a SEV2 within 30.
  return {Window(v1::PRIORITY_P0, "SEV1", 15), Window(v1::PRIORITY_P1, "SEV1", 15),
          Window(v1::PRIORITY_P0, "SEV2", 30), Window(v1::PRIORITY_P1, "SEV2", 30),
          Window(v1::PRIORITY_P0, "", 28),     Window(v1::PRIORITY_P1, "", 28),
          Window(v1::PRIORITY_UNSPECIFIED, "", 56)};
}

}  // namespace

const v1::TransitionTable& DefaultTransitionTable() {
  static const v1::TransitionTable* table = new v1::TransitionTable(BuildTable());
  return *table;
}

const std::vector<v1::TrackerMapping>& DefaultTrackerMappings() {
  static const auto* mappings = new std::vector<v1::TrackerMapping>(BuildTrackers());
  return *mappings;
}

const std::vector<v1::DueWindow>& DefaultDueWindows() {
  static const auto* windows = new std::vector<v1::DueWindow>(BuildWindows());
  return *windows;
}

absl::string_view StateShortName(v1::ActionItemState state) {
  switch (state) {
    case v1::ACTION_ITEM_STATE_UNSPECIFIED: return "unspecified";
    case v1::ACTION_ITEM_STATE_OPEN: return "open";
    case v1::ACTION_ITEM_STATE_IN_PROGRESS: return "in_progress";
    case v1::ACTION_ITEM_STATE_BLOCKED: return "blocked";
    case v1::ACTION_ITEM_STATE_DONE: return "done";
    case v1::ACTION_ITEM_STATE_VERIFIED: return "verified";
    case v1::ACTION_ITEM_STATE_WONT_DO: return "wont_do";
    default: return "unknown_state";
  }
}

absl::StatusOr<v1::ActionItemState> ParseState(absl::string_view name) {
  std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  key = absl::StrReplaceAll(key, {{" ", "_"}, {"-", "_"}, {"'", ""}});
  if (key.rfind("action_item_state_", 0) == 0) {
    key = key.substr(sizeof("action_item_state_") - 1);
  }
  if (key == "wontdo") key = "wont_do";
  if (key == "inprogress") key = "in_progress";
  for (int i = 1; i <= v1::ACTION_ITEM_STATE_WONT_DO; ++i) {
    auto state = static_cast<v1::ActionItemState>(i);
    if (key == StateShortName(state)) return state;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown action-item state \"", name,
      "\"; expected open, in_progress, blocked, done, verified or wont_do"));
}

}  // namespace pmkit
