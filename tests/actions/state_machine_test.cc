// The action-item state machine: every rule of the built-in table, legal and
// refused; illegal pairs; idempotency; history replay and contradictions; a
// randomized property test that no event sequence leaves the table.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "pmkit/actions.h"

namespace pmkit {
namespace {

using v1::ActionItemState;

const absl::Time kNow = absl::FromUnixSeconds(1710000000);

ActionItemState S(int i) { return static_cast<ActionItemState>(i); }

// An item whose current state is `state`: an empty history (imported
// mid-life) and the state field, or a fresh item for UNSPECIFIED.
v1::ActionItem ItemIn(ActionItemState state, bool owned = true) {
  v1::ActionItem item;
  item.set_id("AI-1");
  if (owned) item.set_owner_id("alice");
  item.set_state(state);
  return item;
}

// An event meeting every guard.
v1::StateTransition FullEvent(ActionItemState to) {
  v1::StateTransition event;
  event.set_to_state(to);
  event.mutable_actor()->set_person_id("bob");
  event.set_note("because of the review");
  v1::Link* link = event.add_evidence();
  link->set_url("https://example.com/pr/1");
  return event;
}

TEST(ActionStateMachineTest, ShortNamesAndParsing) {
  for (int i = 1; i <= 6; ++i) {
    EXPECT_EQ(ParseState(StateShortName(S(i))).value(), S(i));
    EXPECT_EQ(ParseState(v1::ActionItemState_Name(S(i))).value(), S(i));
  }
  EXPECT_EQ(ParseState("Won't Do").value(), v1::ACTION_ITEM_STATE_WONT_DO);
  EXPECT_EQ(ParseState(" in-progress ").value(), v1::ACTION_ITEM_STATE_IN_PROGRESS);
  EXPECT_EQ(ParseState("unspecified").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseState("finished").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseState("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ActionStateMachineTest, DefaultTableIsWellFormedData) {
  const v1::TransitionTable& table = DefaultTransitionTable();
  EXPECT_EQ(table.rules_size(), 20);
  for (const v1::TransitionRule& rule : table.rules()) {
    EXPECT_FALSE(rule.name().empty());
    EXPECT_NE(rule.from_state(), rule.to_state());
  }
  const ActionEngine& engine = ActionEngine::Default();
  EXPECT_NE(engine.FindRule(v1::ACTION_ITEM_STATE_OPEN, v1::ACTION_ITEM_STATE_IN_PROGRESS),
            nullptr);
  EXPECT_EQ(engine.FindRule(v1::ACTION_ITEM_STATE_OPEN, v1::ACTION_ITEM_STATE_VERIFIED),
            nullptr);
  EXPECT_EQ(engine.FindRule(S(99), v1::ACTION_ITEM_STATE_OPEN), nullptr);
}

// Every rule: legal with all guards met; refused when any one guard fails.
TEST(ActionStateMachineTest, EveryRuleLegalAndEachGuardRefused) {
  const ActionEngine& engine = ActionEngine::Default();
  int legal = 0, refused = 0;
  for (const v1::TransitionRule& rule : DefaultTransitionTable().rules()) {
    SCOPED_TRACE(std::string(StateShortName(rule.from_state())) + " -> " +
                 std::string(StateShortName(rule.to_state())));
    v1::ActionItem item = ItemIn(rule.from_state());
    absl::StatusOr<ApplyResult> result = engine.Apply(FullEvent(rule.to_state()), kNow, &item);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(result->applied);
    EXPECT_EQ(item.state(), rule.to_state());
    ASSERT_EQ(item.history_size(), 1);
    EXPECT_EQ(item.history(0).from_state(), rule.from_state());
    EXPECT_EQ(item.history(0).event_id(), "AI-1/1");
    EXPECT_EQ(item.history(0).time().seconds(), absl::ToUnixSeconds(kNow));
    EXPECT_TRUE(engine.DeriveState(item).consistency.ok());
    ++legal;
    for (int guard : rule.guards()) {
      v1::ActionItem target = ItemIn(rule.from_state());
      v1::StateTransition event = FullEvent(rule.to_state());
      std::string expect;
      switch (guard) {
        case v1::TRANSITION_GUARD_OWNER:
          target.clear_owner_id();
          expect = "no owner";
          break;
        case v1::TRANSITION_GUARD_NOTE:
          event.set_note("   ");
          expect = "blocks";
          break;
        case v1::TRANSITION_GUARD_REASON:
          event.clear_note();
          expect = "reason";
          break;
        case v1::TRANSITION_GUARD_RESOLUTION:
          event.clear_note();
          event.clear_evidence();
          expect = "resolution";
          break;
        case v1::TRANSITION_GUARD_EVIDENCE:
          event.mutable_evidence(0)->clear_url();
          expect = "evidence";
          break;
        case v1::TRANSITION_GUARD_VERIFIER:
          event.mutable_actor()->clear_person_id();
          event.mutable_actor()->set_system("deploy-bot");
          expect = "verifier";
          break;
        default:
          FAIL() << "guard " << guard << " not covered";
      }
      const v1::ActionItem before = target;
      absl::StatusOr<ApplyResult> no = engine.Apply(event, kNow, &target);
      ASSERT_FALSE(no.ok()) << "guard " << guard;
      EXPECT_EQ(no.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_TRUE(absl::StrContains(no.status().message(), expect)) << no.status();
      EXPECT_TRUE(absl::StrContains(no.status().message(), rule.name())) << no.status();
      EXPECT_EQ(target.SerializeAsString(), before.SerializeAsString());
      ++refused;
    }
  }
  EXPECT_EQ(legal, 20);
  EXPECT_GE(refused, 20);
}

// Every pair not in the table is refused and says where the item may go.
TEST(ActionStateMachineTest, EveryPairOutsideTheTableIsRefused) {
  const ActionEngine& engine = ActionEngine::Default();
  int refused = 0;
  for (int from = 1; from <= 6; ++from) {
    for (int to = 1; to <= 6; ++to) {
      if (engine.FindRule(S(from), S(to)) != nullptr) continue;
      v1::ActionItem item = ItemIn(S(from));
      absl::StatusOr<ApplyResult> result = engine.Apply(FullEvent(S(to)), kNow, &item);
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
      if (from == to) {
        EXPECT_TRUE(absl::StrContains(result.status().message(), "already"));
      } else {
        EXPECT_TRUE(absl::StrContains(result.status().message(), "not an allowed transition"))
            << result.status();
        EXPECT_TRUE(absl::StrContains(result.status().message(), "may go to"));
      }
      EXPECT_EQ(item.history_size(), 0);
      ++refused;
    }
  }
  EXPECT_EQ(refused, 36 - 19);  // 19 rules between real states.
}

TEST(ActionStateMachineTest, CreationOnlyToOpen) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_UNSPECIFIED);
  ASSERT_TRUE(engine.Apply(FullEvent(v1::ACTION_ITEM_STATE_OPEN), kNow, &item).ok());
  EXPECT_EQ(item.history(0).from_state(), v1::ACTION_ITEM_STATE_UNSPECIFIED);
  // An unspecified item with no history is read as open: starting it works.
  v1::ActionItem fresh = ItemIn(v1::ACTION_ITEM_STATE_UNSPECIFIED);
  ASSERT_TRUE(engine.Apply(FullEvent(v1::ACTION_ITEM_STATE_IN_PROGRESS), kNow, &fresh).ok());
  EXPECT_EQ(fresh.history(0).from_state(), v1::ACTION_ITEM_STATE_OPEN);
}

TEST(ActionStateMachineTest, BadEventsAreInvalidArguments) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_OPEN);
  v1::StateTransition event = FullEvent(v1::ACTION_ITEM_STATE_IN_PROGRESS);
  event.clear_actor();
  EXPECT_EQ(engine.Apply(event, kNow, &item).status().code(),
            absl::StatusCode::kInvalidArgument);
  event = FullEvent(S(0));
  EXPECT_EQ(engine.Apply(event, kNow, &item).status().code(),
            absl::StatusCode::kInvalidArgument);
  event = FullEvent(S(42));
  EXPECT_EQ(engine.Apply(event, kNow, &item).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Stale from_state.
  event = FullEvent(v1::ACTION_ITEM_STATE_DONE);
  event.set_from_state(v1::ACTION_ITEM_STATE_BLOCKED);
  absl::Status stale = engine.Apply(event, kNow, &item).status();
  EXPECT_EQ(stale.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(stale.message(), "starts from blocked")) << stale;
  EXPECT_EQ(item.history_size(), 0);
}

TEST(ActionStateMachineTest, IdempotentByEventId) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_OPEN);
  v1::StateTransition event = FullEvent(v1::ACTION_ITEM_STATE_IN_PROGRESS);
  event.set_event_id("sync-7");
  ASSERT_TRUE(engine.Apply(event, kNow, &item).value().applied);
  absl::StatusOr<ApplyResult> again = engine.Apply(event, kNow + absl::Hours(1), &item);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->applied);
  EXPECT_EQ(again->state, v1::ACTION_ITEM_STATE_IN_PROGRESS);
  EXPECT_EQ(item.history_size(), 1);
  v1::StateTransition conflicting = FullEvent(v1::ACTION_ITEM_STATE_BLOCKED);
  conflicting.set_event_id("sync-7");
  EXPECT_EQ(engine.Apply(conflicting, kNow, &item).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(item.history_size(), 1);
  // Generated ids skip taken ones.
  v1::ActionItem taken = ItemIn(v1::ACTION_ITEM_STATE_OPEN);
  v1::StateTransition first = FullEvent(v1::ACTION_ITEM_STATE_IN_PROGRESS);
  first.set_event_id("AI-1/2");
  ASSERT_TRUE(engine.Apply(first, kNow, &taken).ok());
  ASSERT_TRUE(engine.Apply(FullEvent(v1::ACTION_ITEM_STATE_DONE), kNow, &taken).ok());
  EXPECT_EQ(taken.history(1).event_id(), "AI-1/3");
}

TEST(ActionStateMachineTest, TimeMustNotGoBackwards) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_OPEN);
  ASSERT_TRUE(engine.Apply(FullEvent(v1::ACTION_ITEM_STATE_IN_PROGRESS), kNow, &item).ok());
  v1::StateTransition late = FullEvent(v1::ACTION_ITEM_STATE_DONE);
  late.mutable_time()->set_seconds(absl::ToUnixSeconds(kNow) - 10);
  absl::Status status = engine.Apply(late, kNow, &item).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "earlier")) << status;
}

TEST(ActionStateMachineTest, IndependentVerifierGuard) {
  v1::ActionOptions options;
  *options.mutable_table() = DefaultTransitionTable();
  for (v1::TransitionRule& rule : *options.mutable_table()->mutable_rules()) {
    if (rule.to_state() == v1::ACTION_ITEM_STATE_VERIFIED) {
      rule.add_guards(v1::TRANSITION_GUARD_INDEPENDENT_VERIFIER);
    }
  }
  auto engine = ActionEngine::Create(options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_IN_PROGRESS);
  ASSERT_TRUE((*engine)->Apply(FullEvent(v1::ACTION_ITEM_STATE_DONE), kNow, &item).ok());
  absl::Status self = (*engine)->Apply(FullEvent(v1::ACTION_ITEM_STATE_VERIFIED), kNow, &item).status();
  EXPECT_EQ(self.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(self.message(), "not be the person")) << self;
  v1::StateTransition other = FullEvent(v1::ACTION_ITEM_STATE_VERIFIED);
  other.mutable_actor()->set_person_id("carol");
  EXPECT_TRUE((*engine)->Apply(other, kNow, &item).ok());
}

TEST(ActionStateMachineTest, BadTablesAreRefused) {
  auto make = [](ActionItemState from, ActionItemState to, int guard) {
    v1::ActionOptions options;
    v1::TransitionRule* rule = options.mutable_table()->add_rules();
    rule->set_from_state(from);
    rule->set_to_state(to);
    if (guard != 0) rule->add_guards(static_cast<v1::TransitionGuard>(guard));
    return options;
  };
  EXPECT_FALSE(ActionEngine::Create(make(S(1), S(1), 0)).ok());
  EXPECT_FALSE(ActionEngine::Create(make(S(1), S(0), 0)).ok());
  EXPECT_FALSE(ActionEngine::Create(make(S(1), S(9), 0)).ok());
  EXPECT_FALSE(ActionEngine::Create(make(S(1), S(2), 0x7f)).ok());
  v1::ActionOptions twice = make(S(1), S(2), 0);
  *twice.mutable_table()->add_rules() = twice.table().rules(0);
  absl::Status status = ActionEngine::Create(twice).status();
  EXPECT_TRUE(absl::StrContains(status.message(), "listed twice")) << status;
  v1::ActionOptions negative;
  negative.mutable_follow_up()->mutable_due_soon()->set_seconds(-1);
  EXPECT_FALSE(ActionEngine::Create(negative).ok());
  // A custom table is obeyed: only open -> done exists.
  auto custom = ActionEngine::Create(make(S(1), S(4), 0));
  ASSERT_TRUE(custom.ok());
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_OPEN);
  EXPECT_FALSE((*custom)->Apply(FullEvent(S(2)), kNow, &item).ok());
  EXPECT_TRUE((*custom)->Apply(FullEvent(S(4)), kNow, &item).ok());
}

v1::StateTransition Entry(const char* id, int64_t t, int from, int to, const char* note) {
  v1::StateTransition e;
  e.set_event_id(id);
  e.mutable_time()->set_seconds(t);
  e.mutable_actor()->set_person_id("alice");
  e.set_from_state(S(from));
  e.set_to_state(S(to));
  e.set_note(note);
  return e;
}

TEST(ActionHistoryTest, ConsistentHistoryDerivesStateAndTimes) {
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_UNSPECIFIED);
  *item.add_history() = Entry("a", 100, 0, 1, "");
  *item.add_history() = Entry("b", 200, 1, 2, "");
  *item.add_history() = Entry("c", 300, 2, 4, "fixed");
  DerivedState derived = ActionEngine::Default().DeriveState(item);
  EXPECT_TRUE(derived.consistency.ok()) << derived.consistency;
  EXPECT_EQ(derived.state, v1::ACTION_ITEM_STATE_DONE);
  EXPECT_EQ(derived.created, absl::FromUnixSeconds(100));
  EXPECT_EQ(derived.state_since, absl::FromUnixSeconds(300));
  EXPECT_EQ(derived.first_done, absl::FromUnixSeconds(300));
  EXPECT_EQ(derived.first_verified, absl::InfinitePast());
  std::vector<v1::Finding> findings;
  ActionEngine::Default().CheckHistory(item, "action_items[0]", &findings);
  EXPECT_TRUE(findings.empty());
}

struct Contradiction {
  const char* name;
  std::vector<v1::StateTransition> history;
  int state;
  const char* rule_id;
  const char* path;
};

TEST(ActionHistoryTest, ContradictionsAreReported) {
  const std::vector<Contradiction> cases = {
      {"broken chain", {Entry("a", 1, 0, 1, ""), Entry("b", 2, 2, 4, "x")}, 0,
       "action_item.history.contradiction", "action_items[3].history[1].from_state"},
      {"illegal", {Entry("a", 1, 0, 1, ""), Entry("b", 2, 1, 5, "x")}, 0,
       "action_item.history.illegal_transition", "action_items[3].history[1].to_state"},
      {"creation not to open", {Entry("a", 1, 0, 4, "x")}, 0,
       "action_item.history.illegal_transition", "action_items[3].history[0].to_state"},
      {"time reversed", {Entry("a", 5, 0, 1, ""), Entry("b", 2, 1, 2, "")}, 0,
       "action_item.history.time_reversed", "action_items[3].history[1].time"},
      {"duplicate id", {Entry("a", 1, 0, 1, ""), Entry("a", 2, 1, 2, "")}, 0,
       "action_item.history.duplicate_event", "action_items[3].history[1].event_id"},
      {"state mismatch", {Entry("a", 1, 0, 1, "")}, 4, "action_item.state.mismatch",
       "action_items[3].state"},
      {"unknown state", {Entry("a", 1, 0, 77, "")}, 0, "action_item.history.unknown_state",
       "action_items[3].history[0].to_state"},
  };
  for (const Contradiction& c : cases) {
    SCOPED_TRACE(c.name);
    v1::ActionItem item = ItemIn(S(c.state));
    for (const auto& e : c.history) *item.add_history() = e;
    DerivedState derived = ActionEngine::Default().DeriveState(item);
    EXPECT_EQ(derived.consistency.code(), absl::StatusCode::kFailedPrecondition);
    std::vector<v1::Finding> findings;
    ActionEngine::Default().CheckHistory(item, "action_items[3]", &findings);
    ASSERT_FALSE(findings.empty());
    bool found = false;
    for (const v1::Finding& f : findings) {
      if (f.rule_id() == c.rule_id) {
        found = true;
        EXPECT_EQ(f.path_text(), c.path);
        EXPECT_EQ(f.severity(), v1::FINDING_SEVERITY_ERROR);
      }
    }
    EXPECT_TRUE(found);
    // No transition is applied on top of a contradictory history.
    absl::Status status =
        ActionEngine::Default().Apply(FullEvent(S(6)), kNow, &item).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(absl::StrContains(status.message(), "contradicts")) << status;
  }
}

TEST(ActionHistoryTest, GuardsMissingInHistoryAreWarnings) {
  v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_UNSPECIFIED);
  *item.add_history() = Entry("a", 1, 0, 1, "");
  *item.add_history() = Entry("b", 2, 1, 6, "");  // won't do without reason
  std::vector<v1::Finding> findings;
  ActionEngine::Default().CheckHistory(item, "", &findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule_id(), "action_item.history.guard");
  EXPECT_EQ(findings[0].severity(), v1::FINDING_SEVERITY_WARNING);
  EXPECT_TRUE(ActionEngine::Default().DeriveState(item).consistency.ok());
}

// Property: whatever events arrive, in whatever order, the history only ever
// holds transitions of the table whose guards held, a refused event leaves
// the item untouched, and the derived state always agrees with the item.
TEST(ActionStateMachinePropertyTest, NoSequenceLeavesTheTable) {
  const ActionEngine& engine = ActionEngine::Default();
  std::mt19937 random(20240314);
  for (int run = 0; run < 300; ++run) {
    v1::ActionItem item = ItemIn(v1::ACTION_ITEM_STATE_UNSPECIFIED, random() % 4 != 0);
    int64_t t = 1000;
    for (int step = 0; step < 40; ++step) {
      v1::StateTransition event;
      event.set_to_state(S(random() % 8));
      if (random() % 5 != 0) event.mutable_actor()->set_person_id(random() % 2 ? "a" : "b");
      if (random() % 2) event.set_note("n");
      if (random() % 3 == 0) event.add_evidence()->set_url("https://x");
      if (random() % 4 == 0) event.set_event_id(std::to_string(random() % 6));
      if (random() % 3 == 0) event.set_from_state(S(random() % 7));
      t += static_cast<int64_t>(random() % 100) - 10;
      if (random() % 2) event.mutable_time()->set_seconds(t);
      if (random() % 10 == 0) item.set_owner_id(random() % 2 ? "" : "owner");
      const v1::ActionItem before = item;
      const ActionItemState prev = engine.DeriveState(item).state;
      absl::StatusOr<ApplyResult> result =
          engine.Apply(event, absl::FromUnixSeconds(t), &item);
      if (!result.ok() || !result->applied) {
        ASSERT_EQ(item.SerializeAsString(), before.SerializeAsString());
        continue;
      }
      const v1::StateTransition& added = item.history(item.history_size() - 1);
      const v1::TransitionRule* rule = engine.FindRule(added.from_state(), added.to_state());
      ASSERT_NE(rule, nullptr);
      ASSERT_TRUE(added.from_state() == prev ||
                  added.from_state() == v1::ACTION_ITEM_STATE_UNSPECIFIED);
      const bool has_link = added.evidence_size() > 0 && !added.evidence(0).url().empty();
      for (int guard : rule->guards()) {
        switch (guard) {
          case v1::TRANSITION_GUARD_OWNER:
            ASSERT_FALSE(item.owner_id().empty());
            break;
          case v1::TRANSITION_GUARD_NOTE:
          case v1::TRANSITION_GUARD_REASON:
            ASSERT_FALSE(added.note().empty());
            break;
          case v1::TRANSITION_GUARD_RESOLUTION:
            ASSERT_TRUE(!added.note().empty() || has_link);
            break;
          case v1::TRANSITION_GUARD_EVIDENCE:
            ASSERT_TRUE(has_link);
            break;
          case v1::TRANSITION_GUARD_VERIFIER:
            ASSERT_FALSE(added.actor().person_id().empty());
            break;
          default:
            FAIL() << "unexpected guard " << guard;
        }
      }
      DerivedState derived = engine.DeriveState(item);
      ASSERT_TRUE(derived.consistency.ok()) << derived.consistency;
      ASSERT_EQ(derived.state, item.state());
      std::vector<v1::Finding> findings;
      engine.CheckHistory(item, "", &findings);
      ASSERT_TRUE(findings.empty()) << findings[0].message();
    }
  }
}

TEST(ActionTrackerTest, DefaultsAndOverrides) {
  const ActionEngine& engine = ActionEngine::Default();
  EXPECT_EQ(engine.MapTrackerStatus("Jira", " in progress ").value(),
            v1::ACTION_ITEM_STATE_IN_PROGRESS);
  EXPECT_EQ(engine.MapTrackerStatus("github", "not_planned").value(),
            v1::ACTION_ITEM_STATE_WONT_DO);
  EXPECT_EQ(engine.MapTrackerStatus("linear", "Canceled").value(),
            v1::ACTION_ITEM_STATE_WONT_DO);
  EXPECT_EQ(engine.MapTrackerStatus("servicenow", "Closed Complete").value(),
            v1::ACTION_ITEM_STATE_DONE);
  EXPECT_EQ(engine.MapTrackerStatus("jira", "Frobnicated").status().code(),
            absl::StatusCode::kNotFound);
  absl::Status unknown = engine.MapTrackerStatus("trello", "done").status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(unknown.message(), "github, jira, linear, servicenow"));
  v1::ActionOptions options;
  v1::TrackerMapping* mapping = options.add_tracker_mappings();
  mapping->set_tracker("JIRA");
  v1::TrackerStatus* row = mapping->add_statuses();
  row->set_status("Shipped");
  row->set_state(v1::ACTION_ITEM_STATE_DONE);
  auto custom = ActionEngine::Create(options);
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ((*custom)->MapTrackerStatus("jira", "shipped").value(), v1::ACTION_ITEM_STATE_DONE);
  // The configured mapping replaces the built-in one for that tracker.
  EXPECT_FALSE((*custom)->MapTrackerStatus("jira", "In Progress").ok());
  row->set_state(S(0));
  EXPECT_FALSE(ActionEngine::Create(options).ok());
}

}  // namespace
}  // namespace pmkit
