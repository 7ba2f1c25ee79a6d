// Replaying an action item's history against the transition table: the
// derived state and times, and the contradictions. One template serves two
// callers: the report's fast path (stop at the first contradiction, no
// messages built unless one is found, no guard checks) and CheckHistory
// (every problem, guard warnings included), so both agree on what a
// contradiction is.
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/actions/internal.h"

namespace pmkit {
namespace {

// A time as stored: seconds and nanos, compared without conversion.
struct Stamp {
  int64_t seconds;
  int32_t nanos;
  bool operator<(const Stamp& other) const {
    return seconds != other.seconds ? seconds < other.seconds : nanos < other.nanos;
  }
};

// Event ids of one item usually share a prefix ("AI-1/2", "AI-1/3"): test
// the length and the last byte before comparing the rest.
inline bool SameId(const std::string& a, const std::string& b) {
  return a.size() == b.size() && a.back() == b.back() &&
         std::memcmp(a.data(), b.data(), a.size() - 1) == 0;
}

template <bool kCollect>
DerivedState ReplayImpl(const ActionEngine& engine, const v1::ActionItem& item,
                        std::vector<HistoryProblem>* problems) {
  const auto& compiled = ActionEngineInternals::Of(engine);
  DerivedState out;
  const auto& history = item.history();
  const bool has_create = item.has_create_time();
  if (has_create) out.created = TimeOf(item.create_time(), true);
  // Records a problem; in the fast path only the first error matters.
  auto report = [&](const char* rule_id, v1::FindingSeverity severity, int entry,
                    const char* field, int number, std::string message) {
    if (out.consistency.ok() && severity == v1::FINDING_SEVERITY_ERROR) {
      out.consistency = absl::FailedPreconditionError(
          entry < 0 ? message : absl::StrCat("history[", entry, "]: ", message));
    }
    if constexpr (kCollect) {
      problems->push_back(
          HistoryProblem{rule_id, severity, entry, field, number, std::move(message)});
    }
  };
  const int n = history.size();
  if (n == 0) {
    const int state = item.state();
    if (!IsKnownState(state)) {
      report("action_item.state.unknown", v1::FINDING_SEVERITY_ERROR, -1, "state", 10,
             absl::StrCat("unknown state ", state));
      out.state = v1::ACTION_ITEM_STATE_OPEN;
    } else {
      out.state = state == v1::ACTION_ITEM_STATE_UNSPECIFIED ? v1::ACTION_ITEM_STATE_OPEN
                                                             : item.state();
    }
    out.state_since = out.created;
    return out;
  }
  bool have_last = false;
  Stamp last{0, 0};
  int current = v1::ACTION_ITEM_STATE_UNSPECIFIED;
  // Indexes of the entries whose times the result needs (-1: none).
  int since = -1, done = -1, verified = -1;
  for (int i = 0; i < n; ++i) {
    const v1::StateTransition& entry = history[i];
    const int from = entry.from_state();
    const int to = entry.to_state();
    if (!IsKnownState(from) || !IsKnownState(to) ||
        to == v1::ACTION_ITEM_STATE_UNSPECIFIED) {
      report("action_item.history.unknown_state", v1::FINDING_SEVERITY_ERROR, i,
             "to_state", 5,
             absl::StrCat("unknown or missing state (from ", from, " to ", to, ")"));
      if constexpr (!kCollect) return out;
      continue;
    }
    if (i > 0 && from != current) {
      report("action_item.history.contradiction", v1::FINDING_SEVERITY_ERROR, i,
             "from_state", 4,
             absl::StrCat("from_state is ", StateShortName(entry.from_state()),
                          " but the previous entry left the item ",
                          StateShortName(static_cast<v1::ActionItemState>(current))));
      if constexpr (!kCollect) return out;
    }
    // A first entry that does not create the item starts from its
    // from_state (a history imported mid-life); its transition must still
    // be in the table.
    const int rule_index = compiled.rule[from][to];
    if (rule_index < 0) {
      report("action_item.history.illegal_transition", v1::FINDING_SEVERITY_ERROR, i,
             "to_state", 5,
             absl::StrCat(StateShortName(entry.from_state()), " -> ",
                          StateShortName(entry.to_state()),
                          " is not an allowed transition"));
      if constexpr (!kCollect) return out;
    }
    if (entry.has_time()) {
      const Stamp stamp{entry.time().seconds(), entry.time().nanos()};
      if (have_last && stamp < last) {
        report("action_item.history.time_reversed", v1::FINDING_SEVERITY_ERROR, i,
               "time", 2, "the entry is earlier than the one before it");
        if constexpr (!kCollect) return out;
      }
      last = stamp;
      have_last = true;
    }
    if (const std::string& id = entry.event_id(); !id.empty()) {
      for (int j = 0; j < i; ++j) {
        if (SameId(history[j].event_id(), id)) {
          report("action_item.history.duplicate_event", v1::FINDING_SEVERITY_ERROR, i,
                 "event_id", 1,
                 absl::StrCat("event id \"", id, "\" was already used by history[", j,
                              "]"));
          if constexpr (!kCollect) return out;
          break;
        }
      }
    }
    if constexpr (kCollect) {
      if (rule_index >= 0) {
        const v1::TransitionRule& rule = engine.table().rules(rule_index);
        if (!HasActor(entry.actor())) {
          report("action_item.history.guard", v1::FINDING_SEVERITY_WARNING, i, "actor", 3,
                 "the transition records no actor");
        }
        for (int guard : rule.guards()) {
          std::string why;
          if (!GuardMet(static_cast<v1::TransitionGuard>(guard), entry, item,
                        /*check_owner=*/false, &why)) {
            report("action_item.history.guard", v1::FINDING_SEVERITY_WARNING, i, "note", 6,
                   absl::StrCat(rule.name(), " (", StateShortName(entry.from_state()),
                                " -> ", StateShortName(entry.to_state()), "): ", why));
          }
        }
      }
    }
    current = to;
    since = i;
    if (current == v1::ACTION_ITEM_STATE_DONE && done < 0) done = i;
    if (current == v1::ACTION_ITEM_STATE_VERIFIED && verified < 0) verified = i;
  }
  auto time_of = [&](int index) {
    if (index < 0) return absl::InfinitePast();
    const v1::StateTransition& entry = history[index];
    return TimeOf(entry.time(), entry.has_time());
  };
  if (!has_create) out.created = time_of(0);
  out.state_since = time_of(since);
  out.first_done = time_of(done);
  out.first_verified = time_of(verified);
  out.state = current == v1::ACTION_ITEM_STATE_UNSPECIFIED
                  ? v1::ACTION_ITEM_STATE_OPEN
                  : static_cast<v1::ActionItemState>(current);
  if (item.state() != v1::ACTION_ITEM_STATE_UNSPECIFIED && item.state() != current) {
    report("action_item.state.mismatch", v1::FINDING_SEVERITY_ERROR, -1, "state", 10,
           absl::StrCat("state is ", StateShortName(item.state()),
                        " but the history ends in ",
                        StateShortName(static_cast<v1::ActionItemState>(current))));
  }
  return out;
}

}  // namespace

DerivedState Replay(const ActionEngine& engine, const v1::ActionItem& item,
                    std::vector<HistoryProblem>* problems) {
  if (problems == nullptr) return ReplayImpl<false>(engine, item, nullptr);
  return ReplayImpl<true>(engine, item, problems);
}

}  // namespace pmkit
