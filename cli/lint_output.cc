#include "cli/lint_output.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "pmkit/blame.h"
#include "pmkit/io.h"
#include "pmkit/version.h"

namespace pmkit::cli {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// 1-based line and column (in characters) of byte `offset` in `text`.
struct Position {
  int64_t line = 1;
  int64_t column = 1;
};

Position PositionOf(const std::string& text, int64_t offset) {
  Position p;
  for (int64_t i = 0; i < offset && i < static_cast<int64_t>(text.size()); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

Value Str(absl::string_view s) {
  Value v;
  v.set_string_value(std::string(s));
  return v;
}

Value Num(double d) {
  Value v;
  v.set_number_value(d);
  return v;
}

Value* Field(Struct* s, const std::string& name) {
  return &(*s->mutable_fields())[name];
}

Struct* Object(Value* v) { return v->mutable_struct_value(); }

}  // namespace

std::string FormatHuman(const std::vector<LintedFile>& files) {
  std::string out;
  size_t total = 0;
  for (const LintedFile& file : files) {
    for (const v1::Finding& f : file.findings) {
      ++total;
      std::string where;
      if (file.is_postmortem) {
        where = absl::StrCat(file.path, ": ", f.path_text(), "[",
                             f.span().start(), ":", f.span().end(), "]");
      } else {
        Position p = PositionOf(file.text, f.span().start());
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

absl::StatusOr<std::string> FormatSarif(const std::vector<LintedFile>& files,
                                        const std::string& lexicon_version) {
  Struct log;
  *Field(&log, "$schema") =
      Str("https://json.schemastore.org/sarif-2.1.0.json");
  *Field(&log, "version") = Str("2.1.0");
  Value run_value;
  Struct* run = Object(&run_value);
  Struct* driver = Object(Field(Object(Field(run, "tool")), "driver"));
  *Field(driver, "name") = Str("pmkit");
  *Field(driver, "version") = Str(kVersionString);
  *Field(driver, "semanticVersion") = Str(kVersionString);
  *Field(driver, "informationUri") = Str("https://github.com/pmkit/pmkit");
  Struct* properties = Object(Field(driver, "properties"));
  *Field(properties, "lexiconVersion") = Str(lexicon_version);
  auto* rules = Field(driver, "rules")->mutable_list_value();
  for (int c = v1::BlameCategory_MIN + 1; c <= v1::BlameCategory_MAX; ++c) {
    if (!v1::BlameCategory_IsValid(c)) continue;
    const std::string name = BlameCategoryName(static_cast<v1::BlameCategory>(c));
    Struct* rule = Object(rules->add_values());
    *Field(rule, "id") = Str(absl::StrCat("blame.", name));
    *Field(rule, "name") = Str(name);
    *Field(Object(Field(rule, "shortDescription")), "text") =
        Str(absl::StrCat("Blameful language: ", name));
    *Field(Object(Field(rule, "defaultConfiguration")), "level") =
        Str("warning");
  }
  auto* results = Field(run, "results")->mutable_list_value();
  for (const LintedFile& file : files) {
    for (const v1::Finding& f : file.findings) {
      Struct* result = Object(results->add_values());
      *Field(result, "ruleId") = Str(f.rule_id());
      *Field(result, "level") = Str(
          f.severity() == v1::FINDING_SEVERITY_WARNING ? "warning" : "note");
      *Field(Object(Field(result, "message")), "text") = Str(absl::StrCat(
          "\"", f.excerpt(), "\": ", f.message(), " Suggestion: ",
          f.suggestion()));
      Struct* location =
          Object(Field(result, "locations")->mutable_list_value()->add_values());
      Struct* physical = Object(Field(location, "physicalLocation"));
      *Field(Object(Field(physical, "artifactLocation")), "uri") =
          Str(file.path);
      if (file.is_postmortem) {
        Struct* logical = Object(
            Field(location, "logicalLocations")->mutable_list_value()->add_values());
        *Field(logical, "fullyQualifiedName") = Str(f.path_text());
        *Field(logical, "kind") = Str("member");
      } else {
        Position begin = PositionOf(file.text, f.span().start());
        Position end = PositionOf(file.text, f.span().end());
        Struct* region = Object(Field(physical, "region"));
        *Field(region, "startLine") = Num(static_cast<double>(begin.line));
        *Field(region, "startColumn") = Num(static_cast<double>(begin.column));
        *Field(region, "endLine") = Num(static_cast<double>(end.line));
        *Field(region, "endColumn") = Num(static_cast<double>(end.column));
        *Field(region, "byteOffset") = Num(static_cast<double>(f.span().start()));
        *Field(region, "byteLength") =
            Num(static_cast<double>(f.span().end() - f.span().start()));
        *Field(Object(Field(region, "snippet")), "text") = Str(f.excerpt());
      }
      Struct* props = Object(Field(result, "properties"));
      *Field(props, "category") = Str(f.category());
      *Field(props, "cue") = Str(f.cue());
      *Field(props, "confidence") = Num(f.confidence());
      *Field(props, "suggestion") = Str(f.suggestion());
      *Field(props, "detailRule") = Str(f.detail_rule());
      if (file.is_postmortem) {
        *Field(props, "fieldPath") = Str(f.path_text());
        *Field(props, "spanStart") = Num(static_cast<double>(f.span().start()));
        *Field(props, "spanEnd") = Num(static_cast<double>(f.span().end()));
      }
    }
  }
  *Field(&log, "runs")->mutable_list_value()->add_values() = run_value;
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(log, &out, options);
  if (!status.ok()) {
    return absl::InternalError(std::string(status.message()));
  }
  return out;
}

}  // namespace pmkit::cli
