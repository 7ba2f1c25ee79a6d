// Splits a line-oriented input (syslog, CSV, JSON Lines) into records, from
// memory or from a file read in pieces. The whole-input importers and the
// streaming line-file source share it, so a file streamed record by record
// yields exactly the records (and line numbers) of the same file imported
// whole.
#ifndef PMKIT_SRC_TIMELINE_RECORD_SPLITTER_H_
#define PMKIT_SRC_TIMELINE_RECORD_SPLITTER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pmkit/timeline.h"

namespace pmkit::internal {

// A record is a line without its '\n' and one trailing '\r'; a CSV record
// goes on over newlines inside an open quoted field. Blank records are
// skipped but counted in line numbers: empty ones for syslog, ones of only
// whitespace for CSV and JSON Lines (as the importers always did).
//
// Thread safety: thread-compatible.
class RecordSplitter {
 public:
  // Over `data` in memory (not copied; it must outlive the splitter).
  RecordSplitter(absl::string_view data, ImportFormat format);
  // Over the open file `fd` (owned: closed by the destructor), read in
  // pieces of kPiece bytes; a record longer than that grows the buffer.
  // More than `max_bytes` in all is an error (RESOURCE_EXHAUSTED).
  RecordSplitter(int fd, ImportFormat format, size_t max_bytes);
  ~RecordSplitter();
  RecordSplitter(const RecordSplitter&) = delete;
  RecordSplitter& operator=(const RecordSplitter&) = delete;

  // The next non-blank record and the line it starts on (1-based); the view
  // is valid until the next call. False at the end or on a read error.
  bool Next(absl::string_view* record, int64_t* first_line);
  absl::Status status() const { return status_; }

  // Small enough that the pieces of a few streamed files stay in the
  // cache next to the merge's working set (256 KiB was 4% slower).
  static constexpr size_t kPiece = size_t{1} << 16;
  // How far ahead of the next record its bytes are fetched into the cache.
  static constexpr size_t kPrefetch = 1024;

 private:
  // Reads more of the file behind the unread bytes; false at its end.
  bool Fill();
  bool Blank(absl::string_view record) const;

  const ImportFormat format_;
  const int fd_ = -1;  // -1: the data is all in memory.
  const size_t max_bytes_ = 0;
  std::string buffer_;         // The file's unread bytes (file mode).
  absl::string_view unread_;   // Into buffer_ or the caller's data.
  bool at_end_ = false;        // No more bytes after unread_.
  size_t total_read_ = 0;
  int64_t line_ = 0;           // Lines consumed so far.
  absl::Status status_;
};

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_TIMELINE_RECORD_SPLITTER_H_
