// Tests of the timeline merge: ordering and tie-break, determinism under
// input permutation, clock offsets and their estimation, duplicate folding,
// uncertainty, lifecycle metrics and gaps, streaming.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pmkit/io.h"
#include "pmkit/timeline.h"
#include "tests/timeline/timeline_test_util.h"

namespace pmkit {
namespace {

using ::testing::HasSubstr;
using testing::kSec;
using testing::Rec;
using testing::Src;

std::vector<std::string> Ids(const v1::MergedTimeline& t) {
  std::vector<std::string> ids;
  for (const auto& e : t.events()) ids.push_back(e.id());
  return ids;
}

v1::MergeOptions NoDedup() {
  v1::MergeOptions o;
  o.set_disable_dedup(true);
  return o;
}

TEST(TimelineMergeTest, OrdersByTimeThenPriorityThenNameThenPosition) {
  std::vector<SourceRecords> sources = {
      Src("b", 0, {Rec(10, "b1", 1), Rec(20, "b2", 2)}),
      Src("a", 0, {Rec(10, "a1", 1), Rec(10, "a2", 2)}),
      Src("z", 5, {Rec(10, "z1", 1)}),
  };
  auto t = MergeTimelines(sources, NoDedup());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Ids(*t), (std::vector<std::string>{"z#1", "a#1", "a#2", "b#1", "b#2"}));
  EXPECT_EQ(t->report().sources(0).name(), "z");
  EXPECT_EQ(t->report().input_events(), 5);
  EXPECT_EQ(t->report().output_events(), 5);
}

TEST(TimelineMergeTest, RefusesDuplicateAndEmptySourceNames) {
  EXPECT_FALSE(MergeTimelines({Src("a", 0, {}), Src("a", 1, {})}).ok());
  EXPECT_FALSE(MergeTimelines({Src("", 0, {})}).ok());
}

TEST(TimelineMergeTest, RefusesMoreSourcesThanTheLimit) {
  auto merger = TimelineMerger::Create({});
  ASSERT_TRUE(merger.ok());
  static const std::vector<TimelineRecord> kNone;
  for (int i = 0; i < kMaxTimelineSources; ++i) {
    v1::TimelineSource source;
    source.set_name(absl::StrCat("s", i));
    ASSERT_TRUE((*merger)->AddSource(source, std::make_unique<VectorEventSource>(&kNone)).ok());
  }
  v1::TimelineSource one_more;
  one_more.set_name("one more");
  absl::Status status =
      (*merger)->AddSource(one_more, std::make_unique<VectorEventSource>(&kNone));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("4096"));

  std::vector<SourceRecords> sources(kMaxTimelineSources + 1);
  for (size_t i = 0; i < sources.size(); ++i) sources[i].source.set_name(absl::StrCat("s", i));
  EXPECT_EQ(MergeTimelines(sources).status().code(), absl::StatusCode::kResourceExhausted);
  sources.pop_back();
  EXPECT_TRUE(MergeTimelines(sources).ok());
}

TEST(TimelineMergeTest, RefusesBadOptions) {
  v1::MergeOptions o;
  o.set_similarity_threshold(1.5);
  EXPECT_FALSE(MergeTimelines({}, o).ok());
  o.set_similarity_threshold(0.5);
  o.mutable_dedup_window()->set_seconds(-1);
  EXPECT_FALSE(MergeTimelines({}, o).ok());
}

// Property: for random sources, every permutation of the input order gives
// byte-identical output.
TEST(TimelineMergeTest, DeterministicUnderInputPermutation) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<SourceRecords> sources;
    int n = 2 + static_cast<int>(rng() % 4);
    const char* texts[] = {"db failover started", "page sent to on-call",
                           "rollback deployed", "error rate high"};
    for (int s = 0; s < n; ++s) {
      std::vector<TimelineRecord> recs;
      int64_t t = 1000;
      for (int i = 0; i < 20; ++i) {
        t += rng() % 3 * 30;  // Many equal times across sources.
        recs.push_back(Rec(t, texts[rng() % 4], i + 1,
                           rng() % 3 == 0 ? absl::StrCat("k", rng() % 5) : ""));
      }
      sources.push_back(Src(absl::StrCat("s", s), static_cast<int>(rng() % 2),
                            recs));
    }
    auto first = MergeTimelines(sources);
    ASSERT_TRUE(first.ok());
    std::string want = first->SerializeAsString();
    for (int p = 0; p < 5; ++p) {
      std::shuffle(sources.begin(), sources.end(), rng);
      auto again = MergeTimelines(sources);
      ASSERT_TRUE(again.ok());
      // Report.sources is in tie order, so it is permutation-free too.
      ASSERT_EQ(again->SerializeAsString(), want) << "trial " << trial;
    }
  }
}

TEST(TimelineMergeTest, AppliesDeclaredClockOffset) {
  std::vector<SourceRecords> sources = {
      Src("a", 0, {Rec(100, "x", 1)}),
      Src("b", 0, {Rec(130, "y", 1)}),  // Clock 40 s ahead.
  };
  sources[1].source.mutable_clock_offset()->set_seconds(-40);
  auto t = MergeTimelines(sources, NoDedup());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Ids(*t), (std::vector<std::string>{"b#1", "a#1"}));
  EXPECT_EQ(t->events(0).time().time().seconds(), 90);
  EXPECT_EQ(t->events(0).provenance(0).source(), "b");
}

TEST(TimelineMergeTest, EstimatesSkewFromSharedEventsAndReportsIt) {
  // The log source's clock runs 7 s behind; three shared alert ids.
  std::vector<SourceRecords> sources = {
      Src("pager", 10, {Rec(100, "p", 1, "alert-1"), Rec(200, "p", 2, "alert-2"),
                        Rec(300, "p", 3, "alert-3")}),
      Src("logs", 0, {Rec(93, "l", 1, "alert-1"), Rec(193, "l", 2, "alert-2"),
                      Rec(294, "l", 3, "alert-3"), Rec(150, "other", 4)}),
  };
  sources[1].source.set_estimate_offset(true);
  v1::MergeOptions o;
  o.set_estimate_skew(true);
  o.set_disable_dedup(true);
  auto t = MergeTimelines(sources, o);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->report().offset_estimates_size(), 2);
  const auto& ref = t->report().offset_estimates(0);
  EXPECT_EQ(ref.status(), v1::OFFSET_ESTIMATE_STATUS_REFERENCE);
  const auto& est = t->report().offset_estimates(1);
  EXPECT_EQ(est.source(), "logs");
  EXPECT_EQ(est.reference_source(), "pager");
  EXPECT_EQ(est.status(), v1::OFFSET_ESTIMATE_STATUS_ESTIMATED);
  EXPECT_EQ(est.estimated_offset().seconds(), 7);  // Median of 7, 7, 6.
  EXPECT_EQ(est.shared_events(), 3);
  EXPECT_EQ(est.spread().seconds(), 1);
  // The corrected log record 150 -> 157.
  bool found = false;
  for (const auto& e : t->events()) {
    if (e.id() == "logs#4") {
      EXPECT_EQ(e.time().time().seconds(), 157);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(TimelineMergeTest, SkewEstimateWithoutEvidenceIsReportedNotApplied) {
  std::vector<SourceRecords> sources = {
      Src("pager", 1, {Rec(100, "p", 1, "a")}),
      Src("logs", 0, {Rec(50, "l", 1, "b")}),
  };
  sources[1].source.set_estimate_offset(true);
  v1::MergeOptions o;
  o.set_estimate_skew(true);
  auto t = MergeTimelines(sources, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->report().offset_estimates(1).status(),
            v1::OFFSET_ESTIMATE_STATUS_INSUFFICIENT_EVIDENCE);
  EXPECT_EQ(t->events(0).time().time().seconds(), 50);
}

TEST(TimelineMergeTest, FoldsDuplicatesAcrossSourcesKeepingProvenance) {
  std::vector<SourceRecords> sources = {
      Src("pagerduty", 5,
          {Rec(100, "[FIRING:1] CheckoutPaymentSuccessRateLow checkout-api", 1)}),
      Src("slack", 0,
          {Rec(102, "[FIRING:1] CheckoutPaymentSuccessRateLow checkout-api", 7),
           Rec(103, "looking into it", 8)}),
  };
  sources[0].records[0].record_id = "R1";
  sources[1].records[0].record_id = "1710453737.000100";
  auto t = MergeTimelines(sources);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->events_size(), 2);
  const auto& e = t->events(0);
  EXPECT_EQ(e.id(), "pagerduty#1");
  ASSERT_EQ(e.provenance_size(), 2);
  EXPECT_FALSE(e.provenance(0).folded_duplicate());
  EXPECT_EQ(e.provenance(1).source(), "slack");
  EXPECT_EQ(e.provenance(1).position(), 7);
  EXPECT_EQ(e.provenance(1).record_id(), "1710453737.000100");
  EXPECT_TRUE(e.provenance(1).folded_duplicate());
  EXPECT_EQ(t->report().folded_duplicates(), 1);
}

TEST(TimelineMergeTest, DoesNotFoldOutsideWindowSameSourceOrDissimilar) {
  v1::MergeOptions o;
  o.mutable_dedup_window()->set_seconds(10);
  std::vector<SourceRecords> sources = {
      Src("a", 0, {Rec(100, "deploy of api v2 started", 1),
                   Rec(101, "deploy of api v2 started", 2)}),
      Src("b", 0, {Rec(200, "deploy of api v2 started", 1),
                   Rec(105, "completely different words here", 2)}),
  };
  auto t = MergeTimelines(sources, o);
  ASSERT_TRUE(t.ok());
  // a#1 and a#2: same source, no key -> distinct. b#2 dissimilar. b#1 far.
  EXPECT_EQ(t->events_size(), 4);
  EXPECT_EQ(t->report().folded_duplicates(), 0);
}

TEST(TimelineMergeTest, LogLinesFoldOnlyOnTheSameText) {
  std::vector<SourceRecords> sources = {
      Src("a", 0, {Rec(100, "GET /api 200 req=1 host=h1", 1),
                   Rec(105, "request 1 handled in 0 ms", 2),
                   Rec(110, "db timeout on shard 3", 3),
                   Rec(120, "disk full on db-2", 4)}),
      Src("b", 0, {Rec(101, "GET /api 200 req=2 host=h1", 1),
                   Rec(106, "request 0 handled in 1 ms", 2),
                   Rec(111, "DB timeout on shard 3!", 3),
                   Rec(121, "disk full on db-2", 4)}),
  };
  for (auto& s : sources) {
    for (auto& r : s.records) r.kind = v1::EVENT_KIND_LOG;
  }
  auto t = MergeTimelines(sources);
  ASSERT_TRUE(t.ok());
  // Similar lines, the same tokens in another order, and the same words in
  // another case stay apart; only the identical line folds.
  EXPECT_EQ(t->events_size(), 7);
  EXPECT_EQ(t->report().folded_duplicates(), 1);
  EXPECT_EQ(t->events(6).text(), "disk full on db-2");
  EXPECT_EQ(t->events(6).provenance_size(), 2);
}

TEST(TimelineMergeTest, UnkeyedLogLineFoldsIntoKeyedOrNonLogGroupOfTheSameText) {
  // Such groups are not in the index under the text: the scan over recent
  // groups must still find them.
  std::vector<SourceRecords> sources = {
      Src("alerts", 0, {Rec(100, "disk full on db-2", 1, "alert-7"),
                        Rec(300, "queue backlog", 2)}),
      Src("app", 0, {Rec(101, "disk full on db-2", 1), Rec(301, "queue backlog", 2)}),
  };
  sources[1].records[0].kind = v1::EVENT_KIND_LOG;
  sources[1].records[1].kind = v1::EVENT_KIND_LOG;
  sources[0].records[1].kind = v1::EVENT_KIND_ALERT;
  auto t = MergeTimelines(sources);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->events_size(), 2);
  EXPECT_EQ(t->report().folded_duplicates(), 2);
}

TEST(TimelineMergeTest, SameSourceFoldsOnlyOnSharedCorrelationKey) {
  std::vector<SourceRecords> sources = {
      Src("am", 0, {Rec(100, "[FIRING] X", 1, "am:fp:firing"),
                    Rec(100, "[FIRING] X", 2, "am:fp:firing")}),
  };
  auto t = MergeTimelines(sources);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->events_size(), 1);
  EXPECT_EQ(t->events(0).provenance_size(), 2);
}

TEST(TimelineMergeTest, DifferentCorrelationKeysNeverFold) {
  std::vector<SourceRecords> sources = {
      Src("a", 0, {Rec(100, "alert fired", 1, "k1")}),
      Src("b", 0, {Rec(100, "alert fired", 1, "k2")}),
  };
  auto t = MergeTimelines(sources);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->events_size(), 2);
}

TEST(TimelineMergeTest, KeepsUncertaintyAndCountsOverlaps) {
  std::vector<SourceRecords> sources = {
      Src("manual", 0, {Rec(100, "roughly then", 1)}),
      Src("logs", 0, {Rec(110, "exact", 1)}),
  };
  sources[0].records[0].uncertainty_ns = 60 * kSec;
  sources[0].records[0].precision = v1::TIME_PRECISION_MINUTE;
  auto t = MergeTimelines(sources, NoDedup());
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->events_size(), 2);
  // Ordered by best estimate; uncertainty preserved.
  EXPECT_EQ(t->events(0).id(), "manual#1");
  EXPECT_EQ(t->events(0).time().uncertainty().seconds(), 60);
  EXPECT_EQ(t->events(0).time().precision(), v1::TIME_PRECISION_MINUTE);
  EXPECT_EQ(t->report().uncertain_overlaps(), 1);
}

TEST(TimelineMergeTest, LifecycleMetricsWithBoundsAndUnknowns) {
  std::vector<SourceRecords> sources = {Src("m", 0, {})};
  auto add = [&](int64_t s, v1::Milestone m, int64_t unc) {
    TimelineRecord r = Rec(s, "m", static_cast<int64_t>(sources[0].records.size()) + 1);
    r.milestone = m;
    r.uncertainty_ns = unc * kSec;
    sources[0].records.push_back(r);
  };
  add(1000, v1::MILESTONE_STARTED, 60);
  add(1600, v1::MILESTONE_DETECTED, 0);
  add(1700, v1::MILESTONE_ACKNOWLEDGED, 0);
  add(1650, v1::MILESTONE_DETECTED, 0);  // Later duplicate: earliest wins.
  auto t = MergeTimelines(sources, NoDedup());
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->report().incidents_size(), 1);
  const auto& im = t->report().incidents(0);
  ASSERT_EQ(im.metrics_size(), 4);
  const auto& ttd = im.metrics(0);
  EXPECT_EQ(ttd.kind(), v1::LIFECYCLE_METRIC_KIND_TIME_TO_DETECT);
  EXPECT_TRUE(ttd.known());
  EXPECT_EQ(ttd.duration().seconds(), 600);
  EXPECT_EQ(ttd.min_duration().seconds(), 540);
  EXPECT_EQ(ttd.max_duration().seconds(), 660);
  EXPECT_EQ(im.metrics(1).duration().seconds(), 100);
  EXPECT_FALSE(im.metrics(2).known());  // No MITIGATED.
  EXPECT_NE(im.metrics(2).note().find("MILESTONE_MITIGATED"), std::string::npos);
  EXPECT_FALSE(im.metrics(3).has_duration());
}

TEST(TimelineMergeTest, MetricsPerIncidentKey) {
  std::vector<SourceRecords> sources = {Src("pd", 0, {})};
  for (int i = 0; i < 2; ++i) {
    TimelineRecord a = Rec(100 + i * 1000, "t", 1 + 2 * i);
    a.milestone = v1::MILESTONE_DETECTED;
    a.incident_key = absl::StrCat("P", i);
    TimelineRecord b = Rec(160 + i * 1000 + i * 60, "a", 2 + 2 * i);
    b.milestone = v1::MILESTONE_ACKNOWLEDGED;
    b.incident_key = absl::StrCat("P", i);
    sources[0].records.push_back(a);
    sources[0].records.push_back(b);
  }
  auto t = MergeTimelines(sources, NoDedup());
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->report().incidents_size(), 2);
  EXPECT_EQ(t->report().incidents(0).incident_key(), "P0");
  EXPECT_EQ(t->report().incidents(0).metrics(1).duration().seconds(), 60);
  EXPECT_EQ(t->report().incidents(1).metrics(1).duration().seconds(), 120);
}

TEST(TimelineMergeTest, ReportsGaps) {
  v1::MergeOptions o = NoDedup();
  o.mutable_gap_threshold()->set_seconds(600);
  std::vector<SourceRecords> sources = {
      Src("a", 0, {Rec(0, "x", 1), Rec(100, "y", 2), Rec(5000, "z", 3)})};
  auto t = MergeTimelines(sources, o);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->report().gaps_size(), 1);
  EXPECT_EQ(t->report().gaps(0).duration().seconds(), 4900);
  EXPECT_EQ(t->report().gaps(0).before_event_id(), "a#2");
  EXPECT_EQ(t->report().gaps(0).after_event_id(), "a#3");
  auto again = FindGaps(t->events(), 600 * kSec);
  ASSERT_EQ(again.size(), 1u);
  o.mutable_gap_threshold()->set_seconds(-1);
  t = MergeTimelines(sources, o);
  EXPECT_EQ(t->report().gaps_size(), 0);
}

TEST(TimelineMergeTest, MultiDayIncidentKeepsDates) {
  // 23:59:50 on day 1 and 00:00:10 on day 2 (UTC) stay in that order.
  std::vector<SourceRecords> sources = {
      Src("a", 0, {Rec(1710547190, "late", 1)}),   // 2024-03-15T23:59:50Z
      Src("b", 0, {Rec(1710547210, "early", 1)}),  // 2024-03-16T00:00:10Z
      Src("c", 0, {Rec(1710460800, "day before", 1)})};
  auto t = MergeTimelines(sources, NoDedup());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Ids(*t), (std::vector<std::string>{"c#1", "a#1", "b#1"}));
}

// A generator: many events, never held in memory.
class CountingSource : public EventSource {
 public:
  CountingSource(int64_t n, int64_t start, int64_t step)
      : n_(n), t_(start), step_(step) {}
  bool Next(TimelineRecord* out) override {
    if (i_ >= n_) return false;
    out->time_ns = t_;
    out->position = ++i_;
    out->text = "log line";
    t_ += step_;
    return true;
  }

 private:
  int64_t n_, i_ = 0, t_, step_;
};

TEST(TimelineMergeTest, StreamsFromIterators) {
  auto merger = TimelineMerger::Create({});
  ASSERT_TRUE(merger.ok());
  for (int s = 0; s < 4; ++s) {
    v1::TimelineSource src;
    src.set_name(absl::StrCat("s", s));
    ASSERT_TRUE((*merger)
                    ->AddSource(src, std::make_unique<CountingSource>(
                                         250000, s * 7, 1000003))
                    .ok());
  }
  int64_t count = 0, last = INT64_MIN, folded = 0;
  bool sorted = true;
  v1::MergeReport report;
  ASSERT_TRUE((*merger)
                  ->Run(
                      [&](const MergedEventView& v) {
                        sorted &= v.corrected_time_ns >= last;
                        last = v.corrected_time_ns;
                        ++count;
                        folded += static_cast<int64_t>(v.folded->size());
                      },
                      &report)
                  .ok());
  EXPECT_TRUE(sorted);
  EXPECT_EQ(count + folded, 1000000);
  EXPECT_EQ(report.input_events(), 1000000);
  EXPECT_FALSE((*merger)->Run([](const MergedEventView&) {}, nullptr).ok());
}

// Lends its records in runs of `batch` (or copies them through Next when
// `batch` is 0), as a source reading blocks of records would.
class BatchSource : public EventSource {
 public:
  BatchSource(const std::vector<TimelineRecord>* records, size_t batch)
      : records_(records), batch_(batch) {}
  bool Next(TimelineRecord* out) override {
    if (next_ >= records_->size()) return false;
    *out = (*records_)[next_++];
    return true;
  }
  bool lends_records() const override { return batch_ != 0; }
  absl::Span<const TimelineRecord> LendBatch() override {
    absl::Span<const TimelineRecord> run(*records_);
    run = run.subspan(std::min(next_, run.size()), batch_);
    next_ += run.size();
    return run;
  }

 private:
  const std::vector<TimelineRecord>* records_;
  size_t batch_;
  size_t next_ = 0;
};

// Each emitted event as (id, ids of the folded records).
std::vector<std::string> MergeWithBatches(
    const std::vector<std::vector<TimelineRecord>>& sources, size_t batch) {
  auto merger = TimelineMerger::Create({});
  EXPECT_TRUE(merger.ok());
  for (size_t s = 0; s < sources.size(); ++s) {
    v1::TimelineSource spec;
    spec.set_name(absl::StrCat("s", s));
    EXPECT_TRUE((*merger)
                    ->AddSource(spec, std::make_unique<BatchSource>(
                                          &sources[s], batch))
                    .ok());
  }
  std::vector<std::string> out;
  EXPECT_TRUE((*merger)
                  ->Run(
                      [&](const MergedEventView& v) {
                        std::string line = absl::StrCat(
                            v.primary_source, "#", v.primary->position, ":");
                        for (const auto& [source, record] : *v.folded) {
                          absl::StrAppend(&line, " ", source, "#",
                                          record->position);
                        }
                        out.push_back(line);
                      },
                      nullptr)
                  .ok());
  return out;
}

TEST(TimelineMergeTest, LentBatchesMergeLikeCopiedRecords) {
  // Runs of 1, 3 and all records, and records copied through Next, give
  // the same merge, duplicates folded alike.
  std::mt19937 rng(5);
  const char* texts[] = {"db failover started", "page sent", "error rate high"};
  std::vector<std::vector<TimelineRecord>> sources(4);
  for (auto& records : sources) {
    int64_t t = 1000;
    for (int i = 0; i < 200; ++i) {
      t += rng() % 4;
      records.push_back(Rec(t, texts[rng() % 3], i + 1,
                            rng() % 4 == 0 ? absl::StrCat("k", rng() % 7) : ""));
    }
  }
  const std::vector<std::string> copied = MergeWithBatches(sources, 0);
  ASSERT_GT(copied.size(), 100u);
  ASSERT_LT(copied.size(), 800u);  // Some records folded.
  EXPECT_EQ(MergeWithBatches(sources, 1), copied);
  EXPECT_EQ(MergeWithBatches(sources, 3), copied);
  EXPECT_EQ(MergeWithBatches(sources, 1000), copied);
}

TEST(TimelineMergeTest, SignatureSimilarity) {
  uint64_t a = TextSignature("Deploy API v2 started");
  EXPECT_EQ(a, TextSignature("deploy, api: V2 -- started!"));
  EXPECT_DOUBLE_EQ(SignatureSimilarity(a, a), 1.0);
  EXPECT_LT(SignatureSimilarity(a, TextSignature("database disk full")), 0.5);
  EXPECT_EQ(TextSignature("  ,, "), 0u);
  EXPECT_EQ(SignatureSimilarity(0, 0), 0.0);
}

}  // namespace
}  // namespace pmkit
