#include "cli/document_io.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/file_io.h"

namespace pmkit::cli {

Format FormatFromPath(const std::string& path) {
  std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".json")) return Format::kJson;
  for (absl::string_view ext : {".textproto", ".txtpb", ".pbtxt", ".txt"}) {
    if (absl::EndsWith(lower, ext)) return Format::kText;
  }
  for (absl::string_view ext : {".binpb", ".pb", ".bin"}) {
    if (absl::EndsWith(lower, ext)) return Format::kBinary;
  }
  return Format::kAuto;
}

absl::StatusOr<v1::Postmortem> LoadPostmortem(const std::string& path,
                                              const std::string& format_name) {
  Format format = FormatFromPath(path);
  if (!format_name.empty()) {
    absl::StatusOr<Format> named = ParseFormatName(format_name);
    if (!named.ok()) return named.status();
    format = *named;
  }
  absl::StatusOr<std::string> data = ReadInput(path, kDefaultMaxDocumentBytes);
  if (!data.ok()) return data.status();
  absl::StatusOr<v1::Postmortem> postmortem = ParsePostmortem(*data, format);
  if (!postmortem.ok()) {
    return absl::Status(postmortem.status().code(),
                        absl::StrCat(path == "-" ? "<stdin>" : path, ": ",
                                     postmortem.status().message()));
  }
  return postmortem;
}

namespace {

absl::Status RefuseOverwritingInputs(const std::vector<std::string>& inputs,
                                     const std::string& output, bool force) {
  if (force) return absl::OkStatus();
  for (const std::string& input : inputs) {
    if (SameFile(input, output)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing to overwrite the input ", input, " (use --force)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteResult(const std::string& input, const std::string& output,
                         absl::string_view contents, bool force) {
  if (absl::Status s = RefuseOverwritingInputs({input}, output, force); !s.ok()) {
    return s;
  }
  return WriteOutputAtomically(output, contents);
}

absl::StatusOr<std::unique_ptr<AtomicOutput>> OpenResult(
    const std::vector<std::string>& inputs, const std::string& output, bool force) {
  if (absl::Status s = RefuseOverwritingInputs(inputs, output, force); !s.ok()) {
    return s;
  }
  return AtomicOutput::Open(output);
}

}  // namespace pmkit::cli
