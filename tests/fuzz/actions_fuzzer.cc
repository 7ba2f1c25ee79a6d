// Fuzzes the actions engine with two kinds of input, chosen by the first
// byte:
//  - even: an ActionItem (binary, possibly with a hostile history) followed
//    by a sequence of transition events decoded from the remaining bytes.
//    Invariants: a refused event leaves the item byte-for-byte unchanged; an
//    applied one appends exactly one entry whose (from, to) is in the table,
//    and a history that was consistent stays consistent with the derived
//    state equal to the state field.
//  - odd: a whole postmortem in any format (history input), run through
//    CheckHistory, Evaluate, Report and both Markdown renderers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "absl/time/time.h"
#include "pmkit/actions.h"
#include "pmkit/io.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void FuzzTransitions(FuzzedDataProvider& data) {
  const pmkit::ActionEngine& engine = pmkit::ActionEngine::Default();
  pmkit::v1::ActionItem item;
  const std::string item_bytes = data.ConsumeRandomLengthString(4096);
  if (!item.ParseFromString(item_bytes)) item.Clear();
  int64_t now = data.ConsumeIntegralInRange<int64_t>(-100000, 4000000000);
  for (int step = 0; step < 64 && data.remaining_bytes() > 0; ++step) {
    pmkit::v1::StateTransition event;
    event.set_to_state(
        static_cast<pmkit::v1::ActionItemState>(data.ConsumeIntegralInRange<int>(-1, 8)));
    const uint8_t flags = data.ConsumeIntegral<uint8_t>();
    if (flags & 1) event.mutable_actor()->set_person_id(flags & 2 ? "a" : "b");
    if (flags & 4) event.set_note(data.ConsumeRandomLengthString(16));
    if (flags & 8) event.add_evidence()->set_url(data.ConsumeRandomLengthString(16));
    if (flags & 16) event.set_event_id(data.ConsumeRandomLengthString(4));
    if (flags & 32) {
      event.set_from_state(
          static_cast<pmkit::v1::ActionItemState>(data.ConsumeIntegralInRange<int>(0, 7)));
    }
    if (flags & 64) {
      event.mutable_time()->set_seconds(data.ConsumeIntegral<int64_t>());
      event.mutable_time()->set_nanos(data.ConsumeIntegral<int32_t>());
    }
    if (flags & 128) item.set_owner_id(item.owner_id().empty() ? "owner" : "");
    now += data.ConsumeIntegralInRange<int64_t>(-10, 100000);

    const std::string before = item.SerializeAsString();
    const bool was_consistent = engine.DeriveState(item).consistency.ok();
    const int size_before = item.history_size();
    absl::StatusOr<pmkit::ApplyResult> result =
        engine.Apply(event, absl::FromUnixSeconds(now), &item);
    if (!result.ok()) {
      Check(!result.status().message().empty());
      Check(item.SerializeAsString() == before);
      continue;
    }
    if (!result->applied) {
      Check(item.SerializeAsString() == before);
      continue;
    }
    Check(item.history_size() == size_before + 1);
    const pmkit::v1::StateTransition& added = item.history(item.history_size() - 1);
    Check(engine.FindRule(added.from_state(), added.to_state()) != nullptr);
    Check(added.to_state() == event.to_state());
    Check(!added.event_id().empty());
    if (was_consistent) {
      pmkit::DerivedState derived = engine.DeriveState(item);
      Check(derived.consistency.ok());
      Check(derived.state == item.state());
    }
  }
  std::vector<pmkit::v1::Finding> findings;
  engine.CheckHistory(item, "item", &findings);
  for (const pmkit::v1::Finding& finding : findings) Check(!finding.rule_id().empty());
}

void FuzzHistories(absl::string_view bytes, pmkit::Format format) {
  absl::StatusOr<pmkit::v1::Postmortem> pm = pmkit::ParsePostmortem(bytes, format);
  if (!pm.ok()) return;
  const pmkit::ActionEngine& engine = pmkit::ActionEngine::Default();
  int errors = 0;
  for (const pmkit::v1::ActionItem& item : pm->action_items()) {
    std::vector<pmkit::v1::Finding> findings;
    engine.CheckHistory(item, "", &findings);
    bool has_error = false;
    for (const auto& f : findings) has_error |= f.severity() == pmkit::v1::FINDING_SEVERITY_ERROR;
    // The fast path and the collecting path agree on consistency.
    Check(has_error == !engine.DeriveState(item).consistency.ok());
    errors += has_error;
  }
  for (absl::Time now : {absl::UnixEpoch(), absl::FromUnixSeconds(1719792000),
                         absl::InfinitePast(), absl::InfiniteFuture()}) {
    pmkit::v1::ActionStatusReport status = engine.Evaluate(*pm, now);
    Check(status.items_size() == pm->action_items_size());
    const pmkit::v1::Postmortem* list[] = {&*pm, &*pm};
    pmkit::v1::FollowThroughReport report = engine.Report(list, now);
    Check(report.item_count() == 2 * pm->action_items_size());
    Check(report.contradictory_history_count() == 2 * errors);
    Check(report.completion_rate() >= 0 && report.completion_rate() <= 1);
    pmkit::RenderStatusMarkdown(status);
    pmkit::RenderFollowThroughMarkdown(report);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    FuzzedDataProvider provider(data + 1, size - 1);
    FuzzTransitions(provider);
  } else {
    const auto format = static_cast<pmkit::Format>((data[0] / 2) % 4);
    FuzzHistories(absl::string_view(reinterpret_cast<const char*>(data) + 1, size - 1),
                  format);
  }
  return 0;
}
