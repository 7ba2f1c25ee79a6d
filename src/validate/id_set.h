// A set of string views for duplicate and reference checks: open addressing
// over one flat array with a cheap hash, because a validation run does a few
// hundred insertions and a general-purpose hash set's per-call setup would
// cost as much as the rest of the run. Not thread-safe; one per run.
#ifndef PMKIT_SRC_VALIDATE_ID_SET_H_
#define PMKIT_SRC_VALIDATE_ID_SET_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/string_view.h"

namespace pmkit::validate_internal {

class IdSet {
 public:
  // Sized for `expected` ids; grows past them.
  explicit IdSet(size_t expected) { Reset(expected); }

  void Reset(size_t expected) {
    size_t capacity = 16;
    while (capacity < expected * 2) capacity <<= 1;
    slots_.assign(capacity, Slot{});
    size_ = 0;
  }

  // Inserts `id`; returns false when it was already present.
  bool Insert(absl::string_view id) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(id);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.data == nullptr) {
        slot = {id.data() == nullptr ? "" : id.data(), id.size(), h};
        ++size_;
        return true;
      }
      if (slot.hash == h && slot.size == id.size() &&
          std::memcmp(slot.data, id.data(), id.size()) == 0) {
        return false;
      }
    }
  }

  bool Contains(absl::string_view id) const {
    const uint64_t h = Hash(id);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.data == nullptr) return false;
      if (slot.hash == h && slot.size == id.size() &&
          std::memcmp(slot.data, id.data(), id.size()) == 0) {
        return true;
      }
    }
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    const char* data = nullptr;
    size_t size = 0;
    uint64_t hash = 0;
  };

  // Ids are short: one or two loads cover them (first and last 8, or 4,
  // bytes, overlapping), then MurmurHash3's finalizer mixes every bit into
  // the low bits the table indexes with.
  static uint64_t Hash(absl::string_view s) {
    const char* p = s.data();
    const size_t n = s.size();
    uint64_t a = 0, b = 0;
    if (n >= 8) {
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
      for (size_t i = 8; i + 8 < n; i += 8) {  // Longer ids: the middle too.
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        a = (a ^ w) * 0x9E3779B97F4A7C15ull;
      }
    } else if (n >= 4) {
      uint32_t x, y;
      std::memcpy(&x, p, 4);
      std::memcpy(&y, p + n - 4, 4);
      a = x;
      b = y;
    } else if (n > 0) {
      a = static_cast<unsigned char>(p[0]) |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
    }
    uint64_t h = a ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (static_cast<uint64_t>(n) << 56);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 33);
  }

  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.data == nullptr) continue;
      size_t i = slot.hash & mask;
      while (slots_[i].data != nullptr) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_ID_SET_H_
