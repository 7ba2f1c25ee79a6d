// The streaming k-way merge with duplicate folding. See timeline.h for the
// ordering rule; the dedup rule is documented in docs/timeline.md.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pmkit/timeline.h"
#include "src/timeline/time_util.h"

namespace pmkit {
namespace {

// Records without a correlation key are compared (text similarity) with
// this many most recent pending events; records with a key, or with exactly
// the same token set, are found through an index over the whole window.
constexpr int kFuzzyScanLimit = 8;

struct Source {
  v1::TimelineSource spec;
  std::unique_ptr<EventSource> events;
  int64_t offset_ns = 0;
  int rank = 0;  // Position in the tie-break order.
  TimelineRecord slot;
  int64_t last_time_ns = INT64_MIN;
};

struct HeapEntry {
  int64_t time_ns;
  int32_t rank;
  int32_t source;
};

inline bool Before(const HeapEntry& a, const HeapEntry& b) {
  return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.rank < b.rank);
}

struct Group {
  TimelineRecord primary;
  int source = 0;
  int64_t time_ns = 0;
  int64_t uncertainty_ns = 0;
  uint64_t signature = 0;
  uint64_t index_key = 0;  // Key in the exact-match index (0 = none).
  std::vector<std::pair<int, TimelineRecord>> folded;
  std::vector<std::pair<int, const TimelineRecord*>> folded_view;
};

uint64_t HashKey(absl::string_view key) {
  uint64_t h = absl::HashOf(key);
  return h == 0 ? 1 : h;
}

}  // namespace

uint64_t TextSignature(absl::string_view text) {
  uint64_t signature = 0;
  uint64_t h = 1469598103934665603ull;  // FNV-1a over each token.
  bool in_token = false;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    bool word = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
                (u >= 'A' && u <= 'Z') || u >= 0x80;
    if (word) {
      if (u >= 'A' && u <= 'Z') u = u - 'A' + 'a';
      h = (h ^ u) * 1099511628211ull;
      in_token = true;
    } else if (in_token) {
      signature |= uint64_t{1} << ((h ^ (h >> 29)) & 63);
      h = 1469598103934665603ull;
      in_token = false;
    }
  }
  if (in_token) signature |= uint64_t{1} << ((h ^ (h >> 29)) & 63);
  return signature;
}

double SignatureSimilarity(uint64_t a, uint64_t b) {
  uint64_t u = a | b;
  if (u == 0) return 0;
  return static_cast<double>(__builtin_popcountll(a & b)) /
         static_cast<double>(__builtin_popcountll(u));
}

struct TimelineMerger::Impl {
  v1::MergeOptions options;
  int64_t window_ns = kDefaultDedupWindowNs;
  double threshold = kDefaultSimilarityThreshold;
  int64_t gap_ns = kDefaultGapThresholdNs;
  bool dedup = true;
  std::vector<Source> sources;
  absl::flat_hash_set<std::string> names;
  bool ran = false;

  // Pending groups: a ring of reusable slots.
  std::vector<Group> ring;
  size_t head = 0;   // Absolute sequence of the oldest pending group.
  size_t tail = 0;   // Absolute sequence one past the newest.
  absl::flat_hash_map<uint64_t, size_t> index;  // Key -> sequence.

  int64_t emitted = 0;
  int64_t folded_count = 0;
  int64_t overlaps = 0;
  int64_t last_time = 0, last_unc = 0;
  std::string last_id;
  v1::MergeReport* report = nullptr;
  const MergedEventSink* sink = nullptr;

  Group& At(size_t seq) { return ring[seq & (ring.size() - 1)]; }

  Group& Push() {
    if (tail - head == ring.size()) {
      // Grow: re-lay the pending groups into a ring twice the size.
      std::vector<Group> bigger(ring.empty() ? 64 : ring.size() * 2);
      for (size_t s = head; s < tail; ++s) {
        bigger[s & (bigger.size() - 1)] = std::move(At(s));
      }
      ring.swap(bigger);
    }
    return At(tail++);
  }

  bool Contains(const Group& g, int source) const {
    if (g.source == source) return true;
    for (const auto& f : g.folded) {
      if (f.first == source) return true;
    }
    return false;
  }

  bool Close(const Group& g, int64_t t, int64_t unc) const {
    int64_t slack = std::min(g.uncertainty_ns + unc, window_ns);
    int64_t d = t - g.time_ns;
    return d <= window_ns + slack && -d <= window_ns + slack;
  }

  void Emit() {
    Group& g = At(head);
    if (g.index_key != 0) {
      auto it = index.find(g.index_key);
      if (it != index.end() && it->second == head) index.erase(it);
    }
    g.folded_view.clear();
    for (const auto& f : g.folded) g.folded_view.emplace_back(f.first, &f.second);
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
        gap->set_before_event_id(last_id);
        gap->set_after_event_id(
            internal::EventId(sources[g.source].spec.name(), g.primary.position));
      }
    }
    if (gap_ns >= 0) {
      last_id = internal::EventId(sources[g.source].spec.name(), g.primary.position);
    }
    last_time = g.time_ns;
    last_unc = g.uncertainty_ns;
    MergedEventView view{&g.primary, g.source, g.time_ns, g.uncertainty_ns,
                         &g.folded_view, emitted};
    (*sink)(view);
    ++emitted;
    g.folded.clear();
    ++head;
  }

  // Folds the record in `src.slot` into a pending group or starts one.
  void Accept(int s, int64_t t) {
    Source& src = sources[s];
    TimelineRecord& r = src.slot;
    if (dedup) {
      // Groups that can no longer receive anything leave the window.
      while (head < tail && t - At(head).time_ns > 2 * window_ns) Emit();
      uint64_t signature = TextSignature(r.text);
      // The index finds a keyed duplicate, or an unkeyed one with the same
      // token set, anywhere in the window (the latest pending event per
      // key). Merely similar texts are looked for among the most recent
      // pending events only (kFuzzyScanLimit), which keeps the per-event
      // cost flat on log-sized inputs.
      uint64_t key = !r.correlation_key.empty()
                         ? HashKey(r.correlation_key)
                         : (signature == 0 ? 0 : (signature * 0x9E3779B97F4A7C15ull) | 1);
      Group* match = nullptr;
      if (key != 0) {
        auto it = index.find(key);
        if (it != index.end() && it->second >= head) {
          Group& g = At(it->second);
          // Records of one source fold only when they share a correlation
          // key (the same alert re-sent); otherwise they are distinct.
          bool same_key = !r.correlation_key.empty() &&
                          g.primary.correlation_key == r.correlation_key;
          if ((same_key || !Contains(g, s)) && Close(g, t, r.uncertainty_ns) &&
              (g.primary.correlation_key == r.correlation_key ||
               g.primary.correlation_key.empty() ||
               r.correlation_key.empty())) {
            match = &g;
          }
        }
      }
      if (match == nullptr && signature != 0) {
        size_t first = tail - std::min<size_t>(tail - head, kFuzzyScanLimit);
        for (size_t q = tail; q-- > first;) {
          Group& g = At(q);
          if (!g.primary.correlation_key.empty() &&
              !r.correlation_key.empty()) {
            if (g.primary.correlation_key != r.correlation_key) continue;
          } else if (g.primary.kind == v1::EVENT_KIND_LOG ||
                     r.kind == v1::EVENT_KIND_LOG) {
            // Log lines from one template look alike but are distinct
            // happenings: without a key they fold only on the same token set.
            if (g.signature != signature) continue;
          } else if (SignatureSimilarity(g.signature, signature) < threshold) {
            continue;
          }
          bool same_key = !r.correlation_key.empty() &&
                          g.primary.correlation_key == r.correlation_key;
          if ((!same_key && Contains(g, s)) || !Close(g, t, r.uncertainty_ns)) {
            continue;
          }
          match = &g;
          break;
        }
      }
      if (match != nullptr) {
        match->folded.emplace_back(s, std::move(r));
        ++folded_count;
        return;
      }
      Group& g = Push();
      // Swap, not move: the source's slot takes the recycled group's
      // buffers, so refilling it reuses their capacity (no allocation per
      // event in the steady state).
      std::swap(g.primary, r);
      g.source = s;
      g.time_ns = t;
      g.uncertainty_ns = g.primary.uncertainty_ns;
      g.signature = signature;
      g.index_key = key;
      if (key != 0) index[key] = tail - 1;
      return;
    }
    Group& g = Push();
    // Swap, not move: the source's slot takes the recycled group's
      // buffers, so refilling it reuses their capacity (no allocation per
      // event in the steady state).
      std::swap(g.primary, r);
    g.source = s;
    g.time_ns = t;
    g.uncertainty_ns = g.primary.uncertainty_ns;
    g.index_key = 0;
    Emit();
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
  if (!impl_->names.insert(source.name()).second) {
    return absl::InvalidArgumentError(
        absl::StrCat("duplicate source name \"", source.name(), "\""));
  }
  Source s;
  s.spec = source;
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
    if (src.events->Next(&src.slot)) {
      heap.push_back({src.slot.time_ns + src.offset_ns, src.rank,
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
    if (src.events->Next(&src.slot)) {
      heap[0].time_ns = src.slot.time_ns + src.offset_ns;
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
