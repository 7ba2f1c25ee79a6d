// Completeness: required sections by status and severity, the severity
// itself, and the policy's required custom fields.
#include "absl/strings/str_cat.h"
#include "src/validate/run.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {
namespace {

using v1::Postmortem;

bool HasImpact(const Postmortem& pm) {
  if (!pm.has_impact()) return false;
  const v1::Impact& impact = pm.impact();
  return !IsBlank(impact.narrative()) || impact.services_size() > 0 ||
         impact.has_users_affected() || impact.has_accounts_affected() ||
         impact.has_percent_of_product() || impact.has_revenue_impact() ||
         impact.slo_impacts_size() > 0 || impact.has_support_tickets() ||
         impact.has_failed_requests();
}

bool HasLessons(const Postmortem& pm) {
  return pm.has_lessons() &&
         (pm.lessons().went_well_size() > 0 ||
          pm.lessons().went_wrong_size() > 0 ||
          pm.lessons().got_lucky_size() > 0);
}

bool HasDetection(const Postmortem& pm) {
  const v1::Detection& d = pm.analysis().detection();
  return pm.analysis().has_detection() &&
         (d.method() != v1::DETECTION_METHOD_UNSPECIFIED ||
          !IsBlank(d.narrative()));
}

struct SectionRule {
  v1::Section section;
  RuleIndex rule;
  const char* name;
  const char* suggestion;
};

constexpr SectionRule kSectionRules[] = {
    {v1::SECTION_SUMMARY, kSectionSummary, "summary",
     "Write a few sentences: what happened, the impact, how it was resolved."},
    {v1::SECTION_IMPACT, kSectionImpact, "impact",
     "Describe who was affected and how, with numbers where known."},
    {v1::SECTION_TIMELINE, kSectionTimeline, "timeline",
     "Add the timeline from detection to resolution, with its lead-up."},
    {v1::SECTION_CONTRIBUTING_FACTORS, kSectionFactors,
     "contributing factors",
     "Record the conditions that let the incident happen or grow, each as "
     "a contributing factor."},
    {v1::SECTION_ACTION_ITEMS, kSectionActionItems, "action items",
     "Add the follow-up work, each item with an owner, priority and due "
     "date."},
    {v1::SECTION_LESSONS, kSectionLessons, "lessons learned",
     "Add what went well, what went wrong and where you got lucky."},
    {v1::SECTION_TRIGGER, kSectionTrigger, "trigger",
     "State the event that set the incident off, apart from the conditions "
     "that let it cause harm."},
    {v1::SECTION_DETECTION, kSectionDetection, "detection",
     "Say how the problem was noticed and how detection could be faster."},
};

bool Present(const Postmortem& pm, v1::Section section) {
  switch (section) {
    case v1::SECTION_SUMMARY:
      return !IsBlank(pm.summary());
    case v1::SECTION_IMPACT:
      return HasImpact(pm);
    case v1::SECTION_TIMELINE:
      return pm.timeline_size() > 0;
    case v1::SECTION_CONTRIBUTING_FACTORS:
      return pm.analysis().contributing_factors_size() > 0;
    case v1::SECTION_ACTION_ITEMS:
      return pm.action_items_size() > 0;
    case v1::SECTION_LESSONS:
      return HasLessons(pm);
    case v1::SECTION_TRIGGER:
      return !IsBlank(pm.analysis().trigger());
    case v1::SECTION_DETECTION:
      return HasDetection(pm);
    default:
      return true;
  }
}

// Calls `emit` with the path of `section` (paths refer to their parents, so
// the path is built where it is used rather than returned).
template <typename Emit>
void WithSectionPath(v1::Section section, Emit emit) {
  const Path root;
  const Path analysis = root.Field("analysis", Postmortem::kAnalysisFieldNumber);
  switch (section) {
    case v1::SECTION_SUMMARY:
      return emit(root.Field("summary", Postmortem::kSummaryFieldNumber));
    case v1::SECTION_IMPACT:
      return emit(root.Field("impact", Postmortem::kImpactFieldNumber));
    case v1::SECTION_TIMELINE:
      return emit(root.Field("timeline", Postmortem::kTimelineFieldNumber));
    case v1::SECTION_CONTRIBUTING_FACTORS:
      return emit(analysis.Field("contributing_factors",
                                 v1::Analysis::kContributingFactorsFieldNumber));
    case v1::SECTION_ACTION_ITEMS:
      return emit(root.Field("action_items", Postmortem::kActionItemsFieldNumber));
    case v1::SECTION_LESSONS:
      return emit(root.Field("lessons", Postmortem::kLessonsFieldNumber));
    case v1::SECTION_TRIGGER:
      return emit(analysis.Field("trigger", v1::Analysis::kTriggerFieldNumber));
    case v1::SECTION_DETECTION:
      return emit(analysis.Field("detection", v1::Analysis::kDetectionFieldNumber));
    default:
      return emit(root);
  }
}

absl::string_view StatusName(v1::DocumentStatus status) {
  switch (status) {
    case v1::DOCUMENT_STATUS_IN_REVIEW:
      return "in review";
    case v1::DOCUMENT_STATUS_REVIEWED:
      return "reviewed";
    case v1::DOCUMENT_STATUS_PUBLISHED:
      return "published";
    case v1::DOCUMENT_STATUS_CLOSED:
      return "closed";
    default:
      return "draft";
  }
}

bool TypeMatches(const v1::CustomValue& value, v1::CustomFieldType type) {
  switch (type) {
    case v1::CUSTOM_FIELD_TYPE_STRING:
      return value.has_string_value();
    case v1::CUSTOM_FIELD_TYPE_INT:
      return value.has_int_value();
    case v1::CUSTOM_FIELD_TYPE_DOUBLE:
      return value.has_double_value();
    case v1::CUSTOM_FIELD_TYPE_BOOL:
      return value.has_bool_value();
    case v1::CUSTOM_FIELD_TYPE_TIME:
      return value.has_time_value();
    case v1::CUSTOM_FIELD_TYPE_DURATION:
      return value.has_duration_value();
    case v1::CUSTOM_FIELD_TYPE_STRING_LIST:
      return value.has_string_list_value();
    default:
      return value.kind_case() != v1::CustomValue::KIND_NOT_SET;
  }
}

void CheckSeverity(Run& run) {
  const Postmortem& pm = run.pm();
  const Path path = Path().Field("severity", Postmortem::kSeverityFieldNumber);
  const bool stated = !pm.severity().level().empty() || pm.severity().rank() > 0;
  if (!stated) {
    if (run.past_draft() && run.On(kSeverityMissing)) {
      run.Emit(kSeverityMissing, path,
               absl::StrCat("The document is ", StatusName(pm.status()),
                            " but states no incident severity."),
               "Set severity.level to one of the policy's levels (SEV1-SEV4 "
               "by default).");
    }
    return;
  }
  if (run.level() == nullptr) {
    if (run.On(kSeverityUnknown)) {
      std::string known;
      for (const auto& level : run.policy().levels) {
        absl::StrAppend(&known, known.empty() ? "" : ", ", level.id);
      }
      run.Emit(kSeverityUnknown,
               path.Field("level", v1::Severity::kLevelFieldNumber),
               pm.severity().level().empty()
                   ? absl::StrCat("No severity level of the policy has rank ",
                                  pm.severity().rank(), ".")
                   : absl::StrCat("Severity level \"", pm.severity().level(),
                                  "\" is not defined by the policy."),
               absl::StrCat("Use one of: ", known, "."));
    }
    return;
  }
  if (pm.severity().rank() > 0 && pm.severity().rank() != run.level()->rank &&
      run.On(kSeverityRankMismatch)) {
    run.Emit(kSeverityRankMismatch,
             path.Field("rank", v1::Severity::kRankFieldNumber),
             absl::StrCat("Rank ", pm.severity().rank(), " disagrees with level ",
                          run.level()->id, ", which has rank ",
                          run.level()->rank, " in the policy."),
             absl::StrCat("Set rank to ", run.level()->rank,
                          " or leave it 0 to derive it from the level."));
  }
}

}  // namespace

void CheckCompleteness(Run& run) {
  CheckSeverity(run);
  const Postmortem& pm = run.pm();
  if (run.required_sections() != 0) {
    for (const SectionRule& s : kSectionRules) {
      if (!run.Requires(s.section) || !run.On(s.rule)) continue;
      if (Present(pm, s.section)) continue;
      WithSectionPath(s.section, [&](const Path& path) {
        run.Emit(s.rule, path,
                 absl::StrCat("A ", StatusName(pm.status()), " ",
                              run.level()->id, " postmortem needs ", s.name,
                              "; none is recorded."),
                 s.suggestion);
      });
    }
  }
  // Required custom fields apply once the document leaves draft.
  if (!run.past_draft() || pm.status() < run.policy().sections_from) return;
  const Path custom =
      Path().Field("custom_fields", Postmortem::kCustomFieldsFieldNumber);
  for (const v1::RequiredCustomField& field : run.policy().custom_fields) {
    auto it = pm.custom_fields().find(field.key());
    if (it == pm.custom_fields().end()) {
      if (run.On(kCustomFieldMissing)) {
        v1::Finding* f = run.Emit(
            kCustomFieldMissing, custom,
            absl::StrCat("The policy requires custom field \"", field.key(),
                         "\"", field.description().empty() ? "" : ": ",
                         field.description(), "."),
            absl::StrCat("Add custom_fields[\"", field.key(), "\"]."));
        if (f != nullptr) {
          f->mutable_path()->mutable_elements(0)->set_key(field.key());
          absl::StrAppend(f->mutable_path_text(), "[\"", field.key(), "\"]");
        }
      }
      continue;
    }
    if (!TypeMatches(it->second, field.type()) && run.On(kCustomFieldType)) {
      v1::Finding* f = run.Emit(
          kCustomFieldType, custom,
          absl::StrCat("Custom field \"", field.key(), "\" must be of type ",
                       v1::CustomFieldType_Name(field.type()), "."),
          "Store the value in the field of CustomValue that matches the type.");
      if (f != nullptr) {
        f->mutable_path()->mutable_elements(0)->set_key(field.key());
        absl::StrAppend(f->mutable_path_text(), "[\"", field.key(), "\"]");
      }
    }
  }
}

}  // namespace pmkit::validate_internal
