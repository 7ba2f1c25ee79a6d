#include "cli/timeline_input.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/document_io.h"
#include "cli/file_io.h"
#include "pmkit/io.h"

namespace pmkit::cli {
namespace {

// Bytes read for format detection (DetectImportFormat looks at no more).
constexpr size_t kHeadBytes = 4096;

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

v1::SourceKind KindOf(const std::string& format) {
  if (format == "slack") return v1::SOURCE_KIND_CHAT;
  if (format == "pagerduty") return v1::SOURCE_KIND_PAGER;
  if (format == "alertmanager") return v1::SOURCE_KIND_ALERTING;
  if (format == "syslog") return v1::SOURCE_KIND_LOG;
  if (format == "postmortem") return v1::SOURCE_KIND_MANUAL;
  return v1::SOURCE_KIND_OTHER;
}

bool LooksLikePostmortem(const std::string& path, absl::string_view data) {
  Format f = FormatFromPath(path);
  if (f == Format::kText || f == Format::kBinary) return true;
  if (f == Format::kJson && absl::StrContains(data, "\"timeline\"")) {
    return ParsePostmortem(data, Format::kJson).ok();
  }
  return false;
}

bool IsLineFormat(const std::string& format) {
  return format == "syslog" || format == "csv" || format == "jsonl";
}

// The format of a regular file that can stream, judged from its name and
// first bytes without reading it all; "" when it cannot (standard input, a
// device, a file that may be a postmortem or is larger than the limit).
std::string StreamableFormat(const std::string& path, const std::string& forced) {
  if (path == "-") return "";
  const bool detect = forced.empty() || forced == "auto";
  // A .json file may be a postmortem: only its whole content tells.
  if (detect && FormatFromPath(path) != Format::kAuto) return "";
  size_t size = 0;
  absl::StatusOr<std::string> head = ReadRegularFileHead(path, kHeadBytes, &size);
  if (!head.ok() || size > kMaxTimelineInputBytes) return "";
  const std::string format =
      detect ? std::string(ImportFormatName(DetectImportFormat(path, *head))) : forced;
  return IsLineFormat(format) ? format : "";
}

// `status` with its message prefixed by `path`. Importers name the source
// (`name`, the file's base name) in stop errors; the path replaces it.
absl::Status WithPath(const std::string& path, const std::string& name,
                      const absl::Status& status) {
  absl::string_view message = status.message();
  absl::ConsumePrefix(&message, absl::StrCat(name, ": "));
  return absl::Status(status.code(), absl::StrCat(path, ": ", message));
}

}  // namespace

absl::Status AppendPostmortemRecords(const v1::Postmortem& postmortem,
                                     const std::string& path,
                                     std::vector<TimelineRecord>* records) {
  for (int i = 0; i < postmortem.timeline_size(); ++i) {
    absl::StatusOr<TimelineRecord> r = EventToRecord(postmortem.timeline(i), i);
    if (!r.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", r.status().message()));
    }
    records->push_back(*std::move(r));
  }
  return absl::OkStatus();
}

absl::Status LoadTimelineInput(const std::string& path,
                               const std::string& forced_format,
                               const ImportOptions& import_options,
                               bool may_stream, SourceRecords* source,
                               std::unique_ptr<EventSource>* stream) {
  const std::string name = path == "-" ? "stdin" : BaseName(path);
  source->source.set_name(name);
  ImportOptions options = import_options;
  options.source_name = name;
  options.max_bytes = kMaxTimelineInputBytes;
  if (may_stream) {
    const std::string format = StreamableFormat(path, forced_format);
    if (!format.empty()) {
      source->source.set_kind(KindOf(format));
      source->source.set_format(format);
      const ImportFormat f = *ParseImportFormatName(format);
      absl::StatusOr<LineFileScan> scan = ScanLineFile(path, f, options, &source->issues);
      if (!scan.ok()) return WithPath(path, name, scan.status());
      if (scan->time_ordered) {
        // The scan reported the issues; the stream skips those lines.
        absl::StatusOr<std::unique_ptr<EventSource>> events =
            OpenLineFileSource(path, f, options, nullptr);
        if (!events.ok()) return events.status();
        *stream = *std::move(events);
        return absl::OkStatus();
      }
      // Out of order: the merge must sort it, so it is held in memory.
      source->issues.clear();
    }
  }
  absl::StatusOr<std::string> data = ReadInput(path, kMaxTimelineInputBytes);
  if (!data.ok()) return data.status();
  std::string format = forced_format;
  if (format.empty() || format == "auto") {
    format = LooksLikePostmortem(path, *data)
                 ? "postmortem"
                 : std::string(ImportFormatName(DetectImportFormat(
                       path, absl::string_view(*data).substr(0, kHeadBytes))));
  }
  source->source.set_kind(KindOf(format));
  source->source.set_format(format);
  if (format == "postmortem") {
    absl::StatusOr<v1::Postmortem> pm = LoadPostmortem(path, "");
    if (!pm.ok()) return pm.status();
    return AppendPostmortemRecords(*pm, path, &source->records);
  }
  absl::Status status = ImportRecords(*data, *ParseImportFormatName(format), options,
                                      &source->records, &source->issues);
  if (!status.ok()) return WithPath(path, name, status);
  return absl::OkStatus();
}

}  // namespace pmkit::cli
