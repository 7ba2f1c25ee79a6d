// Many threads on shared objects, through the C++ API and the C ABI: every
// result must equal the single-threaded one. Run under ThreadSanitizer too
// (scripts/test.sh builds build-tsan for this).
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "pmkit.h"
#include "pmkit/io.h"
#include "pmkit/markdown.h"
#include "tests/testing/fill_fields.h"

namespace pmkit {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 20;

const std::string kSamplePath =
    std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem.textproto";

// Runs `body(thread_index)` on kThreads threads at once.
template <typename Body>
void RunConcurrently(Body body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(body, t);
  for (std::thread& thread : threads) thread.join();
}

std::string CallOutput(int status, char* out, size_t size, char* error) {
  std::string result = status == PMKIT_OK ? std::string(out, size)
                                          : std::string("error: ") + error;
  pmkit_free(out);
  pmkit_free(error);
  return result;
}

TEST(ConcurrencyTest, SharedCAbiHandleGivesSingleThreadedResults) {
  const std::string sample = testing::ReadFileOrDie(kSamplePath);
  pmkit_postmortem* handle = nullptr;
  ASSERT_EQ(pmkit_postmortem_parse(sample.data(), sample.size(), PMKIT_FORMAT_AUTO,
                                   &handle, nullptr),
            PMKIT_OK);
  auto outputs = [&] {
    std::vector<std::string> results;
    for (int format = PMKIT_FORMAT_BINARY; format <= PMKIT_FORMAT_TEXT; ++format) {
      char* out = nullptr;
      char* error = nullptr;
      size_t size = 0;
      int status = pmkit_postmortem_serialize(handle, format, &out, &size, &error);
      results.push_back(CallOutput(status, out, size, error));
    }
    char* out = nullptr;
    char* error = nullptr;
    size_t size = 0;
    int status = pmkit_postmortem_render_markdown(handle, &out, &size, &error);
    results.push_back(CallOutput(status, out, size, error));
    // The stateless entry points, on the same input.
    status = pmkit_convert(sample.data(), sample.size(), PMKIT_FORMAT_TEXT,
                           PMKIT_FORMAT_JSON, &out, &size, &error);
    results.push_back(CallOutput(status, out, size, error));
    return results;
  };
  const std::vector<std::string> expected = outputs();
  std::vector<int> mismatches(kThreads, 0);
  RunConcurrently([&](int t) {
    for (int round = 0; round < kRounds; ++round) {
      if (outputs() != expected) ++mismatches[t];
    }
  });
  pmkit_postmortem_free(handle);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(ConcurrencyTest, SharedValidatorAndBlameDetectorHandles) {
  const std::string sample = testing::ReadFileOrDie(kSamplePath);
  const std::string draft =
      "Dana forgot to renew the certificate; the on-call should have noticed. "
      "The renewal job had no alert on failure.";
  pmkit_validator* validator = nullptr;
  pmkit_blame_detector* detector = nullptr;
  ASSERT_EQ(pmkit_validator_new(nullptr, 0, PMKIT_FORMAT_AUTO, &validator, nullptr),
            PMKIT_OK);
  ASSERT_EQ(pmkit_blame_detector_new(nullptr, 0, PMKIT_FORMAT_AUTO, &detector, nullptr),
            PMKIT_OK);
  auto outputs = [&] {
    std::vector<std::string> results;
    char* out = nullptr;
    char* error = nullptr;
    size_t size = 0;
    int status = pmkit_validator_validate(validator, sample.data(), sample.size(),
                                          PMKIT_FORMAT_AUTO, nullptr, 0,
                                          PMKIT_FORMAT_JSON, &out, &size, &error);
    results.push_back(CallOutput(status, out, size, error));
    status = pmkit_blame_detector_scan_text(detector, draft.data(), draft.size(),
                                            /*kind=*/0, PMKIT_FORMAT_JSON, &out,
                                            &size, &error);
    results.push_back(CallOutput(status, out, size, error));
    status = pmkit_blame_detector_scan_postmortem(detector, sample.data(),
                                                  sample.size(), PMKIT_FORMAT_AUTO,
                                                  PMKIT_FORMAT_JSON, &out, &size,
                                                  &error);
    results.push_back(CallOutput(status, out, size, error));
    return results;
  };
  const std::vector<std::string> expected = outputs();
  ASSERT_NE(expected[1].find("blame."), std::string::npos) << expected[1];
  std::vector<int> mismatches(kThreads, 0);
  RunConcurrently([&](int t) {
    for (int round = 0; round < kRounds; ++round) {
      if (outputs() != expected) ++mismatches[t];
    }
  });
  pmkit_validator_free(validator);
  pmkit_blame_detector_free(detector);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(ConcurrencyTest, SharedConstMessageThroughTheCppApi) {
  v1::Postmortem postmortem;
  testing::FillAllFields(&postmortem);
  postmortem.set_display_time_zone("Europe/Berlin");
  const std::string expected_json = *SerializeMessage(postmortem, Format::kJson);
  const std::string expected_markdown = *RenderMarkdown(postmortem);
  std::vector<int> mismatches(kThreads, 0);
  RunConcurrently([&](int t) {
    for (int round = 0; round < kRounds; ++round) {
      absl::StatusOr<std::string> json = SerializeMessage(postmortem, Format::kJson);
      absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(*json, Format::kJson);
      absl::StatusOr<std::string> markdown = RenderMarkdown(*parsed);
      if (*json != expected_json || *markdown != expected_markdown) ++mismatches[t];
    }
  });
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace pmkit
