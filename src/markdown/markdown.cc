#include "pmkit/markdown.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "src/markdown/format_helpers.h"

namespace pmkit {
namespace {

using markdown_internal::EnumLabel;
using markdown_internal::FormatMoney;
using markdown_internal::FormatTimePoint;
using markdown_internal::FormatTimestamp;
using markdown_internal::HumanDuration;
using markdown_internal::OneLine;
using markdown_internal::TableCell;
using markdown_internal::ToDuration;
using markdown_internal::ToTime;

constexpr absl::string_view kNoneRecorded = "_None recorded._\n";

template <typename Enum>
std::string Label(Enum value, absl::string_view prefix) {
  const auto* descriptor = google::protobuf::GetEnumDescriptor<Enum>();
  const auto* enum_value = descriptor->FindValueByNumber(value);
  if (enum_value == nullptr) return absl::StrCat("(", static_cast<int>(value), ")");
  return EnumLabel(prefix, enum_value->name());
}

class Renderer {
 public:
  Renderer(const v1::Postmortem& pm, absl::TimeZone zone, std::string zone_name,
           std::string zone_note)
      : pm_(pm),
        zone_(zone),
        zone_name_(std::move(zone_name)),
        zone_note_(std::move(zone_note)) {
    for (const v1::Person& person : pm.people()) {
      people_.emplace(person.id(), &person);
    }
  }

  std::string Render() {
    Header();
    Summary();
    Impact();
    Timeline();
    Analysis();
    ActionItems();
    Lessons();
    SupportingData();
    CustomFields();
    return std::move(out_);
  }

 private:
  std::string PersonName(absl::string_view id) const {
    auto it = people_.find(id);
    if (it == people_.end() || it->second->display_name().empty()) {
      return std::string(id);
    }
    return it->second->display_name();
  }

  std::string PeopleNames(
      const google::protobuf::RepeatedPtrField<std::string>& ids) const {
    std::vector<std::string> names;
    for (const std::string& id : ids) names.push_back(PersonName(id));
    return absl::StrJoin(names, ", ");
  }

  std::string ActorName(const v1::Actor& actor) const {
    std::string name = !actor.person_id().empty() ? PersonName(actor.person_id())
                       : !actor.display_name().empty() ? actor.display_name()
                                                       : actor.system();
    if (!actor.role().empty()) {
      name = name.empty() ? actor.role() : absl::StrCat(name, " (", actor.role(), ")");
    }
    return name;
  }

  void MetadataRow(absl::string_view key, absl::string_view value) {
    if (value.empty()) return;
    absl::StrAppend(&out_, "| ", key, " | ", TableCell(value), " |\n");
  }

  void Header() {
    absl::StrAppend(&out_, "# ",
                    pm_.title().empty() ? "Untitled postmortem" : OneLine(pm_.title()),
                    "\n\n");
    absl::StrAppend(&out_, "| | |\n|---|---|\n");
    MetadataRow("Id", pm_.id());
    MetadataRow("Status", pm_.status() == v1::DOCUMENT_STATUS_UNSPECIFIED
                              ? "Draft"
                              : Label(pm_.status(), "DOCUMENT_STATUS_"));
    MetadataRow("Severity", pm_.severity().level());
    std::vector<std::string> incidents;
    for (const v1::ExternalReference& ref : pm_.incidents()) {
      incidents.push_back(Reference(ref));
    }
    MetadataRow("Incidents", absl::StrJoin(incidents, ", "));
    MetadataRow("Owner", pm_.owner_id().empty() ? "" : PersonName(pm_.owner_id()));
    MetadataRow("Authors", PeopleNames(pm_.author_ids()));
    MetadataRow("Facilitator",
                pm_.facilitator_id().empty() ? "" : PersonName(pm_.facilitator_id()));
    MetadataRow("Reviewers", PeopleNames(pm_.reviewer_ids()));
    MetadataRow("Created", FormatTimestamp(pm_.create_time(), zone_));
    MetadataRow("Published", FormatTimestamp(pm_.publish_time(), zone_));
    MetadataRow("Updated", FormatTimestamp(pm_.update_time(), zone_));
    MetadataRow("Tags", absl::StrJoin(pm_.tags(), ", "));
    MetadataRow("Times shown in", absl::StrCat(zone_name_, zone_note_));
    out_ += "\n";
    Lifecycle();
    Responders();
  }

  static std::string Reference(const v1::ExternalReference& ref) {
    std::string text = ref.key().empty() ? ref.title() : ref.key();
    if (!ref.system().empty()) text = absl::StrCat(ref.system(), " ", text);
    if (!ref.url().empty()) return absl::StrCat("[", text, "](", ref.url(), ")");
    return text;
  }

  void Lifecycle() {
    if (!pm_.has_lifecycle()) return;
    const v1::Lifecycle& life = pm_.lifecycle();
    const std::pair<absl::string_view, const v1::TimePoint*> points[] = {
        {"Started", &life.started()},       {"Detected", &life.detected()},
        {"Acknowledged", &life.acknowledged()}, {"Mitigated", &life.mitigated()},
        {"Resolved", &life.resolved()},     {"Closed", &life.closed()},
    };
    out_ += "**Lifecycle**\n\n| Milestone | Time |\n|---|---|\n";
    for (const auto& [name, point] : points) {
      std::string text = FormatTimePoint(*point, zone_, /*with_date=*/true);
      absl::StrAppend(&out_, "| ", name, " | ",
                      text.empty() ? "unknown" : TableCell(text), " |\n");
    }
    out_ += "\n";
  }

  void Responders() {
    if (pm_.responders().empty()) return;
    out_ += "**Responders**\n\n";
    for (const v1::Responder& responder : pm_.responders()) {
      std::string role = !responder.role_name().empty()
                             ? responder.role_name()
                             : Label(responder.role(), "RESPONDER_ROLE_");
      absl::StrAppend(&out_, "- ", OneLine(PersonName(responder.person_id())));
      if (responder.role() != v1::RESPONDER_ROLE_UNSPECIFIED ||
          !responder.role_name().empty()) {
        absl::StrAppend(&out_, " — ", role);
      }
      out_ += "\n";
    }
    out_ += "\n";
  }

  void Section(absl::string_view title) { absl::StrAppend(&out_, "## ", title, "\n\n"); }

  void Paragraph(absl::string_view text) {
    if (text.empty()) return;
    absl::StrAppend(&out_, text, "\n\n");
  }

  void Summary() {
    Section("Summary");
    if (pm_.summary().empty()) {
      absl::StrAppend(&out_, kNoneRecorded, "\n");
      return;
    }
    Paragraph(pm_.summary());
  }

  void Impact() {
    Section("Impact");
    if (!pm_.has_impact()) {
      absl::StrAppend(&out_, kNoneRecorded, "\n");
      return;
    }
    const v1::Impact& impact = pm_.impact();
    Paragraph(impact.narrative());
    std::vector<std::string> facts;
    if (impact.has_users_affected()) {
      facts.push_back(absl::StrCat("Users affected: ", impact.users_affected()));
    }
    if (impact.has_accounts_affected()) {
      facts.push_back(absl::StrCat("Accounts affected: ", impact.accounts_affected()));
    }
    if (impact.has_percent_of_product()) {
      facts.push_back(absl::StrCat("Share of product affected: ",
                                   impact.percent_of_product(), "%"));
    }
    if (std::string money = FormatMoney(impact.revenue_impact()); !money.empty()) {
      facts.push_back(absl::StrCat("Revenue impact: ", money));
    }
    if (impact.has_support_tickets()) {
      facts.push_back(absl::StrCat("Support tickets: ", impact.support_tickets()));
    }
    if (impact.has_failed_requests()) {
      facts.push_back(absl::StrCat("Failed requests: ", impact.failed_requests()));
    }
    if (impact.has_customer_visible()) {
      facts.push_back(absl::StrCat("Customer visible: ",
                                   impact.customer_visible() ? "yes" : "no"));
    }
    if (impact.has_data_loss()) {
      facts.push_back(absl::StrCat("Data loss: ", impact.data_loss() ? "yes" : "no"));
    }
    for (const v1::SloImpact& slo : impact.slo_impacts()) {
      facts.push_back(absl::StrCat("Error budget consumed (", OneLine(slo.slo()),
                                   "): ", slo.error_budget_consumed_percent(), "%"));
    }
    for (const v1::SeverityDuration& level : impact.severity_durations()) {
      facts.push_back(absl::StrCat("Time at ", level.level(), ": ",
                                   HumanDuration(ToDuration(level.duration()))));
    }
    for (const std::string& fact : facts) absl::StrAppend(&out_, "- ", fact, "\n");
    if (!facts.empty()) out_ += "\n";
    if (!impact.services().empty()) {
      out_ += "| Service | Impact | Regions | Description |\n|---|---|---|---|\n";
      for (const v1::AffectedService& service : impact.services()) {
        absl::StrAppend(
            &out_, "| ", TableCell(service.name()), " | ",
            service.level() == v1::IMPACT_LEVEL_UNSPECIFIED
                ? ""
                : Label(service.level(), "IMPACT_LEVEL_"),
            " | ", TableCell(absl::StrJoin(service.regions(), ", ")), " | ",
            TableCell(service.description()), " |\n");
      }
      out_ += "\n";
    }
  }

  // True when the timeline's events fall on more than one calendar day in
  // the display zone; rows then carry their dates.
  bool TimelineSpansDays() const {
    bool seen = false;
    absl::CivilDay first;
    for (const v1::TimelineEvent& event : pm_.timeline()) {
      if (!event.time().has_time()) continue;
      absl::CivilDay day = absl::ToCivilDay(ToTime(event.time().time()), zone_);
      if (!seen) {
        first = day;
        seen = true;
      } else if (day != first) {
        return true;
      }
    }
    return false;
  }

  void Timeline() {
    Section("Timeline");
    if (pm_.timeline().empty()) {
      absl::StrAppend(&out_, kNoneRecorded, "\n");
      return;
    }
    const bool with_date = TimelineSpansDays();
    if (!with_date) {
      for (const v1::TimelineEvent& event : pm_.timeline()) {
        if (!event.time().has_time()) continue;
        absl::StrAppend(&out_, "All times on ",
                        absl::FormatTime("%A %Y-%m-%d", ToTime(event.time().time()),
                                         zone_),
                        ".\n\n");
        break;
      }
    }
    absl::StrAppend(&out_, "| Time (", zone_name_,
                    ") | Kind | Event | Actor | Source |\n|---|---|---|---|---|\n");
    for (const v1::TimelineEvent& event : pm_.timeline()) {
      std::string time = FormatTimePoint(event.time(), zone_, with_date);
      std::string text = event.text();
      if (event.milestone() != v1::MILESTONE_UNSPECIFIED) {
        text = absl::StrCat("**", Label(event.milestone(), "MILESTONE_"), "** — ", text);
      }
      std::vector<std::string> evidence;
      for (const v1::Link& link : event.evidence()) {
        evidence.push_back(absl::StrCat(
            "[", link.title().empty() ? "link" : link.title(), "](", link.url(), ")"));
      }
      if (!evidence.empty()) absl::StrAppend(&text, " (", absl::StrJoin(evidence, ", "), ")");
      std::vector<std::string> sources;
      for (const v1::Provenance& provenance : event.provenance()) {
        if (!provenance.source().empty()) sources.push_back(provenance.source());
      }
      absl::StrAppend(
          &out_, "| ", time.empty() ? "unknown" : TableCell(time), " | ",
          event.kind() == v1::EVENT_KIND_UNSPECIFIED ? "" : Label(event.kind(), "EVENT_KIND_"),
          " | ", TableCell(text), " | ", TableCell(ActorName(event.actor())), " | ",
          TableCell(absl::StrJoin(sources, ", ")), " |\n");
    }
    out_ += "\n";
  }

  void Analysis() {
    Section("Analysis");
    const v1::Analysis& analysis = pm_.analysis();
    if (!analysis.trigger().empty()) {
      absl::StrAppend(&out_, "**Trigger:** ", analysis.trigger(), "\n\n");
    }
    out_ += "### Contributing factors\n\n";
    if (analysis.contributing_factors().empty()) {
      absl::StrAppend(&out_, kNoneRecorded, "\n");
    }
    for (const v1::ContributingFactor& factor : analysis.contributing_factors()) {
      out_ += "- ";
      if (!factor.title().empty()) absl::StrAppend(&out_, "**", OneLine(factor.title()), "**");
      if (factor.category() != v1::FACTOR_CATEGORY_UNSPECIFIED) {
        absl::StrAppend(&out_, " _(", Label(factor.category(), "FACTOR_CATEGORY_"), ")_");
      }
      if (!factor.description().empty()) {
        absl::StrAppend(&out_, factor.title().empty() ? "" : ": ",
                        OneLine(factor.description()));
      }
      out_ += "\n";
    }
    if (!analysis.contributing_factors().empty()) out_ += "\n";
    if (!analysis.root_cause_narrative().empty()) {
      absl::StrAppend(&out_, "**Root cause (as stated):** ",
                      analysis.root_cause_narrative(), "\n\n");
    }
    if (!analysis.five_whys().empty()) {
      out_ += "### Five whys\n\n";
      int step = 1;
      for (const v1::WhyStep& why : analysis.five_whys()) {
        absl::StrAppend(&out_, step++, ". ", OneLine(why.question()), " — ",
                        OneLine(why.answer()), "\n");
      }
      out_ += "\n";
    }
    if (analysis.has_detection()) {
      out_ += "### Detection\n\n";
      const v1::Detection& detection = analysis.detection();
      if (detection.method() != v1::DETECTION_METHOD_UNSPECIFIED) {
        absl::StrAppend(&out_, "Detected by: ",
                        Label(detection.method(), "DETECTION_METHOD_"), "\n\n");
      }
      Paragraph(detection.narrative());
      if (!detection.improvement().empty()) {
        absl::StrAppend(&out_, "**Could be faster by:** ", detection.improvement(), "\n\n");
      }
    }
    if (!analysis.response().empty()) {
      out_ += "### Response\n\n";
      Paragraph(analysis.response());
    }
    if (!analysis.recovery().empty()) {
      out_ += "### Recovery\n\n";
      Paragraph(analysis.recovery());
    }
    BulletList("What surprised us", analysis.surprises());
    if (!analysis.related_incidents().empty()) {
      out_ += "### Related incidents\n\n";
      for (const v1::ExternalReference& ref : analysis.related_incidents()) {
        absl::StrAppend(&out_, "- ", Reference(ref));
        if (!ref.title().empty() && !ref.key().empty()) {
          absl::StrAppend(&out_, ": ", OneLine(ref.title()));
        }
        out_ += "\n";
      }
      out_ += "\n";
    }
  }

  void BulletList(absl::string_view title,
                  const google::protobuf::RepeatedPtrField<std::string>& items,
                  bool always = false) {
    if (items.empty() && !always) return;
    absl::StrAppend(&out_, "### ", title, "\n\n");
    if (items.empty()) absl::StrAppend(&out_, kNoneRecorded);
    for (const std::string& item : items) absl::StrAppend(&out_, "- ", OneLine(item), "\n");
    out_ += "\n";
  }

  void ActionItems() {
    Section("Action items");
    if (pm_.action_items().empty()) {
      absl::StrAppend(&out_, kNoneRecorded, "\n");
      return;
    }
    out_ += "| Id | Action | Type | Priority | Owner | Due | State | Tracking |\n"
            "|---|---|---|---|---|---|---|---|\n";
    for (const v1::ActionItem& item : pm_.action_items()) {
      const v1::ActionItemState state = item.state() == v1::ACTION_ITEM_STATE_UNSPECIFIED
                                            ? v1::ACTION_ITEM_STATE_OPEN
                                            : item.state();
      absl::StrAppend(
          &out_, "| ", TableCell(item.id()), " | ", TableCell(item.title()), " | ",
          item.type() == v1::ACTION_ITEM_TYPE_UNSPECIFIED
              ? ""
              : Label(item.type(), "ACTION_ITEM_TYPE_"),
          " | ",
          item.priority() == v1::PRIORITY_UNSPECIFIED ? "" : Label(item.priority(), "PRIORITY_"),
          " | ", item.owner_id().empty() ? "**unowned**" : TableCell(PersonName(item.owner_id())),
          " | ",
          item.has_due_time()
              ? absl::FormatTime("%Y-%m-%d", ToTime(item.due_time()), zone_)
              : "",
          " | ", Label(state, "ACTION_ITEM_STATE_"), " | ",
          item.has_tracking() ? TableCell(Reference(item.tracking())) : "", " |\n");
    }
    out_ += "\n";
  }

  void Lessons() {
    Section("Lessons learned");
    const v1::Lessons& lessons = pm_.lessons();
    BulletList("What went well", lessons.went_well(), /*always=*/true);
    BulletList("What went wrong", lessons.went_wrong(), /*always=*/true);
    BulletList("Where we got lucky", lessons.got_lucky(), /*always=*/true);
  }

  void SupportingData() {
    if (!pm_.has_supporting_data()) return;
    const v1::SupportingData& data = pm_.supporting_data();
    Section("Supporting data");
    if (!data.links().empty()) {
      out_ += "### Links\n\n";
      for (const v1::Link& link : data.links()) {
        absl::StrAppend(&out_, "- [", link.title().empty() ? link.url() : OneLine(link.title()),
                        "](", link.url(), ")");
        if (link.kind() != v1::LINK_KIND_UNSPECIFIED) {
          absl::StrAppend(&out_, " _(", Label(link.kind(), "LINK_KIND_"), ")_");
        }
        if (!link.description().empty()) {
          absl::StrAppend(&out_, ": ", OneLine(link.description()));
        }
        out_ += "\n";
      }
      out_ += "\n";
    }
    if (!data.communications().empty()) {
      out_ += "### Communications\n\n| Sent | Audience | Channel | Author | Message |\n"
              "|---|---|---|---|---|\n";
      for (const v1::Communication& message : data.communications()) {
        absl::StrAppend(
            &out_, "| ", FormatTimestamp(message.send_time(), zone_), " | ",
            message.audience() == v1::AUDIENCE_UNSPECIFIED
                ? ""
                : Label(message.audience(), "AUDIENCE_"),
            " | ", TableCell(message.channel()), " | ",
            message.author_id().empty() ? "" : TableCell(PersonName(message.author_id())),
            " | ", TableCell(message.text()), " |\n");
      }
      out_ += "\n";
    }
    if (!data.glossary().empty()) {
      out_ += "### Glossary\n\n";
      for (const v1::GlossaryEntry& entry : data.glossary()) {
        absl::StrAppend(&out_, "- **", OneLine(entry.term()), "**: ",
                        OneLine(entry.definition()), "\n");
      }
      out_ += "\n";
    }
  }

  void CustomFields() {
    if (pm_.custom_fields().empty()) return;
    Section("Custom fields");
    // Map iteration order is unspecified; sort so output is deterministic.
    std::vector<std::string> keys;
    for (const auto& [key, value] : pm_.custom_fields()) keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    out_ += "| Field | Value |\n|---|---|\n";
    for (const std::string& key : keys) {
      absl::StrAppend(&out_, "| ", TableCell(key), " | ",
                      TableCell(CustomValueText(pm_.custom_fields().at(key))), " |\n");
    }
    out_ += "\n";
  }

  std::string CustomValueText(const v1::CustomValue& value) const {
    switch (value.kind_case()) {
      case v1::CustomValue::kStringValue:
        return value.string_value();
      case v1::CustomValue::kIntValue:
        return absl::StrCat(value.int_value());
      case v1::CustomValue::kDoubleValue:
        return absl::StrCat(value.double_value());
      case v1::CustomValue::kBoolValue:
        return value.bool_value() ? "yes" : "no";
      case v1::CustomValue::kTimeValue:
        return FormatTimestamp(value.time_value(), zone_);
      case v1::CustomValue::kDurationValue:
        return HumanDuration(ToDuration(value.duration_value()));
      case v1::CustomValue::kStringListValue:
        return absl::StrJoin(value.string_list_value().values(), ", ");
      case v1::CustomValue::KIND_NOT_SET:
        break;
    }
    return "";
  }

  const v1::Postmortem& pm_;
  const absl::TimeZone zone_;
  const std::string zone_name_;
  const std::string zone_note_;
  absl::flat_hash_map<std::string, const v1::Person*> people_;
  std::string out_;
};

// An IANA zone name: letters, digits and "_+-/" only, no "..", so a name
// taken from a document can never make the zone loader open a file outside
// the zone database.
bool PlausibleZoneName(absl::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' ||
      name.find("..") != absl::string_view::npos) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '+' && c != '-' && c != '/') {
      return false;
    }
  }
  return true;
}

bool LoadZone(absl::string_view name, absl::TimeZone* zone) {
  return PlausibleZoneName(name) && absl::LoadTimeZone(std::string(name), zone);
}

}  // namespace

absl::StatusOr<std::string> RenderMarkdown(const v1::Postmortem& postmortem,
                                           const MarkdownOptions& options) {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::string zone_name = "UTC";
  std::string zone_note;
  if (!options.time_zone.empty()) {
    if (!LoadZone(options.time_zone, &zone)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown time zone \"", options.time_zone, "\""));
    }
    zone_name = options.time_zone;
  } else if (!postmortem.display_time_zone().empty()) {
    if (LoadZone(postmortem.display_time_zone(), &zone)) {
      zone_name = postmortem.display_time_zone();
    } else {
      zone = absl::UTCTimeZone();
      zone_note = absl::StrCat(" (the document's zone \"",
                               postmortem.display_time_zone(),
                               "\" is unknown here)");
    }
  }
  return Renderer(postmortem, zone, zone_name, zone_note).Render();
}

}  // namespace pmkit
