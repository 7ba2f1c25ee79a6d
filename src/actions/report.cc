// Follow-through reports over many postmortems. This is the hot path of the
// module (the target: 1,000,000 items in at most 0.2 s), so it copies what it
// reads of a batch of items into flat records first (Gather), replays each
// history once without building findings, groups owners and teams in a
// table that owns its keys, takes percentiles with nth_element instead of
// sorting, and while it counts one batch prefetches the memory of the next
// (ReadAhead).
//
// Two paths compute each item's contribution. The fast path works in int64
// nanoseconds since the epoch and never builds a DerivedState (whose
// absl::Status and absl::Time arithmetic, out-of-line calls, cost more than
// reading the item). It applies while every time involved lies within
// +-kFastSeconds of the epoch, so that a sum or difference of two of them
// fits in int64 nanoseconds and every result equals the absl::Time one. Any
// other item (hostile or far-future times, business-day windows) takes the
// generic path, the DeriveState/ComputeDue code the per-item API uses.
// tests/actions/report_paths_test.cc checks that both paths agree.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "src/actions/internal.h"
#include "src/util/short_key_hash.h"

namespace pmkit {
namespace {

using Compiled = ActionEngineInternals::Compiled;

struct Group {
  int64_t overdue = 0;
  int64_t open = 0;
};

// Groups by owner or team. Open addressing with a cheap hash
// (ShortKeyHash): owners and teams are short ids, looked up once per open
// item. Between two lookups the gather streams megabytes of the corpus
// through the caches, so a lookup touches one cache line: each slot holds
// its key's hash words, length and counters (keys of at most
// kShortKeyExact bytes compare by words, without memcmp or a read of the
// key). Keys are copied into the table: comparing against a view into the
// input would read a long-evicted item of the corpus. Not thread-safe; one
// per report.
class GroupMap {
 public:
  GroupMap() : slots_(64) {}

  Group& operator[](absl::string_view key) {
    const internal::ShortKeyWords words = internal::ShortKeyWordsOf(key);
    const uint64_t hash = internal::ShortKeyMix(words, key.size());
    const bool exact = key.size() <= internal::kShortKeyExact;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.key < 0) {
        if (2 * (keys_.size() + 1) > slots_.size()) {
          Grow();
          return (*this)[key];
        }
        slot.words = words;
        slot.hash = hash;
        slot.size = key.size();
        slot.key = static_cast<int64_t>(keys_.size());
        keys_.emplace_back(key);
        return slot.group;
      }
      if (slot.words == words && slot.size == key.size() &&
          (exact || keys_[slot.key] == key)) {
        return slot.group;
      }
    }
  }

  // Calls f(key, group) for every key.
  template <typename F>
  void ForEach(F f) const {
    for (const Slot& slot : slots_) {
      if (slot.key >= 0) f(absl::string_view(keys_[slot.key]), slot.group);
    }
  }

 private:
  struct alignas(64) Slot {
    internal::ShortKeyWords words;
    uint64_t hash = 0;
    uint64_t size = 0;
    int64_t key = -1;  // Index into keys_; -1: empty.
    Group group;
  };

  void Grow() {
    std::vector<Slot> slots(slots_.size() * 2);
    const size_t mask = slots.size() - 1;
    for (const Slot& slot : slots_) {
      if (slot.key < 0) continue;
      size_t i = slot.hash & mask;
      while (slots[i].key >= 0) i = (i + 1) & mask;
      slots[i] = slot;
    }
    slots_.swap(slots);
  }

  std::vector<Slot> slots_;
  std::vector<std::string> keys_;
};

void Fill(const GroupMap& groups, google::protobuf::RepeatedPtrField<v1::OverdueGroup>* out) {
  std::vector<std::pair<absl::string_view, Group>> rows;
  groups.ForEach([&](absl::string_view key, const Group& group) {
    if (group.overdue > 0) rows.emplace_back(key, group);
  });
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.second.overdue != b.second.overdue) return a.second.overdue > b.second.overdue;
    return a.first < b.first;
  });
  for (const auto& [key, group] : rows) {
    v1::OverdueGroup* row = out->Add();
    row->set_key(std::string(key));
    row->set_overdue(group.overdue);
    row->set_open(group.open);
  }
}

// Nearest rank (1-based) of percentile p (0-1] among `count` values.
size_t Rank(double p, size_t count) {
  size_t rank = static_cast<size_t>(p * count + 0.999999999);
  if (rank < 1) rank = 1;
  if (rank > count) rank = count;
  return rank;
}

// Median and 90th percentile (nearest rank) of `nanos`, which is reordered.
// The 90th percentile's rank is at least the median's, and nth_element
// leaves only values >= the median after it, so the second selection
// searches that tail alone.
void FillStats(std::vector<int64_t>& nanos, v1::DurationStats* stats) {
  stats->set_count(static_cast<int64_t>(nanos.size()));
  if (nanos.empty()) return;
  const auto median = nanos.begin() + (Rank(0.5, nanos.size()) - 1);
  const auto p90 = nanos.begin() + (Rank(0.9, nanos.size()) - 1);
  std::nth_element(nanos.begin(), median, nanos.end());
  const int64_t median_value = *median;
  std::nth_element(median, p90, nanos.end());
  SetDuration(absl::Nanoseconds(median_value), stats->mutable_median());
  SetDuration(absl::Nanoseconds(*p90), stats->mutable_p90());
}

int64_t ToNanos(absl::Duration d) {
  // Durations beyond int64 nanoseconds (292 years) saturate.
  return absl::ToInt64Nanoseconds(d);
}

// Durations collected for the percentiles. Whether an item contributes
// depends on its state, which varies from item to item unpredictably, so
// Add always writes the value and advances by 0 or 1 instead of branching.
// Reserve(n) must precede every n calls of Add.
class Samples {
 public:
  void Reserve(size_t more) {
    if (size_ + more > values_.size()) values_.resize(std::max(2 * values_.size(), size_ + more));
  }
  void Add(int64_t nanos, bool keep) {
    values_[size_] = nanos;
    size_ += keep;
  }
  std::vector<int64_t>& Values() {
    values_.resize(size_);
    return values_;
  }

 private:
  std::vector<int64_t> values_;
  size_t size_ = 0;
};

// What the report accumulates, item by item.
struct Tally {
  std::array<int64_t, kStateCount> by_state{};
  std::array<int64_t, 7> by_type{};
  std::array<int64_t, 5> by_priority{};
  GroupMap by_owner;
  GroupMap by_team;
  Samples to_done;
  Samples to_verified;
  int64_t items = 0;
  int64_t overdue = 0, unowned = 0, stalled = 0, due_soon = 0, contradictory = 0;
};

// Per postmortem: whether it has high-priority items and all are done.
struct HighPriority {
  bool any = false;
  bool all_done = true;
};

// The part of an item's contribution both paths share, once its state,
// consistency and (for open states) due time are known. Written without
// branches on the state: it differs from item to item, so branches on it
// are mispredicted often.
inline void Count(int type, int priority, v1::ActionItemState state, bool consistent,
                  Tally& tally, HighPriority& high) {
  ++tally.items;
  tally.contradictory += !consistent;
  ++tally.by_state[IsKnownState(state) ? state : 0];
  ++tally.by_type[type >= 0 && type < 7 ? type : 0];
  ++tally.by_priority[priority >= 0 && priority < 5 ? priority : 0];
  const bool counts = (priority == v1::PRIORITY_P0) | (priority == v1::PRIORITY_P1);
  const bool considered = counts & (state != v1::ACTION_ITEM_STATE_WONT_DO);
  const bool done =
      (state == v1::ACTION_ITEM_STATE_DONE) | (state == v1::ACTION_ITEM_STATE_VERIFIED);
  high.any |= considered;
  high.all_done &= !considered | done;
}

inline void CountOpen(absl::string_view owner_id, absl::string_view team_name,
                      bool is_overdue, Tally& tally) {
  tally.unowned += owner_id.empty();
  Group& owner = tally.by_owner[owner_id];
  Group& team = tally.by_team[team_name];
  ++owner.open;
  ++team.open;
  tally.overdue += is_overdue;
  owner.overdue += is_overdue;
  team.overdue += is_overdue;
}

// The generic path: absl::Time throughout, as Evaluate computes it.
void AddItemGeneric(const ActionEngine& engine, const v1::ActionItem& item,
                    absl::string_view level, absl::Time now, Tally& tally,
                    HighPriority& high) {
  const auto& compiled = ActionEngineInternals::Of(engine);
  const DerivedState derived = engine.DeriveState(item);
  const v1::ActionItemState state = derived.state;
  Count(item.type(), item.priority(), state, derived.consistency.ok(), tally, high);
  if (derived.created != absl::InfinitePast()) {
    if ((state == v1::ACTION_ITEM_STATE_DONE || state == v1::ACTION_ITEM_STATE_VERIFIED) &&
        derived.first_done != absl::InfinitePast()) {
      tally.to_done.Add(ToNanos(derived.first_done - derived.created), true);
    }
    if (state == v1::ACTION_ITEM_STATE_VERIFIED &&
        derived.first_verified != absl::InfinitePast()) {
      tally.to_verified.Add(ToNanos(derived.first_verified - derived.created), true);
    }
  }
  const absl::Duration stall = compiled.stall[state];
  if (stall > absl::ZeroDuration() && derived.state_since != absl::InfinitePast() &&
      now - derived.state_since > stall) {
    ++tally.stalled;
  }
  if (!IsOpenState(state)) return;
  const DueTime due = engine.ComputeDue(item, level, derived);
  const bool has_due = due.source != v1::DUE_SOURCE_UNSPECIFIED;
  const bool is_overdue = has_due && now > due.time;
  if (has_due && !is_overdue && due.time - now <= compiled.due_soon) ++tally.due_soon;
  CountOpen(item.owner_id(), item.team(), is_overdue, tally);
}

// ---- The fast path ----

// Times within this many seconds of the epoch (years 1827 to 2112) take the
// fast path: the sum or difference of two fits in int64 nanoseconds.
constexpr int64_t kFastSeconds = 4500000000;
constexpr int64_t kUnknown = std::numeric_limits<int64_t>::min();

// An absl::Time in nanoseconds; false when outside the fast range or not a
// whole number of nanoseconds (absl::Time resolves quarter nanoseconds, and
// comparisons must come out as they would in absl::Time).
bool FastNanos(absl::Time time, int64_t* out) {
  if (time == absl::InfinitePast() || time == absl::InfiniteFuture()) return false;
  const int64_t seconds = absl::ToUnixSeconds(time);  // Floor.
  if (seconds < -kFastSeconds || seconds > kFastSeconds) return false;
  const int64_t nanos = absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds));
  if (absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos) != time) return false;
  *out = seconds * 1000000000 + nanos;
  return true;
}

// A duration in nanoseconds, saturating at int64 max (no fast-range
// difference reaches it, so comparisons stay exact).
int64_t FastLimit(absl::Duration d) {
  return d >= absl::Seconds(9000000000) ? std::numeric_limits<int64_t>::max()
                                        : ToNanos(d);
}

// DerivedState in nanoseconds (kUnknown for InfinitePast).
struct FastDerived {
  v1::ActionItemState state = v1::ACTION_ITEM_STATE_OPEN;
  bool consistent = true;
  int64_t created = kUnknown;
  int64_t since = kUnknown;
  int64_t done = kUnknown;
  int64_t verified = kUnknown;
};

// The fields of one history entry the report reads, gathered (see Gather).
// The empty constructor leaves the fields for Gather to set: value
// initialization would zero each record first, in the hottest loop.
struct EntryRecord {
  EntryRecord() {}
  int from;
  int to;
  bool has_time;
  int32_t nanos;
  int64_t seconds;
  // Not read by Gather, which prefetches it (see Gather).
  const std::string* event_id;
};

// The last byte of a non-empty event id.
inline unsigned char IdLast(const EntryRecord& entry) {
  return static_cast<unsigned char>(entry.event_id->back());
}

// The fields of one item the report reads (Gather sets them all).
struct ItemRecord {
  ItemRecord() {}
  const v1::ActionItem* item;
  int state;
  int priority;
  int type;
  bool has_create;
  bool has_due;
  int32_t create_nanos;
  int32_t due_nanos;
  int64_t create_seconds;
  int64_t due_seconds;
  // Read by the count, for open items only (see Gather).
  const std::string* owner;
  const std::string* team;
  int first_entry;  // Index into the batch's entries.
  int entries;
};

// Event ids of one item usually share a prefix ("AI-1/2", "AI-1/3"): test
// the length and the last byte before comparing the rest (as Replay does).
inline bool SameId(const EntryRecord& a, const EntryRecord& b) {
  const size_t size = a.event_id->size();
  return size == b.event_id->size() && IdLast(a) == IdLast(b) &&
         std::memcmp(a.event_id->data(), b.event_id->data(), size - 1) == 0;
}

// Whether two of the `n` entries share a non-empty event id.
bool HasDuplicateId(const EntryRecord* history, int n) {
  for (int i = 1; i < n; ++i) {
    if (history[i].event_id->empty()) continue;
    for (int j = 0; j < i; ++j) {
      if (SameId(history[j], history[i])) return true;
    }
  }
  return false;
}

// A one-word Bloom filter bit for an event id, from what SameId tests
// first: two equal ids set the same bit.
inline uint64_t IdBit(const EntryRecord& entry) {
  return uint64_t{1} << ((entry.event_id->size() * 11 + IdLast(entry)) & 63);
}

// A stored timestamp as TimeOf reads it (nanos clamped), in nanoseconds;
// false when outside the fast range.
inline bool FastNanos(int64_t seconds, int32_t nanos, int64_t* out) {
  if (seconds < -kFastSeconds || seconds > kFastSeconds) return false;
  nanos = nanos < 0 ? 0 : nanos > 999999999 ? 999999999 : nanos;
  *out = seconds * 1000000000 + nanos;
  return true;
}

// ReplayImpl<false> (replay.cc) over gathered records, in nanoseconds: the
// same checks, stopping at a contradiction with the same partial result.
// That result does not depend on which check failed first, so duplicate
// event ids are found apart from the other checks: a Bloom filter of one
// word passes nearly every history, and only histories with two ids in the
// same bit are compared pair by pair (the pairwise loops, of varying
// length, cost more than the rest of the replay). False when a time needed
// lies outside the fast range.
bool FastReplay(const Compiled& compiled, const ItemRecord& item,
                const EntryRecord* history, FastDerived* out) {
  if (item.has_create &&
      !FastNanos(item.create_seconds, item.create_nanos, &out->created)) {
    return false;
  }
  const int n = item.entries;
  if (n == 0) {
    const int state = item.state;
    if (!IsKnownState(state)) {
      out->consistent = false;
    } else if (state != v1::ACTION_ITEM_STATE_UNSPECIFIED) {
      out->state = static_cast<v1::ActionItemState>(state);
    }
    out->since = out->created;
    return true;
  }
  bool have_last = false;
  int64_t last_seconds = 0;
  int32_t last_nanos = 0;
  int current = v1::ACTION_ITEM_STATE_UNSPECIFIED;
  int since = -1, done = -1, verified = -1;
  uint64_t ids_seen = 0;
  bool id_collision = false;
  for (int i = 0; i < n; ++i) {
    const EntryRecord& entry = history[i];
    const int from = entry.from;
    const int to = entry.to;
    if (!IsKnownState(from) || !IsKnownState(to) ||
        to == v1::ACTION_ITEM_STATE_UNSPECIFIED || (i > 0 && from != current) ||
        compiled.rule[from][to] < 0) {
      out->consistent = false;
      return true;
    }
    if (entry.has_time) {
      if (have_last && (entry.seconds != last_seconds ? entry.seconds < last_seconds
                                                      : entry.nanos < last_nanos)) {
        out->consistent = false;
        return true;
      }
      last_seconds = entry.seconds;
      last_nanos = entry.nanos;
      have_last = true;
    }
    const uint64_t id_bit = !entry.event_id->empty() ? IdBit(entry) : 0;
    id_collision |= (ids_seen & id_bit) != 0;
    ids_seen |= id_bit;
    current = to;
    since = i;
    if (current == v1::ACTION_ITEM_STATE_DONE && done < 0) done = i;
    if (current == v1::ACTION_ITEM_STATE_VERIFIED && verified < 0) verified = i;
  }
  if (id_collision && HasDuplicateId(history, n)) {
    out->consistent = false;
    return true;
  }
  auto time_of = [&](int index, int64_t* nanos) {
    *nanos = kUnknown;
    if (index < 0 || !history[index].has_time) return true;
    return FastNanos(history[index].seconds, history[index].nanos, nanos);
  };
  if (!item.has_create && !time_of(0, &out->created)) return false;
  if (!time_of(since, &out->since) || !time_of(done, &out->done) ||
      !time_of(verified, &out->verified)) {
    return false;
  }
  out->state = static_cast<v1::ActionItemState>(current);
  if (item.state != v1::ACTION_ITEM_STATE_UNSPECIFIED && item.state != current) {
    out->consistent = false;
  }
  return true;
}

// The engine's limits and `now` in nanoseconds, for one report.
struct FastClock {
  bool usable = false;  // False: `now` is outside the fast range.
  int64_t now = 0;
  int64_t due_soon = 0;
  // Per state; int64 max for no limit, which no fast-range difference
  // exceeds, so the stall test needs no separate "has a limit" branch.
  std::array<int64_t, kStateCount> stall{};
};

FastClock MakeClock(const Compiled& compiled, absl::Time now) {
  FastClock clock;
  clock.usable = FastNanos(now, &clock.now);
  clock.due_soon = FastLimit(compiled.due_soon);
  for (int i = 0; i < kStateCount; ++i) {
    clock.stall[i] = compiled.stall[i] > absl::ZeroDuration()
                         ? FastLimit(compiled.stall[i])
                         : std::numeric_limits<int64_t>::max();
  }
  return clock;
}

// Policy windows by priority (unset, P0-P3) for the severity levels seen. A
// report's postmortems share a handful of levels, so each level's windows
// are looked up once per report, not once per postmortem; past kMaxLevels
// distinct levels (hostile input), the rest are looked up per postmortem.
// Not thread-safe; one per report.
class WindowCache {
 public:
  explicit WindowCache(const Compiled& compiled) : compiled_(compiled) {
    levels_.reserve(kMaxLevels);  // Keeps current_ valid.
  }

  // Makes `level` (a view valid until the next call) the current level.
  void Select(absl::string_view level) {
    level_ = level;
    for (const Level& known : levels_) {
      if (known.level == level) {
        current_ = &known;
        return;
      }
    }
    Level* out = levels_.size() < kMaxLevels ? &levels_.emplace_back() : &uncached_;
    out->level = std::string(level);
    for (int priority = 0; priority < 5; ++priority) {
      out->windows[priority] = BestWindow(compiled_.windows, priority, level);
    }
    current_ = out;
  }

  // The current level's window for `priority`, or null.
  const CompiledWindow* Get(int priority) const {
    if (priority < 0 || priority >= 5) return BestWindow(compiled_.windows, priority, level_);
    return current_->windows[priority];
  }

 private:
  static constexpr size_t kMaxLevels = 16;
  struct Level {
    std::string level;
    std::array<const CompiledWindow*, 5> windows;
  };
  const Compiled& compiled_;
  std::vector<Level> levels_;
  Level uncached_;
  absl::string_view level_;
  const Level* current_ = nullptr;
};

// The item's due time in nanoseconds (ComputeDue); `has_due` false when it
// has none. False when the fast path cannot compute it exactly.
bool FastDue(const ItemRecord& item, const FastDerived& derived, const WindowCache& windows,
             bool* has_due, int64_t* due) {
  *has_due = false;
  if (item.has_due) {
    *has_due = true;
    return FastNanos(item.due_seconds, item.due_nanos, due);
  }
  if (derived.created == kUnknown) return true;
  const CompiledWindow* best = windows.Get(item.priority);
  if (best == nullptr) return true;
  if (best->business_days || best->window > absl::Seconds(kFastSeconds)) return false;
  *has_due = true;
  *due = derived.created + ToNanos(best->window);
  return *due >= -kFastSeconds * 1000000000 && *due <= kFastSeconds * 1000000000;
}

// The fast path for one item; false (tally untouched) when the item needs
// the generic path.
bool AddItemFast(const Compiled& compiled, const FastClock& clock, const ItemRecord& item,
                 const EntryRecord* history, const WindowCache& windows, Tally& tally,
                 HighPriority& high) {
  FastDerived derived;
  if (!FastReplay(compiled, item, history, &derived)) return false;
  const v1::ActionItemState state = derived.state;
  const bool open = IsOpenState(state);
  bool has_due = false;
  int64_t due = 0;
  if (open && !FastDue(item, derived, windows, &has_due, &due)) return false;
  Count(item.type, item.priority, state, derived.consistent, tally, high);
  // Branch-free, as in Count: the state decides, item by item.
  const bool created = derived.created != kUnknown;
  const bool done =
      (state == v1::ACTION_ITEM_STATE_DONE) | (state == v1::ACTION_ITEM_STATE_VERIFIED);
  const bool verified = state == v1::ACTION_ITEM_STATE_VERIFIED;
  const bool to_done = created & done & (derived.done != kUnknown);
  const bool to_verified = created & verified & (derived.verified != kUnknown);
  tally.to_done.Add(to_done ? derived.done - derived.created : 0, to_done);
  tally.to_verified.Add(to_verified ? derived.verified - derived.created : 0, to_verified);
  // An unknown start is never stalled: measure it from now (0 elapsed).
  const int64_t since = derived.since != kUnknown ? derived.since : clock.now;
  tally.stalled += clock.now - since > clock.stall[state];
  if (!open) return true;
  const bool is_overdue = has_due && clock.now > due;
  tally.due_soon += has_due & !is_overdue & (due - clock.now <= clock.due_soon);
  CountOpen(*item.owner, *item.team, is_overdue, tally);
  return true;
}

// Copies what the report reads of `postmortem`'s items into `items` and
// `entries`. A loop this small keeps many items' cache misses in flight at
// once (parsed protos are trees of separately allocated messages); the
// report's logic then runs on records already in cache. Without it the
// report waited on each item's loads in turn and took ~2.7x the bare
// traversal. The vectors grow once per postmortem and item, and records are
// written through local pointers: emplace_back per record made the
// compiler store and reload the vectors' ends around every record.
//
// The loop is limited by how many loads it keeps in flight, so what the
// count alone needs is left to the count: Gather records where each event
// id is and prefetches it, and the replay reads its size and last byte
// (reading them here, a load and a load dependent on it per entry, made
// the report 2-3% slower; see docs/actions.md). Likewise owner and team:
// only open items' are read, by the count.
void Gather(const v1::Postmortem& postmortem, std::vector<ItemRecord>* items,
            std::vector<EntryRecord>* entries) {
  const auto& action_items = postmortem.action_items();
  size_t first_item = items->size();
  items->resize(first_item + action_items.size());
  ItemRecord* r = items->data() + first_item;
  for (const v1::ActionItem& item : action_items) {
    r->item = &item;
    r->state = item.state();
    r->priority = item.priority();
    r->type = item.type();
    r->has_create = item.has_create_time();
    r->create_seconds = item.create_time().seconds();
    r->create_nanos = item.create_time().nanos();
    r->has_due = item.has_due_time();
    r->due_seconds = item.due_time().seconds();
    r->due_nanos = item.due_time().nanos();
    r->owner = &item.owner_id();
    r->team = &item.team();
    const size_t first_entry = entries->size();
    r->first_entry = static_cast<int>(first_entry);
    r->entries = item.history_size();
    ++r;
    entries->resize(first_entry + item.history_size());
    EntryRecord* e = entries->data() + first_entry;
    for (const v1::StateTransition& entry : item.history()) {
      e->from = entry.from_state();
      e->to = entry.to_state();
      e->has_time = entry.has_time();
      e->seconds = entry.time().seconds();
      e->nanos = entry.time().nanos();
      e->event_id = &entry.event_id();
      __builtin_prefetch(e->event_id);
      ++e;
    }
  }
}

// Reads ahead of the gather while the count runs. Protos parsed into an
// arena, or built in order on a fresh heap, lie in memory in document order:
// a postmortem's items, their histories, timestamps and strings, then the
// next postmortem's. The gather of a batch waits on that memory (the report
// is bound by memory bandwidth: BM_ReportFloor takes about as long as reading
// every cache line of the corpus), while the count of the batch before it,
// on records already in cache, waited on none, so memory sat idle during the
// count. Now the count prefetches the span from the first item of the next
// batch to the first item a batch further, a few lines per item it counts,
// and the gather finds it in cache. Where documents lie scattered the span
// is negative or too long, and nothing is prefetched; a prefetch never
// faults, so a span over memory the report does not own is harmless. Not
// thread-safe; one per report.
class ReadAhead {
 public:
  // Plans to prefetch [from, to) over the next `steps` calls of Step.
  void Plan(const void* from, const void* to, size_t steps) {
    next_ = end_ = 0;
    const uintptr_t begin = reinterpret_cast<uintptr_t>(from);
    const uintptr_t end = reinterpret_cast<uintptr_t>(to);
    if (from == nullptr || to == nullptr || end <= begin ||
        end - begin > kMaxSpanBytes || steps == 0) {
      return;
    }
    next_ = begin & ~uintptr_t{kLineBytes - 1};
    end_ = end;
    const size_t lines = (end_ - next_ + kLineBytes - 1) / kLineBytes;
    lines_per_step_ = (lines + steps - 1) / steps;
  }

  void Step() {
    for (size_t k = 0; k < lines_per_step_ && next_ < end_; ++k) {
      __builtin_prefetch(reinterpret_cast<const void*>(next_));
      next_ += kLineBytes;
    }
  }

 private:
  static constexpr uintptr_t kLineBytes = 64;
  // A batch of 128 items takes about 160 KB in the benchmark's corpora.
  static constexpr uintptr_t kMaxSpanBytes = 1 << 20;
  uintptr_t next_ = 0;
  uintptr_t end_ = 0;
  size_t lines_per_step_ = 0;
};

// The first item of postmortems[index], or null.
const void* FirstItem(absl::Span<const v1::Postmortem* const> postmortems, size_t index) {
  if (index >= postmortems.size() || postmortems[index] == nullptr ||
      postmortems[index]->action_items().empty()) {
    return nullptr;
  }
  return &postmortems[index]->action_items(0);
}

}  // namespace

v1::FollowThroughReport BuildReport(const ActionEngine& engine,
                                    absl::Span<const v1::Postmortem* const> postmortems,
                                    absl::Time now, bool generic_only) {
  const auto& compiled = ActionEngineInternals::Of(engine);
  v1::FollowThroughReport report;
  SetTimestamp(now, report.mutable_evaluate_time());
  const FastClock clock = MakeClock(compiled, now);
  const bool fast = clock.usable && !generic_only;
  Tally tally;
  int64_t postmortem_count = 0;
  int64_t hp_postmortems = 0;
  // Postmortems are gathered in batches of about kBatchItems items, then
  // counted one by one (with the read-ahead, 128 measured 2-4% faster than
  // 64 and 256; see docs/actions.md).
  constexpr size_t kBatchItems = 128;
  std::vector<ItemRecord> items;
  std::vector<EntryRecord> entries;
  // Per postmortem of the batch: it, its severity level, the end of its
  // items.
  struct Gathered {
    const v1::Postmortem* postmortem;
    absl::string_view level;
    size_t end;
  };
  std::vector<Gathered> batch;
  items.reserve(2 * kBatchItems);
  entries.reserve(8 * kBatchItems);
  WindowCache windows(compiled);
  ReadAhead read_ahead;
  auto count_batch = [&] {
    tally.to_done.Reserve(items.size());
    tally.to_verified.Reserve(items.size());
    size_t begin = 0;
    for (const auto& [postmortem, level, end] : batch) {
      ++postmortem_count;
      windows.Select(level);
      HighPriority high;
      for (size_t i = begin; i < end; ++i) {
        read_ahead.Step();
        const ItemRecord& item = items[i];
        if (!fast || !AddItemFast(compiled, clock, item, entries.data() + item.first_entry,
                                  windows, tally, high)) {
          AddItemGeneric(engine, *item.item, level, now, tally, high);
        }
      }
      begin = end;
      if (high.any) {
        ++hp_postmortems;
        if (high.all_done) report.add_high_priority_done_postmortem_ids(postmortem->id());
      }
    }
    batch.clear();
    items.clear();
    entries.clear();
  };
  for (size_t p = 0; p < postmortems.size(); ++p) {
    const v1::Postmortem* postmortem = postmortems[p];
    if (postmortem == nullptr) continue;
    Gather(*postmortem, &items, &entries);
    batch.push_back({postmortem, postmortem->severity().level(), items.size()});
    if (items.size() >= kBatchItems) {
      // The next batch will hold about as many postmortems as this one.
      read_ahead.Plan(FirstItem(postmortems, p + 1),
                      FirstItem(postmortems, p + 1 + batch.size()), items.size());
      count_batch();
    }
  }
  count_batch();
  report.set_postmortem_count(postmortem_count);
  report.set_item_count(tally.items);
  for (int i = 0; i < kStateCount; ++i) {
    v1::StateCount* row = report.add_by_state();
    row->set_state(static_cast<v1::ActionItemState>(i));
    row->set_count(tally.by_state[i]);
  }
  for (int i = 0; i < 7; ++i) {
    v1::TypeCount* row = report.add_by_type();
    row->set_type(static_cast<v1::ActionItemType>(i));
    row->set_count(tally.by_type[i]);
  }
  for (int i = 0; i < 5; ++i) {
    v1::PriorityCount* row = report.add_by_priority();
    row->set_priority(static_cast<v1::Priority>(i));
    row->set_count(tally.by_priority[i]);
  }
  const int64_t items_total = tally.items;
  const int64_t done = tally.by_state[v1::ACTION_ITEM_STATE_DONE] +
                       tally.by_state[v1::ACTION_ITEM_STATE_VERIFIED];
  const int64_t wont = tally.by_state[v1::ACTION_ITEM_STATE_WONT_DO];
  if (items_total - wont > 0) {
    report.set_completion_rate(static_cast<double>(done) / (items_total - wont));
  }
  if (items_total > 0) {
    report.set_wont_do_share(static_cast<double>(wont) / items_total);
  }
  report.set_overdue_count(tally.overdue);
  report.set_unowned_count(tally.unowned);
  report.set_stalled_count(tally.stalled);
  report.set_due_soon_count(tally.due_soon);
  report.set_contradictory_history_count(tally.contradictory);
  Fill(tally.by_owner, report.mutable_overdue_by_owner());
  Fill(tally.by_team, report.mutable_overdue_by_team());
  FillStats(tally.to_done.Values(), report.mutable_time_to_done());
  FillStats(tally.to_verified.Values(), report.mutable_time_to_verified());
  report.set_high_priority_postmortem_count(hp_postmortems);
  report.set_high_priority_done_count(report.high_priority_done_postmortem_ids_size());
  return report;
}

v1::FollowThroughReport ActionEngine::Report(
    absl::Span<const v1::Postmortem* const> postmortems, absl::Time now) const {
  return BuildReport(*this, postmortems, now, /*generic_only=*/false);
}

}  // namespace pmkit
