// Importer entry points: format names and detection, the whole-input
// dispatcher and the streaming line-file source.
#include <algorithm>
#include <fstream>
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

absl::StatusOr<internal::ImportContext> MakeContext(
    const ImportOptions& options, std::vector<v1::ImportIssue>* issues) {
  internal::ImportContext ctx;
  ctx.options = options;
  if (ctx.options.year == 0) {
    ctx.options.year = static_cast<int>(
        absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year());
  }
  if (ctx.options.year < internal::kMinYear || ctx.options.year > internal::kMaxYear) {
    return absl::InvalidArgumentError("year must be between 1970 and 2199");
  }
  absl::StatusOr<absl::TimeZone> zone = internal::LoadZone(options.time_zone);
  if (!zone.ok()) return zone.status();
  ctx.zone = *zone;
  ctx.issues = issues;
  return ctx;
}

// Streams records from a line-oriented file, one line at a time.
class LineFileSource : public EventSource {
 public:
  LineFileSource(internal::ImportContext ctx, ImportFormat format)
      : ctx_(std::move(ctx)), format_(format), year_(ctx_.options.year) {}
  absl::Status Open(const std::string& path) {
    in_.open(path, std::ios::binary);
    if (!in_) return absl::NotFoundError(absl::StrCat("cannot open ", path));
    return absl::OkStatus();
  }
  bool Next(TimelineRecord* out) override {
    while (status_.ok() && ReadRecord()) {
      *out = TimelineRecord();
      out->position = first_line_;
      absl::Status s;
      if (format_ == ImportFormat::kSyslog) {
        s = internal::ParseSyslogLine(line_, &ctx_, &last_month_, &year_, out);
      } else if (format_ == ImportFormat::kJsonLines) {
        google::protobuf::Value v;
        std::string error;
        s = internal::ParseJson(line_, &v, &error)
                ? internal::ParseGenericJson(v, &ctx_, out)
                : absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", error));
      } else {
        s = internal::SplitCsv(line_, &fields_);
        if (s.ok() && !have_header_) {
          s = internal::ParseCsvHeader(fields_, &header_);
          if (!s.ok()) {
            status_ = absl::InvalidArgumentError(absl::StrCat(
                ctx_.options.source_name, ": line ", first_line_, ": ", s.message()));
            return false;
          }
          have_header_ = true;
          continue;
        }
        if (s.ok()) s = internal::ParseCsvRow(header_, fields_, &ctx_, out);
      }
      if (s.ok()) return true;
      if (!ctx_.Issue(first_line_, s.message(), line_)) {
        status_ = ctx_.stop;
        return false;
      }
    }
    return false;
  }
  absl::Status status() const override { return status_; }

 private:
  // Reads the next non-blank record into line_ (CSV records may span lines).
  bool ReadRecord() {
    for (;;) {
      if (!std::getline(in_, line_)) {
        if (in_.bad()) status_ = absl::DataLossError("read error");
        return false;
      }
      first_line_ = ++line_no_;
      if (format_ == ImportFormat::kCsv) {
        std::string more;
        while (internal::CsvOpenQuote(line_) && std::getline(in_, more)) {
          ++line_no_;
          line_ += '\n';
          line_ += more;
        }
      }
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      if (!absl::StripAsciiWhitespace(line_).empty()) return true;
    }
  }

  internal::ImportContext ctx_;
  ImportFormat format_;
  std::ifstream in_;
  std::string line_;
  int64_t line_no_ = 0, first_line_ = 0;
  int last_month_ = 0, year_;
  bool have_header_ = false;
  internal::CsvHeader header_;
  std::vector<std::string> fields_;
  absl::Status status_;
};

}  // namespace

namespace internal {

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
  absl::StatusOr<internal::ImportContext> ctx = MakeContext(options, issues);
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
    case ImportFormat::kJsonLines: return internal::ImportJsonLines(data, &*ctx, records);
    case ImportFormat::kCsv: return internal::ImportCsv(data, &*ctx, records);
    case ImportFormat::kSlack: return internal::ImportSlack(data, &*ctx, records);
    case ImportFormat::kPagerDuty: return internal::ImportPagerDuty(data, &*ctx, records);
    case ImportFormat::kAlertmanager:
      return internal::ImportAlertmanager(data, &*ctx, records);
    case ImportFormat::kSyslog: return internal::ImportSyslog(data, &*ctx, records);
    case ImportFormat::kAuto: break;
  }
  return absl::InvalidArgumentError("unknown input format");
}

absl::StatusOr<std::unique_ptr<EventSource>> OpenLineFileSource(
    const std::string& path, ImportFormat format, const ImportOptions& options,
    std::vector<v1::ImportIssue>* issues) {
  if (format != ImportFormat::kJsonLines && format != ImportFormat::kCsv &&
      format != ImportFormat::kSyslog) {
    return absl::InvalidArgumentError(absl::StrCat(
        "format ", ImportFormatName(format), " is not line-oriented"));
  }
  absl::StatusOr<internal::ImportContext> ctx = MakeContext(options, issues);
  if (!ctx.ok()) return ctx.status();
  auto source = std::make_unique<LineFileSource>(std::move(*ctx), format);
  if (absl::Status s = source->Open(path); !s.ok()) return s;
  return std::unique_ptr<EventSource>(std::move(source));
}

}  // namespace pmkit
