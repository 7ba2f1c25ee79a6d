// Follow-through reports over many postmortems. This is the hot path of the
// module (a report over 1,000,000 items should take well under a second), so
// it replays each history once without building findings, groups through
// hash maps keyed by views into the input, and takes percentiles with
// nth_element instead of sorting.
#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "src/actions/internal.h"

namespace pmkit {
namespace {

struct Group {
  int64_t overdue = 0;
  int64_t open = 0;
};

using GroupMap = absl::flat_hash_map<absl::string_view, Group>;

void Fill(const GroupMap& groups, google::protobuf::RepeatedPtrField<v1::OverdueGroup>* out) {
  std::vector<std::pair<absl::string_view, Group>> rows;
  for (const auto& entry : groups) {
    if (entry.second.overdue > 0) rows.emplace_back(entry.first, entry.second);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.second.overdue != b.second.overdue) return a.second.overdue > b.second.overdue;
    return a.first < b.first;
  });
  for (const auto& [key, group] : rows) {
    v1::OverdueGroup* row = out->Add();
    row->set_key(std::string(key));
    row->set_overdue(group.overdue);
    row->set_open(group.open);
  }
}

// Nearest-rank percentile p (0-1] of `values` (reordered).
int64_t Percentile(std::vector<int64_t>& values, double p) {
  size_t rank = static_cast<size_t>(p * values.size() + 0.999999999);
  if (rank < 1) rank = 1;
  if (rank > values.size()) rank = values.size();
  std::nth_element(values.begin(), values.begin() + (rank - 1), values.end());
  return values[rank - 1];
}

void FillStats(std::vector<int64_t>& nanos, v1::DurationStats* stats) {
  stats->set_count(static_cast<int64_t>(nanos.size()));
  if (nanos.empty()) return;
  SetDuration(absl::Nanoseconds(Percentile(nanos, 0.5)), stats->mutable_median());
  SetDuration(absl::Nanoseconds(Percentile(nanos, 0.9)), stats->mutable_p90());
}

int64_t ToNanos(absl::Duration d) {
  // Durations beyond int64 nanoseconds (292 years) saturate.
  return absl::ToInt64Nanoseconds(d);
}

}  // namespace

v1::FollowThroughReport ActionEngine::Report(
    absl::Span<const v1::Postmortem* const> postmortems, absl::Time now) const {
  v1::FollowThroughReport report;
  SetTimestamp(now, report.mutable_evaluate_time());
  std::array<int64_t, kStateCount> by_state{};
  std::array<int64_t, 7> by_type{};
  std::array<int64_t, 5> by_priority{};
  GroupMap by_owner;
  GroupMap by_team;
  std::vector<int64_t> to_done;
  std::vector<int64_t> to_verified;
  int64_t items_total = 0;
  int64_t overdue = 0, unowned = 0, stalled = 0, due_soon = 0, contradictory = 0;
  int64_t hp_postmortems = 0;
  for (const v1::Postmortem* postmortem : postmortems) {
    if (postmortem == nullptr) continue;
    report.set_postmortem_count(report.postmortem_count() + 1);
    const std::string& level = postmortem->severity().level();
    bool has_high = false;
    bool high_all_done = true;
    for (const v1::ActionItem& item : postmortem->action_items()) {
      ++items_total;
      const DerivedState derived = DeriveState(item);
      if (!derived.consistency.ok()) ++contradictory;
      const v1::ActionItemState state = derived.state;
      ++by_state[IsKnownState(state) ? state : 0];
      const int type = item.type();
      ++by_type[type >= 0 && type < 7 ? type : 0];
      const int priority = item.priority();
      ++by_priority[priority >= 0 && priority < 5 ? priority : 0];
      if (priority == v1::PRIORITY_P0 || priority == v1::PRIORITY_P1) {
        if (state != v1::ACTION_ITEM_STATE_WONT_DO) {
          has_high = true;
          if (state != v1::ACTION_ITEM_STATE_DONE &&
              state != v1::ACTION_ITEM_STATE_VERIFIED) {
            high_all_done = false;
          }
        }
      }
      if (derived.created != absl::InfinitePast()) {
        if ((state == v1::ACTION_ITEM_STATE_DONE || state == v1::ACTION_ITEM_STATE_VERIFIED) &&
            derived.first_done != absl::InfinitePast()) {
          to_done.push_back(ToNanos(derived.first_done - derived.created));
        }
        if (state == v1::ACTION_ITEM_STATE_VERIFIED &&
            derived.first_verified != absl::InfinitePast()) {
          to_verified.push_back(ToNanos(derived.first_verified - derived.created));
        }
      }
      const absl::Duration stall = compiled_->stall[state];
      if (stall > absl::ZeroDuration() && derived.state_since != absl::InfinitePast() &&
          now - derived.state_since > stall) {
        ++stalled;
      }
      if (!IsOpenState(state)) continue;
      const DueTime due = ComputeDue(item, level, derived);
      const bool has_due = due.source != v1::DUE_SOURCE_UNSPECIFIED;
      const bool is_overdue = has_due && now > due.time;
      if (has_due && !is_overdue && due.time - now <= compiled_->due_soon) ++due_soon;
      if (item.owner_id().empty()) ++unowned;
      Group& owner = by_owner[item.owner_id()];
      Group& team = by_team[item.team()];
      ++owner.open;
      ++team.open;
      if (is_overdue) {
        ++overdue;
        ++owner.overdue;
        ++team.overdue;
      }
    }
    if (has_high) {
      ++hp_postmortems;
      if (high_all_done) report.add_high_priority_done_postmortem_ids(postmortem->id());
    }
  }
  report.set_item_count(items_total);
  for (int i = 0; i < kStateCount; ++i) {
    v1::StateCount* row = report.add_by_state();
    row->set_state(static_cast<v1::ActionItemState>(i));
    row->set_count(by_state[i]);
  }
  for (int i = 0; i < 7; ++i) {
    v1::TypeCount* row = report.add_by_type();
    row->set_type(static_cast<v1::ActionItemType>(i));
    row->set_count(by_type[i]);
  }
  for (int i = 0; i < 5; ++i) {
    v1::PriorityCount* row = report.add_by_priority();
    row->set_priority(static_cast<v1::Priority>(i));
    row->set_count(by_priority[i]);
  }
  const int64_t done = by_state[v1::ACTION_ITEM_STATE_DONE] +
                       by_state[v1::ACTION_ITEM_STATE_VERIFIED];
  const int64_t wont = by_state[v1::ACTION_ITEM_STATE_WONT_DO];
  if (items_total - wont > 0) {
    report.set_completion_rate(static_cast<double>(done) / (items_total - wont));
  }
  if (items_total > 0) {
    report.set_wont_do_share(static_cast<double>(wont) / items_total);
  }
  report.set_overdue_count(overdue);
  report.set_unowned_count(unowned);
  report.set_stalled_count(stalled);
  report.set_due_soon_count(due_soon);
  report.set_contradictory_history_count(contradictory);
  Fill(by_owner, report.mutable_overdue_by_owner());
  Fill(by_team, report.mutable_overdue_by_team());
  FillStats(to_done, report.mutable_time_to_done());
  FillStats(to_verified, report.mutable_time_to_verified());
  report.set_high_priority_postmortem_count(hp_postmortems);
  report.set_high_priority_done_count(report.high_priority_done_postmortem_ids_size());
  return report;
}

}  // namespace pmkit
