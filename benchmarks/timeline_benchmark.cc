// Timeline merge speed, with the baselines measured in the same run:
//  - BM_TextSignature: the per-record dedup signature alone;
//  - BM_BareHeapMerge/k: a bare std::priority_queue k-way merge over the
//    same pre-sorted in-memory sources (no dedup, no output);
//  - BM_TimelineMerge/k/dedup: TimelineMerger over the same data (records
//    lent by VectorEventSource, not copied); its counter "vs_heap" is its
//    CPU time divided by the bare merge's, timed back to back in the same
//    process;
//  - BM_ImportAndMerge: import three 200,000-line application logs from
//    memory and merge them with dedup; "vs_line_merge" compares it with a
//    plain 3-way line merge that parses nothing (what `sort -m` does);
//    benchmarks/timeline_vs_lnav.sh compares the whole CLI with lnav;
//  - BM_StreamingMerge: 10 M generated events through 16 iterator sources;
//    "peak_rss_growth_MiB" shows memory does not grow with the event count.
#include <sys/resource.h>
#include <time.h>

#include <queue>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "pmkit/timeline.h"

namespace pmkit {
namespace {

constexpr int64_t kSec = 1000000000;

// k pre-sorted sources, `total` events overall. 5% of the events are
// re-reported by another source within 2 s (the duplicates the merge folds).
std::vector<std::vector<TimelineRecord>> MakeSources(int k, int total) {
  static const char* kTexts[] = {"GET /api 200",    "GET /cart 503",
                                 "payment failed",  "retry scheduled",
                                 "cache miss",      "db slow query",
                                 "pod restarted",   "alert firing",
                                 "user login",      "queue backlog"};
  std::mt19937_64 rng(7);
  std::vector<std::vector<TimelineRecord>> sources(k);
  const int per = total / k;
  for (int s = 0; s < k; ++s) {
    int64_t t = static_cast<int64_t>(rng() % 1000) * 1000000;
    for (int i = 0; i < per; ++i) {
      t += static_cast<int64_t>(rng() % (2 * k)) * 50000000;  // ~k*50ms mean.
      TimelineRecord r;
      r.time_ns = t;
      r.position = i + 1;
      r.kind = v1::EVENT_KIND_LOG;
      r.text = kTexts[rng() % 10];
      // Distinct texts, as log lines are: a request id and a host.
      r.text += absl::StrCat(" req=", rng() % 100000, " host=h", rng() % 64);
      sources[s].push_back(std::move(r));
    }
  }
  // Duplicates: copy 5% of events into a neighbouring source (kept sorted by
  // inserting at the right place afterwards).
  for (int s = 0; s < k; ++s) {
    std::vector<TimelineRecord> extra;
    for (size_t i = 0; i < sources[s].size(); i += 20) {
      TimelineRecord d = sources[s][i];
      d.time_ns += static_cast<int64_t>(rng() % 2000) * 1000000;
      extra.push_back(d);
    }
    auto& target = sources[(s + 1) % k];
    target.insert(target.end(), extra.begin(), extra.end());
  }
  for (auto& src : sources) {
    std::stable_sort(src.begin(), src.end(),
                     [](const TimelineRecord& a, const TimelineRecord& b) {
                       return a.time_ns < b.time_ns;
                     });
    for (size_t i = 0; i < src.size(); ++i) src[i].position = static_cast<int64_t>(i) + 1;
  }
  return sources;
}

size_t Total(const std::vector<std::vector<TimelineRecord>>& sources) {
  size_t n = 0;
  for (const auto& s : sources) n += s.size();
  return n;
}

// The bare baseline: (time, source) pairs in a std::priority_queue.
int64_t BareHeapMerge(const std::vector<std::vector<TimelineRecord>>& sources) {
  using Entry = std::pair<int64_t, int>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  std::vector<size_t> next(sources.size(), 0);
  for (size_t s = 0; s < sources.size(); ++s) {
    if (!sources[s].empty()) heap.push({sources[s][0].time_ns, static_cast<int>(s)});
  }
  int64_t checksum = 0;
  while (!heap.empty()) {
    auto [t, s] = heap.top();
    heap.pop();
    checksum += t ^ sources[s][next[s]].position;
    if (++next[s] < sources[s].size()) heap.push({sources[s][next[s]].time_ns, s});
  }
  return checksum;
}

int64_t PmkitMerge(const std::vector<std::vector<TimelineRecord>>& sources,
                   int64_t* folded, bool dedup = true) {
  v1::MergeOptions options;
  options.mutable_dedup_window()->set_seconds(2);
  options.set_disable_dedup(!dedup);
  auto merger = TimelineMerger::Create(options);
  for (size_t s = 0; s < sources.size(); ++s) {
    v1::TimelineSource src;
    src.set_name(absl::StrCat("s", s));
    (void)(*merger)->AddSource(src, std::make_unique<VectorEventSource>(&sources[s]));
  }
  int64_t checksum = 0;
  v1::MergeReport report;
  (void)(*merger)->Run(
      [&](const MergedEventView& v) {
        checksum += v.corrected_time_ns ^ v.primary->position;
      },
      &report);
  *folded = report.folded_duplicates();
  return checksum;
}

// This thread's CPU time. The ratios below divide two timings taken back to
// back; on a shared machine CPU time is less disturbed by other processes
// (preemption, migration) than wall time.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The per-record dedup signature alone, over the merge's texts.
void BM_TextSignature(benchmark::State& state) {
  auto sources = MakeSources(16, 100000);
  size_t bytes = 0;
  for (const auto& record : sources[0]) bytes += record.text.size();
  for (auto _ : state) {
    uint64_t sum = 0;
    for (const auto& record : sources[0]) sum += TextSignature(record.text);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * sources[0].size());
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_TextSignature);

void BM_BareHeapMerge(benchmark::State& state) {
  auto sources = MakeSources(static_cast<int>(state.range(0)), 1000000);
  for (auto _ : state) benchmark::DoNotOptimize(BareHeapMerge(sources));
  state.SetItemsProcessed(state.iterations() * Total(sources));
}
BENCHMARK(BM_BareHeapMerge)->Arg(16)->Arg(256)->Unit(benchmark::kMillisecond);

void BM_TimelineMerge(benchmark::State& state) {
  auto sources = MakeSources(static_cast<int>(state.range(0)), 1000000);
  double merge_s = 0, heap_s = 0;
  int64_t folded = 0;
  for (auto _ : state) {
    // Baseline and pmkit back to back, so noise hits both alike.
    state.PauseTiming();
    double t0 = ThreadSeconds();
    benchmark::DoNotOptimize(BareHeapMerge(sources));
    heap_s += ThreadSeconds() - t0;
    state.ResumeTiming();
    double t1 = ThreadSeconds();
    benchmark::DoNotOptimize(PmkitMerge(sources, &folded, state.range(1) != 0));
    merge_s += ThreadSeconds() - t1;
  }
  state.SetLabel(state.range(1) != 0 ? "dedup" : "no dedup");
  state.SetItemsProcessed(state.iterations() * Total(sources));
  state.counters["vs_heap"] = merge_s / heap_s;
  state.counters["heap_Mev_per_s"] =
      state.iterations() * Total(sources) / heap_s / 1e6;
  state.counters["merge_Mev_per_s"] =
      state.iterations() * Total(sources) / merge_s / 1e6;
  state.counters["folded"] = static_cast<double>(folded);
}
BENCHMARK(BM_TimelineMerge)
    ->Args({16, 1})
    ->Args({256, 1})
    ->Args({16, 0})
    ->Args({256, 0})
    ->Unit(benchmark::kMillisecond);

// Three application logs of 200,000 lines, RFC 3339 timestamps.
const std::vector<std::string>& Logs() {
  static const std::vector<std::string>* logs = [] {
    auto* out = new std::vector<std::string>();
    std::mt19937_64 rng(11);
    for (int f = 0; f < 3; ++f) {
      std::string text;
      int64_t t = 1710452832LL * 1000 + f * 7;
      for (int i = 0; i < 200000; ++i) {
        t += static_cast<int64_t>(rng() % 40);
        int64_t s = t / 1000, ms = t % 1000;
        absl::CivilSecond cs = absl::ToCivilSecond(absl::FromUnixSeconds(s),
                                                   absl::UTCTimeZone());
        absl::StrAppendFormat(&text,
                              "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ app-%d INFO "
                              "request %d handled in %d ms\n",
                              cs.year(), cs.month(), cs.day(), cs.hour(),
                              cs.minute(), cs.second(), ms, f, i, rng() % 500);
      }
      out->push_back(std::move(text));
    }
    return out;
  }();
  return *logs;
}

// What `sort -m` does: merge lines by byte comparison, parsing nothing.
size_t LineMerge(const std::vector<std::string>& logs) {
  std::vector<absl::string_view> rest(logs.begin(), logs.end());
  size_t lines = 0, bytes = 0;
  for (;;) {
    int best = -1;
    absl::string_view best_line;
    for (size_t i = 0; i < rest.size(); ++i) {
      if (rest[i].empty()) continue;
      absl::string_view line = rest[i].substr(0, rest[i].find('\n'));
      if (best < 0 || line < best_line) {
        best = static_cast<int>(i);
        best_line = line;
      }
    }
    if (best < 0) break;
    bytes += best_line.size();
    ++lines;
    rest[best].remove_prefix(std::min(rest[best].size(), best_line.size() + 1));
  }
  return lines + bytes;
}

void BM_ImportAndMerge(benchmark::State& state) {
  const auto& logs = Logs();
  double pmkit_s = 0, line_s = 0;
  for (auto _ : state) {
    state.PauseTiming();
    double t0 = ThreadSeconds();
    benchmark::DoNotOptimize(LineMerge(logs));
    line_s += ThreadSeconds() - t0;
    state.ResumeTiming();
    double t1 = ThreadSeconds();
    std::vector<std::vector<TimelineRecord>> records(logs.size());
    std::vector<v1::ImportIssue> issues;
    for (size_t i = 0; i < logs.size(); ++i) {
      ImportOptions o;
      o.source_name = absl::StrCat("app-", i, ".log");
      (void)ImportRecords(logs[i], ImportFormat::kSyslog, o, &records[i], &issues);
    }
    int64_t folded = 0;
    benchmark::DoNotOptimize(PmkitMerge(records, &folded));
    pmkit_s += ThreadSeconds() - t1;
    if (!issues.empty()) state.SkipWithError("import issues");
  }
  state.SetItemsProcessed(state.iterations() * 600000);
  state.counters["vs_line_merge"] = pmkit_s / line_s;
  state.counters["pmkit_s_per_run"] = pmkit_s / state.iterations();
}
BENCHMARK(BM_ImportAndMerge)->Unit(benchmark::kMillisecond);

class GeneratedSource : public EventSource {
 public:
  GeneratedSource(int64_t n, int seed) : n_(n), rng_(seed) {}
  bool Next(TimelineRecord* out) override {
    if (i_ >= n_) return false;
    t_ += static_cast<int64_t>(rng_() % 1000) * 1000000;
    out->time_ns = t_;
    out->position = ++i_;
    out->text = "log line";
    out->text += static_cast<char>('a' + rng_() % 26);
    return true;
  }

 private:
  int64_t n_, i_ = 0, t_ = 0;
  std::mt19937_64 rng_;
};

long PeakRssKb() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void BM_StreamingMerge(benchmark::State& state) {
  const int64_t total = state.range(0);
  const int k = 16;
  long before = PeakRssKb();
  for (auto _ : state) {
    v1::MergeOptions options;
    options.mutable_dedup_window()->set_seconds(2);
    auto merger = TimelineMerger::Create(options);
    for (int s = 0; s < k; ++s) {
      v1::TimelineSource src;
      src.set_name(absl::StrCat("gen", s));
      (void)(*merger)->AddSource(src, std::make_unique<GeneratedSource>(total / k, s));
    }
    int64_t n = 0;
    (void)(*merger)->Run([&](const MergedEventView&) { ++n; }, nullptr);
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * total);
  state.counters["peak_rss_growth_MiB"] = (PeakRssKb() - before) / 1024.0;
}
BENCHMARK(BM_StreamingMerge)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace pmkit

BENCHMARK_MAIN();
