// A set of string views for duplicate and reference checks: open addressing
// over one flat array of key indices with a cheap hash, because a validation
// run does a few hundred insertions and a general-purpose hash set's
// per-call setup would cost as much as the rest of the run. Not
// thread-safe; one per run.
#ifndef PMKIT_SRC_VALIDATE_ID_SET_H_
#define PMKIT_SRC_VALIDATE_ID_SET_H_

#include <cstdint>
#include <cstring>
#include <memory>

#include "absl/base/attributes.h"
#include "absl/strings/string_view.h"
#include "src/util/short_key_hash.h"

namespace pmkit::validate_internal {

class IdSet {
 public:
  // Sized for `expected` ids; grows past them.
  explicit IdSet(size_t expected) { Reset(expected); }

  void Reset(size_t expected) {
    size_t capacity = 16;
    while (capacity < expected * 2) capacity <<= 1;
    size_ = 0;
    Allocate(capacity);
  }

  // Insert and Contains are forced inline: a validation run calls them for
  // every id and person reference (a few hundred times), and as calls their
  // register saves cost about a quarter of their work. Grow, rare, is not.

  // Inserts `id`; returns false when it was already present.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Insert(absl::string_view id) {
    if ((size_ + 1) * 2 > slots_) Grow();
    const internal::ShortKeyWords words = internal::ShortKeyWordsOf(id);
    const size_t mask = slots_ - 1;
    for (size_t i = Home(words, id.size());; i = (i + 1) & mask) {
      const uint32_t slot = table_[i];
      if (slot == 0) {
        keys_[size_++] = {words, id.data(), id.size()};
        table_[i] = static_cast<uint32_t>(size_);
        return true;
      }
      if (Equal(keys_[slot - 1], words, id)) return false;
    }
  }

  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Contains(absl::string_view id) const {
    const internal::ShortKeyWords words = internal::ShortKeyWordsOf(id);
    const size_t mask = slots_ - 1;
    for (size_t i = Home(words, id.size());; i = (i + 1) & mask) {
      const uint32_t slot = table_[i];
      if (slot == 0) return false;
      if (Equal(keys_[slot - 1], words, id)) return true;
    }
  }

  size_t size() const { return size_; }

 private:
  // A key keeps its hash words (ShortKeyWordsOf): ids are short, and for
  // keys of at most kShortKeyExact bytes equal words mean equal keys, so a
  // probe compares two words instead of calling memcmp (a call per
  // reference check, and every event's actor is one). The hash is
  // recomputed from the words when the table grows.
  struct Key {
    internal::ShortKeyWords words;
    const char* data;
    size_t size;
  };

  // A key's first slot: its words and length multiplied into one word
  // (Fibonacci hashing), whose top bits index the table. One multiply-add
  // chain instead of ShortKeyMix's full finalizer: an index needs only the
  // top bits well mixed, and ids are hashed a few hundred times a run.
  size_t Home(const internal::ShortKeyWords& words, size_t size) const {
    const uint64_t h =
        (words.a ^ (words.b * 0xC2B2AE3D27D4EB4Full) ^ (uint64_t{size} << 56)) *
        0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> shift_);
  }

  static bool Equal(const Key& key, const internal::ShortKeyWords& words,
                    absl::string_view id) {
    return key.words == words && key.size == id.size() &&
           (id.size() <= internal::kShortKeyExact ||
            std::memcmp(key.data, id.data(), id.size()) == 0);
  }

  // A cleared table of `capacity` slots (a power of two) and room for the
  // keys it may hold before it grows. The keys are left uninitialized.
  void Allocate(size_t capacity) {
    table_.reset(new uint32_t[capacity]);
    std::memset(table_.get(), 0, capacity * sizeof(uint32_t));
    std::unique_ptr<Key[]> keys(new Key[capacity / 2]);
    if (size_ > 0) std::memcpy(keys.get(), keys_.get(), size_ * sizeof(Key));
    keys_ = std::move(keys);
    slots_ = capacity;
    shift_ = 64 - __builtin_ctzll(capacity);
  }

  ABSL_ATTRIBUTE_NOINLINE void Grow() {
    Allocate(slots_ * 2);
    const size_t mask = slots_ - 1;
    for (size_t k = 0; k < size_; ++k) {
      size_t i = Home(keys_[k].words, keys_[k].size);
      while (table_[i] != 0) i = (i + 1) & mask;
      table_[i] = static_cast<uint32_t>(k + 1);
    }
  }

  // Open addressing over 1 + the index of a key in keys_ (0: empty), keys in
  // insertion order: a run sets up a few tables, one of them sized for the
  // whole timeline, and clearing four bytes a slot (a memset) instead of a
  // whole key (32 bytes, element by element) was most of that setup.
  std::unique_ptr<uint32_t[]> table_;
  std::unique_ptr<Key[]> keys_;  // [0, size_) set.
  size_t slots_ = 0;
  size_t size_ = 0;
  int shift_ = 60;  // 64 - log2(slots_).
};

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_ID_SET_H_
