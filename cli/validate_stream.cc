#include "cli/validate_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/delimited_reader.h"
#include "pmkit/io.h"

namespace pmkit::cli {
namespace {

// One message's outcome: its report, or why it failed.
struct Outcome {
  v1::Report report;
  absl::Status status;
};

// A batch of the stream's messages and their outcomes.
struct Batch {
  DelimitedBatch messages;
  std::vector<Outcome> outcomes;  // Filled by the pool.

  bool empty() const { return messages.empty(); }
  size_t size() const { return messages.messages().size(); }
};

// `jobs` threads that live for the whole stream and validate one batch at a
// time, each message taken by whichever thread is free. Each thread parses
// into one Postmortem for the whole stream: a cleared message keeps its
// sub-messages and strings, so later documents allocate little. The thread
// that calls Start() is free meanwhile to read the next batch and emit the
// last one.
class BatchPool {
 public:
  BatchPool(const Validator& validator, const v1::ValidationOptions& options,
            std::string display, int jobs)
      : validator_(validator), options_(options), display_(std::move(display)) {
    // The calling thread only reads and emits, so `jobs` threads validate.
    for (int t = 0; t < jobs; ++t) threads_.emplace_back([this] { Work(); });
  }

  // Stops after the messages being validated; a batch left unfinished is
  // abandoned.
  ~BatchPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  // Starts validating `batch` (which must outlive Wait()) into its outcomes.
  void Start(Batch* batch) {
    batch->outcomes.resize(batch->size());
    {
      std::lock_guard<std::mutex> lock(mu_);
      batch_ = batch;
      next_.store(0, std::memory_order_relaxed);
      remaining_ = batch->size();
      ++generation_;
    }
    changed_.notify_all();
  }

  // Waits until the started batch is done and no thread is still looking at
  // it (so the next Start() cannot hand a thread an index into the wrong
  // batch).
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [this] { return remaining_ == 0 && busy_ == 0; });
  }

 private:
  void Work() {
    v1::Postmortem postmortem;
    v1::ValidationOptions options = options_;
    uint64_t seen = 0;
    while (true) {
      Batch* batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        changed_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        batch = batch_;
        ++busy_;
      }
      size_t done = 0;
      const size_t n = batch->size();
      while (!stop_.load(std::memory_order_relaxed)) {
        const size_t i = next_.fetch_add(1, std::memory_order_relaxed);
        if (i >= n) break;
        Validate(batch, i, &postmortem, &options);
        ++done;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        remaining_ -= done;
        --busy_;
      }
      changed_.notify_all();
    }
  }

  void Validate(Batch* batch, size_t i, v1::Postmortem* postmortem,
                v1::ValidationOptions* options) {
    Outcome& out = batch->outcomes[i];
    const std::string name = absl::StrCat(
        display_, "#", batch->messages.first_index() + static_cast<int64_t>(i));
    out.status = ParseMessage(batch->messages.messages()[i], Format::kBinary,
                              postmortem);
    if (!out.status.ok()) {
      out.status = absl::InvalidArgumentError(
          absl::StrCat(name, ": ", out.status.message()));
      return;
    }
    options->set_document(name);
    out.status = validator_.ValidateInto(*postmortem, *options, &out.report);
  }

  const Validator& validator_;
  const v1::ValidationOptions& options_;
  const std::string display_;  // The stream's name in document names.
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};  // The batch's next message to take.
  std::mutex mu_;
  std::condition_variable changed_;
  // Guarded by mu_.
  Batch* batch_ = nullptr;
  size_t remaining_ = 0;  // Messages of the batch not yet validated.
  int busy_ = 0;          // Threads working on the batch.
  uint64_t generation_ = 0;
  // Set under mu_ (so no thread misses the wake-up); read without it
  // between messages.
  std::atomic<bool> stop_{false};
};

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
  const std::string display = is_stdin ? "<stdin>" : path;
  DelimitedReader reader(fd, !is_stdin, display);
  auto read = [&reader](Batch* batch) {
    return reader.Read(kStreamBatchMessages, kStreamBatchBytes,
                       kDefaultMaxDocumentBytes, &batch->messages);
  };
  // Declared before the pool, so the pool's threads are gone before them.
  Batch running, next;
  BatchPool pool(validator, options, display, std::max(1, jobs));
  // The status of reading `running`: an error ends the stream after it.
  absl::Status read_status = read(&running);
  if (running.empty()) return read_status;
  pool.Start(&running);
  while (true) {
    // Read the next batch while the pool validates this one.
    absl::Status next_status = absl::OkStatus();
    if (read_status.ok() && !reader.at_end()) {
      next_status = read(&next);
    } else {
      next.messages = DelimitedBatch();
    }
    pool.Wait();
    std::swap(running, next);  // `next` now holds the validated batch.
    if (!running.empty()) pool.Start(&running);
    for (size_t i = 0; i < next.size(); ++i) {
      // The first failure ends the stream; the pool drops what it started.
      if (!next.outcomes[i].status.ok()) return next.outcomes[i].status;
      emit(next.outcomes[i].report);
    }
    if (!read_status.ok()) return read_status;
    read_status = next_status;
    if (running.empty()) return read_status;
  }
}

}  // namespace pmkit::cli
