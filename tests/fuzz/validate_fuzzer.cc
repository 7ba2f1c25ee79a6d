// Fuzzes parse + validate: arbitrary bytes in any format become a document
// that the default validator (and a validator with a small max_findings)
// checks. Invariants beyond "no crash": validation of a parsed document
// always succeeds (findings are data), every finding has a known rule id, a
// severity, a message, and a path whose text matches its elements' count;
// findings stay within max_findings + 1; the text and SARIF formatters run;
// the report's compact JSON is written directly (src/io/report_json.h), not
// declined, and is byte for byte what protobuf's JSON printer writes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "pmkit/io.h"
#include "pmkit/validate.h"
#include "src/io/report_json.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

const pmkit::Validator& DefaultValidator() {
  static const pmkit::Validator* v = pmkit::Validator::CreateDefault()->release();
  return *v;
}

const pmkit::Validator& SmallValidator() {
  static const pmkit::Validator* v = [] {
    pmkit::v1::Policy policy;
    policy.set_max_findings(3);
    return pmkit::Validator::Create(policy)->release();
  }();
  return *v;
}

const std::set<std::string>& KnownIds() {
  static const auto* ids = [] {
    auto* s = new std::set<std::string>;
    for (const auto& r : pmkit::BuiltinRuleCatalog().rules()) s->insert(r.id());
    return s;
  }();
  return *ids;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const pmkit::Format format = static_cast<pmkit::Format>(data[0] % 4);
  absl::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  absl::StatusOr<pmkit::v1::Postmortem> parsed =
      pmkit::ParsePostmortem(input, format);
  if (!parsed.ok()) return 0;
  for (const pmkit::Validator* v : {&DefaultValidator(), &SmallValidator()}) {
    absl::StatusOr<pmkit::v1::Report> report = v->Validate(*parsed);
    Check(report.ok());
    Check(report->findings_size() <= v->policy().max_findings() + 1);
    for (const pmkit::v1::Finding& f : report->findings()) {
      Check(KnownIds().count(f.rule_id()) == 1);
      Check(f.severity() != pmkit::v1::FINDING_SEVERITY_UNSPECIFIED);
      Check(!f.message().empty());
      Check(f.path_text().empty() == (f.path().elements_size() == 0));
    }
    Check(!pmkit::FormatReportText(*report).empty());
    Check(!pmkit::FormatReportsSarif({*report}, v->catalog()).empty());
    std::string direct;
    Check(pmkit::io_internal::AppendReportJson(*report, &direct));
    std::string protobuf;
    Check(google::protobuf::util::MessageToJsonString(*report, &protobuf).ok());
    Check(direct == protobuf);
  }
  return 0;
}
