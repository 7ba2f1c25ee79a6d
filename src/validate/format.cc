// Reports as text for people and as SARIF 2.1.0 for code-scanning tools.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pmkit/validate.h"
#include "pmkit/version.h"
#include "src/io/json_string.h"

namespace pmkit {
namespace {

// A JSON string literal. Invalid UTF-8 (possible in a report built through
// the API) is copied as it is.
std::string Json(absl::string_view text) {
  std::string out;
  io_internal::AppendJsonString(text, &out);
  return out;
}

absl::string_view SarifLevel(v1::FindingSeverity severity) {
  switch (severity) {
    case v1::FINDING_SEVERITY_ERROR:
      return "error";
    case v1::FINDING_SEVERITY_WARNING:
      return "warning";
    default:
      return "note";
  }
}

}  // namespace

absl::string_view SeverityName(v1::FindingSeverity severity) {
  switch (severity) {
    case v1::FINDING_SEVERITY_ERROR:
      return "error";
    case v1::FINDING_SEVERITY_WARNING:
      return "warning";
    case v1::FINDING_SEVERITY_INFO:
      return "info";
    default:
      return "unspecified";
  }
}

std::string FormatReportText(const v1::Report& report) {
  std::string out;
  const std::string document =
      report.document().empty() ? "<document>" : report.document();
  int counts[4] = {0, 0, 0, 0};
  for (const v1::Finding& f : report.findings()) {
    const int s = f.severity() >= 0 && f.severity() <= 3 ? f.severity() : 0;
    ++counts[s];
    absl::StrAppend(&out, document, ": ", SeverityName(f.severity()), " ",
                    f.rule_id());
    if (!f.path_text().empty()) absl::StrAppend(&out, " at ", f.path_text());
    absl::StrAppend(&out, ": ", f.message(), "\n");
    if (!f.suggestion().empty()) {
      absl::StrAppend(&out, "    suggestion: ", f.suggestion(), "\n");
    }
  }
  absl::StrAppend(&out, document, ": ", counts[v1::FINDING_SEVERITY_ERROR],
                  " error(s), ", counts[v1::FINDING_SEVERITY_WARNING],
                  " warning(s), ", counts[v1::FINDING_SEVERITY_INFO],
                  " info\n");
  return out;
}

std::string FormatReportsSarif(const std::vector<v1::Report>& reports,
                               const v1::RuleCatalog& catalog) {
  std::string out =
      "{\n  \"$schema\": "
      "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": "
      "{\n      \"name\": \"pmkit\",\n      \"version\": ";
  absl::StrAppend(&out, Json(kVersionString),
                  ",\n      \"informationUri\": "
                  "\"https://github.com/pmkit/pmkit\",\n      \"rules\": [");
  for (int i = 0; i < catalog.rules_size(); ++i) {
    const v1::Rule& r = catalog.rules(i);
    absl::StrAppend(&out, i == 0 ? "\n" : ",\n", "        {\"id\": ",
                    Json(r.id()), ", \"shortDescription\": {\"text\": ",
                    Json(r.description()), "}, \"fullDescription\": {\"text\": ",
                    Json(r.rationale()),
                    "}, \"defaultConfiguration\": {\"level\": ",
                    Json(SarifLevel(r.severity())), ", \"enabled\": ",
                    r.enabled() ? "true" : "false", "}}");
  }
  absl::StrAppend(&out, "\n      ]\n    }},\n    \"results\": [");
  bool first = true;
  for (const v1::Report& report : reports) {
    for (const v1::Finding& f : report.findings()) {
      absl::StrAppend(&out, first ? "\n" : ",\n", "      {\"ruleId\": ",
                      Json(f.rule_id()), ", \"level\": ",
                      Json(SarifLevel(f.severity())),
                      ", \"message\": {\"text\": ",
                      Json(f.suggestion().empty()
                               ? f.message()
                               : absl::StrCat(f.message(), " ", f.suggestion())),
                      "}, \"locations\": [{\"physicalLocation\": "
                      "{\"artifactLocation\": {\"uri\": ",
                      Json(report.document()),
                      "}}, \"logicalLocations\": [{\"fullyQualifiedName\": ",
                      Json(f.path_text()), ", \"kind\": \"member\"}]}]}");
      first = false;
    }
  }
  absl::StrAppend(&out, first ? "]\n" : "\n    ]\n", "  }]\n}\n");
  return out;
}

}  // namespace pmkit
