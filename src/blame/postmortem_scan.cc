// BlameDetector::ScanPostmortem: walks every free-text string field of a
// Postmortem by reflection (so fields added to the schema later are scanned
// without code changes) and scans each as Markdown.
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"
#include "pmkit/blame.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/text_scanner.h"

namespace pmkit {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// String fields that hold identifiers, names, codes or addresses rather than
// prose.
bool IsProseField(const FieldDescriptor& field) {
  const std::string& name = field.name();
  if (name == "id" || absl::EndsWith(name, "_id") ||
      absl::EndsWith(name, "_ids")) {
    return false;
  }
  static const auto* kNotProse = new absl::flat_hash_set<std::string>{
      "url", "email", "handles", "display_time_zone", "level", "currency_code",
      "tags", "regions", "original_time", "channel", "team", "display_name",
      "source", "system", "slo", "role_name", "role", "key", "name", "uri"};
  return !kNotProse->contains(name);
}

std::string PathText(const v1::FieldPath& path) {
  std::string out;
  for (const v1::FieldPathElement& e : path.elements()) {
    if (!out.empty()) out += '.';
    out += e.field_name();
    if (e.has_index()) absl::StrAppend(&out, "[", e.index(), "]");
    if (e.has_key()) absl::StrAppend(&out, "[\"", e.key(), "\"]");
  }
  return out;
}

class Walker {
 public:
  Walker(const blame_internal::CompiledLexicon& lexicon,
         const absl::flat_hash_set<std::string>& names,
         std::vector<v1::Finding>* findings)
      : lexicon_(lexicon), names_(names), findings_(findings) {}

  absl::Status Walk(const Message& message, v1::FieldPath* path, int depth) {
    if (depth > 64) return absl::OkStatus();
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      v1::FieldPathElement* step = path->add_elements();
      step->set_field_name(field->name());
      step->set_field_number(field->number());
      absl::Status status = WalkField(message, *field, path, depth);
      path->mutable_elements()->RemoveLast();
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

 private:
  absl::Status WalkField(const Message& message, const FieldDescriptor& field,
                         v1::FieldPath* path, int depth) {
    const Reflection* reflection = message.GetReflection();
    v1::FieldPathElement* step =
        path->mutable_elements(path->elements_size() - 1);
    if (field.is_map()) {
      // Map entries: key (field 1) and value (field 2).
      for (int i = 0; i < reflection->FieldSize(message, &field); ++i) {
        const Message& entry = reflection->GetRepeatedMessage(message, &field, i);
        const Reflection* er = entry.GetReflection();
        const FieldDescriptor* key = entry.GetDescriptor()->map_key();
        const FieldDescriptor* value = entry.GetDescriptor()->map_value();
        if (key->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          step->set_key(er->GetString(entry, key));
        } else {
          step->clear_key();
        }
        if (value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          if (absl::Status s = Walk(er->GetMessage(entry, value), path, depth + 1);
              !s.ok()) {
            return s;
          }
        } else if (value->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          if (absl::Status s = Scan(er->GetString(entry, value), *path); !s.ok()) {
            return s;
          }
        }
      }
      return absl::OkStatus();
    }
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field.is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, &field); ++i) {
          step->set_index(i);
          if (absl::Status s = Walk(reflection->GetRepeatedMessage(message, &field, i),
                                    path, depth + 1);
              !s.ok()) {
            return s;
          }
        }
        return absl::OkStatus();
      }
      return Walk(reflection->GetMessage(message, &field), path, depth + 1);
    }
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
        field.type() == FieldDescriptor::TYPE_BYTES || !IsProseField(field)) {
      return absl::OkStatus();
    }
    if (field.is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, &field); ++i) {
        step->set_index(i);
        if (absl::Status s = Scan(reflection->GetRepeatedString(message, &field, i),
                                  *path);
            !s.ok()) {
          return s;
        }
      }
      return absl::OkStatus();
    }
    return Scan(reflection->GetString(message, &field), *path);
  }

  absl::Status Scan(const std::string& text, const v1::FieldPath& path) {
    const size_t first = findings_->size();
    absl::Status status = blame_internal::ScanOneText(
        lexicon_, text, /*markdown=*/true, &names_, findings_);
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat(PathText(path), ": ", status.message()));
    }
    const std::string path_text = PathText(path);
    for (size_t i = first; i < findings_->size(); ++i) {
      *(*findings_)[i].mutable_path() = path;
      (*findings_)[i].set_path_text(path_text);
    }
    return absl::OkStatus();
  }

  const blame_internal::CompiledLexicon& lexicon_;
  const absl::flat_hash_set<std::string>& names_;
  std::vector<v1::Finding>* findings_;
};

}  // namespace

absl::StatusOr<std::vector<v1::Finding>> BlameDetector::ScanPostmortem(
    const v1::Postmortem& postmortem) const {
  // The people of the document are persons: names, ids, handles and the
  // local part of e-mail addresses.
  absl::flat_hash_set<std::string> names;
  for (const v1::Person& person : postmortem.people()) {
    blame_internal::AddPersonName(person.display_name(), &names);
    blame_internal::AddPersonName(person.id(), &names);
    for (const std::string& handle : person.handles()) {
      blame_internal::AddPersonName(handle, &names);
    }
    const std::string& email = person.email();
    if (size_t at = email.find('@'); at != std::string::npos && at > 0) {
      blame_internal::AddPersonName(email.substr(0, at), &names);
    }
  }
  std::vector<v1::Finding> findings;
  v1::FieldPath path;
  Walker walker(*lexicon_, names, &findings);
  if (absl::Status s = walker.Walk(postmortem, &path, 0); !s.ok()) return s;
  return findings;
}

}  // namespace pmkit
