// Load, dump and render of the bundled ~50 KB sample postmortem, and the same
// conversions through the C ABI and the C++ API side by side, so their ratio
// is measured in one run (benchmarks/compare.py prints it).
#include <fstream>
#include <sstream>
#include <string>

#include "benchmark/benchmark.h"
#include "pmkit.h"
#include "pmkit/io.h"
#include "pmkit/markdown.h"

namespace pmkit {
namespace {

const v1::Postmortem& Sample() {
  static const v1::Postmortem* sample = [] {
    std::ifstream in(std::string(PMKIT_SOURCE_DIR) +
                     "/examples/sample/postmortem.textproto");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ParsePostmortem(text.str(), Format::kText);
    if (!parsed.ok()) std::abort();
    return new v1::Postmortem(*std::move(parsed));
  }();
  return *sample;
}

const std::string& SampleIn(Format format) {
  static const std::string* cache[4] = {};
  int index = static_cast<int>(format);
  if (cache[index] == nullptr) {
    cache[index] = new std::string(*SerializeMessage(Sample(), format));
  }
  return *cache[index];
}

void BM_Load(benchmark::State& state) {
  const Format format = static_cast<Format>(state.range(0));
  const std::string& bytes = SampleIn(format);
  v1::Postmortem message;
  for (auto _ : state) {
    absl::Status status = ParseMessage(bytes, format, &message);
    if (!status.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(message);
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
  state.SetLabel(std::string(FormatName(format)));
}
BENCHMARK(BM_Load)->Arg(1)->Arg(2)->Arg(3);

void BM_Dump(benchmark::State& state) {
  const Format format = static_cast<Format>(state.range(0));
  for (auto _ : state) {
    absl::StatusOr<std::string> bytes = SerializeMessage(Sample(), format);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(state.iterations() * SampleIn(format).size());
  state.SetLabel(std::string(FormatName(format)));
}
BENCHMARK(BM_Dump)->Arg(1)->Arg(2)->Arg(3);

void BM_RenderMarkdown(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<std::string> markdown = RenderMarkdown(Sample());
    benchmark::DoNotOptimize(markdown);
  }
  state.SetBytesProcessed(state.iterations() * SampleIn(Format::kText).size());
}
BENCHMARK(BM_RenderMarkdown);

// Conversion input -> output, the C++ way: parse, serialize.
void BM_ConvertCpp(benchmark::State& state) {
  const Format from = static_cast<Format>(state.range(0));
  const Format to = static_cast<Format>(state.range(1));
  const std::string& bytes = SampleIn(from);
  for (auto _ : state) {
    absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(bytes, from);
    absl::StatusOr<std::string> out = SerializeMessage(*parsed, to);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
}

// The same conversion through the C ABI.
void BM_ConvertCAbi(benchmark::State& state) {
  const int from = static_cast<int>(state.range(0));
  const int to = static_cast<int>(state.range(1));
  const std::string& bytes = SampleIn(static_cast<Format>(from));
  for (auto _ : state) {
    char* out = nullptr;
    size_t size = 0;
    if (pmkit_convert(bytes.data(), bytes.size(), from, to, &out, &size, nullptr) !=
        PMKIT_OK) {
      state.SkipWithError("convert failed");
    }
    benchmark::DoNotOptimize(out);
    pmkit_free(out);
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
}

void ConversionPairs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"from", "to"});
  for (int from = 1; from <= 3; ++from) {
    for (int to = 1; to <= 3; ++to) {
      if (from != to) b->Args({from, to});
    }
  }
}
BENCHMARK(BM_ConvertCpp)->Apply(ConversionPairs);
BENCHMARK(BM_ConvertCAbi)->Apply(ConversionPairs);

// Rendering through the C ABI from binary, against the C++ parse + render.
void BM_RenderFromBinaryCpp(benchmark::State& state) {
  const std::string& bytes = SampleIn(Format::kBinary);
  for (auto _ : state) {
    absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(bytes, Format::kBinary);
    absl::StatusOr<std::string> markdown = RenderMarkdown(*parsed);
    benchmark::DoNotOptimize(markdown);
  }
}
BENCHMARK(BM_RenderFromBinaryCpp);

void BM_RenderFromBinaryCAbi(benchmark::State& state) {
  const std::string& bytes = SampleIn(Format::kBinary);
  for (auto _ : state) {
    char* out = nullptr;
    size_t size = 0;
    if (pmkit_render_markdown(bytes.data(), bytes.size(), PMKIT_FORMAT_BINARY, &out,
                              &size, nullptr) != PMKIT_OK) {
      state.SkipWithError("render failed");
    }
    benchmark::DoNotOptimize(out);
    pmkit_free(out);
  }
}
BENCHMARK(BM_RenderFromBinaryCAbi);

}  // namespace
}  // namespace pmkit

BENCHMARK_MAIN();
