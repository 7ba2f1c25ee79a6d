// ActionEngine: compiling options, replaying histories and applying
// transitions.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/actions/internal.h"

namespace pmkit {
namespace {

std::string Lower(absl::string_view text) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
}

bool Blank(absl::string_view text) {
  return absl::StripAsciiWhitespace(text).empty();
}

// The identity of a person-like actor, for comparing verifier and doer.
absl::string_view PersonOf(const v1::Actor& actor) {
  if (!actor.person_id().empty()) return actor.person_id();
  return actor.display_name();
}

// Names of the states reachable from `from`, for refusal messages.
std::string Reachable(const ActionEngine& engine, v1::ActionItemState from) {
  std::vector<std::string> names;
  for (int to = 1; to < kStateCount; ++to) {
    if (engine.FindRule(from, static_cast<v1::ActionItemState>(to)) != nullptr) {
      names.emplace_back(StateShortName(static_cast<v1::ActionItemState>(to)));
    }
  }
  if (names.empty()) return "nothing";
  return absl::StrJoin(names, ", ");
}

bool SameEvent(const v1::StateTransition& a, const v1::StateTransition& b) {
  return a.to_state() == b.to_state() && a.note() == b.note() &&
         PersonOf(a.actor()) == PersonOf(b.actor()) &&
         a.actor().system() == b.actor().system() &&
         (a.from_state() == v1::ACTION_ITEM_STATE_UNSPECIFIED ||
          a.from_state() == b.from_state()) &&
         (!a.has_time() || (a.time().seconds() == b.time().seconds() &&
                            a.time().nanos() == b.time().nanos()));
}

}  // namespace

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out) {
  const absl::Time lo = absl::FromUnixSeconds(kMinSeconds);
  const absl::Time hi = absl::FromUnixSeconds(kMaxSeconds);
  time = std::clamp(time, lo, hi);
  const int64_t seconds = absl::ToUnixSeconds(time);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
}

absl::Duration DurationOf(const google::protobuf::Duration& duration) {
  // +-10,000 years, as protobuf allows.
  constexpr int64_t kMax = 315576000000;
  return absl::Seconds(std::clamp(duration.seconds(), -kMax, kMax)) +
         absl::Nanoseconds(std::clamp(duration.nanos(), -999999999, 999999999));
}

void SetDuration(absl::Duration duration, google::protobuf::Duration* out) {
  const int64_t seconds = absl::IDivDuration(duration, absl::Seconds(1), &duration);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(duration)));
}

bool HasActor(const v1::Actor& actor) {
  return !Blank(actor.person_id()) || !Blank(actor.display_name()) ||
         !Blank(actor.system()) || !Blank(actor.role());
}

bool GuardMet(v1::TransitionGuard guard, const v1::StateTransition& event,
              const v1::ActionItem& item, bool check_owner, std::string* why) {
  switch (guard) {
    case v1::TRANSITION_GUARD_OWNER:
      if (!check_owner || !Blank(item.owner_id())) return true;
      *why = "the item has no owner (set owner_id first)";
      return false;
    case v1::TRANSITION_GUARD_NOTE:
      if (!Blank(event.note())) return true;
      *why = "a note saying what blocks the item is required";
      return false;
    case v1::TRANSITION_GUARD_REASON:
      if (!Blank(event.note())) return true;
      *why = "a reason (note) is required";
      return false;
    case v1::TRANSITION_GUARD_RESOLUTION:
      if (!Blank(event.note())) return true;
      for (const v1::Link& link : event.evidence()) {
        if (!Blank(link.url())) return true;
      }
      *why = "a resolution note or an evidence link is required";
      return false;
    case v1::TRANSITION_GUARD_EVIDENCE:
      for (const v1::Link& link : event.evidence()) {
        if (!Blank(link.url())) return true;
      }
      *why = "evidence that the fix works (a link with a URL) is required";
      return false;
    case v1::TRANSITION_GUARD_VERIFIER:
      if (!Blank(PersonOf(event.actor()))) return true;
      *why = "the verifier must be a person (actor person_id or display_name)";
      return false;
    case v1::TRANSITION_GUARD_INDEPENDENT_VERIFIER: {
      absl::string_view doer;
      for (const v1::StateTransition& entry : item.history()) {
        if (entry.to_state() == v1::ACTION_ITEM_STATE_DONE) doer = PersonOf(entry.actor());
      }
      if (doer.empty() || PersonOf(event.actor()) != doer) return true;
      *why = absl::StrCat("the verifier must not be the person who marked it done (",
                          doer, ")");
      return false;
    }
    default:
      *why = absl::StrCat("unknown guard ", static_cast<int>(guard));
      return false;
  }
}

ActionEngine::~ActionEngine() = default;

absl::StatusOr<std::unique_ptr<ActionEngine>> ActionEngine::Create(
    const v1::ActionOptions& options) {
  std::unique_ptr<ActionEngine> engine(new ActionEngine());
  auto compiled = std::make_unique<Compiled>();
  engine->table_ = options.table().rules_size() > 0 ? options.table()
                                                     : DefaultTransitionTable();
  for (auto& row : compiled->rule) row.fill(-1);
  for (int i = 0; i < engine->table_.rules_size(); ++i) {
    const v1::TransitionRule& rule = engine->table_.rules(i);
    const int from = rule.from_state();
    const int to = rule.to_state();
    const std::string where = absl::StrCat("table.rules[", i, "]");
    if (!IsKnownState(from) || !IsKnownState(to)) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": unknown state"));
    }
    if (to == v1::ACTION_ITEM_STATE_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": to_state must be a state, not UNSPECIFIED"));
    }
    if (from == to) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": a state cannot transition to itself"));
    }
    if (compiled->rule[from][to] != -1) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": ", StateShortName(rule.from_state()), " -> ",
          StateShortName(rule.to_state()), " is listed twice"));
    }
    for (int guard : rule.guards()) {
      if (guard <= 0 || guard > v1::TRANSITION_GUARD_REASON) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": unknown guard ", guard));
      }
    }
    compiled->rule[from][to] = i;
  }
  // Tracker mappings: built-ins, each replaced by a configured one.
  std::vector<v1::TrackerMapping> trackers = DefaultTrackerMappings();
  for (const v1::TrackerMapping& mapping : options.tracker_mappings()) {
    if (Blank(mapping.tracker())) {
      return absl::InvalidArgumentError("tracker_mappings: a mapping has no tracker name");
    }
    trackers.push_back(mapping);
  }
  for (const v1::TrackerMapping& mapping : trackers) {
    auto& statuses = compiled->trackers[Lower(mapping.tracker())];
    statuses.clear();  // A later mapping of the same tracker replaces it.
    for (const v1::TrackerStatus& row : mapping.statuses()) {
      if (!IsKnownState(row.state()) || row.state() == v1::ACTION_ITEM_STATE_UNSPECIFIED) {
        return absl::InvalidArgumentError(absl::StrCat(
            "tracker_mappings: ", mapping.tracker(), " status \"", row.status(),
            "\" maps to no valid state"));
      }
      statuses[Lower(row.status())] = row.state();
    }
  }
  // Due windows.
  const auto& policy_windows = options.policy().due_windows();
  std::vector<v1::DueWindow> windows(policy_windows.begin(), policy_windows.end());
  if (windows.empty()) windows = DefaultDueWindows();
  for (size_t i = 0; i < windows.size(); ++i) {
    const v1::DueWindow& w = windows[i];
    absl::Duration length = DurationOf(w.window());
    if (length < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy.due_windows[", i, "]: the window is negative"));
    }
    if (w.priority() < 0 || w.priority() > v1::PRIORITY_P3) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy.due_windows[", i, "]: unknown priority"));
    }
    compiled->windows.push_back(CompiledWindow{
        w.priority(), w.severity_level(), length, w.business_days(),
        (w.priority() != v1::PRIORITY_UNSPECIFIED ? 2 : 0) +
            (w.severity_level().empty() ? 0 : 1)});
  }
  // Follow-up policy.
  const v1::FollowUpPolicy& follow = options.follow_up();
  auto positive_or = [](const google::protobuf::Duration& d, bool has,
                        absl::Duration fallback, const char* name)
      -> absl::StatusOr<absl::Duration> {
    if (!has) return fallback;
    absl::Duration value = DurationOf(d);
    if (value <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError(
          absl::StrCat("follow_up.", name, " must be positive"));
    }
    return value;
  };
  absl::StatusOr<absl::Duration> value =
      positive_or(follow.due_soon(), follow.has_due_soon(), absl::Hours(24 * 7), "due_soon");
  if (!value.ok()) return value.status();
  compiled->due_soon = *value;
  value = positive_or(follow.overdue_reminder_interval(),
                      follow.has_overdue_reminder_interval(), absl::Hours(24),
                      "overdue_reminder_interval");
  if (!value.ok()) return value.status();
  compiled->overdue_interval = *value;
  value = positive_or(follow.stall_reminder_interval(),
                      follow.has_stall_reminder_interval(), absl::Hours(24 * 7),
                      "stall_reminder_interval");
  if (!value.ok()) return value.status();
  compiled->stall_interval = *value;
  compiled->stall.fill(absl::ZeroDuration());
  compiled->stall[v1::ACTION_ITEM_STATE_OPEN] = absl::Hours(24 * 14);
  compiled->stall[v1::ACTION_ITEM_STATE_IN_PROGRESS] = absl::Hours(24 * 30);
  compiled->stall[v1::ACTION_ITEM_STATE_BLOCKED] = absl::Hours(24 * 14);
  for (const v1::StallLimit& limit : follow.stall_limits()) {
    if (!IsKnownState(limit.state()) ||
        limit.state() == v1::ACTION_ITEM_STATE_UNSPECIFIED) {
      return absl::InvalidArgumentError("follow_up.stall_limits: unknown state");
    }
    absl::Duration length = DurationOf(limit.limit());
    if (length < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "follow_up.stall_limits: the limit for ", StateShortName(limit.state()),
          " is negative"));
    }
    compiled->stall[limit.state()] = length;
  }
  engine->compiled_ = std::move(compiled);
  return engine;
}

const ActionEngine& ActionEngine::Default() {
  static const ActionEngine* engine = Create().value().release();
  return *engine;
}

const v1::TransitionRule* ActionEngine::FindRule(v1::ActionItemState from,
                                                 v1::ActionItemState to) const {
  if (!IsKnownState(from) || !IsKnownState(to)) return nullptr;
  const int index = compiled_->rule[from][to];
  return index < 0 ? nullptr : &table_.rules(index);
}

DerivedState ActionEngine::DeriveState(const v1::ActionItem& item) const {
  return Replay(*this, item, nullptr);
}

void ActionEngine::CheckHistory(const v1::ActionItem& item,
                                absl::string_view path_prefix,
                                std::vector<v1::Finding>* findings) const {
  std::vector<HistoryProblem> problems;
  Replay(*this, item, &problems);
  for (HistoryProblem& problem : problems) {
    v1::Finding& finding = findings->emplace_back();
    finding.set_rule_id(problem.rule_id);
    finding.set_severity(problem.severity);
    std::string path(path_prefix);
    if (!path.empty()) path += ".";
    if (problem.entry >= 0) {
      absl::StrAppend(&path, "history[", problem.entry, "].");
      v1::FieldPathElement* element = finding.mutable_path()->add_elements();
      element->set_field_name("history");
      element->set_field_number(11);
      element->set_index(problem.entry);
    }
    v1::FieldPathElement* element = finding.mutable_path()->add_elements();
    element->set_field_name(problem.field);
    element->set_field_number(problem.field_number);
    absl::StrAppend(&path, problem.field);
    finding.set_path_text(path);
    finding.set_message(absl::StrCat("action item \"", item.id(), "\": ", problem.message));
  }
}

absl::StatusOr<ApplyResult> ActionEngine::Apply(const v1::StateTransition& event,
                                                absl::Time now,
                                                v1::ActionItem* item) const {
  const int to_value = event.to_state();
  if (!IsKnownState(to_value) || to_value == v1::ACTION_ITEM_STATE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the transition needs a target state (to_state), got ", to_value));
  }
  const v1::ActionItemState to = event.to_state();
  if (!HasActor(event.actor())) {
    return absl::InvalidArgumentError(
        "the transition needs an actor (person_id, display_name, role or system)");
  }
  const std::string label = absl::StrCat("action item \"", item->id(), "\": ");
  // Idempotency: an event id seen before is either the same event (no-op)
  // or a conflicting one.
  if (!event.event_id().empty()) {
    for (const v1::StateTransition& entry : item->history()) {
      if (entry.event_id() != event.event_id()) continue;
      if (SameEvent(event, entry)) {
        return ApplyResult{false, DeriveState(*item).state};
      }
      return absl::AlreadyExistsError(absl::StrCat(
          label, "event id \"", event.event_id(),
          "\" is already in the history with different content"));
    }
  }
  DerivedState derived = DeriveState(*item);
  if (!derived.consistency.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        label, "the history contradicts itself, so no transition is applied: ",
        derived.consistency.message()));
  }
  v1::ActionItemState from = derived.state;
  if (item->history().empty() && item->state() == v1::ACTION_ITEM_STATE_UNSPECIFIED &&
      to == v1::ACTION_ITEM_STATE_OPEN) {
    from = v1::ACTION_ITEM_STATE_UNSPECIFIED;  // Creation.
  }
  if (event.from_state() != v1::ACTION_ITEM_STATE_UNSPECIFIED && event.from_state() != from) {
    return absl::FailedPreconditionError(absl::StrCat(
        label, "the transition starts from ", StateShortName(event.from_state()),
        " but the item is ", StateShortName(from)));
  }
  if (from == to) {
    return absl::FailedPreconditionError(
        absl::StrCat(label, "the item is already ", StateShortName(to)));
  }
  const v1::TransitionRule* rule = FindRule(from, to);
  if (rule == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        label, StateShortName(from), " -> ", StateShortName(to),
        " is not an allowed transition; from ", StateShortName(from),
        " the item may go to: ", Reachable(*this, from)));
  }
  std::vector<std::string> refusals;
  for (int guard : rule->guards()) {
    std::string why;
    if (!GuardMet(static_cast<v1::TransitionGuard>(guard), event, *item,
                  /*check_owner=*/true, &why)) {
      refusals.push_back(std::move(why));
    }
  }
  if (!refusals.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        label, StateShortName(from), " -> ", StateShortName(to), " (", rule->name(),
        ") refused: ", absl::StrJoin(refusals, "; ")));
  }
  const absl::Time time = event.has_time() ? TimeOf(event.time(), true) : now;
  if (!item->history().empty()) {
    const v1::StateTransition& last = *item->history().rbegin();
    if (last.has_time() && time < TimeOf(last.time(), true)) {
      return absl::FailedPreconditionError(absl::StrCat(
          label, "the transition's time is earlier than the last history entry's"));
    }
  }
  v1::StateTransition* added = item->add_history();
  *added = event;
  added->set_from_state(from);
  SetTimestamp(time, added->mutable_time());
  if (added->event_id().empty()) {
    // "<item id>/<n>", as trackers number comments; bumped past any taken id.
    int n = item->history_size();
    std::string id;
    for (;; ++n) {
      id = absl::StrCat(item->id(), "/", n);
      bool taken = false;
      for (const v1::StateTransition& entry : item->history()) {
        if (entry.event_id() == id) { taken = true; break; }
      }
      if (!taken) break;
    }
    added->set_event_id(std::move(id));
  }
  item->set_state(to);
  return ApplyResult{true, to};
}

absl::StatusOr<ApplyResult> ActionEngine::ApplyToPostmortem(
    absl::string_view item_id, const v1::StateTransition& event, absl::Time now,
    v1::Postmortem* postmortem) const {
  for (v1::ActionItem& item : *postmortem->mutable_action_items()) {
    if (item.id() == item_id) return Apply(event, now, &item);
  }
  return absl::NotFoundError(
      absl::StrCat("the postmortem has no action item with id \"", item_id, "\""));
}

absl::StatusOr<v1::ActionItemState> ActionEngine::MapTrackerStatus(
    absl::string_view tracker, absl::string_view status) const {
  auto it = compiled_->trackers.find(Lower(tracker));
  if (it == compiled_->trackers.end()) {
    std::vector<std::string> names;
    for (const auto& entry : compiled_->trackers) names.push_back(entry.first);
    std::sort(names.begin(), names.end());
    return absl::NotFoundError(absl::StrCat("no status mapping for tracker \"", tracker,
                                            "\"; known: ", absl::StrJoin(names, ", ")));
  }
  auto found = it->second.find(Lower(status));
  if (found == it->second.end()) {
    return absl::NotFoundError(absl::StrCat("tracker \"", tracker,
                                            "\" has no mapping for status \"", status,
                                            "\""));
  }
  return found->second;
}

}  // namespace pmkit
