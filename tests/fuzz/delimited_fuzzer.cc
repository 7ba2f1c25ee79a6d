// Fuzzes the CLI's reader of length-delimited streams (`pmkit validate
// --delimited`, cli/delimited_reader.h): arbitrary bytes as the stream, read
// in batches with limits the first byte picks. Invariants beyond "no crash":
// the reader returns exactly the messages a plain walk over the length
// prefixes finds, in order, in batches within the limits, and ends with an
// error naming the message exactly when that walk finds the stream malformed.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cli/delimited_reader.h"

namespace {

constexpr size_t kMaxMessageBytes = 4096;

void Check(bool condition) {
  if (!condition) std::abort();
}

// The reference walk: the stream's messages until the first malformed one;
// `*malformed` tells whether there is one.
std::vector<std::string> Walk(absl::string_view stream, bool* malformed) {
  std::vector<std::string> messages;
  size_t position = 0;
  *malformed = false;
  while (position < stream.size()) {
    uint64_t length = 0;
    size_t i = 0;
    bool ended = false;
    for (; i < 10 && position + i < stream.size(); ++i) {
      const unsigned char byte = static_cast<unsigned char>(stream[position + i]);
      length |= uint64_t{byte & 0x7Fu} << (7 * i);
      if (byte < 0x80) {
        ended = true;
        ++i;
        break;
      }
    }
    if (!ended || length > kMaxMessageBytes ||
        stream.size() - position - i < length) {
      *malformed = true;
      break;
    }
    messages.emplace_back(stream.substr(position + i, length));
    position += i + length;
  }
  return messages;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t max_messages = 1 + data[0] % 4;
  const size_t max_bytes = data[0] >> 2;  // 0 still reads one per batch.
  const absl::string_view stream(reinterpret_cast<const char*>(data) + 1,
                                 size - 1);
  const int fd = memfd_create("delimited", 0);
  Check(fd >= 0);
  Check(write(fd, stream.data(), stream.size()) ==
        static_cast<ssize_t>(stream.size()));
  Check(lseek(fd, 0, SEEK_SET) == 0);

  pmkit::cli::DelimitedReader reader(fd, /*close=*/true, "fuzz");
  pmkit::cli::DelimitedBatch batch;
  std::vector<std::string> read;
  absl::Status status;
  while (!reader.at_end()) {
    status = reader.Read(max_messages, max_bytes, kMaxMessageBytes, &batch);
    Check(batch.first_index() == static_cast<int64_t>(read.size()));
    Check(batch.messages().size() <= max_messages);
    size_t before_last = 0;
    for (size_t i = 0; i < batch.messages().size(); ++i) {
      if (i + 1 < batch.messages().size()) {
        before_last += batch.messages()[i].size();
      }
      read.emplace_back(batch.messages()[i]);
    }
    // A batch stops once it holds max_bytes, so all but its last message
    // come to less.
    Check(batch.messages().empty() || before_last < max_bytes ||
          batch.messages().size() == 1);
    if (!status.ok()) break;
  }
  bool malformed = false;
  Check(read == Walk(stream, &malformed));
  Check(status.ok() == !malformed);
  if (!status.ok()) {
    Check(absl::StrContains(status.message(),
                            absl::StrCat("fuzz#", read.size(), ": ")));
  }
  return 0;
}
