// Action items: the fields every item needs, unique ids, actionable wording,
// prevent/detect coverage for high severities, and due windows.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "src/validate/civil_date.h"
#include "src/validate/id_set.h"
#include "src/validate/run.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {
namespace {

using v1::ActionItem;
using v1::Postmortem;

bool Closed(const ActionItem& item) {
  return item.state() == v1::ACTION_ITEM_STATE_DONE ||
         item.state() == v1::ACTION_ITEM_STATE_VERIFIED ||
         item.state() == v1::ACTION_ITEM_STATE_WONT_DO;
}

const CompiledPolicy::Window* FindWindow(const Run& run,
                                         v1::Priority priority) {
  const CompiledPolicy::Window* best = nullptr;
  int best_score = -1;
  const std::string* level = run.level() == nullptr ? nullptr : &run.level()->id;
  for (const CompiledPolicy::Window& w : run.policy().windows) {
    if (w.priority != v1::PRIORITY_UNSPECIFIED && w.priority != priority) {
      continue;
    }
    if (!w.level.empty() &&
        (level == nullptr || !absl::EqualsIgnoreCase(w.level, *level))) {
      continue;
    }
    const int score = (w.priority != v1::PRIORITY_UNSPECIFIED ? 2 : 0) +
                      (w.level.empty() ? 0 : 1);
    if (score > best_score) {
      best = &w;
      best_score = score;
    }
  }
  return best;
}

// The deadline `window` allows from `start`: calendar time, or whole
// business days (Monday to Friday, in UTC) when the window says so.
int64_t Deadline(int64_t start, const CompiledPolicy::Window& window) {
  if (!window.business_days) return start + window.seconds;
  int64_t days = window.seconds / 86400;
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::Time t = absl::FromUnixSeconds(start);
  absl::CivilSecond cs = absl::ToCivilSecond(t, utc);
  absl::CivilDay day(cs);
  const absl::CivilSecond time_of_day = cs;
  while (days > 0) {
    day += 1;
    const absl::Weekday wd = absl::GetWeekday(day);
    if (wd != absl::Weekday::saturday && wd != absl::Weekday::sunday) --days;
  }
  const absl::CivilSecond end(day.year(), day.month(), day.day(),
                              time_of_day.hour(), time_of_day.minute(),
                              time_of_day.second());
  return absl::ToUnixSeconds(absl::FromCivil(end, utc)) +
         window.seconds % 86400;
}

std::string DateOf(int64_t seconds) { return FormatUtcDate(seconds); }

void CheckWording(Run& run, const ActionItem& item, const Path& item_path) {
  const bool any = run.On(kItemVague) || run.On(kItemInvestigate) ||
                   run.On(kItemUnbounded) || run.On(kItemDependsOnCare);
  if (!any || IsBlank(item.title())) return;
  const Wording w = AnalyseWording(item.title(), item.description(),
                                   run.policy().vague_verbs);
  const Path title = item_path.Field("title", ActionItem::kTitleFieldNumber);
  if (run.On(kItemVague) && (!w.vague_verb.empty() || w.too_short)) {
    v1::Finding* f = run.Emit(
        kItemVague, title,
        w.too_short ? "The title is too short to say what done looks like."
                    : absl::StrCat("The title starts with \"", w.vague_verb,
                                   "\" and sets no measurable target."),
        "Name the concrete change and its target: \"Alert when checkout "
        "errors exceed 2% for 5 minutes\", not \"Improve monitoring\".");
    if (f != nullptr) f->set_category(w.too_short ? "too_short" : "vague_verb");
  }
  if (run.On(kItemInvestigate) && w.investigate_without_question) {
    run.Emit(kItemInvestigate, title,
             "The item investigates without stating the question to answer.",
             "Phrase it as a question (\"Find out whether ...?\") or state "
             "what the investigation must decide.");
  }
  if (run.On(kItemUnbounded) && !w.unbounded.empty()) {
    v1::Finding* f =
        run.Emit(kItemUnbounded, title,
                 absl::StrCat("\"", w.unbounded,
                              "\" is an outcome no item can finish or verify."),
                 "Bound the item: which change, to which system, verified "
                 "how.");
    if (f != nullptr) f->set_excerpt(std::string(w.unbounded));
  }
  if (run.On(kItemDependsOnCare) && !w.care.empty()) {
    v1::Finding* f = run.Emit(
        kItemDependsOnCare, title,
        absl::StrCat("The item relies on people (\"", w.care,
                     "\") rather than on a change to the system."),
        "Change the conditions instead: a guard rail, an automated check, a "
        "safer default, a clearer signal.");
    if (f != nullptr) f->set_excerpt(std::string(w.care));
  }
}

}  // namespace

void CheckActionItems(Run& run) {
  const Postmortem& pm = run.pm();
  const int n = pm.action_items_size();
  IdSet ids(n);
  bool prevent_or_detect = false;
  // Start instants outside Timestamp's valid range (hostile input) are
  // ignored, which keeps start + window far from overflow.
  auto valid = [](const google::protobuf::Timestamp& t) {
    return t.seconds() >= -62135596800 && t.seconds() <= 253402300799;
  };
  const int64_t resolved = pm.lifecycle().resolved().has_time() &&
                                   valid(pm.lifecycle().resolved().time())
                               ? pm.lifecycle().resolved().time().seconds()
                               : 0;
  for (int i = 0; i < n; ++i) {
    const ActionItem& item = pm.action_items(i);
    const Path path =
        Path().Element("action_items", Postmortem::kActionItemsFieldNumber, i);
    if (item.type() == v1::ACTION_ITEM_TYPE_PREVENT ||
        item.type() == v1::ACTION_ITEM_TYPE_DETECT) {
      if (item.state() != v1::ACTION_ITEM_STATE_WONT_DO) {
        prevent_or_detect = true;
      }
    }
    if (item.id().empty()) {
      if (run.On(kItemIdMissing)) {
        run.Emit(kItemIdMissing, path.Field("id", ActionItem::kIdFieldNumber),
                 "The action item has no id.",
                 "Give it an id unique in the document (\"AI-1\").");
      }
    } else if (!ids.Insert(item.id()) && run.On(kItemIdDuplicate)) {
      run.Emit(kItemIdDuplicate, path.Field("id", ActionItem::kIdFieldNumber),
               absl::StrCat("Action item id \"", item.id(),
                            "\" is used by an earlier item."),
               "Give every item its own id.");
    }
    if (item.owner_id().empty() && run.On(kItemOwnerMissing)) {
      run.Emit(kItemOwnerMissing,
               path.Field("owner_id", ActionItem::kOwnerIdFieldNumber),
               "The action item has no owner.",
               "Name the one person accountable for it (an id in people).");
    }
    if (item.priority() == v1::PRIORITY_UNSPECIFIED &&
        run.On(kItemPriorityMissing)) {
      run.Emit(kItemPriorityMissing,
               path.Field("priority", ActionItem::kPriorityFieldNumber),
               "The action item has no priority.", "Set P0-P3.");
    }
    if (item.type() == v1::ACTION_ITEM_TYPE_UNSPECIFIED &&
        run.On(kItemTypeMissing)) {
      run.Emit(kItemTypeMissing,
               path.Field("type", ActionItem::kTypeFieldNumber),
               "The action item has no type.",
               "Say whether it investigates, mitigates, repairs, detects, "
               "prevents or changes a process.");
    }
    if (!item.has_due_time()) {
      if (!Closed(item) && run.On(kItemDueMissing)) {
        run.Emit(kItemDueMissing,
                 path.Field("due_time", ActionItem::kDueTimeFieldNumber),
                 "The open action item has no due date.",
                 "Set a due date within the policy's window for its priority.");
      }
    } else if (!Closed(item) && run.On(kItemDueTooLate)) {
      const CompiledPolicy::Window* window = FindWindow(run, item.priority());
      const int64_t start = item.has_create_time()
                                ? (valid(item.create_time())
                                       ? item.create_time().seconds()
                                       : 0)
                                : resolved;
      if (window != nullptr && start != 0) {
        const int64_t deadline = Deadline(start, *window);
        if (item.due_time().seconds() > deadline) {
          // The message is appended to the finding's own string (a reused
          // report's keeps its capacity): a StrCat temporary was an
          // allocation, a copy and a free per late item.
          v1::Finding* f = run.Emit(
              kItemDueTooLate,
              path.Field("due_time", ActionItem::kDueTimeFieldNumber), "",
              "Bring the due date in, split the item, or record why it "
              "needs longer and lower its priority.");
          if (f != nullptr) {
            absl::StrAppend(f->mutable_message(), "Due ",
                            DateOf(item.due_time().seconds()), ", after ",
                            DateOf(deadline), ": the policy allows ",
                            window->seconds / 86400,
                            window->business_days ? " business" : "",
                            " days for ", v1::Priority_Name(item.priority()),
                            " items", run.level() ? " of " : "",
                            run.level() ? run.level()->id : "", " incidents.");
          }
        }
      }
    }
    const v1::ExternalReference& tracking = item.tracking();
    if (tracking.key().empty() && tracking.url().empty() &&
        run.On(kItemTrackingMissing)) {
      run.Emit(kItemTrackingMissing,
               path.Field("tracking", ActionItem::kTrackingFieldNumber),
               "The action item has no tracking reference.",
               "File it in the team's tracker and record the key or address.");
    }
    CheckWording(run, item, path);
  }
  if (run.past_draft() && run.high_severity() && n > 0 && !prevent_or_detect &&
      run.On(kItemPreventDetectMissing)) {
    run.Emit(kItemPreventDetectMissing,
             Path().Field("action_items", Postmortem::kActionItemsFieldNumber),
             absl::StrCat("No action item of this ", run.level()->id,
                          " incident prevents or detects a recurrence."),
             "Add an item of type PREVENT or DETECT for the contributing "
             "factors.");
  }
}

}  // namespace pmkit::validate_internal
