// Importer entry points: format names and detection, the import context
// and the whole-input dispatcher.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "src/timeline/import_internal.h"
#include "src/timeline/time_util.h"

namespace pmkit {
namespace {

// Looks up an enum value by its short name ("alert") or full name
// ("EVENT_KIND_ALERT"), case-insensitively.
template <typename Enum, typename Parse>
bool ParseEnum(absl::string_view name, absl::string_view prefix, Parse parse,
               Enum* out) {
  std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(name));
  for (char& c : upper) {
    if (c == '-' || c == ' ') c = '_';
  }
  Enum value;
  if (!absl::StartsWith(upper, prefix)) upper = absl::StrCat(prefix, upper);
  if (!parse(upper, &value) || static_cast<int>(value) == 0) return false;
  *out = value;
  return true;
}

}  // namespace

namespace internal {

absl::StatusOr<ImportContext> MakeImportContext(
    const ImportOptions& options, std::vector<v1::ImportIssue>* issues) {
  ImportContext ctx;
  ctx.options = options;
  if (ctx.options.year == 0) {
    ctx.options.year = static_cast<int>(
        absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year());
  }
  if (ctx.options.year < kMinYear || ctx.options.year > kMaxYear) {
    return absl::InvalidArgumentError("year must be between 1970 and 2199");
  }
  absl::StatusOr<absl::TimeZone> zone = LoadZone(options.time_zone);
  if (!zone.ok()) return zone.status();
  ctx.zone = *zone;
  ctx.issues = issues;
  return ctx;
}

bool ParseKindName(absl::string_view name, v1::EventKind* kind) {
  return ParseEnum(name, "EVENT_KIND_",
                   [](const std::string& n, v1::EventKind* v) {
                     return v1::EventKind_Parse(n, v);
                   },
                   kind);
}

bool ParseMilestoneName(absl::string_view name, v1::Milestone* milestone) {
  return ParseEnum(name, "MILESTONE_",
                   [](const std::string& n, v1::Milestone* v) {
                     return v1::Milestone_Parse(n, v);
                   },
                   milestone);
}

bool ParsePrecisionName(absl::string_view name, v1::TimePrecision* precision) {
  return ParseEnum(name, "TIME_PRECISION_",
                   [](const std::string& n, v1::TimePrecision* v) {
                     return v1::TimePrecision_Parse(n, v);
                   },
                   precision);
}

}  // namespace internal

absl::string_view ImportFormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kAuto: return "auto";
    case ImportFormat::kJsonLines: return "jsonl";
    case ImportFormat::kCsv: return "csv";
    case ImportFormat::kSlack: return "slack";
    case ImportFormat::kPagerDuty: return "pagerduty";
    case ImportFormat::kAlertmanager: return "alertmanager";
    case ImportFormat::kSyslog: return "syslog";
  }
  return "auto";
}

absl::StatusOr<ImportFormat> ParseImportFormatName(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  if (n == "auto" || n.empty()) return ImportFormat::kAuto;
  if (n == "jsonl" || n == "ndjson" || n == "json-lines") return ImportFormat::kJsonLines;
  if (n == "csv") return ImportFormat::kCsv;
  if (n == "slack") return ImportFormat::kSlack;
  if (n == "pagerduty" || n == "pd") return ImportFormat::kPagerDuty;
  if (n == "alertmanager" || n == "am") return ImportFormat::kAlertmanager;
  if (n == "syslog" || n == "log") return ImportFormat::kSyslog;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown input format \"", name,
      "\" (want jsonl, csv, slack, pagerduty, alertmanager, syslog or auto)"));
}

ImportFormat DetectImportFormat(absl::string_view file_name,
                                absl::string_view head) {
  std::string name = absl::AsciiStrToLower(file_name);
  absl::string_view h = absl::StripLeadingAsciiWhitespace(head);
  // Content first for JSON documents: their keys name the format.
  if (!h.empty() && (h[0] == '{' || h[0] == '[')) {
    if (absl::StrContains(h, "\"log_entries\"") ||
        absl::StrContains(h, "_log_entry\"")) {
      return ImportFormat::kPagerDuty;
    }
    if (absl::StrContains(h, "\"alerts\"") &&
        (absl::StrContains(h, "\"groupKey\"") ||
         absl::StrContains(h, "\"startsAt\""))) {
      return ImportFormat::kAlertmanager;
    }
    if (h[0] == '[' && absl::StrContains(h, "\"ts\"")) return ImportFormat::kSlack;
    if (h[0] == '{') return ImportFormat::kJsonLines;
  }
  if (absl::EndsWith(name, ".csv")) return ImportFormat::kCsv;
  if (absl::EndsWith(name, ".jsonl") || absl::EndsWith(name, ".ndjson")) {
    return ImportFormat::kJsonLines;
  }
  if (absl::StrContains(name, "slack")) return ImportFormat::kSlack;
  if (absl::StrContains(name, "pagerduty")) return ImportFormat::kPagerDuty;
  if (absl::StrContains(name, "alertmanager")) return ImportFormat::kAlertmanager;
  if (absl::EndsWith(name, ".log") || absl::StrContains(name, "syslog")) {
    return ImportFormat::kSyslog;
  }
  // A first line that looks like a CSV header with a time column.
  absl::string_view first = h.substr(0, h.find('\n'));
  std::string lower = absl::AsciiStrToLower(first);
  if (absl::StrContains(lower, ",") &&
      (absl::StrContains(lower, "time") || absl::StrContains(lower, "date") ||
       absl::StartsWith(lower, "ts,"))) {
    return ImportFormat::kCsv;
  }
  return ImportFormat::kSyslog;
}

absl::Status ImportRecords(absl::string_view data, ImportFormat format,
                           const ImportOptions& options,
                           std::vector<TimelineRecord>* records,
                           std::vector<v1::ImportIssue>* issues) {
  if (records == nullptr) return absl::InvalidArgumentError("records is null");
  if (data.size() > options.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "input of ", data.size(), " bytes is larger than the limit of ",
        options.max_bytes));
  }
  absl::StatusOr<internal::ImportContext> ctx =
      internal::MakeImportContext(options, issues);
  if (!ctx.ok()) return ctx.status();
  if (format == ImportFormat::kAuto) format = DetectImportFormat("", data.substr(0, 4096));
  if (format == ImportFormat::kSyslog || format == ImportFormat::kJsonLines ||
      format == ImportFormat::kCsv) {
    // One record per line at most: reserve once instead of re-moving the
    // (large) records on every growth.
    records->reserve(records->size() +
                     static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1);
  }
  switch (format) {
    case ImportFormat::kJsonLines:
    case ImportFormat::kCsv:
    case ImportFormat::kSyslog:
      return internal::ImportLines(data, format, &*ctx, records);
    case ImportFormat::kSlack: return internal::ImportSlack(data, &*ctx, records);
    case ImportFormat::kPagerDuty: return internal::ImportPagerDuty(data, &*ctx, records);
    case ImportFormat::kAlertmanager:
      return internal::ImportAlertmanager(data, &*ctx, records);
    case ImportFormat::kAuto: break;
  }
  return absl::InvalidArgumentError("unknown input format");
}

}  // namespace pmkit
