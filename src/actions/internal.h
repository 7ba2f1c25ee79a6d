// Private pieces of the actions engine shared by its implementation files:
// the compiled form of ActionOptions, time conversions and the history
// replay that both DeriveState and CheckHistory use.
#ifndef PMKIT_SRC_ACTIONS_INTERNAL_H_
#define PMKIT_SRC_ACTIONS_INTERNAL_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "pmkit/actions.h"

namespace pmkit {

// Number of ActionItemState values (UNSPECIFIED..WONT_DO).
inline constexpr int kStateCount = 7;

inline bool IsKnownState(int state) { return state >= 0 && state < kStateCount; }

// Open states: work is still expected.
inline bool IsOpenState(v1::ActionItemState state) {
  return state == v1::ACTION_ITEM_STATE_OPEN ||
         state == v1::ACTION_ITEM_STATE_IN_PROGRESS ||
         state == v1::ACTION_ITEM_STATE_BLOCKED;
}

// Protobuf's Timestamp range: 0001-01-01 to 9999-12-31.
inline constexpr int64_t kMinSeconds = -62135596800;
inline constexpr int64_t kMaxSeconds = 253402300799;

// An unset Timestamp is "unknown": InfinitePast. Seconds are clamped to the
// protobuf range so hostile values cannot overflow absl arithmetic. Inline:
// the report calls it for every history entry.
inline absl::Time TimeOf(const google::protobuf::Timestamp& timestamp, bool has) {
  if (!has) return absl::InfinitePast();
  int64_t seconds = timestamp.seconds();
  seconds = seconds < kMinSeconds ? kMinSeconds : seconds > kMaxSeconds ? kMaxSeconds : seconds;
  int32_t nanos = timestamp.nanos();
  nanos = nanos < 0 ? 0 : nanos > 999999999 ? 999999999 : nanos;
  return absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
}
void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out);
absl::Duration DurationOf(const google::protobuf::Duration& duration);
void SetDuration(absl::Duration duration, google::protobuf::Duration* out);

// A due window in compiled form.
struct CompiledWindow {
  v1::Priority priority;       // UNSPECIFIED matches any.
  std::string severity_level;  // Empty matches any.
  absl::Duration window;
  bool business_days;
  int specificity;  // 2 per matching priority, 1 per matching severity.
};

struct ActionEngine::Compiled {
  // rule[from][to]: index into table_.rules() or -1.
  std::array<std::array<int, kStateCount>, kStateCount> rule{};
  // Lower-cased tracker -> lower-cased status -> state.
  absl::flat_hash_map<std::string,
                      absl::flat_hash_map<std::string, v1::ActionItemState>>
      trackers;
  std::vector<CompiledWindow> windows;
  absl::Duration due_soon;
  absl::Duration overdue_interval;
  absl::Duration stall_interval;
  std::array<absl::Duration, kStateCount> stall{};  // Zero: no limit.
};

// The policy window for an item of `priority` in an incident of
// `severity_level`: the most specific match (first on ties), or null.
const CompiledWindow* BestWindow(const std::vector<CompiledWindow>& windows, int priority,
                                 absl::string_view severity_level);

// The follow-through report; `generic_only` forces the absl::Time path for
// every item (the reference the fast path is tested against).
v1::FollowThroughReport BuildReport(const ActionEngine& engine,
                                    absl::Span<const v1::Postmortem* const> postmortems,
                                    absl::Time now, bool generic_only);

// Access to the compiled engine for the implementation files.
struct ActionEngineInternals {
  using Compiled = ActionEngine::Compiled;
  static const ActionEngine::Compiled& Of(const ActionEngine& engine) {
    return *engine.compiled_;
  }
};

// One problem found while replaying a history.
struct HistoryProblem {
  const char* rule_id;
  v1::FindingSeverity severity;
  int entry;           // History index, or -1 for the item itself.
  const char* field;   // Field of the entry (or item) at fault.
  int field_number;
  std::string message;
};

// Replays `item`'s history against `rule` (from Compiled). When `problems`
// is null, stops at the first contradiction (fast path) and skips the
// guard checks; otherwise collects every problem, guard warnings included.
DerivedState Replay(const ActionEngine& engine, const v1::ActionItem& item,
                    std::vector<HistoryProblem>* problems);

// Whether `event` meets `guard` for `item`; on failure `why` says what is
// missing.
bool GuardMet(v1::TransitionGuard guard, const v1::StateTransition& event,
              const v1::ActionItem& item, bool check_owner, std::string* why);

// Whether any identifying field of the actor is set.
bool HasActor(const v1::Actor& actor);

}  // namespace pmkit

#endif  // PMKIT_SRC_ACTIONS_INTERNAL_H_
