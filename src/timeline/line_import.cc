// The line-oriented importers (JSON Lines, CSV, syslog), whole-input and
// streaming: one record splitter and one record parser serve both, so a
// file streamed from disk gives the records, issues and line numbers of the
// same file imported whole.
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "src/timeline/import_internal.h"
#include "src/timeline/record_splitter.h"

namespace pmkit {
namespace internal {
namespace {

// Parses the records of one input in order, with what carries from record
// to record: the CSV header, the RFC 3164 year (Dec -> Jan rolls it).
class LineRecordParser {
 public:
  enum class Result { kRecord, kSkipped, kStop };

  LineRecordParser(ImportContext* ctx, ImportFormat format)
      : ctx_(ctx), format_(format), year_(ctx->options.year) {}

  // Parses `record`, starting on `line`, into *r (emptied first; its
  // buffers are reused). kRecord: *r holds the record. kSkipped: the CSV
  // header, or a malformed record (reported to the context). kStop: the
  // import stops with status() (stop_on_error, or a bad CSV header).
  Result Parse(absl::string_view record, int64_t line, TimelineRecord* r) {
    ResetRecord(r);
    r->position = line;
    absl::Status s;
    if (format_ == ImportFormat::kSyslog) {
      s = ParseSyslogLine(record, ctx_, &last_month_, &year_, &stamps_, r);
    } else if (format_ == ImportFormat::kJsonLines) {
      record = absl::StripAsciiWhitespace(record);
      google::protobuf::Value v;
      std::string error;
      s = ParseJson(record, &v, &error)
              ? ParseGenericJson(v, ctx_, r)
              : absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", error));
    } else {
      s = SplitCsv(record, &fields_);
      if (s.ok() && !have_header_) {
        s = ParseCsvHeader(fields_, &header_);
        if (!s.ok()) {
          status_ = absl::InvalidArgumentError(absl::StrCat(
              ctx_->options.source_name, ": line ", line, ": ", s.message()));
          return Result::kStop;
        }
        have_header_ = true;
        return Result::kSkipped;
      }
      if (s.ok()) s = ParseCsvRow(header_, fields_, ctx_, r);
    }
    if (s.ok()) return Result::kRecord;
    if (ctx_->Issue(line, s.message(), record)) return Result::kSkipped;
    status_ = ctx_->stop;
    return Result::kStop;
  }

  // The time of `record` when Parse would surely accept it and change no
  // state (for syslog: an application log line with a fixed-layout
  // timestamp); false: Parse decides.
  bool QuickTime(absl::string_view record, int64_t* time) {
    return format_ == ImportFormat::kSyslog && QuickSyslogTime(record, &stamps_, time);
  }

  absl::Status status() const { return status_; }

 private:
  ImportContext* ctx_;
  const ImportFormat format_;
  int last_month_ = 0;
  int year_;
  FixedRfc3339Reader stamps_;
  bool have_header_ = false;
  CsvHeader header_;
  std::vector<std::string> fields_;
  absl::Status status_;
};

// Streams the records of a line-oriented file, read in pieces.
class LineFileSource : public EventSource {
 public:
  LineFileSource(ImportContext ctx, ImportFormat format, int fd)
      : ctx_(std::move(ctx)),
        records_(fd, format, ctx_.options.max_bytes),
        parser_(&ctx_, format) {}

  bool Next(TimelineRecord* out) override {
    absl::string_view record;
    int64_t line;
    while (Read(&record, &line)) {
      if (Take(record, line, out)) return true;
    }
    return false;
  }

  // The next record's time, for ScanLineFile: a record whose time the
  // parser can tell without parsing it (one it accepts whatever follows the
  // time) is not parsed.
  bool NextTime(int64_t* time) {
    absl::string_view record;
    int64_t line;
    while (Read(&record, &line)) {
      if (parser_.QuickTime(record, time)) return true;
      if (Take(record, line, &scratch_)) {
        *time = scratch_.time_ns;
        return true;
      }
    }
    return false;
  }

  absl::Status status() const override { return status_; }

 private:
  // The next record; false at the end or once the source stopped.
  bool Read(absl::string_view* record, int64_t* line) {
    if (status_.ok() && records_.Next(record, line)) return true;
    if (status_.ok() && !records_.status().ok()) {
      status_ = absl::Status(records_.status().code(),
                             absl::StrCat(ctx_.options.source_name, ": ",
                                          records_.status().message()));
    }
    return false;
  }

  // Parses `record` into *out; false when it is skipped or stops the source.
  bool Take(absl::string_view record, int64_t line, TimelineRecord* out) {
    switch (parser_.Parse(record, line, out)) {
      case LineRecordParser::Result::kRecord:
        return true;
      case LineRecordParser::Result::kSkipped:
        return false;
      case LineRecordParser::Result::kStop:
        status_ = parser_.status();
        return false;
    }
    return false;
  }

  ImportContext ctx_;  // Before parser_, which points to it.
  RecordSplitter records_;
  LineRecordParser parser_;
  TimelineRecord scratch_;  // NextTime's parsed record.
  absl::Status status_;
};

}  // namespace

absl::Status ImportLines(absl::string_view data, ImportFormat format,
                         ImportContext* ctx, std::vector<TimelineRecord>* out) {
  RecordSplitter records(data, format);
  LineRecordParser parser(ctx, format);
  absl::string_view record;
  int64_t line;
  while (records.Next(&record, &line)) {
    // Parsed in place: moving a record into the vector costs as much as
    // parsing the line.
    TimelineRecord& r = out->emplace_back();
    const LineRecordParser::Result result = parser.Parse(record, line, &r);
    if (result == LineRecordParser::Result::kRecord) continue;
    out->pop_back();
    if (result == LineRecordParser::Result::kStop) return parser.status();
  }
  return records.status();
}

namespace {

// OpenLineFileSource; with `check_only`, a source for ScanLineFile whose
// records hold their time only.
absl::StatusOr<std::unique_ptr<LineFileSource>> OpenLineFile(
    const std::string& path, ImportFormat format, const ImportOptions& options,
    std::vector<v1::ImportIssue>* issues, bool check_only) {
  if (format != ImportFormat::kJsonLines && format != ImportFormat::kCsv &&
      format != ImportFormat::kSyslog) {
    return absl::InvalidArgumentError(absl::StrCat(
        "format ", ImportFormatName(format), " is not line-oriented"));
  }
  absl::StatusOr<ImportContext> ctx = MakeImportContext(options, issues);
  if (!ctx.ok()) return ctx.status();
  ctx->check_only = check_only;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::Status(
        errno == ENOENT ? absl::StatusCode::kNotFound : absl::StatusCode::kUnavailable,
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  struct stat info;
  absl::Status refused;
  if (::fstat(fd, &info) != 0) {
    refused = absl::UnavailableError(
        absl::StrCat("cannot stat ", path, ": ", std::strerror(errno)));
  } else if (S_ISDIR(info.st_mode)) {
    refused = absl::InvalidArgumentError(absl::StrCat(path, " is a directory"));
  } else if (S_ISREG(info.st_mode) &&
             static_cast<uint64_t>(info.st_size) > options.max_bytes) {
    // As ImportRecords refuses it, before reading any of it.
    refused = absl::ResourceExhaustedError(absl::StrCat(
        "input of ", info.st_size, " bytes is larger than the limit of ",
        options.max_bytes));
  }
  if (!refused.ok()) {
    ::close(fd);
    return refused;
  }
  return std::make_unique<LineFileSource>(*std::move(ctx), format, fd);
}

}  // namespace
}  // namespace internal

absl::StatusOr<std::unique_ptr<EventSource>> OpenLineFileSource(
    const std::string& path, ImportFormat format, const ImportOptions& options,
    std::vector<v1::ImportIssue>* issues) {
  absl::StatusOr<std::unique_ptr<internal::LineFileSource>> source =
      internal::OpenLineFile(path, format, options, issues, false);
  if (!source.ok()) return source.status();
  return std::unique_ptr<EventSource>(*std::move(source));
}

absl::StatusOr<LineFileScan> ScanLineFile(const std::string& path,
                                          ImportFormat format,
                                          const ImportOptions& options,
                                          std::vector<v1::ImportIssue>* issues) {
  // Only the records' times and whether they parse matter here.
  absl::StatusOr<std::unique_ptr<internal::LineFileSource>> source =
      internal::OpenLineFile(path, format, options, issues, true);
  if (!source.ok()) return source.status();
  LineFileScan scan;
  int64_t time;
  int64_t last = std::numeric_limits<int64_t>::min();
  while ((*source)->NextTime(&time)) {
    ++scan.records;
    if (time < last) scan.time_ordered = false;
    last = time;
  }
  if (!(*source)->status().ok()) return (*source)->status();
  return scan;
}

}  // namespace pmkit
