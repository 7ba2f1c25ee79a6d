// The merge's exact-match index: 64-bit key -> sequence number of the newest
// pending group with that key. Groups leave the dedup window in sequence
// order, so an entry whose sequence is below the window's oldest is simply
// stale: it is never erased, only overwritten or dropped when the table is
// rebuilt. That makes Find and Insert one short probe each, with no erase
// per event (a general hash map costs three hashed operations per event).
#ifndef PMKIT_SRC_TIMELINE_WINDOW_INDEX_H_
#define PMKIT_SRC_TIMELINE_WINDOW_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pmkit {
namespace internal {

class WindowIndex {
 public:
  static constexpr size_t kNotFound = ~size_t{0};

  // The sequence stored for `key` (non-zero) if it is >= `oldest`.
  size_t Find(uint64_t key, size_t oldest) const {
    if (slots_.empty()) return kNotFound;
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.key == key) return slot.seq >= oldest ? slot.seq : kNotFound;
      if (slot.key == 0) return kNotFound;
    }
  }

  // The address Find(key) probes first, to prefetch (null when empty).
  const void* HomeSlot(uint64_t key) const {
    return slots_.empty() ? nullptr : &slots_[Home(key)];
  }

  // Maps `key` (non-zero) to `seq`, the newest sequence so far. `live` is
  // the number of pending groups, which sizes the table when it must grow.
  // Entries below `oldest` are stale and may be reused.
  template <typename LiveKeys>
  void Insert(uint64_t key, size_t seq, size_t oldest, size_t live,
              const LiveKeys& live_keys) {
    if (2 * (used_ + 1) > slots_.size()) Rebuild(oldest, live, live_keys);
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.key == key || slot.key == 0 || slot.seq < oldest) {
        // The first reusable slot on the probe path: any older entry with
        // this key lies further along it and is shadowed from now on.
        if (slot.key == 0) ++used_;
        slot.key = key;
        slot.seq = seq;
        return;
      }
    }
  }

 private:
  struct Slot {
    uint64_t key = 0;  // 0 = never used.
    size_t seq = 0;
  };

  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask_;
  }

  // Drops stale entries: re-inserts the live groups' keys, oldest first so
  // the newest wins. `live_keys(seq)` returns a pending group's key (0 for
  // none). The table keeps at least four slots per live group, so rebuilds
  // happen at most once per `live` insertions: O(1) amortized.
  template <typename LiveKeys>
  void Rebuild(size_t oldest, size_t live, const LiveKeys& live_keys) {
    size_t capacity = 64;
    while (capacity < 4 * (live + 1)) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    used_ = 0;
    for (size_t seq = oldest; seq < oldest + live; ++seq) {
      const uint64_t key = live_keys(seq);
      if (key == 0) continue;
      for (size_t i = Home(key);; i = (i + 1) & mask_) {
        Slot& slot = slots_[i];
        if (slot.key == key || slot.key == 0) {
          if (slot.key == 0) ++used_;
          slot.key = key;
          slot.seq = seq;
          break;
        }
      }
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t used_ = 0;  // Slots ever written since the last rebuild.
};

}  // namespace internal
}  // namespace pmkit

#endif  // PMKIT_SRC_TIMELINE_WINDOW_INDEX_H_
