// The C ABI for timeline merging and importing: a thin layer over
// pmkit/timeline.h. Every entry point runs inside Guard.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "internal.h"
#include "pmkit.h"
#include "pmkit/io.h"
#include "pmkit/timeline.h"

static_assert(PMKIT_MAX_TIMELINE_SOURCES == pmkit::kMaxTimelineSources,
              "the C and C++ source limits differ");
static_assert(PMKIT_MAX_TIMELINE_RECORDS == pmkit::kMaxInMemoryRecords,
              "the C and C++ record limits differ");

struct pmkit_timeline_merger {
  pmkit::v1::MergeOptions options;
  std::vector<pmkit::SourceRecords> sources;
  size_t records = 0;  // Over all sources.
};

namespace {

using ::pmkit::capi::AsView;
using ::pmkit::capi::CheckFormat;
using ::pmkit::capi::CheckInput;
using ::pmkit::capi::ClearOutput;
using ::pmkit::capi::Fail;
using ::pmkit::capi::Guard;
using ::pmkit::capi::MissingOutput;
using ::pmkit::capi::NewHandle;
using ::pmkit::capi::OutputMessage;
using ::pmkit::capi::ParseOptionalInput;
using ::pmkit::capi::Succeed;

// Parses an optional serialized message (NULL/0 leaves the defaults).
absl::Status CheckSize(size_t size) {
  if (size > PMKIT_MAX_DOCUMENT_BYTES) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "input of ", size, " bytes is larger than PMKIT_MAX_DOCUMENT_BYTES"));
  }
  return absl::OkStatus();
}

absl::StatusOr<pmkit::ImportFormat> ResolveFormat(const char* name,
                                                  const std::string& declared,
                                                  absl::string_view data) {
  std::string n = name == nullptr ? "" : name;
  if (n.empty() || n == "auto") n = declared;
  absl::StatusOr<pmkit::ImportFormat> f = pmkit::ParseImportFormatName(n);
  if (!f.ok()) return f.status();
  if (*f == pmkit::ImportFormat::kAuto) {
    return pmkit::DetectImportFormat("", data.substr(0, 4096));
  }
  return f;
}

pmkit::ImportOptions OptionsFor(const pmkit::v1::TimelineSource& source,
                                bool stop_on_error) {
  pmkit::ImportOptions o;
  o.source_name = source.name().empty() ? "input" : source.name();
  o.time_zone = source.time_zone();
  o.year = source.year();
  o.stop_on_error = stop_on_error;
  o.max_bytes = PMKIT_MAX_DOCUMENT_BYTES;
  return o;
}

}  // namespace

extern "C" {

int pmkit_timeline_merger_new(const void* options, size_t options_size,
                              int options_format, pmkit_timeline_merger** out,
                              char** error) {
  return NewHandle<pmkit::v1::MergeOptions>(
      options, options_size, options_format, "options", out, error,
      [](const pmkit::v1::MergeOptions& parsed)
          -> absl::StatusOr<std::unique_ptr<pmkit_timeline_merger>> {
        // Validated now so a bad option fails here, not at finish.
        if (absl::Status s = pmkit::TimelineMerger::Create(parsed).status(); !s.ok()) {
          return s;
        }
        auto merger = std::make_unique<pmkit_timeline_merger>();
        merger->options = parsed;
        return merger;
      });
}

void pmkit_timeline_merger_free(pmkit_timeline_merger* merger) { delete merger; }

int pmkit_timeline_merger_add_source(pmkit_timeline_merger* merger,
                                     const void* source, size_t source_size,
                                     int source_format, int* index_out,
                                     char** error) {
  return Guard(error, [&] {
    if (index_out != nullptr) *index_out = -1;
    if (merger == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "merger is NULL", error);
    }
    pmkit::SourceRecords s;
    if (absl::Status st = ParseOptionalInput(source, source_size, source_format, "source",
                                                 &s.source);
        !st.ok()) {
      return Fail(st, error);
    }
    if (s.source.name().empty()) {
      return Fail(absl::StatusCode::kInvalidArgument, "source name is empty", error);
    }
    if (merger->sources.size() >= PMKIT_MAX_TIMELINE_SOURCES) {
      return Fail(absl::StatusCode::kResourceExhausted,
                  absl::StrCat("more than PMKIT_MAX_TIMELINE_SOURCES (",
                               PMKIT_MAX_TIMELINE_SOURCES, ") sources"),
                  error);
    }
    for (const auto& other : merger->sources) {
      if (other.source.name() == s.source.name()) {
        return Fail(absl::StatusCode::kInvalidArgument,
                    absl::StrCat("duplicate source name \"", s.source.name(), "\""),
                    error);
      }
    }
    if (absl::Status st = pmkit::ParseImportFormatName(s.source.format()).status();
        !st.ok()) {
      return Fail(st, error);
    }
    merger->sources.push_back(std::move(s));
    if (index_out != nullptr) *index_out = static_cast<int>(merger->sources.size()) - 1;
    return Succeed(error);
  });
}

int pmkit_timeline_merger_add_events(pmkit_timeline_merger* merger,
                                     int source_index, const void* data,
                                     size_t size, const char* input_format,
                                     char** error) {
  return Guard(error, [&] {
    if (merger == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "merger is NULL", error);
    }
    if (source_index < 0 ||
        source_index >= static_cast<int>(merger->sources.size())) {
      return Fail(absl::StatusCode::kOutOfRange,
                  absl::StrCat("no source with index ", source_index), error);
    }
    if (absl::Status s = CheckInput(data, size); !s.ok()) return Fail(s, error);
    if (absl::Status s = CheckSize(size); !s.ok()) return Fail(s, error);
    pmkit::SourceRecords& src = merger->sources[source_index];
    absl::string_view bytes = AsView(data, size);
    absl::StatusOr<pmkit::ImportFormat> format =
        ResolveFormat(input_format, src.source.format(), bytes);
    if (!format.ok()) return Fail(format.status(), error);
    // Import into temporaries so a failed call leaves the source unchanged.
    std::vector<pmkit::TimelineRecord> records;
    std::vector<pmkit::v1::ImportIssue> issues;
    absl::Status s = pmkit::ImportRecords(
        bytes, *format, OptionsFor(src.source, merger->options.stop_on_error()),
        &records, &issues);
    if (!s.ok()) return Fail(s, error);
    if (merger->records + records.size() > PMKIT_MAX_TIMELINE_RECORDS) {
      return Fail(absl::StatusCode::kResourceExhausted,
                  absl::StrCat(merger->records + records.size(),
                               " records are more than PMKIT_MAX_TIMELINE_RECORDS (",
                               PMKIT_MAX_TIMELINE_RECORDS, ")"),
                  error);
    }
    merger->records += records.size();
    for (auto& r : records) src.records.push_back(std::move(r));
    for (auto& i : issues) src.issues.push_back(std::move(i));
    return Succeed(error);
  });
}

int pmkit_timeline_merger_finish(pmkit_timeline_merger* merger, int out_format,
                                 char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (merger == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "merger is NULL", error);
    }
    if (absl::Status s = CheckFormat(out_format, /*allow_auto=*/false); !s.ok()) {
      return Fail(s, error);
    }
    absl::StatusOr<pmkit::v1::MergedTimeline> merged =
        pmkit::MergeTimelines(merger->sources, merger->options);
    if (!merged.ok()) return Fail(merged.status(), error);
    return OutputMessage(*merged, out_format, out, out_size, error);
  });
}

int pmkit_timeline_import(const void* data, size_t size, const char* input_format,
                          const void* source, size_t source_size,
                          int source_format, int stop_on_error, int out_format,
                          char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (absl::Status s = CheckFormat(out_format, /*allow_auto=*/false); !s.ok()) {
      return Fail(s, error);
    }
    if (absl::Status s = CheckInput(data, size); !s.ok()) return Fail(s, error);
    if (absl::Status s = CheckSize(size); !s.ok()) return Fail(s, error);
    pmkit::v1::TimelineSource spec;
    if (absl::Status s = ParseOptionalInput(source, source_size, source_format, "source",
                                            &spec);
        !s.ok()) {
      return Fail(s, error);
    }
    if (spec.name().empty()) spec.set_name("input");
    absl::string_view bytes = AsView(data, size);
    absl::StatusOr<pmkit::ImportFormat> format =
        ResolveFormat(input_format, spec.format(), bytes);
    if (!format.ok()) return Fail(format.status(), error);
    std::vector<pmkit::TimelineRecord> records;
    std::vector<pmkit::v1::ImportIssue> issues;
    absl::Status s = pmkit::ImportRecords(bytes, *format,
                                          OptionsFor(spec, stop_on_error != 0),
                                          &records, &issues);
    if (!s.ok()) return Fail(s, error);
    pmkit::v1::TimelineEventBatch batch;
    for (const auto& r : records) *batch.add_events() = pmkit::RecordToEvent(r, spec);
    for (auto& i : issues) *batch.add_issues() = std::move(i);
    return OutputMessage(batch, out_format, out, out_size, error);
  });
}

}  // extern "C"
