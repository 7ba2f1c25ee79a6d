// The streaming k-way merge with duplicate folding. See timeline.h for the
// ordering rule; the dedup rule is documented in docs/timeline.md.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "pmkit/timeline.h"
#include "src/timeline/string_hash.h"
#include "src/timeline/text_signature.h"
#include "src/timeline/time_util.h"
#include "src/timeline/window_index.h"

namespace pmkit {
namespace {

// Records without a correlation key are compared (text similarity) with
// this many most recent pending events; records with a key, log lines with
// the same text and other records with the same tokens are found through an
// index over the whole window.
constexpr int kFuzzyScanLimit = 8;

uint64_t HashKey(absl::string_view key) { return internal::HashString(key); }

// What the dedup tests compare of an incoming record. Log lines fold only
// on their exact text, so they need only its hash (cheap); other texts are
// compared by similarity, so they need the token sketch too.
struct Probe {
  internal::TextSketch sketch;  // Of non-log texts only.
  uint64_t text_hash = 0;       // 0 for an empty text.
  bool is_log = false;

  explicit Probe(const TimelineRecord& r)
      : is_log(r.kind == v1::EVENT_KIND_LOG) {
    if (!is_log) sketch = internal::SketchText(r.text);
    if (!r.text.empty()) text_hash = HashKey(r.text);
  }
  Probe() = default;

  // The exact-match index key of an unkeyed record: the exact text for a
  // log line, the token multiset otherwise (0: nothing to index). Mixed so
  // it never equals a correlation key's HashKey of the same string.
  uint64_t UnkeyedIndexKey() const {
    if (is_log) return text_hash == 0 ? 0 : (text_hash * 0x9E3779B97F4A7C15ull) | 1;
    return sketch.tokens == 0 ? 0 : sketch.tokens | 1;
  }
};

struct Source {
  v1::TimelineSource spec;
  std::unique_ptr<EventSource> events;
  bool lends = false;  // events->lends_records().
  int64_t offset_ns = 0;
  int rank = 0;  // Position in the tie-break order.
  // The record at the head of the source: lent by the source, or *slot.
  const TimelineRecord* current = nullptr;
  std::unique_ptr<TimelineRecord> slot;
  // The head record's dedup probe and exact-match index key (0: none),
  // computed when it arrives (Impl::Prepare) rather than when it is
  // merged, so its index slot can be fetched in the meantime.
  Probe probe;
  uint64_t key = 0;

  // Lent records not merged yet: [lent, lent_end).
  const TimelineRecord* lent = nullptr;
  const TimelineRecord* lent_end = nullptr;

  // Moves to the next record; false at the end or on error.
  bool Advance() {
    if (lends) {
      if (lent == lent_end) {
        const absl::Span<const TimelineRecord> batch = events->LendBatch();
        if (batch.empty()) return false;
        lent = batch.data();
        lent_end = lent + batch.size();
      }
      current = lent++;
      // The merge reads this source's next record only after the other
      // sources' heads, and with many sources the hardware prefetcher loses
      // track of the streams: fetch the hot fields of the record after next
      // (from the start to correlation_key's end) and the text of the next
      // one (whose own fields were fetched on the previous call), both ends
      // of it: a text of a few dozen bytes often crosses a cache line.
      if (lent_end - lent > 1) {
        const char* begin = reinterpret_cast<const char*>(lent + 1);
        const char* end = reinterpret_cast<const char*>(&lent[1].correlation_key + 1);
        for (const char* p = begin; p < end; p += 56) __builtin_prefetch(p);
        __builtin_prefetch(end - 1);
      }
      if (lent != lent_end) {
        __builtin_prefetch(lent->text.data());
        __builtin_prefetch(lent->text.data() + lent->text.size());
      }
      return true;
    }
    if (slot == nullptr) slot = std::make_unique<TimelineRecord>();
    if (!events->Next(slot.get())) return false;
    current = slot.get();
    return true;
  }
};

// Records of copying sources, emitted and ready to be refilled: most
// recently emitted last. Reusing that one (still in cache: the sink has
// just read it) with its buffers means no allocation per event in the
// steady state, and no cache miss on the record the source parses into
// (a record emitted a window ago would miss).
using SpareRecords = std::vector<std::unique_ptr<TimelineRecord>>;

// A record the merge holds until it is emitted: lent by its source, or
// owned (taken from a copying source's slot). Owned records live on the
// heap, so a pending group stays small (the ring is scanned; records are
// not) and its record's address survives the ring growing.
struct HeldRecord {
  const TimelineRecord* record = nullptr;
  std::unique_ptr<TimelineRecord> owned;

  const TimelineRecord& get() const { return *record; }

  // Takes the head record of `src` (its pointer, not its eight strings);
  // the source's slot gets a spare record to refill.
  void Take(Source& src, SpareRecords* spare) {
    if (src.lends) {
      record = src.current;
      return;
    }
    owned = std::move(src.slot);
    record = owned.get();
    if (!spare->empty()) {
      src.slot = std::move(spare->back());
      spare->pop_back();
    }
  }

  // After the record is emitted: an owned one becomes a spare.
  void Release(SpareRecords* spare) {
    if (owned != nullptr) spare->push_back(std::move(owned));
  }
};

struct HeapEntry {
  int64_t time_ns;
  int32_t rank;
  int32_t source;
};

inline bool Before(const HeapEntry& a, const HeapEntry& b) {
  return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.rank < b.rank);
}

// What the dedup tests read of a pending group, apart from its records, so
// scanning the recent groups touches a few cache lines, not records.
struct GroupHead {
  int64_t time_ns = 0;
  int64_t uncertainty_ns = 0;
  uint64_t signature = 0;  // TextSketch of non-log texts.
  uint64_t tokens = 0;
  uint64_t text_hash = 0;  // Of the exact text (0 = empty).
  uint64_t index_key = 0;  // Key in the exact-match index (0 = none).
  int32_t source = 0;
  bool has_key = false;    // The primary has a correlation key.
  bool is_log = false;     // The primary is a log line.
  bool has_folds = false;
};

struct GroupBody {
  HeldRecord primary;
  std::vector<std::pair<int, HeldRecord>> folded;
};

}  // namespace

struct TimelineMerger::Impl {
  v1::MergeOptions options;
  int64_t window_ns = kDefaultDedupWindowNs;
  double threshold = kDefaultSimilarityThreshold;
  int64_t gap_ns = kDefaultGapThresholdNs;
  bool dedup = true;
  std::vector<Source> sources;
  absl::flat_hash_set<std::string> names;
  bool ran = false;

  // Pending groups: two parallel rings of reusable slots.
  std::vector<GroupHead> heads;
  std::vector<GroupBody> bodies;
  size_t head = 0;   // Absolute sequence of the oldest pending group.
  size_t tail = 0;   // Absolute sequence one past the newest.
  internal::WindowIndex index;
  // Pending groups that are keyed or not log lines: the only ones an
  // unkeyed log line can fold into without the index knowing.
  size_t special_pending = 0;
  SpareRecords spare;
  // The emitted group's folded records, as MergedEventView shows them.
  std::vector<std::pair<int, const TimelineRecord*>> folded_view;

  int64_t emitted = 0;
  int64_t folded_count = 0;
  int64_t overlaps = 0;
  int64_t last_time = 0, last_unc = 0;
  // The last emitted event, named only when a gap follows it.
  int last_source = 0;
  int64_t last_position = 0;
  v1::MergeReport* report = nullptr;
  const MergedEventSink* sink = nullptr;

  size_t Slot(size_t seq) const { return seq & (heads.size() - 1); }
  GroupHead& HeadAt(size_t seq) { return heads[Slot(seq)]; }
  GroupBody& BodyAt(size_t seq) { return bodies[Slot(seq)]; }

  // Appends a group; returns its sequence.
  size_t Push() {
    if (tail - head == heads.size()) {
      // Grow: re-lay the pending groups into rings twice the size.
      const size_t size = heads.empty() ? 64 : heads.size() * 2;
      std::vector<GroupHead> bigger_heads(size);
      std::vector<GroupBody> bigger_bodies(size);
      for (size_t s = head; s < tail; ++s) {
        bigger_heads[s & (size - 1)] = HeadAt(s);
        bigger_bodies[s & (size - 1)] = std::move(BodyAt(s));
      }
      heads.swap(bigger_heads);
      bodies.swap(bigger_bodies);
    }
    return tail++;
  }

  bool Contains(size_t seq, int source) {
    const GroupHead& g = HeadAt(seq);
    if (g.source == source) return true;
    if (!g.has_folds) return false;
    for (const auto& f : BodyAt(seq).folded) {
      if (f.first == source) return true;
    }
    return false;
  }

  bool Close(const GroupHead& g, int64_t t, int64_t unc) const {
    int64_t slack = std::min(g.uncertainty_ns + unc, window_ns);
    int64_t d = t - g.time_ns;
    return d <= window_ns + slack && -d <= window_ns + slack;
  }

  void Emit() {
    // Fetch what the sink will read of the groups emitted a few calls from
    // now: they were written a window ago (tens of thousands of events with
    // a busy log) and are out of cache. The ring slots first, then the
    // record they point to (all of it: once emitted, it is refilled with
    // the next record parsed), then its text (reading the text's address
    // needs the record). Inline here, not in a helper: GCC 12 deems a void
    // function doing nothing but prefetches pure and drops the call.
    constexpr size_t kRingAhead = 16, kRecordAhead = 8, kTextAhead = 4;
    if (tail - head > kRingAhead) {
      __builtin_prefetch(&HeadAt(head + kRingAhead));
      __builtin_prefetch(&BodyAt(head + kRingAhead));
    }
    // Only records the merge owns (taken from streaming sources): a lent
    // record sits in its source's array, read in order, which the hardware
    // prefetcher already follows.
    if (tail - head > kRecordAhead &&
        BodyAt(head + kRecordAhead).primary.owned != nullptr) {
      const char* r =
          reinterpret_cast<const char*>(BodyAt(head + kRecordAhead).primary.record);
      for (size_t line = 0; line < sizeof(TimelineRecord); line += 64) {
        __builtin_prefetch(r + line);
      }
    }
    if (tail - head > kTextAhead &&
        BodyAt(head + kTextAhead).primary.owned != nullptr) {
      // Its first two cache lines: a log line's text often crosses one.
      const std::string& text = BodyAt(head + kTextAhead).primary.record->text;
      __builtin_prefetch(text.data());
      __builtin_prefetch(text.data() + std::min<size_t>(text.size(), 64));
    }
    const GroupHead& g = HeadAt(head);
    if (g.has_key || !g.is_log) --special_pending;
    GroupBody& body = BodyAt(head);
    folded_view.clear();
    for (const auto& f : body.folded) {
      folded_view.emplace_back(f.first, &f.second.get());
    }
    const TimelineRecord& primary = body.primary.get();
    if (emitted > 0) {
      if (g.time_ns - g.uncertainty_ns <= last_time + last_unc &&
          (g.uncertainty_ns > 0 || last_unc > 0)) {
        ++overlaps;
      }
      if (gap_ns >= 0 && g.time_ns - last_time > gap_ns) {
        v1::TimelineGap* gap = report->add_gaps();
        *gap->mutable_start() = internal::ToTimestamp(last_time);
        *gap->mutable_end() = internal::ToTimestamp(g.time_ns);
        *gap->mutable_duration() = internal::ToDuration(g.time_ns - last_time);
        gap->set_before_event_id(
            internal::EventId(sources[last_source].spec.name(), last_position));
        gap->set_after_event_id(
            internal::EventId(sources[g.source].spec.name(), primary.position));
      }
    }
    last_source = g.source;
    last_position = primary.position;
    last_time = g.time_ns;
    last_unc = g.uncertainty_ns;
    MergedEventView view{&primary, g.source, g.time_ns, g.uncertainty_ns,
                         &folded_view, emitted};
    (*sink)(view);
    ++emitted;
    body.primary.Release(&spare);
    for (auto& f : body.folded) f.second.Release(&spare);
    body.folded.clear();
    ++head;
  }

  const TimelineRecord& Primary(size_t seq) { return BodyAt(seq).primary.get(); }

  // The test both ways of finding a group end with, once its key or text
  // matched: a source's own records fold only when they share a
  // correlation key (the same alert re-sent), otherwise they are distinct;
  // and the times must be within the window.
  bool InWindowFromOtherSource(size_t seq, const TimelineRecord& r, int s,
                               int64_t t, bool same_key) {
    return (same_key || !Contains(seq, s)) &&
           Close(HeadAt(seq), t, r.uncertainty_ns);
  }

  // Whether record `r` of source `s` at corrected time `t` folds into the
  // pending group `seq` by similarity (the scan over recent groups).
  bool SimilarFolds(size_t seq, const TimelineRecord& r, int s, int64_t t,
                    const Probe& probe) {
    const GroupHead& g = HeadAt(seq);
    bool same_key = false;
    if (g.has_key && !r.correlation_key.empty()) {
      if (Primary(seq).correlation_key != r.correlation_key) {
        return false;
      }
      same_key = true;
    } else if (g.is_log || probe.is_log) {
      // Log lines from one template look alike but are distinct
      // happenings ("request 1 took 0 ms", "request 0 took 1 ms"): without
      // a key they fold only on the same text.
      if (g.text_hash != probe.text_hash ||
          Primary(seq).text != r.text) {
        return false;
      }
    } else if (SignatureSimilarity(g.signature, probe.sketch.signature) < threshold) {
      return false;
    }
    return InWindowFromOtherSource(seq, r, s, t, same_key);
  }

  // Whether record `r` of source `s` at corrected time `t` folds into the
  // pending group `seq` found through the index (same key, text or tokens).
  // The index matched 64-bit hashes; keys and log texts are compared here,
  // so a collision never folds distinct records (token multisets are not:
  // telling them apart would mean tokenizing both texts again).
  bool IndexedFolds(size_t seq, const TimelineRecord& r, int s, int64_t t,
                    const Probe& probe) {
    const GroupHead& g = HeadAt(seq);
    const bool has_key = !r.correlation_key.empty();
    if (has_key != g.has_key) return false;
    bool same_key = false;
    if (has_key) {
      if (Primary(seq).correlation_key != r.correlation_key) {
        return false;
      }
      same_key = true;
    } else if (g.is_log != probe.is_log ||
               (probe.is_log && Primary(seq).text != r.text)) {
      return false;
    }
    return InWindowFromOtherSource(seq, r, s, t, same_key);
  }

  // Computes the dedup probe of the new head record of `src` and fetches
  // its index slot: with a window of tens of thousands of pending events
  // the index is larger than the cache, and the record is merged only
  // after the other sources' heads (a miss hidden, not paid).
  void Prepare(Source& src) {
    if (!dedup) return;
    const TimelineRecord& r = *src.current;
    src.probe = Probe(r);
    src.key = !r.correlation_key.empty() ? HashKey(r.correlation_key)
                                         : src.probe.UnkeyedIndexKey();
    if (src.key != 0) __builtin_prefetch(index.HomeSlot(src.key));
  }

  // Folds the head record of source `s` into a pending group or starts one.
  void Accept(int s, int64_t t) {
    Source& src = sources[s];
    if (!dedup) {
      StartGroup(src, s, t, Probe(), 0);
      Emit();
      return;
    }
    const TimelineRecord& r = *src.current;
    // Groups that can no longer receive anything leave the window.
    while (head < tail && t - HeadAt(head).time_ns > 2 * window_ns) Emit();
    const Probe& probe = src.probe;
    // The index finds a keyed duplicate, or an unkeyed one with the same
    // text (log lines) or tokens (other records), anywhere in the window
    // (the latest pending event per key). Merely similar texts are looked
    // for among the most recent pending events only (kFuzzyScanLimit),
    // which keeps the per-event cost flat on log-sized inputs.
    const uint64_t key = src.key;
    constexpr size_t kNone = internal::WindowIndex::kNotFound;
    size_t match = kNone;
    size_t indexed = kNone;
    if (key != 0) {
      indexed = index.Find(key, head);
      if (indexed != kNone && IndexedFolds(indexed, r, s, t, probe)) match = indexed;
    }
    // An unkeyed log line folds only with the same text: with no pending
    // group of that text (the index says so) and no keyed or non-log group
    // pending, nothing can match (the common case on log-sized inputs).
    const bool exact_only = probe.is_log && r.correlation_key.empty();
    const bool nothing_to_scan =
        exact_only && indexed == kNone && special_pending == 0;
    if (match == kNone && !nothing_to_scan &&
        (probe.is_log ? probe.text_hash != 0 : probe.sketch.signature != 0)) {
      const size_t first = tail - std::min<size_t>(tail - head, kFuzzyScanLimit);
      for (size_t q = tail; q-- > first;) {
        if (exact_only && HeadAt(q).text_hash != probe.text_hash) continue;
        if (SimilarFolds(q, r, s, t, probe)) {
          match = q;
          break;
        }
      }
    }
    if (match != kNone) {
      GroupBody& body = BodyAt(match);
      body.folded.emplace_back();
      body.folded.back().first = s;
      body.folded.back().second.Take(src, &spare);
      HeadAt(match).has_folds = true;
      ++folded_count;
      return;
    }
    const size_t seq = StartGroup(src, s, t, probe, key);
    if (key != 0) {
      index.Insert(key, seq, head, tail - head,
                   [this](size_t q) { return HeadAt(q).index_key; });
    }
  }

  // Starts a pending group with the head record of source `s`.
  size_t StartGroup(Source& src, int s, int64_t t, const Probe& probe,
                    uint64_t key) {
    const TimelineRecord& r = *src.current;
    const size_t seq = Push();
    // The ring slots written a few groups from now were last used a ring's
    // length ago (out of cache, like the groups about to be emitted).
    constexpr size_t kRingAhead = 16;
    __builtin_prefetch(&HeadAt(seq + kRingAhead), 1);
    __builtin_prefetch(&BodyAt(seq + kRingAhead), 1);
    GroupHead& g = HeadAt(seq);
    g.time_ns = t;
    g.uncertainty_ns = r.uncertainty_ns;
    g.signature = probe.sketch.signature;
    g.tokens = probe.sketch.tokens;
    g.text_hash = probe.text_hash;
    g.index_key = key;
    g.source = s;
    g.has_key = !r.correlation_key.empty();
    g.is_log = probe.is_log;
    if (g.has_key || !g.is_log) ++special_pending;
    g.has_folds = false;
    BodyAt(seq).primary.Take(src, &spare);  // Last: `r` may be the source's slot.
    return seq;
  }
};

TimelineMerger::TimelineMerger(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
TimelineMerger::~TimelineMerger() = default;

absl::StatusOr<std::unique_ptr<TimelineMerger>> TimelineMerger::Create(
    const v1::MergeOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.has_dedup_window()) {
    int64_t w = internal::FromDuration(options.dedup_window());
    if (w < 0) return absl::InvalidArgumentError("dedup_window is negative");
    if (w > 0) impl->window_ns = w;
  }
  if (options.similarity_threshold() < 0 || options.similarity_threshold() > 1 ||
      options.similarity_threshold() != options.similarity_threshold()) {
    return absl::InvalidArgumentError(
        "similarity_threshold must be between 0 and 1");
  }
  if (options.similarity_threshold() > 0) {
    impl->threshold = options.similarity_threshold();
  }
  if (options.has_gap_threshold()) {
    int64_t g = internal::FromDuration(options.gap_threshold());
    if (g < 0) impl->gap_ns = -1;
    if (g > 0) impl->gap_ns = g;
  }
  if (options.min_shared_events() < 0) {
    return absl::InvalidArgumentError("min_shared_events is negative");
  }
  impl->dedup = !options.disable_dedup();
  return std::unique_ptr<TimelineMerger>(new TimelineMerger(std::move(impl)));
}

absl::Status TimelineMerger::AddSource(const v1::TimelineSource& source,
                                       std::unique_ptr<EventSource> events) {
  if (impl_->ran) return absl::FailedPreconditionError("merge already ran");
  if (source.name().empty()) {
    return absl::InvalidArgumentError("source name is empty");
  }
  if (events == nullptr) {
    return absl::InvalidArgumentError("source has no event iterator");
  }
  if (impl_->sources.size() >= static_cast<size_t>(kMaxTimelineSources)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "more than ", kMaxTimelineSources, " sources in one merge"));
  }
  if (!impl_->names.insert(source.name()).second) {
    return absl::InvalidArgumentError(
        absl::StrCat("duplicate source name \"", source.name(), "\""));
  }
  Source s;
  s.spec = source;
  s.lends = events->lends_records();
  s.events = std::move(events);
  s.offset_ns = internal::FromDuration(source.clock_offset());
  impl_->sources.push_back(std::move(s));
  return absl::OkStatus();
}

void TimelineMerger::SetEstimatedOffset(int index, int64_t offset_ns) {
  if (index < 0 || index >= static_cast<int>(impl_->sources.size())) return;
  int64_t total =
      internal::FromDuration(impl_->sources[index].spec.clock_offset()) +
      std::clamp(offset_ns, -internal::kMaxDurationNs, internal::kMaxDurationNs);
  impl_->sources[index].offset_ns =
      std::clamp(total, -internal::kMaxDurationNs, internal::kMaxDurationNs);
}

absl::Status TimelineMerger::Run(const MergedEventSink& sink,
                                 v1::MergeReport* report) {
  Impl& m = *impl_;
  if (m.ran) return absl::FailedPreconditionError("merge already ran");
  m.ran = true;
  v1::MergeReport local;
  if (report == nullptr) report = &local;
  m.report = report;
  m.sink = &sink;
  // Tie-break order: priority (higher first), then name.
  std::vector<int> order(m.sources.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = m.sources[a].spec;
    const auto& y = m.sources[b].spec;
    if (x.priority() != y.priority()) return x.priority() > y.priority();
    return x.name() < y.name();
  });
  for (size_t r = 0; r < order.size(); ++r) {
    m.sources[order[r]].rank = static_cast<int>(r);
    *report->add_sources() = m.sources[order[r]].spec;
  }
  // A binary min-heap with one entry per live source; the top is replaced
  // in place (one sift-down per event instead of pop + push).
  std::vector<HeapEntry> heap;
  heap.reserve(m.sources.size());
  int64_t input = 0;
  auto sift_down = [&heap](size_t i) {
    const size_t n = heap.size();
    HeapEntry e = heap[i];
    for (;;) {
      size_t c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && Before(heap[c + 1], heap[c])) ++c;
      if (!Before(heap[c], e)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = e;
  };
  for (size_t s = 0; s < m.sources.size(); ++s) {
    Source& src = m.sources[s];
    if (src.Advance()) {
      m.Prepare(src);
      heap.push_back({src.current->time_ns + src.offset_ns, src.rank,
                      static_cast<int32_t>(s)});
    } else if (!src.events->status().ok()) {
      return src.events->status();
    }
  }
  for (size_t i = heap.size() / 2; i-- > 0;) sift_down(i);
  while (!heap.empty()) {
    const int s = heap[0].source;
    const int64_t t = heap[0].time_ns;
    Source& src = m.sources[s];
    ++input;
    m.Accept(s, t);
    if (src.Advance()) {
      m.Prepare(src);
      heap[0].time_ns = src.current->time_ns + src.offset_ns;
    } else {
      if (!src.events->status().ok()) return src.events->status();
      heap[0] = heap.back();
      heap.pop_back();
    }
    if (!heap.empty()) sift_down(0);
  }
  while (m.head < m.tail) m.Emit();
  report->set_input_events(report->input_events() + input);
  report->set_output_events(report->output_events() + m.emitted);
  report->set_folded_duplicates(report->folded_duplicates() + m.folded_count);
  report->set_uncertain_overlaps(report->uncertain_overlaps() + m.overlaps);
  return absl::OkStatus();
}

}  // namespace pmkit
