// Markdown renderings of the follow-through and status reports.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "src/actions/internal.h"

namespace pmkit {
namespace {

std::string Cell(absl::string_view text) {
  // Pipes and line breaks would break the table.
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}, {"\r", " "}});
}

std::string When(const google::protobuf::Timestamp& timestamp, bool has) {
  if (!has) return "—";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", TimeOf(timestamp, true),
                          absl::UTCTimeZone());
}

std::string Days(const google::protobuf::Duration& duration) {
  return absl::StrFormat("%.1f days", absl::ToDoubleHours(DurationOf(duration)) / 24);
}

std::string TypeName(v1::ActionItemType type) {
  switch (type) {
    case v1::ACTION_ITEM_TYPE_INVESTIGATE: return "investigate";
    case v1::ACTION_ITEM_TYPE_MITIGATE: return "mitigate";
    case v1::ACTION_ITEM_TYPE_REPAIR: return "repair";
    case v1::ACTION_ITEM_TYPE_DETECT: return "detect";
    case v1::ACTION_ITEM_TYPE_PREVENT: return "prevent";
    case v1::ACTION_ITEM_TYPE_PROCESS: return "process";
    default: return "unspecified";
  }
}

std::string PriorityName(v1::Priority priority) {
  if (priority >= v1::PRIORITY_P0 && priority <= v1::PRIORITY_P3) {
    return absl::StrCat("P", priority - 1);
  }
  return "unspecified";
}

void Groups(absl::string_view title,
            const google::protobuf::RepeatedPtrField<v1::OverdueGroup>& groups,
            absl::string_view empty_key, std::string* out) {
  absl::StrAppend(out, "\n### Overdue by ", absl::AsciiStrToLower(title), "\n\n");
  if (groups.empty()) {
    absl::StrAppend(out, "Nothing overdue.\n");
    return;
  }
  absl::StrAppend(out, "| ", title, " | Overdue | Open |\n|---|---:|---:|\n");
  for (const v1::OverdueGroup& group : groups) {
    absl::StrAppend(out, "| ", group.key().empty() ? std::string(empty_key) : Cell(group.key()),
                    " | ", group.overdue(), " | ", group.open(), " |\n");
  }
}

}  // namespace

std::string RenderFollowThroughMarkdown(const v1::FollowThroughReport& r) {
  std::string out = "## Action item follow-through\n\n";
  absl::StrAppend(&out, "As of ", When(r.evaluate_time(), r.has_evaluate_time()), ": ",
                  r.item_count(), " action items in ", r.postmortem_count(),
                  r.postmortem_count() == 1 ? " postmortem" : " postmortems", ".\n\n");
  absl::StrAppend(&out, "| Measure | Value |\n|---|---:|\n");
  absl::StrAppend(&out, "| Completion rate (done or verified, won't-do excluded) | ",
                  absl::StrFormat("%.1f%%", 100 * r.completion_rate()), " |\n");
  absl::StrAppend(&out, "| Won't-do share | ",
                  absl::StrFormat("%.1f%%", 100 * r.wont_do_share()), " |\n");
  absl::StrAppend(&out, "| Overdue | ", r.overdue_count(), " |\n");
  absl::StrAppend(&out, "| Due soon | ", r.due_soon_count(), " |\n");
  absl::StrAppend(&out, "| Open without an owner | ", r.unowned_count(), " |\n");
  absl::StrAppend(&out, "| Stalled | ", r.stalled_count(), " |\n");
  absl::StrAppend(&out, "| Contradictory histories | ", r.contradictory_history_count(),
                  " |\n");
  auto stats = [&](absl::string_view name, const v1::DurationStats& s) {
    if (s.count() == 0) {
      absl::StrAppend(&out, "| ", name, " | no items |\n");
    } else {
      absl::StrAppend(&out, "| ", name, " (median / p90, n=", s.count(), ") | ",
                      Days(s.median()), " / ", Days(s.p90()), " |\n");
    }
  };
  stats("Time to done", r.time_to_done());
  stats("Time to verified", r.time_to_verified());
  absl::StrAppend(&out, "| Postmortems with all P0/P1 items done | ",
                  r.high_priority_done_count(), " of ",
                  r.high_priority_postmortem_count(), " |\n");

  absl::StrAppend(&out, "\n### By state\n\n| State | Items |\n|---|---:|\n");
  for (const v1::StateCount& row : r.by_state()) {
    if (row.count() == 0) continue;
    absl::StrAppend(&out, "| ", StateShortName(row.state()), " | ", row.count(), " |\n");
  }
  absl::StrAppend(&out, "\n### By type\n\n| Type | Items |\n|---|---:|\n");
  for (const v1::TypeCount& row : r.by_type()) {
    if (row.count() == 0) continue;
    absl::StrAppend(&out, "| ", TypeName(row.type()), " | ", row.count(), " |\n");
  }
  absl::StrAppend(&out, "\n### By priority\n\n| Priority | Items |\n|---|---:|\n");
  for (const v1::PriorityCount& row : r.by_priority()) {
    if (row.count() == 0) continue;
    absl::StrAppend(&out, "| ", PriorityName(row.priority()), " | ", row.count(), " |\n");
  }
  Groups("Owner", r.overdue_by_owner(), "(no owner)", &out);
  Groups("Team", r.overdue_by_team(), "(no team)", &out);
  return out;
}

std::string RenderStatusMarkdown(const v1::ActionStatusReport& report) {
  std::string out = "## Action item status\n\n";
  absl::StrAppend(&out, "As of ", When(report.evaluate_time(), report.has_evaluate_time()),
                  ".\n\n");
  if (report.items().empty()) {
    absl::StrAppend(&out, "No action items.\n");
  } else {
    absl::StrAppend(&out,
                    "| Item | State | Priority | Owner | Due | Flags | Next reminder |\n"
                    "|---|---|---|---|---|---|---|\n");
    for (const v1::ActionItemStatus& item : report.items()) {
      std::string flags;
      auto flag = [&](bool on, const char* name) {
        if (!on) return;
        if (!flags.empty()) flags += ", ";
        flags += name;
      };
      flag(item.overdue(), "overdue");
      flag(item.due_soon(), "due soon");
      flag(item.unowned(), "unowned");
      flag(item.stalled(), "stalled");
      std::string due = When(item.due_time(), item.has_due_time());
      if (item.due_source() == v1::DUE_SOURCE_POLICY) due += " (policy)";
      absl::StrAppend(&out, "| ", Cell(item.item_id()), " | ", StateShortName(item.state()),
                      " | ", PriorityName(item.priority()), " | ",
                      item.owner_id().empty() ? "—" : Cell(item.owner_id()), " | ", due,
                      " | ", flags.empty() ? "—" : flags, " | ",
                      When(item.next_reminder_time(), item.has_next_reminder_time()),
                      " |\n");
    }
  }
  if (!report.findings().empty()) {
    absl::StrAppend(&out, "\n### History problems\n\n");
    for (const v1::Finding& finding : report.findings()) {
      absl::StrAppend(&out, "- **",
                      finding.severity() == v1::FINDING_SEVERITY_ERROR ? "error" : "warning",
                      "** `", finding.rule_id(), "` at `", finding.path_text(), "`: ",
                      Cell(finding.message()), "\n");
    }
  }
  return out;
}

}  // namespace pmkit
