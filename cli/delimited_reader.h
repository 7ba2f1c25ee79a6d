// Reading a stream of length-delimited messages (each a varint byte count,
// then that many bytes) a batch at a time. The stream is read straight into
// the batch's own buffer, several messages per read(), and the messages are
// views into it: a message is copied once (by the kernel), not again into a
// string of its own, as a CodedInputStream over a FileInputStream does.
#ifndef PMKIT_CLI_DELIMITED_READER_H_
#define PMKIT_CLI_DELIMITED_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace pmkit::cli {

// A batch of messages and the buffer they point into. Reused from batch to
// batch, so its buffer is allocated once for a stream of alike messages.
class DelimitedBatch {
 public:
  // Views into the buffer, valid until the batch is read into again.
  const std::vector<absl::string_view>& messages() const { return messages_; }
  // The stream index of messages()[0].
  int64_t first_index() const { return first_index_; }
  bool empty() const { return messages_.empty(); }

 private:
  friend class DelimitedReader;

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t size_ = 0;  // Bytes read into the buffer.
  std::vector<absl::string_view> messages_;
  int64_t first_index_ = 0;
};

class DelimitedReader {
 public:
  // Reads from `fd`, which it closes if `close` is true. `path` names the
  // stream in errors.
  DelimitedReader(int fd, bool close, std::string path);
  ~DelimitedReader();
  DelimitedReader(const DelimitedReader&) = delete;
  DelimitedReader& operator=(const DelimitedReader&) = delete;

  // Whether the stream has ended (or an error ended it).
  bool at_end() const { return at_end_; }

  // Reads into `batch` (its last messages are dropped) the next messages, at
  // most `max_messages` of them and, past the first, as many as fill
  // `max_bytes`. A message may be at most `max_message_bytes`. On a
  // malformed message (a truncated or overlong length prefix, a truncated
  // message, one over the limit) or a read error, returns why, naming the
  // message as PATH#INDEX, and leaves in `batch` the messages before it; the
  // stream has then ended.
  absl::Status Read(size_t max_messages, size_t max_bytes,
                    size_t max_message_bytes, DelimitedBatch* batch);

 private:
  // Reads the message at `*position` of the batch's buffer: adds its span
  // and moves `*position` past it, or at a clean end of the stream (no byte
  // left) sets at_end_.
  absl::Status ReadOne(size_t max_message_bytes, DelimitedBatch* batch,
                       size_t* position);
  // Reads until `batch` holds at least `want` bytes (`*enough`) or the
  // stream ends (not `*enough`), and a little past them.
  absl::Status Fill(size_t want, DelimitedBatch* batch, bool* enough);
  // Grows the batch's buffer to hold `capacity` bytes, keeping its bytes.
  static void Reserve(size_t capacity, DelimitedBatch* batch);

  const int fd_;
  const bool close_;
  const std::string path_;
  std::string carry_;  // Bytes read past the last batch's last message.
  // The batch's messages as (offset, length): its buffer may move while it
  // is read.
  std::vector<std::pair<size_t, size_t>> spans_;
  int64_t index_ = 0;  // Stream index of the next message.
  bool eof_ = false;   // read() has returned 0.
  bool at_end_ = false;
};

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_DELIMITED_READER_H_
