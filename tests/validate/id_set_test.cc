// IdSet (open addressing over key indices, hash words compared in place of
// the bytes for short ids) against std::set on random ids: every length
// around the word sizes (0 to 40 bytes, so both exact-word and memcmp
// comparisons), ids that differ in one byte, and enough insertions to grow
// the table (and move the keys) several times.
#include "src/validate/id_set.h"

#include <random>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace pmkit::validate_internal {
namespace {

TEST(ValidateIdSetTest, AgreesWithStdSet) {
  std::mt19937 random(41);
  for (size_t expected : {size_t{0}, size_t{5}, size_t{300}}) {
    IdSet set(expected);
    std::set<std::string> reference;
    std::vector<std::string> ids;  // Kept alive: the set holds views.
    ids.reserve(4000);
    for (int round = 0; round < 4000; ++round) {
      std::string id;
      if (!ids.empty() && random() % 3 == 0) {
        id = ids[random() % ids.size()];  // A repeat, or a near one.
        if (!id.empty() && random() % 2 == 0) id[random() % id.size()] ^= 1;
      } else {
        const size_t length = random() % 41;
        for (size_t i = 0; i < length; ++i) {
          id += static_cast<char>("ab-019\0\xff"[random() % 8]);
        }
      }
      ids.push_back(id);
      const std::string& kept = ids.back();
      ASSERT_EQ(set.Contains(kept), reference.count(kept) > 0) << round;
      ASSERT_EQ(set.Insert(kept), reference.insert(kept).second) << round;
      ASSERT_TRUE(set.Contains(kept));
      ASSERT_EQ(set.size(), reference.size());
    }
    for (const std::string& id : reference) ASSERT_TRUE(set.Contains(id));
  }
}

}  // namespace
}  // namespace pmkit::validate_internal
