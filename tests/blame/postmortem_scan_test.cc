// ScanPostmortem visits every prose string of a Postmortem, however deep,
// and nothing else. The reference here is a plain recursive reflection walk
// over a document whose every string field, at every depth, holds the same
// blameful sentence: the scan must report that sentence exactly at the
// prose fields the reference lists.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"
#include "pmkit/blame.h"
#include "src/blame/postmortem_scan.h"

namespace pmkit {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kBlameful[] = "The intern forgot to restart the broker.";

// The documented rule (docs/blame.md): identifiers, keys, names, codes and
// addresses are not prose.
bool IsProse(const FieldDescriptor& field) {
  static const std::set<std::string> kNotProse = {
      "url", "email", "handles", "display_time_zone", "level", "currency_code",
      "tags", "regions", "original_time", "channel", "team", "display_name",
      "source", "system", "slo", "role_name", "role", "key", "name", "uri"};
  const std::string& name = field.name();
  return name != "id" && !absl::EndsWith(name, "_id") &&
         !absl::EndsWith(name, "_ids") && !absl::EndsWith(name, "_key") &&
         kNotProse.count(name) == 0;
}

// Sets every string field below `message` (one element of each repeated
// field, one entry "k" of each map) to kBlameful, down to `depth` levels,
// and records the paths of the prose ones in `prose`.
void Fill(Message* message, int depth, const std::string& prefix,
          std::set<std::string>* prose) {
  const Reflection* r = message->GetReflection();
  const Descriptor* type = message->GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const std::string path =
        absl::StrCat(prefix, prefix.empty() ? "" : ".", field->name());
    if (field->is_map()) {
      Message* entry = r->AddMessage(message, field);
      const FieldDescriptor* key = entry->GetDescriptor()->map_key();
      const FieldDescriptor* value = entry->GetDescriptor()->map_value();
      if (key->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
      entry->GetReflection()->SetString(entry, key, "k");
      const std::string entry_path = absl::StrCat(path, "[\"k\"]");
      if (value->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        entry->GetReflection()->SetString(entry, value, kBlameful);
        prose->insert(entry_path);
      } else if (value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                 depth > 0) {
        Fill(entry->GetReflection()->MutableMessage(entry, value), depth - 1,
             entry_path, prose);
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (depth == 0) continue;
      if (field->is_repeated()) {
        Fill(r->AddMessage(message, field), depth - 1, absl::StrCat(path, "[0]"),
             prose);
      } else if (field->containing_oneof() == nullptr ||
                 !r->HasOneof(*message, field->containing_oneof())) {
        Fill(r->MutableMessage(message, field), depth - 1, path, prose);
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
               field->type() != FieldDescriptor::TYPE_BYTES) {
      if (field->containing_oneof() != nullptr &&
          r->HasOneof(*message, field->containing_oneof())) {
        continue;  // One member of a oneof at a time.
      }
      if (field->is_repeated()) {
        r->AddString(message, field, kBlameful);
        if (IsProse(*field)) prose->insert(absl::StrCat(path, "[0]"));
      } else {
        r->SetString(message, field, kBlameful);
        if (IsProse(*field)) prose->insert(path);
      }
    }
  }
}

TEST(BlamePostmortemScanTest, ReportsEveryProseFieldAtEveryDepthAndNothingElse) {
  v1::Postmortem pm;
  std::set<std::string> prose;
  Fill(&pm, 4, "", &prose);
  ASSERT_GT(prose.size(), 40u);  // The schema's prose, several levels deep.
  absl::StatusOr<std::unique_ptr<BlameDetector>> detector = BlameDetector::Create();
  ASSERT_TRUE(detector.ok());
  absl::StatusOr<std::vector<v1::Finding>> findings = (*detector)->ScanPostmortem(pm);
  ASSERT_TRUE(findings.ok()) << findings.status();
  std::set<std::string> found;
  for (const v1::Finding& f : *findings) found.insert(f.path_text());
  EXPECT_EQ(found, prose);
}

// The timeline is walked with generated accessors (the hot path of the
// validation blame rule); the paths must be those the reflection walk
// gives, with each element's index.
TEST(BlamePostmortemScanTest, TimelineFindingsCarryEveryIndexOfTheirPath) {
  ASSERT_TRUE(blame_internal::TimelineWalkedDirectly())
      << "TimelineEvent's prose fields changed: update WalkTimeline";
  v1::Postmortem pm;
  for (int i = 0; i < 4; ++i) pm.add_timeline()->set_text("Disk usage rose.");
  pm.mutable_timeline(1)->mutable_time()->set_note(kBlameful);
  pm.mutable_timeline(2)->add_evidence()->set_title("Graph");
  v1::Link* link = pm.mutable_timeline(2)->add_evidence();
  link->set_title(kBlameful);
  link->set_description(kBlameful);
  pm.mutable_timeline(3)->set_text(kBlameful);
  absl::StatusOr<std::unique_ptr<BlameDetector>> detector = BlameDetector::Create();
  ASSERT_TRUE(detector.ok());
  absl::StatusOr<std::vector<v1::Finding>> findings = (*detector)->ScanPostmortem(pm);
  ASSERT_TRUE(findings.ok()) << findings.status();
  std::vector<std::string> paths;
  for (const v1::Finding& f : *findings) {
    if (paths.empty() || paths.back() != f.path_text()) paths.push_back(f.path_text());
  }
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "timeline[1].time.note", "timeline[2].evidence[1].title",
                       "timeline[2].evidence[1].description", "timeline[3].text"}));
  const v1::FieldPath& path = (*findings)[findings->size() - 1].path();
  ASSERT_EQ(path.elements_size(), 2);
  EXPECT_EQ(path.elements(0).field_name(), "timeline");
  EXPECT_EQ(path.elements(0).field_number(), 21);
  EXPECT_EQ(path.elements(0).index(), 3);
  EXPECT_EQ(path.elements(1).field_name(), "text");
  EXPECT_FALSE(path.elements(1).has_index());
}

}  // namespace
}  // namespace pmkit
