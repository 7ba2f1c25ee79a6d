// Importers for JSON inputs: generic JSON Lines events, Slack channel
// exports, PagerDuty incident log entries and Alertmanager webhook payloads.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "src/timeline/import_internal.h"
#include "src/timeline/time_util.h"

namespace pmkit::internal {
namespace {

using google::protobuf::Value;

constexpr int64_t kNs = 1000000000;

absl::Status Invalid(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

// Sets the record's time from `text` (RFC 3339 or epoch seconds).
absl::Status SetTime(absl::string_view text, ImportContext* ctx,
                     TimelineRecord* r) {
  absl::StatusOr<ParsedTime> t = ParseAnyTime(text, ctx->zone);
  if (!t.ok()) return t.status();
  SetRecordTime(*t, text, r);
  return absl::OkStatus();
}

// Runs `parse` on each JSON item, collecting records and issues.
absl::Status EachItem(
    absl::string_view data, absl::string_view array_key, ImportContext* ctx,
    std::vector<TimelineRecord>* out,
    const std::function<absl::Status(const Value&, int64_t,
                                     std::vector<TimelineRecord>*)>& parse) {
  absl::Status status = ForEachJsonItem(
      data, array_key, [&](absl::string_view text, int64_t line) {
        Value v;
        std::string error;
        if (!ParseJson(text, &v, &error)) {
          return ctx->Issue(line, absl::StrCat("invalid JSON: ", error), text);
        }
        absl::Status s = parse(v, line, out);
        if (!s.ok()) return ctx->Issue(line, s.message(), text);
        return true;
      });
  if (!ctx->stop.ok()) return ctx->stop;
  return status;
}

}  // namespace

bool ImportContext::Issue(int64_t line, absl::string_view message,
                          absl::string_view record) {
  if (options.stop_on_error) {
    stop = absl::InvalidArgumentError(
        absl::StrCat(options.source_name, ": line ", line, ": ", message));
    return false;
  }
  if (issues != nullptr) {
    v1::ImportIssue issue;
    issue.set_source(options.source_name);
    issue.set_line(line);
    issue.set_message(std::string(message));
    // Cut at a UTF-8 boundary so the excerpt stays valid text.
    size_t n = std::min<size_t>(record.size(), 120);
    while (n > 0 && n < record.size() &&
           (static_cast<unsigned char>(record[n]) & 0xC0) == 0x80) {
      --n;
    }
    issue.set_excerpt(std::string(record.substr(0, n)));
    issues->push_back(std::move(issue));
  }
  return true;
}

absl::Status ParseGenericJson(const Value& v, ImportContext* ctx,
                              TimelineRecord* r) {
  if (v.kind_case() != Value::kStructValue) {
    return Invalid("a JSON Lines event must be an object");
  }
  std::string time;
  for (const char* key : {"time", "timestamp", "@timestamp", "ts", "date"}) {
    const Value* t = Member(v, key);
    if (t == nullptr) continue;
    if (t->kind_case() == Value::kNumberValue) {
      // Epoch seconds as a JSON number; microsecond resolution survives the
      // double for present-day times.
      double d = t->number_value();
      if (!(d >= 0) || d >= 7258118400.0) {
        return Invalid("\"time\" outside 1970..2199");
      }
      r->time_ns = static_cast<int64_t>(d) * kNs +
                   static_cast<int64_t>((d - static_cast<double>(static_cast<int64_t>(d))) * 1e6) * 1000;
      r->precision = d == static_cast<double>(static_cast<int64_t>(d))
                         ? v1::TIME_PRECISION_SECOND
                         : v1::TIME_PRECISION_SUBSECOND;
      r->original_time = absl::StrCat(d);
      time = r->original_time;
      break;
    }
    time = StringAt(v, key);
    if (time.empty()) continue;
    if (absl::Status s = SetTime(time, ctx, r); !s.ok()) return s;
    break;
  }
  if (time.empty()) return Invalid("no \"time\" field");
  for (const char* key : {"text", "message", "msg", "summary"}) {
    r->text = StringAt(v, key);
    if (!r->text.empty()) break;
  }
  std::string kind = StringAt(v, "kind");
  if (!kind.empty() && !ParseKindName(kind, &r->kind)) {
    return Invalid(absl::StrCat("unknown kind \"", kind, "\""));
  }
  std::string milestone = StringAt(v, "milestone");
  if (!milestone.empty() && !ParseMilestoneName(milestone, &r->milestone)) {
    return Invalid(absl::StrCat("unknown milestone \"", milestone, "\""));
  }
  std::string precision = StringAt(v, "precision");
  if (!precision.empty() && !ParsePrecisionName(precision, &r->precision)) {
    return Invalid(absl::StrCat("unknown precision \"", precision, "\""));
  }
  if (const Value* u = Member(v, "uncertainty_seconds")) {
    if (u->kind_case() != Value::kNumberValue || !(u->number_value() >= 0) ||
        u->number_value() > 1e7) {
      return Invalid("uncertainty_seconds must be a number between 0 and 1e7");
    }
    r->uncertainty_ns = static_cast<int64_t>(u->number_value() * kNs);
  }
  r->actor = StringAt(v, "actor");
  if (r->actor.empty()) {
    r->actor = StringAt(v, "system");
    r->actor_is_system = !r->actor.empty();
  }
  r->record_id = StringAt(v, "id");
  r->correlation_key = StringAt(v, "correlation_key");
  if (r->correlation_key.empty()) r->correlation_key = StringAt(v, "key");
  r->incident_key = StringAt(v, "incident_key");
  if (r->incident_key.empty()) r->incident_key = StringAt(v, "incident");
  if (const Value* tags = Member(v, "tags")) {
    if (tags->kind_case() != Value::kListValue) {
      return Invalid("\"tags\" must be an array of strings");
    }
    for (const Value& t : tags->list_value().values()) {
      if (t.kind_case() != Value::kStringValue) {
        return Invalid("\"tags\" must be an array of strings");
      }
      r->tags.push_back(t.string_value());
    }
  }
  if (r->kind == v1::EVENT_KIND_UNSPECIFIED) r->kind = v1::EVENT_KIND_OTHER;
  return absl::OkStatus();
}

// Slack: an array of message objects (one file per channel and day).
absl::Status ImportSlack(absl::string_view data, ImportContext* ctx,
                         std::vector<TimelineRecord>* out) {
  return EachItem(data, "messages", ctx, out, [](const Value& v, int64_t line,
                                                 std::vector<TimelineRecord>* out) {
    if (v.kind_case() != Value::kStructValue) {
      return Invalid("a Slack message must be an object");
    }
    TimelineRecord r;
    r.position = line;
    r.kind = v1::EVENT_KIND_CHAT;
    const std::string subtype = StringAt(v, "subtype");
    const Value* msg = &v;
    if (subtype == "message_changed") {
      // An edit event: the edited message is nested; it keeps its own ts.
      msg = Member(v, "message");
      if (msg == nullptr || msg->kind_case() != Value::kStructValue) {
        return Invalid("message_changed without a \"message\" object");
      }
      r.tags.push_back("edited");
    }
    std::string ts = StringAt(*msg, "ts");
    if (subtype == "message_deleted") {
      ts = StringAt(v, "deleted_ts");
      if (ts.empty()) ts = StringAt(v, "ts");
    }
    if (ts.empty()) return Invalid("no \"ts\" field");
    absl::StatusOr<ParsedTime> t = ParseEpochSeconds(ts);
    if (!t.ok()) return Invalid(absl::StrCat("bad \"ts\": ", t.status().message()));
    SetRecordTime(*t, ts, &r);
    r.record_id = ts;
    if (subtype == "message_deleted") {
      r.text = "[message deleted]";
      r.tags.push_back("deleted");
      if (const Value* prev = Member(v, "previous_message")) {
        std::string old = StringAt(*prev, "text");
        if (!old.empty()) r.text = absl::StrCat("[message deleted] ", old);
      }
    } else {
      r.text = StringAt(*msg, "text");
    }
    if (Member(*msg, "edited") != nullptr &&
        std::find(r.tags.begin(), r.tags.end(), "edited") == r.tags.end()) {
      r.tags.push_back("edited");
    }
    std::string thread = StringAt(*msg, "thread_ts");
    if (!thread.empty() && thread != ts) {
      r.tags.push_back(absl::StrCat("thread:", thread));
    } else if (!StringAt(*msg, "reply_count").empty()) {
      r.tags.push_back(absl::StrCat("thread:", ts));
    }
    if (!StringAt(*msg, "bot_id").empty() || subtype == "bot_message") {
      r.actor_is_system = true;
      r.actor = StringAt(*msg, "username");
      if (r.actor.empty()) r.actor = StringAt(*msg, "bot_profile.name");
      if (r.actor.empty()) r.actor = StringAt(*msg, "bot_id");
    } else {
      for (const char* key : {"user_profile.real_name", "user_profile.display_name",
                              "user_name", "user"}) {
        r.actor = StringAt(*msg, key);
        if (!r.actor.empty()) break;
      }
    }
    if (!subtype.empty() && subtype != "bot_message" &&
        subtype != "message_changed" && subtype != "message_deleted" &&
        subtype != "thread_broadcast") {
      r.tags.push_back(absl::StrCat("subtype:", subtype));
      r.kind = v1::EVENT_KIND_OTHER;
    }
    out->push_back(std::move(r));
    return absl::OkStatus();
  });
}

// PagerDuty: {"log_entries": [...]} (the REST API's list response) or a
// bare array of log entries.
absl::Status ImportPagerDuty(absl::string_view data, ImportContext* ctx,
                             std::vector<TimelineRecord>* out) {
  return EachItem(data, "log_entries", ctx, out, [ctx](const Value& v, int64_t line,
                                                       std::vector<TimelineRecord>* out) {
    if (v.kind_case() != Value::kStructValue) {
      return Invalid("a PagerDuty log entry must be an object");
    }
    TimelineRecord r;
    r.position = line;
    std::string type = StringAt(v, "type");
    if (type.empty()) return Invalid("no \"type\" field");
    std::string created = StringAt(v, "created_at");
    if (created.empty()) return Invalid("no \"created_at\" field");
    if (absl::Status s = SetTime(created, ctx, &r); !s.ok()) return s;
    absl::string_view base = absl::StripSuffix(type, "_reference");
    base = absl::StripSuffix(base, "_log_entry");
    if (base == "trigger") {
      r.kind = v1::EVENT_KIND_ALERT;
      r.milestone = v1::MILESTONE_DETECTED;
    } else if (base == "acknowledge") {
      r.kind = v1::EVENT_KIND_PAGE;
      r.milestone = v1::MILESTONE_ACKNOWLEDGED;
    } else if (base == "resolve") {
      r.kind = v1::EVENT_KIND_ACTION;
      r.milestone = v1::MILESTONE_RESOLVED;
    } else if (base == "notify") {
      r.kind = v1::EVENT_KIND_PAGE;
    } else if (base == "escalate") {
      r.kind = v1::EVENT_KIND_ESCALATION;
    } else if (base == "annotate") {
      r.kind = v1::EVENT_KIND_OBSERVATION;
    } else if (base == "assign" || base == "reach_trigger_limit" ||
               base == "snooze" || base == "unacknowledge" || base == "delegate") {
      r.kind = v1::EVENT_KIND_ACTION;
    } else {
      r.kind = v1::EVENT_KIND_OTHER;
    }
    r.tags.push_back(absl::StrCat("pagerduty:", base));
    r.record_id = StringAt(v, "id");
    r.text = StringAt(v, "summary");
    std::string detail = StringAt(v, "channel.summary");
    if (detail.empty()) detail = StringAt(v, "event_details.description");
    if (!detail.empty() && detail != r.text) {
      r.text = r.text.empty() ? detail : absl::StrCat(r.text, ": ", detail);
    }
    if (base == "annotate") {
      std::string note = StringAt(v, "channel.details");
      if (!note.empty()) r.text = absl::StrCat(r.text, ": ", note);
    }
    r.actor = StringAt(v, "agent.summary");
    r.actor_is_system = !absl::StrContains(StringAt(v, "agent.type"), "user");
    r.incident_key = StringAt(v, "incident.id");
    if (r.text.empty()) r.text = type;
    out->push_back(std::move(r));
    return absl::OkStatus();
  });
}

// Alertmanager: webhook payloads (one object, an array of them, or JSON
// Lines). Each alert of a payload becomes one record: at startsAt when
// firing, at endsAt when resolved. The same alert re-sent in later
// notifications carries the same correlation key and folds in the merge.
absl::Status ImportAlertmanager(absl::string_view data, ImportContext* ctx,
                                std::vector<TimelineRecord>* out) {
  return EachItem(data, "", ctx, out, [ctx](const Value& v, int64_t line,
                                            std::vector<TimelineRecord>* out) {
    if (v.kind_case() != Value::kStructValue) {
      return Invalid("an Alertmanager payload must be an object");
    }
    const Value* alerts = Member(v, "alerts");
    if (alerts == nullptr || alerts->kind_case() != Value::kListValue) {
      return Invalid("no \"alerts\" array");
    }
    std::vector<TimelineRecord> records;
    int index = 0;
    for (const Value& a : alerts->list_value().values()) {
      TimelineRecord r;
      r.position = line;
      if (a.kind_case() != Value::kStructValue) {
        return Invalid(absl::StrCat("alert ", index, " is not an object"));
      }
      std::string status = StringAt(a, "status");
      if (status != "firing" && status != "resolved") {
        return Invalid(absl::StrCat("alert ", index, ": status must be firing or resolved"));
      }
      std::string when = StringAt(a, status == "firing" ? "startsAt" : "endsAt");
      if (when.empty()) {
        return Invalid(absl::StrCat("alert ", index, ": no ",
                                    status == "firing" ? "startsAt" : "endsAt"));
      }
      if (absl::Status s = SetTime(when, ctx, &r); !s.ok()) {
        return Invalid(absl::StrCat("alert ", index, ": ", s.message()));
      }
      std::string name = StringAt(a, "labels.alertname");
      std::string summary = StringAt(a, "annotations.summary");
      if (summary.empty()) summary = StringAt(a, "annotations.description");
      r.text = absl::StrCat("[", absl::AsciiStrToUpper(status), "] ",
                            name.empty() ? "alert" : name,
                            summary.empty() ? "" : ": ", summary);
      r.kind = v1::EVENT_KIND_ALERT;
      if (status == "firing") r.milestone = v1::MILESTONE_DETECTED;
      r.actor = "Alertmanager";
      r.actor_is_system = true;
      std::string fingerprint = StringAt(a, "fingerprint");
      r.record_id = fingerprint;
      r.correlation_key = absl::StrCat(
          "alertmanager:", fingerprint.empty() ? name : fingerprint, ":",
          status, ":", when);
      r.tags.push_back(absl::StrCat("alert:", status));
      std::string severity = StringAt(a, "labels.severity");
      if (!severity.empty()) r.tags.push_back(absl::StrCat("severity:", severity));
      records.push_back(std::move(r));
      ++index;
    }
    for (auto& r : records) out->push_back(std::move(r));
    return absl::OkStatus();
  });
}

}  // namespace pmkit::internal
