// Fuzzes the readers (binary, JSON, text, detection) and everything a parsed
// document flows into: serialization in every format and Markdown rendering.
// Invariants checked, beyond "no crash": whatever parses re-serializes as
// binary and parses back to an equal message; whatever serializes as JSON or
// text parses back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "google/protobuf/util/message_differencer.h"
#include "pmkit/io.h"
#include "pmkit/markdown.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the format, so one corpus explores all readers.
  const pmkit::Format format = static_cast<pmkit::Format>(data[0] % 4);
  absl::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  absl::StatusOr<pmkit::v1::Postmortem> parsed = pmkit::ParsePostmortem(input, format);
  if (!parsed.ok()) {
    Check(!parsed.status().message().empty());
    return 0;
  }
  absl::StatusOr<std::string> binary =
      pmkit::SerializeMessage(*parsed, pmkit::Format::kBinary);
  Check(binary.ok());
  absl::StatusOr<pmkit::v1::Postmortem> again =
      pmkit::ParsePostmortem(*binary, pmkit::Format::kBinary);
  Check(again.ok());
  Check(google::protobuf::util::MessageDifferencer::Equals(*parsed, *again));
  for (pmkit::Format text_format : {pmkit::Format::kJson, pmkit::Format::kText}) {
    absl::StatusOr<std::string> text = pmkit::SerializeMessage(*parsed, text_format);
    // JSON refuses out-of-range timestamps and durations; that is an error
    // status, not a failure of the library.
    if (text.ok()) Check(pmkit::ParsePostmortem(*text, text_format).ok());
  }
  Check(pmkit::RenderMarkdown(*parsed).ok());
  return 0;
}
