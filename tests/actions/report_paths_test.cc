// The follow-through report's fast path (int64 nanoseconds) against its
// generic path (absl::Time, DeriveState and ComputeDue) on a random corpus
// with contradictions, unset and hostile times, business-day windows and
// unknown enum values: the two must give identical reports.
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "pmkit/actions.h"
#include "src/actions/internal.h"

namespace pmkit {
namespace {

std::vector<v1::Postmortem> RandomCorpus(uint64_t seed, int count) {
  std::mt19937_64 random(seed);
  auto pick = [&](int n) { return static_cast<int>(random() % n); };
  // Mostly ordinary instants; sometimes far future, far past or out of
  // Timestamp's range, to exercise the fallback.
  auto seconds = [&](int64_t base) -> int64_t {
    switch (pick(40)) {
      case 0:
        return 253402300799 + pick(1000);  // Past year 9999.
      case 1:
        return -62135596800 - pick(1000);  // Before year 1.
      case 2:
        return 5000000000;  // 2128: outside the fast range.
      case 3:
        return -4600000000;
      default:
        return base + pick(90) * 86400 + pick(86400);
    }
  };
  std::vector<v1::Postmortem> out(count);
  for (int p = 0; p < count; ++p) {
    v1::Postmortem& pm = out[p];
    pm.set_id("pm-" + std::to_string(p));
    pm.mutable_severity()->set_level(pick(5) == 0 ? "" : "SEV" + std::to_string(1 + pick(4)));
    const int64_t base = 1700000000 + pick(400) * 86400;
    const int items = pick(12);
    for (int i = 0; i < items; ++i) {
      v1::ActionItem* item = pm.add_action_items();
      item->set_id("AI-" + std::to_string(i));
      if (pick(4) != 0) item->set_owner_id("u" + std::to_string(pick(7)));
      if (pick(4) != 0) item->set_team("t" + std::to_string(pick(3)));
      item->set_priority(static_cast<v1::Priority>(pick(12) == 0 ? 9 : pick(5)));
      item->set_type(static_cast<v1::ActionItemType>(pick(12) == 0 ? 11 : pick(7)));
      if (pick(3) != 0) item->mutable_create_time()->set_seconds(seconds(base));
      if (pick(7) == 0) item->mutable_create_time()->set_nanos(pick(3) - 1);
      if (pick(3) == 0) item->mutable_due_time()->set_seconds(seconds(base));
      const int entries = pick(6);
      int state = v1::ACTION_ITEM_STATE_UNSPECIFIED;
      int64_t t = base;
      for (int e = 0; e < entries; ++e) {
        v1::StateTransition* entry = item->add_history();
        // Mostly legal moves; sometimes anything, including unknown states.
        int to = 1 + pick(6);
        if (pick(10) == 0) to = pick(9);
        entry->set_from_state(static_cast<v1::ActionItemState>(
            pick(15) == 0 ? pick(8) : state));
        entry->set_to_state(static_cast<v1::ActionItemState>(to));
        if (pick(6) != 0) {
          t += pick(20) * 86400 - (pick(15) == 0 ? 40 * 86400 : 0);
          entry->mutable_time()->set_seconds(pick(30) == 0 ? seconds(base) : t);
          entry->mutable_time()->set_nanos(pick(4) == 0 ? pick(1000) : 0);
        }
        entry->set_event_id(item->id() + "/" + std::to_string(pick(10) == 0 ? 1 : e + 1));
        if (pick(8) == 0) entry->clear_event_id();
        state = to;
      }
      item->set_state(static_cast<v1::ActionItemState>(pick(5) == 0 ? pick(8) : state));
    }
  }
  return out;
}

void ExpectSamePaths(const ActionEngine& engine, const std::vector<v1::Postmortem>& corpus,
                     absl::Time now) {
  std::vector<const v1::Postmortem*> list;
  for (const v1::Postmortem& pm : corpus) list.push_back(&pm);
  const v1::FollowThroughReport fast = BuildReport(engine, list, now, false);
  const v1::FollowThroughReport generic = BuildReport(engine, list, now, true);
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(fast, generic)) << diff;
  EXPECT_GT(fast.item_count(), 0);
}

TEST(ActionReportPathsTest, FastPathMatchesGenericPath) {
  const std::vector<v1::Postmortem> corpus = RandomCorpus(7, 3000);
  const ActionEngine& engine = ActionEngine::Default();
  for (absl::Time now :
       {absl::FromUnixSeconds(1710000000), absl::FromUnixSeconds(1720000000) + absl::Nanoseconds(5),
        absl::FromUnixSeconds(1715000000) + absl::Nanoseconds(1) / 4,
        absl::FromUnixSeconds(-100), absl::InfiniteFuture(), absl::InfinitePast(),
        absl::FromUnixSeconds(6000000000)}) {
    ExpectSamePaths(engine, corpus, now);
  }
}

TEST(ActionReportPathsTest, FastPathMatchesWithPolicyWindowsAndLimits) {
  v1::ActionOptions options;
  v1::DueWindow* calendar = options.mutable_policy()->add_due_windows();
  calendar->set_priority(v1::PRIORITY_P1);
  calendar->mutable_window()->set_seconds(20 * 86400 + 7);
  v1::DueWindow* business = options.mutable_policy()->add_due_windows();
  business->set_severity_level("SEV1");
  business->set_business_days(true);
  business->mutable_window()->set_seconds(10 * 86400 + 3600);
  v1::DueWindow* huge = options.mutable_policy()->add_due_windows();
  huge->set_priority(v1::PRIORITY_P3);
  huge->mutable_window()->set_seconds(300000000000);  // ~9,500 years.
  options.mutable_follow_up()->mutable_due_soon()->set_seconds(3 * 86400);
  v1::StallLimit* limit = options.mutable_follow_up()->add_stall_limits();
  limit->set_state(v1::ACTION_ITEM_STATE_DONE);
  limit->mutable_limit()->set_seconds(86400);
  v1::StallLimit* endless = options.mutable_follow_up()->add_stall_limits();
  endless->set_state(v1::ACTION_ITEM_STATE_BLOCKED);
  endless->mutable_limit()->set_seconds(310000000000);
  absl::StatusOr<std::unique_ptr<ActionEngine>> engine = ActionEngine::Create(options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::vector<v1::Postmortem> corpus = RandomCorpus(11, 3000);
  for (absl::Time now : {absl::FromUnixSeconds(1705000000), absl::FromUnixSeconds(1740000000)}) {
    ExpectSamePaths(**engine, corpus, now);
  }
}

}  // namespace
}  // namespace pmkit
