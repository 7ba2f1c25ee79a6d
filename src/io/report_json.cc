#include "src/io/report_json.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "src/io/json_string.h"

namespace pmkit::io_internal {
namespace {

// Whether the fields of the report's messages are exactly those written
// below: a field added to the schema makes every report go to protobuf
// until this file learns it.
bool KnowsSchema() {
  static const bool knows = [] {
    auto fields = [](const google::protobuf::Descriptor* d) {
      return d->field_count();
    };
    return fields(v1::Report::descriptor()) == 2 &&
           fields(v1::Finding::descriptor()) == 12 &&
           fields(v1::FieldPath::descriptor()) == 1 &&
           fields(v1::FieldPathElement::descriptor()) == 4 &&
           fields(v1::TextSpan::descriptor()) == 2 &&
           v1::FindingSeverity_descriptor()->value_count() == 4;
  }();
  return knows;
}

// Writes the fields of one object: each after a comma but the first.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }
  void Close() { out_->push_back('}'); }

  // "name": and the caller writes the value.
  void Name(absl::string_view name) {
    if (!first_) out_->push_back(',');
    first_ = false;
    out_->push_back('"');
    out_->append(name.data(), name.size());
    out_->append("\":");
  }
  // A proto3 string: omitted when empty.
  bool String(absl::string_view name, const std::string& value) {
    if (value.empty()) return true;
    Name(name);
    return AppendJsonString(value, out_);
  }
  // An int64, which protobuf's JSON writes as a string.
  void Int64(absl::string_view name, int64_t value) {
    Name(name);
    absl::StrAppend(out_, "\"", value, "\"");
  }

 private:
  std::string* out_;
  bool first_ = true;
};

// protobuf's SimpleDtoa: 15 significant digits if they read back as the
// same double, else 17.
void AppendDouble(double value, std::string* out) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.15g", value);
  if (std::strtod(buffer, nullptr) != value) {
    std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  }
  out->append(buffer);
}

bool HasUnknownFields(const google::protobuf::Message& message) {
  return !message.GetReflection()->GetUnknownFields(message).empty();
}

bool AppendFinding(const v1::Finding& finding, std::string* out) {
  if (HasUnknownFields(finding) || !std::isfinite(finding.confidence())) {
    return false;
  }
  ObjectWriter object(out);
  if (!object.String("ruleId", finding.rule_id())) return false;
  if (const int severity = finding.severity(); severity != 0) {
    object.Name("severity");
    if (v1::FindingSeverity_IsValid(severity)) {
      absl::StrAppend(out, "\"",
                      v1::FindingSeverity_Name(finding.severity()), "\"");
    } else {
      absl::StrAppend(out, severity);
    }
  }
  if (finding.has_path()) {
    const v1::FieldPath& path = finding.path();
    if (HasUnknownFields(path)) return false;
    object.Name("path");
    ObjectWriter path_object(out);
    if (path.elements_size() > 0) {
      path_object.Name("elements");
      out->push_back('[');
      for (int i = 0; i < path.elements_size(); ++i) {
        const v1::FieldPathElement& element = path.elements(i);
        if (HasUnknownFields(element)) return false;
        if (i > 0) out->push_back(',');
        ObjectWriter element_object(out);
        if (!element_object.String("fieldName", element.field_name())) {
          return false;
        }
        if (element.field_number() != 0) {
          element_object.Name("fieldNumber");
          absl::StrAppend(out, element.field_number());
        }
        if (element.has_index()) element_object.Int64("index", element.index());
        if (element.has_key()) {
          element_object.Name("key");
          if (!AppendJsonString(element.key(), out)) return false;
        }
        element_object.Close();
      }
      out->push_back(']');
    }
    path_object.Close();
  }
  if (!object.String("pathText", finding.path_text()) ||
      !object.String("message", finding.message())) {
    return false;
  }
  if (finding.has_span()) {
    const v1::TextSpan& span = finding.span();
    if (HasUnknownFields(span)) return false;
    object.Name("span");
    ObjectWriter span_object(out);
    if (span.start() != 0) span_object.Int64("start", span.start());
    if (span.end() != 0) span_object.Int64("end", span.end());
    span_object.Close();
  }
  if (!object.String("excerpt", finding.excerpt()) ||
      !object.String("suggestion", finding.suggestion()) ||
      !object.String("category", finding.category())) {
    return false;
  }
  // Written unless its bits are all zero (-0.0 is written, as "-0").
  uint64_t confidence_bits;
  const double confidence = finding.confidence();
  std::memcpy(&confidence_bits, &confidence, sizeof(confidence_bits));
  if (confidence_bits != 0) {
    object.Name("confidence");
    AppendDouble(confidence, out);
  }
  if (!object.String("cue", finding.cue()) ||
      !object.String("detailRule", finding.detail_rule())) {
    return false;
  }
  object.Close();
  return true;
}

}  // namespace

bool AppendReportJson(const v1::Report& report, std::string* out) {
  if (!KnowsSchema() || HasUnknownFields(report)) return false;
  const size_t size = out->size();
  auto decline = [&] {
    out->resize(size);
    return false;
  };
  ObjectWriter object(out);
  if (report.findings_size() > 0) {
    object.Name("findings");
    out->push_back('[');
    for (int i = 0; i < report.findings_size(); ++i) {
      if (i > 0) out->push_back(',');
      if (!AppendFinding(report.findings(i), out)) return decline();
    }
    out->push_back(']');
  }
  if (!object.String("document", report.document())) return decline();
  object.Close();
  return true;
}

}  // namespace pmkit::io_internal
