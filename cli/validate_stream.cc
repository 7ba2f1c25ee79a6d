#include "cli/validate_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "pmkit/io.h"

namespace pmkit::cli {
namespace {

struct Batch {
  std::vector<std::string> bytes;  // One message each.
  std::vector<std::string> names;
  size_t total = 0;
};

// One message's outcome: its report, or why it failed.
struct Outcome {
  v1::Report report;
  absl::Status status;
};

// Parses and validates the batch's messages on `jobs` threads; thread t
// takes messages t, t + jobs, ... (documents are alike in cost, so a
// static split balances well) and reuses one Postmortem.
void ValidateBatch(const Batch& batch, const Validator& validator,
                   const v1::ValidationOptions& base, int jobs,
                   std::vector<Outcome>* outcomes) {
  const int n = static_cast<int>(batch.bytes.size());
  outcomes->resize(n);
  auto work = [&](int first) {
    v1::Postmortem postmortem;
    v1::ValidationOptions options = base;
    for (int i = first; i < n; i += jobs) {
      Outcome& out = (*outcomes)[i];
      out.status = ParseMessage(batch.bytes[i], Format::kBinary, &postmortem);
      if (!out.status.ok()) {
        out.status = absl::InvalidArgumentError(
            absl::StrCat(batch.names[i], ": ", out.status.message()));
        continue;
      }
      options.set_document(batch.names[i]);
      out.status = validator.ValidateInto(postmortem, options, &out.report);
    }
  };
  jobs = std::max(1, std::min(jobs, n));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work, t);
  work(0);
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

absl::Status ValidateDelimitedStream(
    const std::string& path, const Validator& validator,
    const v1::ValidationOptions& options, int jobs,
    const std::function<void(const v1::Report&)>& emit) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  google::protobuf::io::FileInputStream input(fd, 1 << 16);
  input.SetCloseOnDelete(!is_stdin);
  const std::string display = is_stdin ? "<stdin>" : path;
  Batch batch;
  std::vector<Outcome> outcomes;
  // Validates and emits the batch; the first failure ends the stream.
  auto flush = [&]() -> absl::Status {
    ValidateBatch(batch, validator, options, jobs, &outcomes);
    for (size_t i = 0; i < batch.bytes.size(); ++i) {
      if (!outcomes[i].status.ok()) return outcomes[i].status;
      emit(outcomes[i].report);
    }
    batch.bytes.clear();
    batch.names.clear();
    batch.total = 0;
    return absl::OkStatus();
  };
  for (int64_t index = 0;; ++index) {
    google::protobuf::io::CodedInputStream coded(&input);
    uint32_t size = 0;
    absl::Status read_error;
    if (!coded.ReadVarint32(&size)) {
      // A clean end of stream leaves no partial varint behind.
      if ((coded.ConsumedEntireMessage() || input.GetErrno() == 0) &&
          coded.CurrentPosition() == 0) {
        return batch.bytes.empty() ? absl::OkStatus() : flush();
      }
      read_error = absl::InvalidArgumentError(
          absl::StrCat(path, "#", index, ": truncated length prefix"));
    } else if (size > kDefaultMaxDocumentBytes) {
      read_error = absl::ResourceExhaustedError(absl::StrCat(
          path, "#", index, ": message of ", size,
          " bytes is larger than the limit of ", kDefaultMaxDocumentBytes));
    } else {
      std::string bytes;
      if (!coded.ReadString(&bytes, static_cast<int>(size))) {
        read_error = absl::InvalidArgumentError(absl::StrCat(
            path, "#", index, ": truncated message (", size, " bytes announced)"));
      } else {
        batch.total += bytes.size();
        batch.bytes.push_back(std::move(bytes));
        batch.names.push_back(absl::StrCat(display, "#", index));
      }
    }
    if (!read_error.ok()) {
      // The documents before the bad one are still reported.
      if (absl::Status s = batch.bytes.empty() ? absl::OkStatus() : flush();
          !s.ok()) {
        return s;
      }
      return read_error;
    }
    if (batch.bytes.size() >= static_cast<size_t>(kStreamBatchMessages) ||
        batch.total >= kStreamBatchBytes) {
      if (absl::Status s = flush(); !s.ok()) return s;
    }
  }
}

}  // namespace pmkit::cli
