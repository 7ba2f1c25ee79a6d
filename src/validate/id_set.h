// A set of string views for duplicate and reference checks: open addressing
// over one flat array with a cheap hash, because a validation run does a few
// hundred insertions and a general-purpose hash set's per-call setup would
// cost as much as the rest of the run. Not thread-safe; one per run.
#ifndef PMKIT_SRC_VALIDATE_ID_SET_H_
#define PMKIT_SRC_VALIDATE_ID_SET_H_

#include <cstdint>
#include <cstring>
#include <vector>

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
    slots_.assign(capacity, Slot{});
    shift_ = 64 - __builtin_ctzll(capacity);
    size_ = 0;
  }

  // Insert and Contains are forced inline: a validation run calls them for
  // every id and person reference (a few hundred times), and as calls their
  // register saves cost about a quarter of their work. Grow, rare, is not.

  // Inserts `id`; returns false when it was already present.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Insert(absl::string_view id) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const internal::ShortKeyWords words = internal::ShortKeyWordsOf(id);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Home(words, id.size());; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.data == nullptr) {
        slot = {words, id.data() == nullptr ? "" : id.data(), id.size()};
        ++size_;
        return true;
      }
      if (Equal(slot, words, id)) return false;
    }
  }

  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Contains(absl::string_view id) const {
    const internal::ShortKeyWords words = internal::ShortKeyWordsOf(id);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Home(words, id.size());; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.data == nullptr) return false;
      if (Equal(slot, words, id)) return true;
    }
  }

  size_t size() const { return size_; }

 private:
  // A slot keeps the key's hash words (ShortKeyWordsOf): ids are short, and
  // for keys of at most kShortKeyExact bytes equal words mean equal keys, so
  // a probe compares two words instead of calling memcmp (a call per
  // reference check, and every event's actor is one). The hash is
  // recomputed from the words when the table grows.
  struct Slot {
    internal::ShortKeyWords words;
    const char* data = nullptr;  // Null: empty.
    size_t size = 0;
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

  static bool Equal(const Slot& slot, const internal::ShortKeyWords& words,
                    absl::string_view id) {
    return slot.words == words && slot.size == id.size() &&
           (id.size() <= internal::kShortKeyExact ||
            std::memcmp(slot.data, id.data(), id.size()) == 0);
  }

  ABSL_ATTRIBUTE_NOINLINE void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{});
    shift_ = 64 - __builtin_ctzll(slots_.size());
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.data == nullptr) continue;
      size_t i = Home(slot.words, slot.size);
      while (slots_[i].data != nullptr) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
  int shift_ = 60;  // 64 - log2(slots_.size()).
};

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_ID_SET_H_
