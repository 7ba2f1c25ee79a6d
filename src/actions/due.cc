// Due dates from policy and the follow-up status of items at a given time.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/actions/internal.h"

namespace pmkit {
namespace {

constexpr int64_t kDay = 86400;

// Day number since 1970-01-01 (a Thursday) -> 0 = Monday .. 6 = Sunday.
int Weekday(int64_t day) {
  int64_t w = (day + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The reminder at or after `start + k * interval` that is strictly after now.
// InfiniteFuture when there is none (now at the end of time, or more
// intervals than int64 counts).
absl::Time NextAfter(absl::Time start, absl::Duration interval, absl::Time now) {
  if (start > now) return start;
  if (now == absl::InfiniteFuture()) return absl::InfiniteFuture();
  absl::Duration rest;  // IDivDuration writes the remainder; never null.
  const int64_t k = absl::IDivDuration(now - start, interval, &rest);
  if (k == std::numeric_limits<int64_t>::max()) return absl::InfiniteFuture();
  return start + interval * (k + 1);
}

}  // namespace

absl::Time AddBusinessDays(absl::Time start, int64_t days) {
  if (start == absl::InfinitePast() || start == absl::InfiniteFuture()) return start;
  int64_t seconds = absl::ToUnixSeconds(start);
  absl::Duration sub = start - absl::FromUnixSeconds(seconds);
  int64_t day = FloorDiv(seconds, kDay);
  int64_t in_day = seconds - day * kDay;
  if (Weekday(day) >= 5) {  // Weekend: count from Monday 00:00.
    day += 7 - Weekday(day);
    in_day = 0;
    sub = absl::ZeroDuration();
  }
  day += (days / 5) * 7;
  for (int64_t rest = days % 5; rest > 0;) {
    ++day;
    if (Weekday(day) < 5) --rest;
  }
  return absl::FromUnixSeconds(day * kDay + in_day) + sub;
}

const CompiledWindow* BestWindow(const std::vector<CompiledWindow>& windows, int priority,
                                 absl::string_view severity_level) {
  const CompiledWindow* best = nullptr;
  for (const CompiledWindow& window : windows) {
    if (window.priority != v1::PRIORITY_UNSPECIFIED && window.priority != priority) {
      continue;
    }
    if (!window.severity_level.empty() && window.severity_level != severity_level) continue;
    if (best == nullptr || window.specificity > best->specificity) best = &window;
  }
  return best;
}

DueTime ActionEngine::ComputeDue(const v1::ActionItem& item,
                                 absl::string_view severity_level,
                                 const DerivedState& derived) const {
  DueTime due;
  if (item.has_due_time()) {
    due.source = v1::DUE_SOURCE_EXPLICIT;
    due.time = TimeOf(item.due_time(), true);
    return due;
  }
  if (derived.created == absl::InfinitePast()) return due;
  const CompiledWindow* best = BestWindow(compiled_->windows, item.priority(), severity_level);
  if (best == nullptr) return due;
  due.source = v1::DUE_SOURCE_POLICY;
  if (best->business_days) {
    absl::Duration rest;
    const int64_t days = absl::IDivDuration(best->window, absl::Hours(24), &rest);
    due.time = AddBusinessDays(derived.created, days) + rest;
  } else {
    due.time = derived.created + best->window;
  }
  return due;
}

v1::ActionStatusReport ActionEngine::Evaluate(const v1::Postmortem& postmortem,
                                              absl::Time now) const {
  v1::ActionStatusReport report;
  SetTimestamp(now, report.mutable_evaluate_time());
  std::vector<v1::Finding> findings;
  const auto& items = postmortem.action_items();
  for (int i = 0; i < items.size(); ++i) {
    const v1::ActionItem& item = items[i];
    const DerivedState derived = DeriveState(item);
    CheckHistory(item, absl::StrCat("action_items[", i, "]"), &findings);
    const DueTime due = ComputeDue(item, postmortem.severity().level(), derived);
    v1::ActionItemStatus* status = report.add_items();
    status->set_item_id(item.id());
    status->set_postmortem_id(postmortem.id());
    status->set_state(derived.state);
    status->set_owner_id(item.owner_id());
    status->set_team(item.team());
    status->set_priority(item.priority());
    status->set_due_source(due.source);
    const bool has_due = due.source != v1::DUE_SOURCE_UNSPECIFIED;
    if (has_due) SetTimestamp(due.time, status->mutable_due_time());
    if (derived.state_since != absl::InfinitePast()) {
      SetTimestamp(derived.state_since, status->mutable_state_since());
    }
    const bool open = IsOpenState(derived.state);
    const absl::Duration stall = compiled_->stall[derived.state];
    const bool known_since = derived.state_since != absl::InfinitePast();
    status->set_overdue(open && has_due && now > due.time);
    status->set_due_soon(open && has_due && now <= due.time &&
                         due.time - now <= compiled_->due_soon);
    status->set_unowned(open && item.owner_id().empty());
    status->set_stalled(stall > absl::ZeroDuration() && known_since &&
                        now - derived.state_since > stall);
    // Reminders: due-soon warning, the due time, then every overdue
    // interval; the stall limit, then every stall interval. An open item
    // without an owner is reminded now: someone must take it.
    absl::Time next = absl::InfiniteFuture();
    if (open) {
      if (status->unowned()) next = now;
      if (has_due) {
        const absl::Time warn = due.time - compiled_->due_soon;
        if (warn > now) {
          next = std::min(next, warn);
        } else {
          next = std::min(next, NextAfter(due.time, compiled_->overdue_interval, now));
        }
      }
    }
    if (stall > absl::ZeroDuration() && known_since) {
      next = std::min(next, NextAfter(derived.state_since + stall,
                                      compiled_->stall_interval, now));
    }
    if (next != absl::InfiniteFuture()) {
      SetTimestamp(next, status->mutable_next_reminder_time());
    }
  }
  for (v1::Finding& finding : findings) *report.add_findings() = std::move(finding);
  return report;
}

}  // namespace pmkit
