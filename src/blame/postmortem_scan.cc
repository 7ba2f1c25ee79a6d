// BlameDetector::ScanPostmortem: walks every free-text string field of a
// Postmortem by reflection (so fields added to the schema later are scanned
// without code changes) and scans each as Markdown.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"
#include "pmkit/blame.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/postmortem_scan.h"
#include "src/blame/text_scanner.h"

namespace pmkit {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// String fields that hold identifiers, keys, names, codes or addresses
// rather than prose.
bool IsProseField(const FieldDescriptor& field) {
  const std::string& name = field.name();
  if (name == "id" || absl::EndsWith(name, "_id") ||
      absl::EndsWith(name, "_ids") || absl::EndsWith(name, "_key")) {
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

// What the walk visits in one message type reachable from Postmortem.
struct TypePlan {
  // The type's reflection: every message the walk meets is generated code
  // (a Postmortem's parts), whose reflection is one object per type.
  const Reflection* reflection = nullptr;
  struct Field {
    const FieldDescriptor* field;
    // The plan of the message (or map value message) the field holds; null
    // for strings and maps of strings.
    const TypePlan* child = nullptr;
  };
  // Prose strings and the message and map fields that lead to one, in
  // field-number order (the order ListFields gives).
  std::vector<Field> fields;
};

// Postmortem.timeline walked with generated accessors: through reflection,
// reaching an event cost ~400 instructions (GetRepeatedMessage, FieldSize),
// more than scanning its short text. Set only while the plan of
// TimelineEvent is exactly what WalkTimeline visits (time.note, text,
// evidence[].title, evidence[].description, in that order), so a schema
// change that adds prose to an event falls back to the reflection walk.
struct TimelinePlan {
  const FieldDescriptor* timeline;
  const FieldDescriptor* time;
  const FieldDescriptor* note;
  const FieldDescriptor* text;
  const FieldDescriptor* evidence;
  const FieldDescriptor* title;
  const FieldDescriptor* description;
};

// The message a message or map field leads to (a map's value), if any.
const Descriptor* ChildType(const FieldDescriptor& field) {
  if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return nullptr;
  if (!field.is_map()) return field.message_type();
  return field.message_type()->map_value()->message_type();
}

bool IsProseString(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
         field.type() != FieldDescriptor::TYPE_BYTES && IsProseField(field);
}

// The plan of Postmortem and every type reachable from it. Computed once per
// process from the descriptors, so fields added to the schema are walked
// without code changes, and a walk pays neither ListFields (which sorts and
// allocates) nor a lookup per message. Types without a prose string
// anywhere below them (timestamps, durations, ids) are not entered.
const TypePlan& PostmortemPlan() {
  // The map lives as long as the process (held here, so leak checkers see
  // it referenced); the root plan is looked up once.
  static const absl::flat_hash_map<const Descriptor*, TypePlan>* plans = [] {
    // Every reachable type, then which of them lead to prose (a fixed point:
    // types may nest each other).
    std::vector<const Descriptor*> types;
    absl::flat_hash_set<const Descriptor*> seen;
    std::vector<const Descriptor*> todo = {v1::Postmortem::descriptor()};
    while (!todo.empty()) {
      const Descriptor* type = todo.back();
      todo.pop_back();
      if (!seen.insert(type).second) continue;
      types.push_back(type);
      for (int i = 0; i < type->field_count(); ++i) {
        if (const Descriptor* child = ChildType(*type->field(i))) {
          todo.push_back(child);
        }
      }
    }
    auto leads_to_prose = [](const FieldDescriptor& field,
                             const absl::flat_hash_set<const Descriptor*>& prose) {
      if (field.is_map()) {
        const FieldDescriptor& value = *field.message_type()->map_value();
        return value.cpp_type() == FieldDescriptor::CPPTYPE_STRING
                   ? value.type() != FieldDescriptor::TYPE_BYTES
                   : prose.contains(ChildType(field));
      }
      const Descriptor* child = ChildType(field);
      return child != nullptr ? prose.contains(child) : IsProseString(field);
    };
    absl::flat_hash_set<const Descriptor*> prose;
    for (bool changed = true; changed;) {
      changed = false;
      for (const Descriptor* type : types) {
        if (prose.contains(type)) continue;
        for (int i = 0; i < type->field_count(); ++i) {
          if (leads_to_prose(*type->field(i), prose)) {
            prose.insert(type);
            changed = true;
            break;
          }
        }
      }
    }
    auto* plans = new absl::flat_hash_map<const Descriptor*, TypePlan>();
    // Every plan is inserted before any is pointed to: no later insertion
    // (rehash) moves one.
    for (const Descriptor* type : types) (*plans)[type];
    google::protobuf::MessageFactory* factory =
        google::protobuf::MessageFactory::generated_factory();
    for (const Descriptor* type : types) {
      TypePlan& plan = plans->at(type);
      plan.reflection = factory->GetPrototype(type)->GetReflection();
      for (int i = 0; i < type->field_count(); ++i) {
        const FieldDescriptor* field = type->field(i);
        if (!leads_to_prose(*field, prose)) continue;
        const Descriptor* child = ChildType(*field);
        plan.fields.push_back(
            {field, child != nullptr ? &plans->at(child) : nullptr});
      }
      std::sort(plan.fields.begin(), plan.fields.end(),
                [](const TypePlan::Field& a, const TypePlan::Field& b) {
                  return a.field->number() < b.field->number();
                });
    }
    return plans;
  }();
  static const TypePlan* root = &plans->at(v1::Postmortem::descriptor());
  return *root;
}

// The names of a plan's fields, each followed by its child's in braces.
std::string PlanShape(const TypePlan& plan) {
  std::string out;
  for (const TypePlan::Field& f : plan.fields) {
    absl::StrAppend(&out, f.field->name(), f.field->is_repeated() ? "[]" : "");
    if (f.child != nullptr) absl::StrAppend(&out, "{", PlanShape(*f.child), "}");
    out += ' ';
  }
  return out;
}

// The direct walk of Postmortem.timeline, or null when the plans differ
// from what it visits.
const TimelinePlan* DirectTimelinePlan() {
  static const TimelinePlan* plan = []() -> const TimelinePlan* {
    const Descriptor* event = v1::TimelineEvent::descriptor();
    const FieldDescriptor* timeline =
        v1::Postmortem::descriptor()->FindFieldByName("timeline");
    if (timeline == nullptr || !timeline->is_repeated() ||
        timeline->message_type() != event) {
      return nullptr;
    }
    const TypePlan* event_plan = nullptr;
    for (const TypePlan::Field& f : PostmortemPlan().fields) {
      if (f.field == timeline) event_plan = f.child;
    }
    if (event_plan == nullptr ||
        PlanShape(*event_plan) !=
            "time{note } text evidence[]{title description } ") {
      return nullptr;
    }
    // The shape matched, so the plan's fields are the ones named there.
    const std::vector<TypePlan::Field>& e = event_plan->fields;
    return new TimelinePlan{timeline,
                            e[0].field,
                            e[0].child->fields[0].field,
                            e[1].field,
                            e[2].field,
                            e[2].child->fields[0].field,
                            e[2].child->fields[1].field};
  }();
  return plan;
}

class Walker {
 public:
  Walker(const blame_internal::CompiledLexicon& lexicon,
         const blame_internal::ScanNames& names,
         std::vector<v1::Finding>* findings)
      : lexicon_(lexicon), names_(names), findings_(findings) {}

  absl::Status Walk(const Message& message, const TypePlan& plan, int depth) {
    if (depth > 64) return absl::OkStatus();
    const Reflection& reflection = *plan.reflection;
    for (const TypePlan::Field& f : plan.fields) {
      const FieldDescriptor& field = *f.field;
      // A singular string is read without asking HasField (which costs
      // more than reading it here): unset, it reads as empty, which Scan
      // skips.
      if (field.is_repeated() ? reflection.FieldSize(message, &field) == 0
                              : f.child != nullptr &&
                                    !reflection.HasField(message, &field)) {
        continue;
      }
      steps_.push_back({&field});
      absl::Status status = WalkField(message, reflection, f, depth);
      steps_.pop_back();
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

 private:
  // One step of the current path. The FieldPath proto is built only for
  // texts with findings.
  struct Step {
    const FieldDescriptor* field;
    int64_t index = -1;                // Element of a repeated field.
    const std::string* key = nullptr;  // Key of a map entry.
  };

  absl::Status WalkField(const Message& message, const Reflection& reflection,
                         const TypePlan::Field& f, int depth) {
    const FieldDescriptor& field = *f.field;
    if (timeline_ != nullptr && f.field == timeline_->timeline) {
      // The plan of Postmortem is only used for the root, a v1::Postmortem.
      return WalkTimeline(static_cast<const v1::Postmortem&>(message).timeline());
    }
    if (field.is_map()) {
      // Map entries: key (field 1) and value (field 2).
      const FieldDescriptor* key = field.message_type()->map_key();
      const FieldDescriptor* value = field.message_type()->map_value();
      for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
        const Message& entry = reflection.GetRepeatedMessage(message, &field, i);
        const Reflection* er = entry.GetReflection();
        std::string key_scratch;
        steps_.back().key = key->cpp_type() == FieldDescriptor::CPPTYPE_STRING
                                ? &er->GetStringReference(entry, key, &key_scratch)
                                : nullptr;
        absl::Status s;
        if (f.child != nullptr) {
          s = Walk(er->GetMessage(entry, value), *f.child, depth + 1);
        } else {
          std::string scratch;
          s = Scan(er->GetStringReference(entry, value, &scratch));
        }
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    if (f.child != nullptr) {
      if (field.is_repeated()) {
        for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
          steps_.back().index = i;
          if (absl::Status s = Walk(reflection.GetRepeatedMessage(message, &field, i),
                                    *f.child, depth + 1);
              !s.ok()) {
            return s;
          }
        }
        return absl::OkStatus();
      }
      return Walk(reflection.GetMessage(message, &field), *f.child, depth + 1);
    }
    std::string scratch;
    if (field.is_repeated()) {
      for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
        steps_.back().index = i;
        if (absl::Status s =
                Scan(reflection.GetRepeatedStringReference(message, &field, i, &scratch));
            !s.ok()) {
          return s;
        }
      }
      return absl::OkStatus();
    }
    return Scan(reflection.GetStringReference(message, &field, &scratch));
  }

  // What the reflection walk does for Postmortem.timeline, with generated
  // accessors (see TimelinePlan).
  absl::Status WalkTimeline(
      const google::protobuf::RepeatedPtrField<v1::TimelineEvent>& events) {
    const TimelinePlan& p = *timeline_;
    for (int i = 0; i < events.size(); ++i) {
      const v1::TimelineEvent& event = events.Get(i);
      steps_.back().index = i;
      // An unset time reads as the default, whose empty note ScanAt skips.
      if (absl::Status s = ScanAt({{p.time}, {p.note}}, event.time().note());
          !s.ok()) {
        return s;
      }
      if (absl::Status s = ScanAt({{p.text}}, event.text()); !s.ok()) return s;
      for (int j = 0; j < event.evidence_size(); ++j) {
        const v1::Link& link = event.evidence(j);
        const Step evidence{p.evidence, j};
        if (absl::Status s = ScanAt({evidence, {p.title}}, link.title());
            !s.ok()) {
          return s;
        }
        if (absl::Status s =
                ScanAt({evidence, {p.description}}, link.description());
            !s.ok()) {
          return s;
        }
      }
    }
    return absl::OkStatus();
  }

  // Scans `text` at the current path extended by `steps`.
  absl::Status ScanAt(std::initializer_list<Step> steps,
                      const std::string& text) {
    if (text.empty()) return absl::OkStatus();
    steps_.insert(steps_.end(), steps);
    absl::Status status = Scan(text);
    steps_.resize(steps_.size() - steps.size());
    return status;
  }

  v1::FieldPath Path() const {
    v1::FieldPath path;
    for (const Step& step : steps_) {
      v1::FieldPathElement* e = path.add_elements();
      e->set_field_name(step.field->name());
      e->set_field_number(step.field->number());
      if (step.index >= 0) e->set_index(step.index);
      if (step.key != nullptr) e->set_key(*step.key);
    }
    return path;
  }

  absl::Status Scan(const std::string& text) {
    if (text.empty()) return absl::OkStatus();
    const size_t first = findings_->size();
    absl::Status status = blame_internal::ScanOneText(
        lexicon_, text, /*markdown=*/true, &names_, findings_);
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat(PathText(Path()), ": ", status.message()));
    }
    if (findings_->size() == first) return absl::OkStatus();
    const v1::FieldPath path = Path();
    const std::string path_text = PathText(path);
    for (size_t i = first; i < findings_->size(); ++i) {
      *(*findings_)[i].mutable_path() = path;
      (*findings_)[i].set_path_text(path_text);
    }
    return absl::OkStatus();
  }

  const blame_internal::CompiledLexicon& lexicon_;
  const blame_internal::ScanNames& names_;
  std::vector<v1::Finding>* findings_;
  const TimelinePlan* timeline_ = DirectTimelinePlan();
  std::vector<Step> steps_;
};

}  // namespace

namespace blame_internal {
bool TimelineWalkedDirectly() { return DirectTimelinePlan() != nullptr; }
}  // namespace blame_internal

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
  const blame_internal::ScanNames scan_names(std::move(names));
  std::vector<v1::Finding> findings;
  Walker walker(*lexicon_, scan_names, &findings);
  if (absl::Status s = walker.Walk(postmortem, PostmortemPlan(), 0); !s.ok()) {
    return s;
  }
  return findings;
}

}  // namespace pmkit
