// The actions engine's targets, each beside a baseline in the same binary so
// the ratio is measured in one run:
//
//  - BM_Report: the follow-through report over 100,000 postmortems holding
//    1,000,000 action items, from parsed protos (target: <= 0.2 s on one
//    core). Baseline BM_ReportNaive: what a caller would write on top of the
//    per-document API: Evaluate() each postmortem (status messages and
//    history findings), then aggregate with std::map and a full sort.
//  - BM_Transition: transitions applied in place (target: >= 2 M/s).
//    Baselines: BM_TransitionCopying (apply to a copy and swap, as a
//    functional API returning a new item does) and BM_TransitionCAbi (the C
//    ABI with binary serialization of item and event, as bindings do).
#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/arena.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "pmkit.h"
#include "pmkit/actions.h"

namespace pmkit {
namespace {

constexpr int kPostmortems = 100000;
constexpr int kItemsPerPostmortem = 10;
const absl::Time kNow = absl::FromUnixSeconds(1719792000);  // 2024-07-01

void Entry(v1::ActionItem* item, int64_t t, v1::ActionItemState from,
           v1::ActionItemState to, const char* note) {
  v1::StateTransition* e = item->add_history();
  e->set_event_id(absl::StrCat(item->id(), "/", item->history_size()));
  e->mutable_time()->set_seconds(t);
  e->mutable_actor()->set_person_id(item->owner_id().empty() ? "facilitator"
                                                             : item->owner_id());
  e->set_from_state(from);
  e->set_to_state(to);
  if (note != nullptr) e->set_note(note);
  item->set_state(to);
}

// Deterministic synthetic corpus: ~2.6 history entries per item, 500
// owners, 50 teams, SEV1-SEV4, every state and priority.
const std::vector<v1::Postmortem>& Corpus() {
  static const std::vector<v1::Postmortem>* corpus = [] {
    auto* out = new std::vector<v1::Postmortem>(kPostmortems);
    std::mt19937_64 random(42);
    for (int p = 0; p < kPostmortems; ++p) {
      v1::Postmortem& pm = (*out)[p];
      pm.set_id(absl::StrCat("pm-", p));
      pm.mutable_severity()->set_level(absl::StrCat("SEV", 1 + random() % 4));
      const int64_t base = 1672531200 + static_cast<int64_t>(random() % (500 * 86400));
      for (int i = 0; i < kItemsPerPostmortem; ++i) {
        v1::ActionItem* item = pm.add_action_items();
        item->set_id(absl::StrCat("AI-", i + 1));
        if (random() % 20 != 0) item->set_owner_id(absl::StrCat("u", random() % 500));
        item->set_team(absl::StrCat("team-", random() % 50));
        item->set_priority(static_cast<v1::Priority>(1 + random() % 4));
        item->set_type(static_cast<v1::ActionItemType>(1 + random() % 6));
        item->mutable_create_time()->set_seconds(base);
        if (random() % 3 == 0) {
          item->mutable_due_time()->set_seconds(base + 86400 * (10 + random() % 60));
        }
        int64_t t = base;
        Entry(item, t, v1::ACTION_ITEM_STATE_UNSPECIFIED, v1::ACTION_ITEM_STATE_OPEN, nullptr);
        const int path = random() % 6;
        if (path == 0) continue;  // open
        t += 86400 * (1 + random() % 20);
        if (path == 5) {
          Entry(item, t, v1::ACTION_ITEM_STATE_OPEN, v1::ACTION_ITEM_STATE_WONT_DO, "superseded");
          continue;
        }
        Entry(item, t, v1::ACTION_ITEM_STATE_OPEN, v1::ACTION_ITEM_STATE_IN_PROGRESS, nullptr);
        if (path == 1) continue;
        t += 86400 * (1 + random() % 30);
        if (path == 2) {
          Entry(item, t, v1::ACTION_ITEM_STATE_IN_PROGRESS, v1::ACTION_ITEM_STATE_BLOCKED,
                "waiting on vendor");
          continue;
        }
        Entry(item, t, v1::ACTION_ITEM_STATE_IN_PROGRESS, v1::ACTION_ITEM_STATE_DONE, "fixed");
        if (path == 4) {
          t += 86400 * (1 + random() % 30);
          Entry(item, t, v1::ACTION_ITEM_STATE_DONE, v1::ACTION_ITEM_STATE_VERIFIED, "verified");
          item->mutable_history()->rbegin()->add_evidence()->set_url("https://grafana/d/1");
        }
      }
    }
    return out;
  }();
  return *corpus;
}

const std::vector<const v1::Postmortem*>& Pointers() {
  static const auto* pointers = [] {
    auto* out = new std::vector<const v1::Postmortem*>();
    for (const v1::Postmortem& pm : Corpus()) out->push_back(&pm);
    return out;
  }();
  return *pointers;
}

// The same corpus parsed from binary into arenas (one per 1,000
// documents), as a bulk reader would parse it: sub-messages lie together in
// memory, so the report chases fewer cold pointers.
const std::vector<const v1::Postmortem*>& ArenaPointers() {
  static const auto* pointers = [] {
    auto* out = new std::vector<const v1::Postmortem*>();
    google::protobuf::Arena* arena = nullptr;
    std::string bytes;
    for (size_t i = 0; i < Corpus().size(); ++i) {
      if (i % 1000 == 0) arena = new google::protobuf::Arena();
      Corpus()[i].SerializeToString(&bytes);
      auto* pm = google::protobuf::Arena::CreateMessage<v1::Postmortem>(arena);
      if (!pm->ParseFromString(bytes)) std::abort();
      out->push_back(pm);
    }
    return out;
  }();
  return *pointers;
}

void BM_Report(benchmark::State& state) {
  const auto& pointers = state.range(0) == 0 ? Pointers() : ArenaPointers();
  state.SetLabel(state.range(0) == 0 ? "heap" : "arena");
  const ActionEngine& engine = ActionEngine::Default();
  for (auto _ : state) {
    v1::FollowThroughReport report = engine.Report(pointers, kNow);
    benchmark::DoNotOptimize(report);
    if (report.item_count() != kPostmortems * kItemsPerPostmortem) {
      state.SkipWithError("wrong item count");
    }
  }
  state.SetItemsProcessed(state.iterations() * kPostmortems * kItemsPerPostmortem);
}
BENCHMARK(BM_Report)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2);

// The floor: only reading the fields a report must read (state and time of
// every history entry, owner, team, priority), no logic at all, over either
// corpus (0: heap, 1: arena, as BM_Report).
void BM_ReportFloor(benchmark::State& state) {
  const auto& pointers = state.range(0) == 0 ? Pointers() : ArenaPointers();
  for (auto _ : state) {
    int64_t sum = 0;
    for (const v1::Postmortem* pm : pointers) {
      for (const v1::ActionItem& item : pm->action_items()) {
        sum += item.priority() + item.owner_id().size() + item.team().size();
        for (const v1::StateTransition& entry : item.history()) {
          sum += entry.to_state() + entry.time().seconds();
        }
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kPostmortems * kItemsPerPostmortem);
}
BENCHMARK(BM_ReportFloor)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2);

// The baseline: per-document Evaluate, then aggregation with ordered maps
// and full sorts.
void BM_ReportNaive(benchmark::State& state) {
  const auto& corpus = Corpus();
  const ActionEngine& engine = ActionEngine::Default();
  for (auto _ : state) {
    std::map<std::string, int64_t> by_state, by_owner, by_team;
    std::vector<int64_t> to_done;
    int64_t items = 0;
    for (const v1::Postmortem& pm : corpus) {
      v1::ActionStatusReport status = engine.Evaluate(pm, kNow);
      for (int i = 0; i < status.items_size(); ++i) {
        const v1::ActionItemStatus& s = status.items(i);
        ++items;
        ++by_state[v1::ActionItemState_Name(s.state())];
        if (s.overdue()) {
          ++by_owner[s.owner_id()];
          ++by_team[s.team()];
        }
        if (s.state() == v1::ACTION_ITEM_STATE_DONE ||
            s.state() == v1::ACTION_ITEM_STATE_VERIFIED) {
          DerivedState d = engine.DeriveState(pm.action_items(i));
          to_done.push_back(absl::ToInt64Seconds(d.first_done - d.created));
        }
      }
    }
    std::sort(to_done.begin(), to_done.end());
    benchmark::DoNotOptimize(to_done);
    benchmark::DoNotOptimize(by_owner);
    if (items != kPostmortems * kItemsPerPostmortem) state.SkipWithError("wrong count");
  }
  state.SetItemsProcessed(state.iterations() * kPostmortems * kItemsPerPostmortem);
}
BENCHMARK(BM_ReportNaive)->Unit(benchmark::kMillisecond)->MinTime(2);

// A cycle of six transitions that returns the item to open (start, block,
// unblock, finish, reopen, stop... see kCycle), after which the history is
// cleared so it does not grow without bound; the clearing is timed too.
struct Step {
  v1::ActionItemState to;
  const char* note;
};
constexpr Step kCycle[] = {
    {v1::ACTION_ITEM_STATE_IN_PROGRESS, nullptr},
    {v1::ACTION_ITEM_STATE_BLOCKED, "waiting on the vendor"},
    {v1::ACTION_ITEM_STATE_IN_PROGRESS, nullptr},
    {v1::ACTION_ITEM_STATE_DONE, "fixed in PR 12"},
    {v1::ACTION_ITEM_STATE_OPEN, "regressed"},
    {v1::ACTION_ITEM_STATE_WONT_DO, "superseded by AI-9"},
};
constexpr int kCycleLength = sizeof(kCycle) / sizeof(kCycle[0]);

std::vector<v1::StateTransition> CycleEvents() {
  std::vector<v1::StateTransition> events;
  for (const Step& step : kCycle) {
    v1::StateTransition& e = events.emplace_back();
    e.set_to_state(step.to);
    e.mutable_actor()->set_person_id("zoe");
    if (step.note != nullptr) e.set_note(step.note);
  }
  return events;
}

v1::ActionItem FreshItem() {
  v1::ActionItem item;
  item.set_id("AI-1");
  item.set_owner_id("zoe");
  item.set_state(v1::ACTION_ITEM_STATE_OPEN);
  return item;
}

void BM_Transition(benchmark::State& state) {
  const ActionEngine& engine = ActionEngine::Default();
  const std::vector<v1::StateTransition> events = CycleEvents();
  v1::ActionItem item = FreshItem();
  int step = 0;
  for (auto _ : state) {
    absl::StatusOr<ApplyResult> result = engine.Apply(events[step], kNow, &item);
    if (!result.ok()) state.SkipWithError("refused");
    if (++step == kCycleLength) {
      step = 0;
      item.mutable_history()->Clear();
      item.set_state(v1::ACTION_ITEM_STATE_OPEN);
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Transition);

void BM_TransitionCopying(benchmark::State& state) {
  const ActionEngine& engine = ActionEngine::Default();
  const std::vector<v1::StateTransition> events = CycleEvents();
  v1::ActionItem item = FreshItem();
  int step = 0;
  for (auto _ : state) {
    v1::ActionItem next = item;
    absl::StatusOr<ApplyResult> result = engine.Apply(events[step], kNow, &next);
    if (!result.ok()) state.SkipWithError("refused");
    item = std::move(next);
    if (++step == kCycleLength) {
      step = 0;
      item = FreshItem();
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TransitionCopying);

void BM_TransitionCAbi(benchmark::State& state) {
  std::vector<std::string> events;
  for (const v1::StateTransition& e : CycleEvents()) events.push_back(e.SerializeAsString());
  const std::string fresh = FreshItem().SerializeAsString();
  std::string item = fresh;
  int step = 0;
  for (auto _ : state) {
    char* out = nullptr;
    size_t size = 0;
    int status = pmkit_action_item_transition(
        nullptr, item.data(), item.size(), events[step].data(), events[step].size(),
        PMKIT_FORMAT_BINARY, 1719792000LL, PMKIT_FORMAT_BINARY, nullptr, &out, &size,
        nullptr);
    if (status != PMKIT_OK) state.SkipWithError("refused");
    item.assign(out, size);
    pmkit_free(out);
    if (++step == kCycleLength) {
      step = 0;
      item = fresh;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TransitionCAbi);

}  // namespace
}  // namespace pmkit

BENCHMARK_MAIN();
