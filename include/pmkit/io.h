// Reading and writing pmkit.v1 messages in the three protobuf formats
// (binary, proto3 JSON, text), with format detection, size limits and errors
// that name the format and position of a problem.
//
// Thread safety: every function here is thread-compatible and reentrant; none
// keeps state between calls.
#ifndef PMKIT_IO_H_
#define PMKIT_IO_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/io/zero_copy_stream.h"
#include "google/protobuf/message.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit {

// Serialization formats. The numeric values are those of the C ABI's
// pmkit_format.
enum class Format : int {
  kAuto = 0,  // On input only: detect from the bytes (see DetectFormat).
  kBinary = 1,
  kJson = 2,
  kText = 3,
};

// "auto", "binary", "json" or "text".
absl::string_view FormatName(Format format);

// Parses "binary"/"bin"/"pb", "json", "text"/"textproto"/"txtpb", "auto"
// (case-insensitive).
absl::StatusOr<Format> ParseFormatName(absl::string_view name);

// Largest input any reader accepts by default: 64 MiB. Postmortems are
// documents, not data sets; bigger inputs are refused before parsing so a
// hostile input cannot exhaust memory.
inline constexpr size_t kDefaultMaxDocumentBytes = size_t{64} << 20;

// Deepest message nesting accepted by the text and JSON readers (the binary
// reader uses protobuf's own limit, also 100).
inline constexpr int kMaxNestingDepth = 100;

struct ReadOptions {
  size_t max_bytes = kDefaultMaxDocumentBytes;
};

struct WriteOptions {
  // JSON: indent for people; false writes one line. Text: multi-line when
  // true, single line otherwise.
  bool pretty = true;
};

// Detects the format of serialized bytes:
//  - JSON when the first non-whitespace byte is '{';
//  - text format when the bytes are valid UTF-8 and hold no control
//    characters other than tab, newline, carriage return, form feed and
//    vertical tab (binary protobuf almost always does: tags and lengths);
//  - binary otherwise, including empty input (the empty message).
// Never fails; a binary message made only of printable bytes is possible but
// rare, and callers who know the format should say so.
Format DetectFormat(absl::string_view data);

// Parses `data` into `message` (cleared first). `format` may be kAuto.
// Errors are InvalidArgument with a message that starts with the format name
// and gives the line and column (text, JSON) or byte offset (binary) of the
// problem; ResourceExhausted when `data` is larger than options.max_bytes.
// Unknown fields in binary input are kept; in JSON and text they are errors,
// since those formats name fields and a misspelt name must not pass silently.
absl::Status ParseMessage(absl::string_view data, Format format,
                          google::protobuf::Message* message,
                          const ReadOptions& options = {});

// Serializes `message` in `format` (not kAuto). JSON uses lowerCamelCase
// names and omits default values. Binary output is deterministic (map entries
// sorted by key) so equal messages give equal bytes.
absl::StatusOr<std::string> SerializeMessage(
    const google::protobuf::Message& message, Format format,
    const WriteOptions& options = {});

// SerializeMessage into any zero-copy stream, so callers that own their
// buffers (the C ABI hands out malloc'd ones) avoid a copy. On error the
// stream may hold partial output.
absl::Status SerializeMessageTo(const google::protobuf::Message& message,
                                Format format,
                                google::protobuf::io::ZeroCopyOutputStream* out,
                                const WriteOptions& options = {});

// ParseMessage for the top-level document.
absl::StatusOr<v1::Postmortem> ParsePostmortem(absl::string_view data,
                                               Format format = Format::kAuto,
                                               const ReadOptions& options = {});

// Number of unknown fields (from a newer schema) anywhere in `message`,
// counted recursively. JSON and text output cannot carry them.
size_t CountUnknownFields(const google::protobuf::Message& message);

}  // namespace pmkit

#endif  // PMKIT_IO_H_
