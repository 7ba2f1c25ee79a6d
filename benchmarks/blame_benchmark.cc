// The blame detector's hot paths, each next to a baseline measured in the
// same run:
//   BM_ScanProse            default detector over ~1 MiB of English prose
//   BM_ScanProseTokenizeOnly  the same scan with a one-rule lexicon that never
//                           matches: the UTF-8 check plus the quiet-text pass
//                           over every sentence, i.e. the floor of a scan
//   BM_Tokenize             baseline: the full tokenizer over every token
//                           (what every sentence cost before the pass)
//   BM_QuietTextPass        the quiet-text pass alone with the default
//                           lexicon's features (live regions are jumped over)
//   BM_NaiveLexiconFind     baseline: one std::string::find pass per lexicon
//                           word over a lower-cased copy (finds, no judgement)
//   BM_LowercaseCopy        baseline: one pass that only lower-cases the text
//   BM_BuildDefault         compiling the default detector
//   BM_ScanSamplePostmortem every free-text field of the bundled sample
//   BM_CapiScanProse        the same scan through the C ABI (JSON report)
// The corpus is $PMKIT_BLAME_CORPUS if set (benchmarks/blame_corpus.py
// writes it), else generated the same way from the probe sentences.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "google/protobuf/text_format.h"
#include "pmkit.h"
#include "pmkit/blame.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/quiet_text.h"
#include "src/blame/tokenizer.h"

namespace pmkit {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const std::string& Corpus() {
  static const std::string* corpus = [] {
    if (const char* path = std::getenv("PMKIT_BLAME_CORPUS")) {
      return new std::string(ReadFile(path));
    }
    // Probe sentences: "text": "..." fields of the JSONL file.
    std::vector<std::string> neutral, blameful;
    std::istringstream lines(
        ReadFile(std::string(PMKIT_SOURCE_DIR) + "/tests/blame/testdata/probe.jsonl"));
    std::string line;
    while (std::getline(lines, line)) {
      size_t t = line.find("\"text\": \"");
      size_t e = line.find("\", \"blameful\"");
      if (t == std::string::npos || e == std::string::npos) continue;
      std::string text = line.substr(t + 9, e - t - 9);
      (line.find("\"blameful\": true") != std::string::npos ? blameful : neutral)
          .push_back(text);
    }
    std::mt19937 rng(20261127);
    auto* out = new std::string();
    int n = 0;
    while (out->size() < (size_t{1} << 20)) {
      const auto& pool = (rng() % 100 < 3) ? blameful : neutral;
      *out += pool[rng() % pool.size()];
      *out += (++n % 6 == 0) ? "\n\n" : " ";
    }
    return out;
  }();
  return *corpus;
}

const BlameDetector& Detector() {
  static const BlameDetector* d = BlameDetector::Create()->release();
  return *d;
}

void BM_ScanProse(benchmark::State& state) {
  const std::string& text = Corpus();
  size_t findings = 0;
  for (auto _ : state) {
    auto result = Detector().ScanText(text);
    if (!result.ok()) state.SkipWithError("scan failed");
    findings = result->size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_ScanProse)->Unit(benchmark::kMillisecond);

// The same scan with a one-rule lexicon that never matches: the UTF-8 check
// and the quiet-text pass, which finds every sentence quiet. (Before the
// pass existed this measured the tokenizer and one table probe per token.)
void BM_ScanProseTokenizeOnly(benchmark::State& state) {
  const std::string& text = Corpus();
  v1::BlameOptions options;
  google::protobuf::TextFormat::ParseFromString(
      R"pb(replace_default_lexicon: true
           lexicon { rules { id: "none" categories: BLAME_CATEGORY_COUNTERFACTUAL
                             patterns: "zzqqxx" confidence: 0.9 } })pb",
      &options);
  auto detector = BlameDetector::Create(options);
  for (auto _ : state) {
    auto result = (*detector)->ScanText(text);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_ScanProseTokenizeOnly)->Unit(benchmark::kMillisecond);

// Baseline: the tokenizer alone, every token (hashed, not looked up).
void BM_Tokenize(benchmark::State& state) {
  const std::string& text = Corpus();
  size_t tokens = 0;
  for (auto _ : state) {
    blame_internal::Tokenizer tokenizer(text, /*markdown=*/false);
    blame_internal::RawToken token;
    tokens = 0;
    for (tokenizer.Next(&token); token.kind != blame_internal::TokenKind::kEnd;
         tokenizer.Next(&token)) {
      ++tokens;
    }
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

// The quiet-text pass with the default lexicon, jumping over live regions.
void BM_QuietTextPass(benchmark::State& state) {
  const std::string& text = Corpus();
  auto lexicon = blame_internal::CompiledLexicon::Compile(DefaultBlameLexicon(),
                                                          v1::BlameOptions());
  size_t live_bytes = 0;
  for (auto _ : state) {
    live_bytes = 0;
    for (size_t pos = 0; pos < text.size();) {
      blame_internal::QuietSkip skip = blame_internal::SkipQuietText(
          (*lexicon)->prefilter(), text, pos, /*markdown=*/false, nullptr);
      if (skip.skip_to >= text.size()) break;
      live_bytes += skip.resume_after - skip.skip_to;
      pos = skip.resume_after;
    }
    benchmark::DoNotOptimize(live_bytes);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["live_fraction"] =
      static_cast<double>(live_bytes) / static_cast<double>(text.size());
}
BENCHMARK(BM_QuietTextPass)->Unit(benchmark::kMillisecond);

// Every literal word of the default lexicon's classes.
std::vector<std::string> LexiconWords() {
  std::vector<std::string> words;
  for (const auto& c : DefaultBlameLexicon().word_classes()) {
    for (const std::string& w : c.words()) {
      if (!w.empty() && w[0] != '<') words.push_back(" " + w + " ");
    }
  }
  return words;
}

void BM_NaiveLexiconFind(benchmark::State& state) {
  const std::string& text = Corpus();
  static const std::vector<std::string> words = LexiconWords();
  size_t hits = 0;
  for (auto _ : state) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    hits = 0;
    for (const std::string& w : words) {
      for (size_t at = lower.find(w); at != std::string::npos;
           at = lower.find(w, at + 1)) {
        ++hits;
      }
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["words"] = static_cast<double>(words.size());
}
BENCHMARK(BM_NaiveLexiconFind)->Unit(benchmark::kMillisecond);

void BM_LowercaseCopy(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    benchmark::DoNotOptimize(lower);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_LowercaseCopy)->Unit(benchmark::kMillisecond);

void BM_BuildDefault(benchmark::State& state) {
  DefaultBlameLexicon();  // Parsed once per process, like in a real program.
  for (auto _ : state) {
    auto d = BlameDetector::Create();
    if (!d.ok()) state.SkipWithError("build failed");
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_BuildDefault)->Unit(benchmark::kMillisecond);

void BM_ParseDefaultLexicon(benchmark::State& state) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(DefaultBlameLexicon(), &text);
  for (auto _ : state) {
    v1::BlameLexicon lexicon;
    google::protobuf::TextFormat::ParseFromString(text, &lexicon);
    benchmark::DoNotOptimize(lexicon);
  }
}
BENCHMARK(BM_ParseDefaultLexicon)->Unit(benchmark::kMillisecond);

void BM_ScanSamplePostmortem(benchmark::State& state) {
  v1::Postmortem pm;
  google::protobuf::TextFormat::ParseFromString(
      ReadFile(std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem.textproto"),
      &pm);
  for (auto _ : state) {
    auto result = Detector().ScanPostmortem(pm);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_ScanSamplePostmortem)->Unit(benchmark::kMicrosecond);

void BM_CapiScanProse(benchmark::State& state) {
  const std::string& text = Corpus();
  pmkit_blame_detector* d = nullptr;
  pmkit_blame_detector_new(nullptr, 0, PMKIT_FORMAT_AUTO, &d, nullptr);
  for (auto _ : state) {
    char* out = nullptr;
    size_t size = 0;
    if (pmkit_blame_detector_scan_text(d, text.data(), text.size(), 0,
                                       PMKIT_FORMAT_JSON, &out, &size,
                                       nullptr) != PMKIT_OK) {
      state.SkipWithError("scan failed");
    }
    pmkit_free(out);
  }
  pmkit_blame_detector_free(d);
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_CapiScanProse)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pmkit

BENCHMARK_MAIN();
