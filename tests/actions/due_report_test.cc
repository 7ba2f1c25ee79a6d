// Due dates, the status at a given time, and follow-through reports
// (including the bundled sample postmortem).
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "pmkit/actions.h"
#include "pmkit/io.h"

namespace pmkit {
namespace {

absl::Time Day(int y, int m, int d, int h = 0) {
  return absl::FromCivil(absl::CivilHour(y, m, d, h), absl::UTCTimeZone());
}

void Set(absl::Time t, google::protobuf::Timestamp* out) {
  out->set_seconds(absl::ToUnixSeconds(t));
}

v1::Postmortem Sample() {
  std::ifstream in(std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem.textproto");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<v1::Postmortem> pm = ParsePostmortem(text.str(), Format::kText);
  EXPECT_TRUE(pm.ok()) << pm.status();
  return pm.ok() ? *pm : v1::Postmortem();
}

TEST(ActionDueTest, BusinessDays) {
  // 2024-03-15 is a Friday.
  EXPECT_EQ(AddBusinessDays(Day(2024, 3, 15, 9), 1), Day(2024, 3, 18, 9));
  EXPECT_EQ(AddBusinessDays(Day(2024, 3, 15, 9), 5), Day(2024, 3, 22, 9));
  EXPECT_EQ(AddBusinessDays(Day(2024, 3, 13, 9), 3), Day(2024, 3, 18, 9));
  EXPECT_EQ(AddBusinessDays(Day(2024, 3, 13, 9), 0), Day(2024, 3, 13, 9));
  // A Saturday start counts from Monday 00:00.
  EXPECT_EQ(AddBusinessDays(Day(2024, 3, 16, 15), 1), Day(2024, 3, 19));
  EXPECT_EQ(AddBusinessDays(Day(2024, 3, 16, 15), 10), Day(2024, 4, 1));
  // Before 1970 too.
  EXPECT_EQ(AddBusinessDays(Day(1969, 12, 31, 12), 2), Day(1970, 1, 2, 12));
  EXPECT_EQ(AddBusinessDays(absl::InfinitePast(), 3), absl::InfinitePast());
}

TEST(ActionDueTest, DefaultWindowsBySeverityAndPriority) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::ActionItem item;
  Set(Day(2024, 3, 1), item.mutable_create_time());
  DerivedState derived = engine.DeriveState(item);
  struct Case {
    v1::Priority priority;
    const char* level;
    int days;
  };
  for (const Case& c : std::vector<Case>{{v1::PRIORITY_P0, "SEV1", 15},
                                          {v1::PRIORITY_P1, "SEV1", 15},
                                          {v1::PRIORITY_P1, "SEV2", 30},
                                          {v1::PRIORITY_P0, "SEV3", 28},
                                          {v1::PRIORITY_P2, "SEV1", 56},
                                          {v1::PRIORITY_UNSPECIFIED, "", 56}}) {
    item.set_priority(c.priority);
    DueTime due = engine.ComputeDue(item, c.level, derived);
    EXPECT_EQ(due.source, v1::DUE_SOURCE_POLICY);
    EXPECT_EQ(due.time, Day(2024, 3, 1) + absl::Hours(24 * c.days)) << c.level;
  }
  // An explicit due time overrides the policy.
  Set(Day(2024, 3, 5), item.mutable_due_time());
  DueTime due = engine.ComputeDue(item, "SEV1", derived);
  EXPECT_EQ(due.source, v1::DUE_SOURCE_EXPLICIT);
  EXPECT_EQ(due.time, Day(2024, 3, 5));
  // No creation time, no explicit due: no due time.
  v1::ActionItem bare;
  EXPECT_EQ(engine.ComputeDue(bare, "SEV1", engine.DeriveState(bare)).source,
            v1::DUE_SOURCE_UNSPECIFIED);
}

TEST(ActionDueTest, PolicyWindowsMostSpecificWinsAndBusinessDays) {
  v1::ActionOptions options;
  v1::DueWindow* any = options.mutable_policy()->add_due_windows();
  any->mutable_window()->set_seconds(100 * 86400);
  v1::DueWindow* sev = options.mutable_policy()->add_due_windows();
  sev->set_severity_level("critical");
  sev->mutable_window()->set_seconds(20 * 86400);
  v1::DueWindow* both = options.mutable_policy()->add_due_windows();
  both->set_severity_level("critical");
  both->set_priority(v1::PRIORITY_P0);
  both->mutable_window()->set_seconds(5 * 86400);
  both->set_business_days(true);
  auto engine = ActionEngine::Create(options);
  ASSERT_TRUE(engine.ok());
  v1::ActionItem item;
  Set(Day(2024, 3, 15, 9), item.mutable_create_time());  // Friday
  DerivedState derived = (*engine)->DeriveState(item);
  item.set_priority(v1::PRIORITY_P0);
  EXPECT_EQ((*engine)->ComputeDue(item, "critical", derived).time, Day(2024, 3, 22, 9));
  item.set_priority(v1::PRIORITY_P2);
  EXPECT_EQ((*engine)->ComputeDue(item, "critical", derived).time,
            Day(2024, 3, 15, 9) + absl::Hours(24 * 20));
  EXPECT_EQ((*engine)->ComputeDue(item, "minor", derived).time,
            Day(2024, 3, 15, 9) + absl::Hours(24 * 100));
  v1::ActionOptions negative;
  negative.mutable_policy()->add_due_windows()->mutable_window()->set_seconds(-5);
  EXPECT_FALSE(ActionEngine::Create(negative).ok());
}

v1::ActionItem OpenItem(const char* id, absl::Time created, const char* owner) {
  v1::ActionItem item;
  item.set_id(id);
  item.set_owner_id(owner);
  item.set_priority(v1::PRIORITY_P1);
  Set(created, item.mutable_create_time());
  v1::StateTransition* entry = item.add_history();
  entry->set_to_state(v1::ACTION_ITEM_STATE_OPEN);
  Set(created, entry->mutable_time());
  entry->mutable_actor()->set_person_id("alice");
  item.set_state(v1::ACTION_ITEM_STATE_OPEN);
  return item;
}

TEST(ActionEvaluateTest, OverdueDueSoonUnownedStalledAndReminders) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::Postmortem pm;
  pm.set_id("pm-1");
  pm.mutable_severity()->set_level("SEV2");  // P1 window: 30 days
  const absl::Time now = Day(2024, 4, 1);
  *pm.add_action_items() = OpenItem("late", now - absl::Hours(24 * 31), "alice");
  *pm.add_action_items() = OpenItem("soon", now - absl::Hours(24 * 27), "bob");
  *pm.add_action_items() = OpenItem("nobody", now - absl::Hours(24), "");
  *pm.add_action_items() = OpenItem("fresh", now - absl::Hours(24), "carol");
  v1::ActionItem done = OpenItem("done", now - absl::Hours(24 * 60), "alice");
  absl::StatusOr<ApplyResult> r;
  v1::StateTransition finish;
  finish.set_to_state(v1::ACTION_ITEM_STATE_DONE);
  finish.set_note("shipped");
  finish.mutable_actor()->set_person_id("alice");
  ASSERT_TRUE(engine.Apply(finish, now - absl::Hours(24 * 50), &done).ok());
  *pm.add_action_items() = done;

  v1::ActionStatusReport report = engine.Evaluate(pm, now);
  ASSERT_EQ(report.items_size(), 5);
  EXPECT_TRUE(report.findings().empty());
  const v1::ActionItemStatus& late = report.items(0);
  EXPECT_TRUE(late.overdue());
  EXPECT_FALSE(late.due_soon());
  EXPECT_TRUE(late.stalled());  // open for 31 days > 14
  EXPECT_EQ(late.postmortem_id(), "pm-1");
  // Due a day ago: next overdue reminder is due + 2 * 1 day... the next one
  // after now at a daily cadence from the due time.
  EXPECT_EQ(late.next_reminder_time().seconds(),
            absl::ToUnixSeconds(now + absl::Hours(24)));
  const v1::ActionItemStatus& soon = report.items(1);
  EXPECT_FALSE(soon.overdue());
  EXPECT_TRUE(soon.due_soon());
  // Open for 27 days: stalled since day 14, reminded weekly from then
  // (days 14, 21, 28 = now + 1 day), which comes before the due time.
  EXPECT_TRUE(soon.stalled());
  EXPECT_EQ(soon.next_reminder_time().seconds(),
            absl::ToUnixSeconds(now + absl::Hours(24)));
  const v1::ActionItemStatus& nobody = report.items(2);
  EXPECT_TRUE(nobody.unowned());
  EXPECT_EQ(nobody.next_reminder_time().seconds(), absl::ToUnixSeconds(now));
  const v1::ActionItemStatus& fresh = report.items(3);
  EXPECT_FALSE(fresh.overdue() || fresh.due_soon() || fresh.unowned() || fresh.stalled());
  // First reminder: the 14-day stall limit of open items, which comes
  // before the due-soon warning (7 days before the 30-day due time).
  EXPECT_EQ(fresh.next_reminder_time().seconds(),
            absl::ToUnixSeconds(now - absl::Hours(24) + absl::Hours(24 * 14)));
  const v1::ActionItemStatus& closed = report.items(4);
  EXPECT_EQ(closed.state(), v1::ACTION_ITEM_STATE_DONE);
  EXPECT_FALSE(closed.overdue());
  EXPECT_FALSE(closed.has_next_reminder_time());
  std::string markdown = RenderStatusMarkdown(report);
  EXPECT_TRUE(absl::StrContains(markdown, "| late | open | P1 | alice |")) << markdown;
  EXPECT_TRUE(absl::StrContains(markdown, "overdue, stalled"));
}

TEST(ActionEvaluateTest, SampleIsConsistentAndEvaluates) {
  v1::Postmortem pm = Sample();
  ASSERT_EQ(pm.action_items_size(), 8);
  const ActionEngine& engine = ActionEngine::Default();
  for (const v1::ActionItem& item : pm.action_items()) {
    std::vector<v1::Finding> findings;
    engine.CheckHistory(item, "", &findings);
    EXPECT_TRUE(findings.empty()) << item.id() << ": " << findings[0].message();
  }
  // 2024-05-01: nothing of the sample is overdue yet; AI-4 is blocked.
  v1::ActionStatusReport status = engine.Evaluate(pm, Day(2024, 5, 1));
  EXPECT_TRUE(status.findings().empty());
  EXPECT_EQ(status.items(3).state(), v1::ACTION_ITEM_STATE_BLOCKED);
  EXPECT_FALSE(status.items(3).overdue());
  EXPECT_EQ(status.items(0).state(), v1::ACTION_ITEM_STATE_VERIFIED);
  EXPECT_EQ(status.items(0).due_source(), v1::DUE_SOURCE_EXPLICIT);
  // On 2024-07-01 AI-2 (due 2024-05-31) and AI-5 (due 2024-06-14) are late.
  v1::ActionStatusReport later = engine.Evaluate(pm, Day(2024, 7, 1));
  EXPECT_TRUE(later.items(1).overdue());
  EXPECT_TRUE(later.items(4).overdue());
  EXPECT_TRUE(later.items(3).overdue());  // AI-4 due 2024-06-28
}

TEST(ActionReportTest, SampleFollowThrough) {
  v1::Postmortem pm = Sample();
  const v1::Postmortem* list[] = {&pm};
  v1::FollowThroughReport report = ActionEngine::Default().Report(list, Day(2024, 7, 1));
  EXPECT_EQ(report.postmortem_count(), 1);
  EXPECT_EQ(report.item_count(), 8);
  auto state = [&](v1::ActionItemState s) { return report.by_state(s).count(); };
  EXPECT_EQ(state(v1::ACTION_ITEM_STATE_OPEN), 1);
  EXPECT_EQ(state(v1::ACTION_ITEM_STATE_IN_PROGRESS), 2);
  EXPECT_EQ(state(v1::ACTION_ITEM_STATE_BLOCKED), 1);
  EXPECT_EQ(state(v1::ACTION_ITEM_STATE_DONE), 2);
  EXPECT_EQ(state(v1::ACTION_ITEM_STATE_VERIFIED), 1);
  EXPECT_EQ(state(v1::ACTION_ITEM_STATE_WONT_DO), 1);
  EXPECT_DOUBLE_EQ(report.completion_rate(), 3.0 / 7.0);
  EXPECT_DOUBLE_EQ(report.wont_do_share(), 1.0 / 8.0);
  EXPECT_EQ(report.by_priority(v1::PRIORITY_P1).count(), 3);
  EXPECT_EQ(report.by_type(v1::ACTION_ITEM_TYPE_DETECT).count(), 2);
  EXPECT_EQ(report.overdue_count(), 4);  // AI-2, AI-4, AI-5, AI-8
  EXPECT_EQ(report.time_to_done().count(), 3);
  EXPECT_EQ(report.time_to_verified().count(), 1);
  // AI-1: created 1710756000, verified 1711614600.
  EXPECT_EQ(report.time_to_verified().median().seconds(), 1711614600 - 1710756000);
  EXPECT_EQ(report.high_priority_postmortem_count(), 1);
  EXPECT_EQ(report.high_priority_done_count(), 0);
  ASSERT_FALSE(report.overdue_by_team().empty());
  std::string markdown = RenderFollowThroughMarkdown(report);
  EXPECT_TRUE(absl::StrContains(markdown, "8 action items in 1 postmortem.")) << markdown;
  EXPECT_TRUE(absl::StrContains(markdown, "| Completion rate"));
  EXPECT_TRUE(absl::StrContains(markdown, "### Overdue by team"));
}

TEST(ActionReportTest, ManyPostmortemsPercentilesAndHighPriority) {
  const ActionEngine& engine = ActionEngine::Default();
  std::vector<v1::Postmortem> pms(10);
  const absl::Time base = Day(2024, 1, 1);
  for (int p = 0; p < 10; ++p) {
    pms[p].set_id("pm-" + std::to_string(p));
    v1::ActionItem item = OpenItem("a", base, "alice");
    item.set_priority(v1::PRIORITY_P0);
    item.set_team(p % 2 ? "odd" : "even");
    if (p < 7) {
      v1::StateTransition finish;
      finish.set_to_state(v1::ACTION_ITEM_STATE_DONE);
      finish.set_note("ok");
      finish.mutable_actor()->set_person_id("alice");
      // Done after p+1 days.
      ASSERT_TRUE(engine.Apply(finish, base + absl::Hours(24 * (p + 1)), &item).ok());
    }
    *pms[p].add_action_items() = item;
  }
  pms[9].mutable_action_items(0)->set_priority(v1::PRIORITY_P3);  // not high
  std::vector<const v1::Postmortem*> list;
  for (const auto& pm : pms) list.push_back(&pm);
  list.push_back(nullptr);  // skipped
  v1::FollowThroughReport report = engine.Report(list, Day(2024, 6, 1));
  EXPECT_EQ(report.postmortem_count(), 10);
  EXPECT_EQ(report.time_to_done().count(), 7);
  EXPECT_EQ(report.time_to_done().median().seconds(), 4 * 86400);  // nearest rank 4 of 1..7
  EXPECT_EQ(report.time_to_done().p90().seconds(), 7 * 86400);
  EXPECT_EQ(report.high_priority_postmortem_count(), 9);
  EXPECT_EQ(report.high_priority_done_count(), 7);
  EXPECT_EQ(report.high_priority_done_postmortem_ids(0), "pm-0");
  EXPECT_EQ(report.overdue_count(), 3);
  ASSERT_EQ(report.overdue_by_owner_size(), 1);
  EXPECT_EQ(report.overdue_by_owner(0).key(), "alice");
  EXPECT_EQ(report.overdue_by_owner(0).overdue(), 3);
  ASSERT_EQ(report.overdue_by_team_size(), 2);
  EXPECT_EQ(report.overdue_by_team(0).key(), "odd");  // pm-7, pm-9
  EXPECT_EQ(report.overdue_by_team(0).overdue(), 2);
  // Empty input: zero rates, no division by zero.
  v1::FollowThroughReport empty = engine.Report({}, Day(2024, 6, 1));
  EXPECT_EQ(empty.item_count(), 0);
  EXPECT_EQ(empty.completion_rate(), 0);
  EXPECT_TRUE(absl::StrContains(RenderFollowThroughMarkdown(empty), "no items"));
}

// The report's percentiles (two selections, the second over the first's
// upper part) and its owner table (keys compared by hash words up to 16
// bytes, by content beyond; the table grows) against a plain reference:
// sorted durations and std::map, on shuffled durations with ties and on
// owners whose long ids differ only in the middle.
TEST(ActionReportTest, PercentilesAndGroupsMatchAReference) {
  const ActionEngine& engine = ActionEngine::Default();
  const absl::Time now = Day(2024, 6, 1);
  std::vector<v1::Postmortem> pms(700);
  std::vector<int64_t> to_done;
  std::map<std::string, std::pair<int64_t, int64_t>> owners;  // overdue, open
  uint64_t random = 12345;
  auto next = [&](int n) {
    random = random * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int>((random >> 33) % n);
  };
  for (int p = 0; p < 700; ++p) {
    pms[p].set_id("pm-" + std::to_string(p));
    const int k = next(150);
    const std::string owner = k % 3 == 0   ? "u" + std::to_string(k)
                              : k % 3 == 1 ? "owner-with-a-long-id-" + std::to_string(k) + "-end"
                                           : "team-lead-" + std::to_string(k);
    const bool done = next(3) == 0;
    const bool overdue = done || next(2) == 0;  // Open since January.
    v1::ActionItem item =
        OpenItem("a", overdue ? Day(2024, 1, 1) : Day(2024, 5, 25), owner.c_str());
    if (done) {
      const int hours = 24 * (1 + next(40)) + next(3);
      v1::StateTransition finish;
      finish.set_to_state(v1::ACTION_ITEM_STATE_DONE);
      finish.set_note("ok");
      finish.mutable_actor()->set_person_id("alice");
      ASSERT_TRUE(engine.Apply(finish, Day(2024, 1, 1) + absl::Hours(hours), &item).ok());
      to_done.push_back(hours * int64_t{3600});
    } else {
      ++owners[owner].second;
      if (overdue) ++owners[owner].first;
    }
    *pms[p].add_action_items() = item;
  }
  std::vector<const v1::Postmortem*> list;
  for (const auto& pm : pms) list.push_back(&pm);
  const v1::FollowThroughReport report = engine.Report(list, now);

  std::sort(to_done.begin(), to_done.end());
  const size_t n = to_done.size();
  ASSERT_EQ(report.time_to_done().count(), static_cast<int64_t>(n));
  EXPECT_EQ(report.time_to_done().median().seconds(), to_done[(n + 1) / 2 - 1]);
  EXPECT_EQ(report.time_to_done().p90().seconds(),
            to_done[static_cast<size_t>(0.9 * n + 0.999999999) - 1]);

  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rows;
  for (const auto& [owner, counts] : owners) {
    if (counts.first > 0) rows.emplace_back(owner, counts);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.first > b.second.first;
  });
  ASSERT_EQ(report.overdue_by_owner_size(), static_cast<int>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(report.overdue_by_owner(i).key(), rows[i].first) << i;
    EXPECT_EQ(report.overdue_by_owner(i).overdue(), rows[i].second.first) << i;
    EXPECT_EQ(report.overdue_by_owner(i).open(), rows[i].second.second) << i;
  }
}

TEST(ActionEvaluateTest, ContradictionsBecomeFindingsAndApplyToPostmortem) {
  const ActionEngine& engine = ActionEngine::Default();
  v1::Postmortem pm;
  pm.set_id("pm-2");
  v1::ActionItem item = OpenItem("AI-1", Day(2024, 3, 1), "alice");
  item.set_state(v1::ACTION_ITEM_STATE_DONE);  // disagrees with the history
  *pm.add_action_items() = item;
  *pm.add_action_items() = OpenItem("AI-2", Day(2024, 3, 1), "bob");
  v1::ActionStatusReport status = engine.Evaluate(pm, Day(2024, 3, 2));
  ASSERT_EQ(status.findings_size(), 1);
  EXPECT_EQ(status.findings(0).rule_id(), "action_item.state.mismatch");
  EXPECT_EQ(status.findings(0).path_text(), "action_items[0].state");
  ASSERT_EQ(status.findings(0).path().elements_size(), 1);
  EXPECT_EQ(status.findings(0).path().elements(0).field_number(), 10);
  EXPECT_TRUE(absl::StrContains(RenderStatusMarkdown(status), "### History problems"));
  const v1::Postmortem* list[] = {&pm};
  EXPECT_EQ(engine.Report(list, Day(2024, 3, 2)).contradictory_history_count(), 1);

  v1::StateTransition start;
  start.set_to_state(v1::ACTION_ITEM_STATE_IN_PROGRESS);
  start.mutable_actor()->set_person_id("bob");
  absl::StatusOr<ApplyResult> applied =
      engine.ApplyToPostmortem("AI-2", start, Day(2024, 3, 3), &pm);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(pm.action_items(1).state(), v1::ACTION_ITEM_STATE_IN_PROGRESS);
  EXPECT_EQ(engine.ApplyToPostmortem("AI-9", start, Day(2024, 3, 3), &pm).status().code(),
            absl::StatusCode::kNotFound);
  // The contradictory item refuses transitions until repaired.
  EXPECT_EQ(engine.ApplyToPostmortem("AI-1", start, Day(2024, 3, 3), &pm).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ActionEvaluateTest, ConfiguredStallLimitsAndIntervals) {
  v1::ActionOptions options;
  v1::StallLimit* limit = options.mutable_follow_up()->add_stall_limits();
  limit->set_state(v1::ACTION_ITEM_STATE_DONE);  // chase verification
  limit->mutable_limit()->set_seconds(3 * 86400);
  options.mutable_follow_up()->mutable_stall_reminder_interval()->set_seconds(86400);
  auto engine = ActionEngine::Create(options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  v1::Postmortem pm;
  v1::ActionItem item = OpenItem("AI-1", Day(2024, 3, 1), "alice");
  v1::StateTransition finish;
  finish.set_to_state(v1::ACTION_ITEM_STATE_DONE);
  finish.set_note("shipped");
  finish.mutable_actor()->set_person_id("alice");
  ASSERT_TRUE((*engine)->Apply(finish, Day(2024, 3, 2), &item).ok());
  *pm.add_action_items() = item;
  v1::ActionStatusReport status = (*engine)->Evaluate(pm, Day(2024, 3, 10, 12));
  EXPECT_TRUE(status.items(0).stalled());
  EXPECT_FALSE(status.items(0).overdue());
  EXPECT_EQ(status.items(0).next_reminder_time().seconds(),
            absl::ToUnixSeconds(Day(2024, 3, 11)));
  v1::ActionOptions bad;
  bad.mutable_follow_up()->add_stall_limits()->set_state(static_cast<v1::ActionItemState>(9));
  EXPECT_FALSE(ActionEngine::Create(bad).ok());
}

// Found by the fuzzer: the reminder arithmetic overflowed when evaluating
// an overdue item at the end of time.
TEST(ActionEvaluateTest, EvaluateAtTheEndOfTime) {
  v1::Postmortem pm;
  *pm.add_action_items() = OpenItem("AI-1", Day(2024, 3, 1), "alice");
  for (absl::Time now : {absl::InfiniteFuture(), absl::InfinitePast(),
                         absl::FromUnixSeconds(253402300799)}) {
    v1::ActionStatusReport status = ActionEngine::Default().Evaluate(pm, now);
    ASSERT_EQ(status.items_size(), 1);
    if (now == absl::InfiniteFuture()) {
      EXPECT_TRUE(status.items(0).overdue());
      EXPECT_FALSE(status.items(0).has_next_reminder_time());
    }
  }
}

TEST(ActionReportTest, HostileValuesDoNotCrash) {
  v1::Postmortem pm;
  v1::ActionItem* item = pm.add_action_items();
  item->set_state(static_cast<v1::ActionItemState>(1000));
  item->set_priority(static_cast<v1::Priority>(-3));
  item->set_type(static_cast<v1::ActionItemType>(99));
  item->mutable_create_time()->set_seconds(INT64_MIN);
  item->mutable_due_time()->set_seconds(INT64_MAX);
  v1::StateTransition* entry = item->add_history();
  entry->set_to_state(v1::ACTION_ITEM_STATE_OPEN);
  entry->mutable_time()->set_seconds(INT64_MAX);
  entry->mutable_time()->set_nanos(-5);
  const v1::Postmortem* list[] = {&pm};
  v1::FollowThroughReport report =
      ActionEngine::Default().Report(list, absl::FromUnixSeconds(0));
  EXPECT_EQ(report.item_count(), 1);
  v1::ActionStatusReport status = ActionEngine::Default().Evaluate(pm, absl::InfiniteFuture());
  EXPECT_EQ(status.items_size(), 1);
  EXPECT_FALSE(RenderStatusMarkdown(status).empty());
}

}  // namespace
}  // namespace pmkit
