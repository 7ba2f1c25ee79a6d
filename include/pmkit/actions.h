// Action items: an explicit state machine with guards, tracker status
// mappings, due dates from policy, overdue/stalled evaluation at a given time
// and follow-through reports over one or many postmortems.
//
// The state machine is data (v1::TransitionTable): DefaultTransitionTable()
// returns the built-in table, and an ActionEngine can be built with another.
// Every change of state is a v1::StateTransition appended to the item's
// history; the current state is what the history says (DeriveState).
//
// Thread safety: ActionEngine is immutable after Create and safe to share
// between threads; the free functions are reentrant.
#ifndef PMKIT_ACTIONS_H_
#define PMKIT_ACTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "pmkit/v1/actions.pb.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit {

// The built-in transition table (see docs/actions.md for the reasons):
//   create      (none)      -> open
//   start       open        -> in progress   owner
//   block       open, in progress -> blocked  note (the blocker)
//   unblock     blocked     -> in progress   owner;  blocked -> open
//   stop        in progress -> open
//   finish      open, in progress, blocked -> done   resolution
//   verify      done        -> verified      evidence, verifier
//   decline     open, in progress, blocked -> won't do   reason
//   reopen      done, verified, won't do -> open   reason
//               done, verified, won't do -> in progress   reason, owner
const v1::TransitionTable& DefaultTransitionTable();

// Built-in tracker mappings: "jira", "github", "linear", "servicenow".
const std::vector<v1::TrackerMapping>& DefaultTrackerMappings();

// The built-in due windows (used when the policy has none).
const std::vector<v1::DueWindow>& DefaultDueWindows();

// "open", "in_progress", "blocked", "done", "verified", "wont_do" (and
// "unspecified"); the enum value name for values outside the enum.
absl::string_view StateShortName(v1::ActionItemState state);

// Parses a state by short name ("in_progress", also "in progress",
// "in-progress", "won't do") or enum name ("ACTION_ITEM_STATE_DONE"),
// case-insensitively. UNSPECIFIED is refused: it is not a state to go to.
absl::StatusOr<v1::ActionItemState> ParseState(absl::string_view name);

// The result of replaying an item's history.
struct DerivedState {
  // The current state: the last history entry's to_state, or the item's
  // state field (UNSPECIFIED read as open) when the history is empty.
  v1::ActionItemState state = v1::ACTION_ITEM_STATE_OPEN;
  // When the item entered `state` (unset time: unknown).
  absl::Time state_since = absl::InfinitePast();
  // When the item was created: create_time, else the first history entry.
  absl::Time created = absl::InfinitePast();
  // First entry into done and into verified (InfinitePast: never).
  absl::Time first_done = absl::InfinitePast();
  absl::Time first_verified = absl::InfinitePast();
  // OK when the history is consistent; otherwise FailedPrecondition naming
  // the first contradiction and the entry it is in.
  absl::Status consistency;
};

// Where an item's due time comes from, and when it is.
struct DueTime {
  v1::DueSource source = v1::DUE_SOURCE_UNSPECIFIED;
  absl::Time time = absl::InfiniteFuture();  // InfiniteFuture: none.
};

// What Apply did.
struct ApplyResult {
  // False when the event's id was already in the history with the same
  // content: the event had been applied before and nothing changed.
  bool applied = false;
  // The state after the call.
  v1::ActionItemState state = v1::ACTION_ITEM_STATE_UNSPECIFIED;
};

// The compiled actions engine: a validated transition table (as a 7x7
// matrix), tracker mappings, due windows and follow-up policy.
//
// Thread safety: immutable after Create; every method is const and may be
// called from many threads at once.
class ActionEngine {
 public:
  // Validates and compiles `options`. InvalidArgument when the table names
  // an unknown state or guard, lists a (from, to) pair twice, has a rule to
  // UNSPECIFIED or a self-transition, or when a due window or stall limit is
  // negative.
  static absl::StatusOr<std::unique_ptr<ActionEngine>> Create(
      const v1::ActionOptions& options = {});

  // The engine with every default; never fails.
  static const ActionEngine& Default();

  ActionEngine(const ActionEngine&) = delete;
  ActionEngine& operator=(const ActionEngine&) = delete;
  ~ActionEngine();

  // The table in use (as data, for rendering).
  const v1::TransitionTable& table() const { return table_; }

  // The rule for from -> to, or null when the transition is not allowed.
  const v1::TransitionRule* FindRule(v1::ActionItemState from,
                                     v1::ActionItemState to) const;

  // Replays the history of `item` against the table (guards that can be
  // checked from the history alone included).
  DerivedState DeriveState(const v1::ActionItem& item) const;

  // Findings (rule ids "action_item.history.*") for an item's history;
  // `path_prefix` (e.g. "action_items[2]") is prepended to field paths.
  void CheckHistory(const v1::ActionItem& item, absl::string_view path_prefix,
                    std::vector<v1::Finding>* findings) const;

  // Applies `event` to `item`: event.to_state is the target; from_state is
  // filled in from the derived state (when set it must equal it); an unset
  // time takes `now`; an empty event_id becomes "<item id>/<n>".
  // Errors (item unchanged):
  //   InvalidArgument     to_state unset or unknown; actor empty.
  //   FailedPrecondition  the transition is not in the table, a guard
  //                       refuses, from_state is stale, the time precedes
  //                       the last entry, or the history contradicts itself.
  //                       The message says which and why.
  //   AlreadyExists       the event id is in the history with other content.
  absl::StatusOr<ApplyResult> Apply(const v1::StateTransition& event,
                                    absl::Time now,
                                    v1::ActionItem* item) const;

  // Apply to the item with id `item_id` of `postmortem`; NotFound when there
  // is none.
  absl::StatusOr<ApplyResult> ApplyToPostmortem(absl::string_view item_id,
                                                const v1::StateTransition& event,
                                                absl::Time now,
                                                v1::Postmortem* postmortem) const;

  // The state a tracker status means. NotFound for an unknown tracker or
  // status (the message lists the known ones).
  absl::StatusOr<v1::ActionItemState> MapTrackerStatus(
      absl::string_view tracker, absl::string_view status) const;

  // The item's effective due time: its explicit due_time, else the policy
  // window that matches its priority and `severity_level` most specifically,
  // counted from its creation (`derived.created`).
  DueTime ComputeDue(const v1::ActionItem& item,
                     absl::string_view severity_level,
                     const DerivedState& derived) const;

  // The follow-up status of every item of `postmortem` at `now`.
  v1::ActionStatusReport Evaluate(const v1::Postmortem& postmortem,
                                  absl::Time now) const;

  // The follow-through report over `postmortems` at `now`.
  v1::FollowThroughReport Report(
      absl::Span<const v1::Postmortem* const> postmortems, absl::Time now) const;

 private:
  ActionEngine() = default;
  friend struct ActionEngineInternals;  // src/actions/internal.h

  struct Compiled;
  v1::TransitionTable table_;
  std::unique_ptr<const Compiled> compiled_;
};

// Adds `days` business days (Monday to Friday, UTC) to `start`: a start on a
// weekend counts from the next Monday 00:00 UTC.
absl::Time AddBusinessDays(absl::Time start, int64_t days);

// Renders a follow-through report as Markdown (UTC times).
std::string RenderFollowThroughMarkdown(const v1::FollowThroughReport& report);

// Renders a status report as Markdown (UTC times).
std::string RenderStatusMarkdown(const v1::ActionStatusReport& report);

}  // namespace pmkit

#endif  // PMKIT_ACTIONS_H_
