// Helpers for the timeline tests: building records and sources tersely.
#ifndef PMKIT_TESTS_TIMELINE_TIMELINE_TEST_UTIL_H_
#define PMKIT_TESTS_TIMELINE_TIMELINE_TEST_UTIL_H_

#include <string>
#include <vector>

#include "pmkit/timeline.h"

namespace pmkit::testing {

inline constexpr int64_t kSec = 1000000000;

inline TimelineRecord Rec(int64_t seconds, std::string text, int64_t position,
                          std::string key = "") {
  TimelineRecord r;
  r.time_ns = seconds * kSec;
  r.text = std::move(text);
  r.position = position;
  r.correlation_key = std::move(key);
  r.kind = v1::EVENT_KIND_OTHER;
  return r;
}

inline SourceRecords Src(std::string name, int priority,
                         std::vector<TimelineRecord> records) {
  SourceRecords s;
  s.source.set_name(std::move(name));
  s.source.set_priority(priority);
  s.records = std::move(records);
  return s;
}

}  // namespace pmkit::testing

#endif  // PMKIT_TESTS_TIMELINE_TIMELINE_TEST_UTIL_H_
