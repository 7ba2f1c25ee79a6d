#include "cli/lint_output.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "pmkit/blame.h"
#include "pmkit/io.h"
#include "pmkit/version.h"

namespace pmkit::cli {
namespace {


// 1-based line and column (in characters) of byte `offset` in `text`.
struct Position {
  int64_t line = 1;
  int64_t column = 1;
};

// Computes positions of increasing offsets in one pass over the text
// (findings come in document order); an earlier offset backs up locally.
class PositionFinder {
 public:
  explicit PositionFinder(const std::string& text) : text_(text) {}

  Position At(int64_t offset) {
    if (offset < at_) {
      // Back up (overlapping findings): lines between, then the column from
      // the start of the line.
      for (int64_t i = offset; i < at_; ++i) position_.line -= text_[i] == '\n';
      at_ = offset;
      int64_t line_start = offset;
      while (line_start > 0 && text_[line_start - 1] != '\n') --line_start;
      position_.column = 1;
      for (int64_t i = line_start; i < offset; ++i) {
        position_.column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
      }
      return position_;
    }
    const int64_t end = std::min<int64_t>(offset, text_.size());
    for (; at_ < end; ++at_) {
      unsigned char c = static_cast<unsigned char>(text_[at_]);
      if (c == '\n') {
        ++position_.line;
        position_.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++position_.column;
      }
    }
    return position_;
  }

 private:
  const std::string& text_;
  int64_t at_ = 0;
  Position position_;
};


}  // namespace

std::string FormatHuman(const std::vector<LintedFile>& files) {
  std::string out;
  size_t total = 0;
  for (const LintedFile& file : files) {
    PositionFinder positions(file.text);
    for (const v1::Finding& f : file.findings) {
      ++total;
      std::string where;
      if (file.is_postmortem) {
        where = absl::StrCat(file.path, ": ", f.path_text(), "[",
                             f.span().start(), ":", f.span().end(), "]");
      } else {
        Position p = positions.At(f.span().start());
        where = absl::StrCat(file.path, ":", p.line, ":", p.column);
      }
      absl::StrAppend(&out, where, ": ", f.category(), ": \"", f.excerpt(),
                      "\" (confidence ", f.confidence(), ")\n    ",
                      f.message(), "\n    suggestion: ", f.suggestion(), "\n");
    }
  }
  absl::StrAppend(&out, total, total == 1 ? " finding" : " findings", " in ",
                  files.size(), files.size() == 1 ? " file" : " files", "\n");
  return out;
}

absl::StatusOr<std::string> FormatJson(const std::vector<LintedFile>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i) {
    v1::Report report;
    report.set_document(files[i].path);
    for (const v1::Finding& f : files[i].findings) *report.add_findings() = f;
    absl::StatusOr<std::string> json =
        SerializeMessage(report, Format::kJson, {/*pretty=*/false});
    if (!json.ok()) return json.status();
    absl::StrAppend(&out, i == 0 ? "" : ",", "\n", *json);
  }
  absl::StrAppend(&out, "\n]\n");
  return out;
}

// JSON string literal for UTF-8 `s` (control characters escaped).
static void AppendJsonString(absl::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          absl::StrAppend(out, "\\u00", absl::Hex(c, absl::kZeroPad2));
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

static std::string J(absl::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

absl::StatusOr<std::string> FormatSarif(const std::vector<LintedFile>& files,
                                        const std::string& lexicon_version) {
  // Written directly (not through a JSON DOM): a large file can have tens of
  // thousands of results, and the output should cost about its own size.
  std::string out;
  absl::StrAppend(&out, "{\n  \"$schema\": ",
                  J("https://json.schemastore.org/sarif-2.1.0.json"),
                  ",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
                  "    \"tool\": {\"driver\": {\"name\": \"pmkit\", \"version\": ",
                  J(kVersionString), ", \"semanticVersion\": ", J(kVersionString),
                  ", \"informationUri\": ", J("https://github.com/pmkit/pmkit"),
                  ", \"properties\": {\"lexiconVersion\": ", J(lexicon_version),
                  "},\n      \"rules\": [");
  bool first = true;
  for (int c = v1::BlameCategory_MIN + 1; c <= v1::BlameCategory_MAX; ++c) {
    if (!v1::BlameCategory_IsValid(c)) continue;
    const std::string name = BlameCategoryName(static_cast<v1::BlameCategory>(c));
    absl::StrAppend(&out, first ? "\n" : ",\n", "        {\"id\": ",
                    J(absl::StrCat("blame.", name)), ", \"name\": ", J(name),
                    ", \"shortDescription\": {\"text\": ",
                    J(absl::StrCat("Blameful language: ", name)),
                    "}, \"defaultConfiguration\": {\"level\": \"warning\"}}");
    first = false;
  }
  absl::StrAppend(&out, "]}},\n    \"results\": [");
  first = true;
  for (const LintedFile& file : files) {
    PositionFinder positions(file.text);
    for (const v1::Finding& f : file.findings) {
      absl::StrAppend(
          &out, first ? "\n" : ",\n", "      {\"ruleId\": ", J(f.rule_id()),
          ", \"level\": ",
          f.severity() == v1::FINDING_SEVERITY_WARNING ? "\"warning\"" : "\"note\"",
          ", \"message\": {\"text\": ",
          J(absl::StrCat("\"", f.excerpt(), "\": ", f.message(),
                         " Suggestion: ", f.suggestion())),
          "},\n        \"locations\": [{\"physicalLocation\": {"
          "\"artifactLocation\": {\"uri\": ",
          J(file.path), "}");
      first = false;
      if (file.is_postmortem) {
        absl::StrAppend(&out, "}, \"logicalLocations\": [{\"fullyQualifiedName\": ",
                        J(f.path_text()), ", \"kind\": \"member\"}]}]");
      } else {
        Position begin = positions.At(f.span().start());
        Position end = positions.At(f.span().end());
        absl::StrAppend(&out, ", \"region\": {\"startLine\": ", begin.line,
                        ", \"startColumn\": ", begin.column,
                        ", \"endLine\": ", end.line, ", \"endColumn\": ",
                        end.column, ", \"byteOffset\": ", f.span().start(),
                        ", \"byteLength\": ", f.span().end() - f.span().start(),
                        ", \"snippet\": {\"text\": ", J(f.excerpt()), "}}}}]");
      }
      absl::StrAppend(&out, ",\n        \"properties\": {\"category\": ",
                      J(f.category()), ", \"cue\": ", J(f.cue()),
                      ", \"confidence\": ", f.confidence(),
                      ", \"suggestion\": ", J(f.suggestion()),
                      ", \"detailRule\": ", J(f.detail_rule()));
      if (file.is_postmortem) {
        absl::StrAppend(&out, ", \"fieldPath\": ", J(f.path_text()),
                        ", \"spanStart\": ", f.span().start(),
                        ", \"spanEnd\": ", f.span().end());
      }
      absl::StrAppend(&out, "}}");
    }
  }
  absl::StrAppend(&out, "\n    ]\n  }]\n}\n");
  return out;
}

}  // namespace pmkit::cli
