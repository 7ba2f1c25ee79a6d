// The merge's string hash: dedup folds records on equal hashes of their
// texts and keys (then compares them), so it must spread every byte and
// length, at every size a log line has.
#include "src/timeline/string_hash.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace pmkit::internal {
namespace {

TEST(StringHashTest, IsDeterministicAndNeverZero) {
  EXPECT_EQ(HashString("GET /api 200"), HashString(std::string("GET /api 200")));
  EXPECT_NE(HashString(""), 0u);
  EXPECT_NE(HashString(""), HashString(absl::string_view("\0", 1)));
}

TEST(StringHashTest, NoCollisionsOverLogLikeTexts) {
  // 200,000 texts that differ in a counter, as log lines from one template
  // do; 64-bit hashes of that many strings collide with odds ~1e-9.
  absl::flat_hash_set<uint64_t> seen;
  for (int i = 0; i < 200000; ++i) {
    const std::string text = absl::StrCat("request ", i % 1000, " took ", i / 1000, " ms");
    ASSERT_TRUE(seen.insert(HashString(text)).second) << text;
  }
}

TEST(StringHashTest, EveryByteAndLengthMatters) {
  // Flipping any bit of any byte, and every prefix, gives a new hash: the
  // tail words overlap, so this checks each length class (0, 1-3, 4-7,
  // 8-16, and 16-byte steps).
  std::string text;
  for (int i = 0; i < 70; ++i) text.push_back(static_cast<char>('a' + i % 26));
  absl::flat_hash_set<uint64_t> seen;
  for (size_t n = 0; n <= text.size(); ++n) {
    const absl::string_view prefix(text.data(), n);
    ASSERT_TRUE(seen.insert(HashString(prefix)).second) << "prefix " << n;
    for (size_t i = 0; i < n; ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string flipped(prefix);
        flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
        ASSERT_TRUE(seen.insert(HashString(flipped)).second)
            << "length " << n << " byte " << i << " bit " << bit;
      }
    }
  }
}

}  // namespace
}  // namespace pmkit::internal
