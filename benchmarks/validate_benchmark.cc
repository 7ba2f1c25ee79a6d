// Validation speed against parsing, in one run. The target: on a
// 50 KB postmortem with 250 timeline events and 30 action items, validating
// the parsed message with the default policy (blame rule excluded) costs at
// most a tenth of parsing it from binary protobuf into an arena.
//
// Baselines measured in the same binary: the arena parse, and a hand-written
// walk that touches every event and item (the floor for any validator that
// reads the whole message). The reporter prints the ratios at the end.
//
//   pmkit_validate_benchmark --write-stream FILE N  writes N length-delimited
//   copies of the document for the CLI throughput check
//   (pmkit validate --delimited FILE).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "benchmark/benchmark.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "pmkit/io.h"
#include "pmkit/validate.h"

namespace pmkit {
namespace {

v1::Postmortem LoadSample() {
  std::ifstream in(std::string(PMKIT_SOURCE_DIR) +
                   "/examples/sample/postmortem.textproto");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(text.str(), Format::kText);
  if (!parsed.ok()) std::abort();
  return *std::move(parsed);
}

// The sample grown to 250 timeline events and 30 action items, event texts
// cut so the whole stays near 50 KB of binary protobuf.
const v1::Postmortem& Document() {
  static const v1::Postmortem* doc = [] {
    v1::Postmortem sample = LoadSample();
    auto* pm = new v1::Postmortem(sample);
    pm->clear_timeline();
    const int64_t start = sample.lifecycle().started().time().seconds();
    const int64_t end = sample.lifecycle().closed().time().seconds();
    for (int i = 0; i < 250; ++i) {
      v1::TimelineEvent e = sample.timeline(i % sample.timeline_size());
      char id[16];
      std::snprintf(id, sizeof(id), "ev-%02d", i + 1);
      e.set_id(id);
      e.mutable_time()->mutable_time()->set_seconds(start + (end - start) * i / 250);
      e.mutable_time()->mutable_time()->set_nanos(0);
      e.mutable_time()->clear_uncertainty();
      if (e.text().size() > 60) e.mutable_text()->resize(60);
      for (auto& p : *e.mutable_provenance()) p.clear_record_id();
      e.clear_evidence();
      e.set_milestone(i == 0 ? v1::MILESTONE_STARTED : v1::MILESTONE_UNSPECIFIED);
      for (auto& p : *e.mutable_provenance()) {
        p.set_original_time(std::to_string(start + (end - start) * i / 250));
      }
      *pm->add_timeline() = std::move(e);
    }
    pm->clear_action_items();
    for (int i = 0; i < 30; ++i) {
      v1::ActionItem item = sample.action_items(i % sample.action_items_size());
      item.set_id("AI-" + std::to_string(i + 1));
      item.clear_history();
      *pm->add_action_items() = std::move(item);
    }
    return pm;
  }();
  return *doc;
}

const std::string& Binary() {
  static const std::string* bytes =
      new std::string(*SerializeMessage(Document(), Format::kBinary));
  return *bytes;
}

const Validator& DefaultValidator() {
  static const Validator* validator = [] {
    // Blame rule excluded: no built-in extensions (language.blameful).
    ValidatorOptions options;
    options.include_builtin_extensions = false;
    return Validator::Create(v1::Policy(), options)->release();
  }();
  return *validator;
}

void BM_ParseBinaryArena(benchmark::State& state) {
  const std::string& bytes = Binary();
  for (auto _ : state) {
    google::protobuf::Arena arena;
    auto* pm = google::protobuf::Arena::CreateMessage<v1::Postmortem>(&arena);
    if (!pm->ParseFromString(bytes)) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(pm);
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
}
BENCHMARK(BM_ParseBinaryArena);

void BM_Validate(benchmark::State& state) {
  const v1::Postmortem& pm = Document();
  const Validator& validator = DefaultValidator();
  v1::Report report;
  v1::ValidationOptions options;
  for (auto _ : state) {
    if (!validator.ValidateInto(pm, options, &report).ok()) {
      state.SkipWithError("validate failed");
    }
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = report.findings_size();
}
BENCHMARK(BM_Validate);

// The same with the text heuristics off (placeholders, wording, human
// error, names, source-time formats): what the structural rules cost.
void BM_ValidateStructuralOnly(benchmark::State& state) {
  static const Validator* validator = [] {
    v1::Policy policy;
    for (const char* id :
         {"hygiene.placeholder", "action_item.wording.vague",
          "action_item.wording.investigate", "action_item.wording.unbounded",
          "action_item.depends_on_care", "analysis.human_error",
          "analysis.cause.person", "time.source.zone_missing",
          "time.source.date_missing"}) {
      v1::RuleOverride* o = policy.add_rule_overrides();
      o->set_rule_id(id);
      o->set_enabled(false);
    }
    ValidatorOptions options;
    options.include_builtin_extensions = false;
    return Validator::Create(policy, options)->release();
  }();
  const v1::Postmortem& pm = Document();
  v1::Report report;
  v1::ValidationOptions options;
  for (auto _ : state) {
    if (!validator->ValidateInto(pm, options, &report).ok()) {
      state.SkipWithError("validate failed");
    }
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_ValidateStructuralOnly);

// Validate() returning a fresh report each time.
void BM_ValidateFreshReport(benchmark::State& state) {
  const v1::Postmortem& pm = Document();
  const Validator& validator = DefaultValidator();
  for (auto _ : state) {
    absl::StatusOr<v1::Report> report = validator.Validate(pm);
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_ValidateFreshReport);

// The floor: read each event's time, text size and id, each item's fields.
void BM_HandWalk(benchmark::State& state) {
  const v1::Postmortem& pm = Document();
  for (auto _ : state) {
    int64_t sum = 0;
    for (const v1::TimelineEvent& e : pm.timeline()) {
      sum += e.time().time().seconds() + e.text().size() + e.id().size();
    }
    for (const v1::ActionItem& a : pm.action_items()) {
      sum += a.owner_id().size() + a.priority() + a.due_time().seconds() +
             a.title().size();
    }
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_HandWalk);

// The floor for a walk that reads every timeline string the rules read:
// the same, plus a byte of each id, text and verbatim source time and the
// actor's person id. Loads of separately allocated objects cost little when
// the loop is this tight (the processor overlaps them across events).
void BM_HandWalkDeep(benchmark::State& state) {
  const v1::Postmortem& pm = Document();
  for (auto _ : state) {
    int64_t sum = 0;
    for (const v1::TimelineEvent& e : pm.timeline()) {
      sum += e.time().time().seconds() + e.text().size() + e.id().size() +
             e.actor().person_id().size();
      if (!e.id().empty()) sum += e.id()[0];
      if (!e.text().empty()) sum += e.text()[0];
      for (const v1::Provenance& p : e.provenance()) {
        if (!p.original_time().empty()) sum += p.original_time()[0];
      }
    }
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_HandWalkDeep);

// Prints ratios of each benchmark to the arena parse after the run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") {
        continue;
      }
      std::string name = run.run_name.function_name;
      times_[name] = run.GetAdjustedRealTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    auto parse = times_.find("BM_ParseBinaryArena");
    if (parse == times_.end() || parse->second <= 0) return;
    std::printf("\nRatios to BM_ParseBinaryArena (document: %zu bytes binary, "
                "%d events, %d action items); target for BM_Validate <= 0.100\n",
                Binary().size(), Document().timeline_size(),
                Document().action_items_size());
    for (const auto& [name, time] : times_) {
      std::printf("  %-26s %.3f\n", name.c_str(), time / parse->second);
    }
  }

 private:
  std::map<std::string, double> times_;
};

int WriteStream(const char* path, int count) {
  std::ofstream out(path, std::ios::binary);
  google::protobuf::io::OstreamOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  const std::string& bytes = Binary();
  for (int i = 0; i < count; ++i) {
    coded.WriteVarint32(static_cast<uint32_t>(bytes.size()));
    coded.WriteRaw(bytes.data(), static_cast<int>(bytes.size()));
  }
  return coded.HadError() ? 1 : 0;
}

}  // namespace
}  // namespace pmkit

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--print-findings") == 0) {
    std::fputs(pmkit::FormatReportText(
                   *pmkit::DefaultValidator().Validate(pmkit::Document()))
                   .c_str(),
               stdout);
    return 0;
  }
  if (argc == 3 && std::strcmp(argv[1], "--repeat-validate") == 0) {
    // BM_Validate's loop a fixed number of times, for instruction counts
    // (valgrind --tool=callgrind), which the benchmark's timed iteration
    // counts would make vary between runs.
    const pmkit::v1::Postmortem& pm = pmkit::Document();
    pmkit::v1::Report report;
    for (int i = std::atoi(argv[2]); i > 0; --i) {
      if (!pmkit::DefaultValidator()
               .ValidateInto(pm, pmkit::v1::ValidationOptions(), &report)
               .ok()) {
        return 1;
      }
    }
    return 0;
  }
  if (argc == 4 && std::strcmp(argv[1], "--write-stream") == 0) {
    return pmkit::WriteStream(argv[2], std::atoi(argv[3]));
  }
  benchmark::Initialize(&argc, argv);
  pmkit::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
