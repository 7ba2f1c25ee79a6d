// Importers for text inputs: CSV with a header row, and timestamped
// application / syslog lines (RFC 3339 prefix, RFC 5424, RFC 3164).
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "src/timeline/import_internal.h"
#include "src/timeline/time_util.h"

namespace pmkit::internal {
namespace {

constexpr int64_t kNs = 1000000000;

absl::Status Invalid(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

absl::string_view NextToken(absl::string_view* rest) {
  size_t sp = rest->find(' ');
  absl::string_view tok = rest->substr(0, sp);
  *rest = sp == absl::string_view::npos ? absl::string_view() : rest->substr(sp + 1);
  return tok;
}

// Copies into the record's existing buffer (records are refilled line
// after line when streaming); nothing when the import only checks records.
void Keep(const ImportContext& ctx, absl::string_view from, std::string* to) {
  if (!ctx.check_only) to->assign(from.data(), from.size());
}

void KeepTime(const ImportContext& ctx, const ParsedTime& t,
              absl::string_view written, TimelineRecord* r) {
  if (ctx.check_only) {
    r->time_ns = t.ns;
  } else {
    SetRecordTime(t, written, r);
  }
}

const char* kSeverities[] = {"emerg", "alert", "crit", "err",
                             "warning", "notice", "info", "debug"};

}  // namespace

bool CsvOpenQuote(absl::string_view text) {
  bool open = false;
  for (char c : text) {
    if (c == '"') open = !open;
  }
  return open;
}

absl::Status SplitCsv(absl::string_view record, std::vector<std::string>* fields) {
  fields->clear();
  std::string cur;
  size_t i = 0;
  bool quoted_field = false;
  for (;;) {
    if (i < record.size() && record[i] == '"' && cur.empty() && !quoted_field) {
      quoted_field = true;
      ++i;
      for (;;) {
        if (i >= record.size()) return Invalid("unterminated quoted CSV field");
        if (record[i] == '"') {
          if (i + 1 < record.size() && record[i + 1] == '"') {
            cur.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cur.push_back(record[i++]);
      }
      if (i < record.size() && record[i] != ',') {
        return Invalid("text after a closing quote in a CSV field");
      }
    }
    if (i >= record.size() || record[i] == ',') {
      fields->push_back(std::move(cur));
      cur.clear();
      quoted_field = false;
      if (i >= record.size()) break;
      ++i;
      continue;
    }
    if (record[i] == '"') return Invalid("stray quote inside an unquoted CSV field");
    cur.push_back(record[i++]);
  }
  return absl::OkStatus();
}

absl::Status ParseCsvHeader(const std::vector<std::string>& fields,
                            CsvHeader* header) {
  header->names.clear();
  bool has_time = false;
  for (const std::string& f : fields) {
    std::string n = absl::AsciiStrToLower(absl::StripAsciiWhitespace(f));
    if (n == "timestamp" || n == "@timestamp" || n == "ts" || n == "date" ||
        n == "datetime" || n == "time") {
      n = has_time ? "" : "time";
      has_time = true;
    } else if (n == "message" || n == "msg" || n == "description" ||
               n == "summary" || n == "event") {
      n = "text";
    } else if (n == "who" || n == "user" || n == "author") {
      n = "actor";
    } else if (n == "key") {
      n = "correlation_key";
    } else if (n == "incident") {
      n = "incident_key";
    }
    header->names.push_back(n);
  }
  if (!has_time) {
    return Invalid("CSV header has no time column (time, timestamp, ts, date)");
  }
  return absl::OkStatus();
}

absl::Status ParseCsvRow(const CsvHeader& header,
                         const std::vector<std::string>& fields,
                         ImportContext* ctx, TimelineRecord* r) {
  if (fields.size() != header.names.size()) {
    return Invalid(absl::StrCat("expected ", header.names.size(), " fields, found ",
                                fields.size()));
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string& n = header.names[i];
    const std::string& v = fields[i];
    if (n == "time") {
      absl::StatusOr<ParsedTime> t = ParseAnyTime(v, ctx->zone);
      if (!t.ok()) return t.status();
      SetRecordTime(*t, v, r);
    } else if (n == "text") {
      r->text = v;
    } else if (n == "kind" && !v.empty()) {
      if (!ParseKindName(v, &r->kind)) {
        return Invalid(absl::StrCat("unknown kind \"", v, "\""));
      }
    } else if (n == "milestone" && !v.empty()) {
      if (!ParseMilestoneName(v, &r->milestone)) {
        return Invalid(absl::StrCat("unknown milestone \"", v, "\""));
      }
    } else if (n == "precision" && !v.empty()) {
      if (!ParsePrecisionName(v, &r->precision)) {
        return Invalid(absl::StrCat("unknown precision \"", v, "\""));
      }
    } else if (n == "uncertainty_seconds" && !v.empty()) {
      double d;
      if (!absl::SimpleAtod(v, &d) || !(d >= 0) || d > 1e7) {
        return Invalid("uncertainty_seconds must be a number between 0 and 1e7");
      }
      r->uncertainty_ns = static_cast<int64_t>(d * kNs);
    } else if (n == "actor") {
      r->actor = v;
    } else if (n == "system" && r->actor.empty()) {
      r->actor = v;
      r->actor_is_system = !v.empty();
    } else if (n == "id") {
      r->record_id = v;
    } else if (n == "correlation_key") {
      r->correlation_key = v;
    } else if (n == "incident_key") {
      r->incident_key = v;
    } else if (n == "tags" && !v.empty()) {
      for (absl::string_view t = v; !t.empty();) {
        size_t sc = t.find(';');
        absl::string_view tag = absl::StripAsciiWhitespace(t.substr(0, sc));
        if (!tag.empty()) r->tags.emplace_back(tag);
        t = sc == absl::string_view::npos ? absl::string_view() : t.substr(sc + 1);
      }
    }
  }
  if (r->kind == v1::EVENT_KIND_UNSPECIFIED) r->kind = v1::EVENT_KIND_OTHER;
  return absl::OkStatus();
}

bool QuickSyslogTime(absl::string_view line, FixedRfc3339Reader* stamps,
                     int64_t* time_ns) {
  // A line starting with the fixed layout starts with a digit and has '-'
  // at [4]: ParseSyslogLine's application log branch, which fails only on
  // the timestamp.
  ParsedTime t;
  if (!stamps->Read(line, &t)) return false;
  *time_ns = t.ns;
  return true;
}

absl::Status ParseSyslogLine(absl::string_view line, ImportContext* ctx,
                             int* last_month, int* year,
                             FixedRfc3339Reader* stamps, TimelineRecord* r) {
  r->kind = v1::EVENT_KIND_LOG;
  r->actor_is_system = true;
  absl::string_view rest = line;
  int pri = -1;
  if (!rest.empty() && rest[0] == '<') {
    size_t close = rest.find('>');
    if (close == absl::string_view::npos || close < 2 || close > 4 ||
        !absl::SimpleAtoi(rest.substr(1, close - 1), &pri) || pri > 191) {
      return Invalid("bad syslog priority \"<...>\"");
    }
    rest.remove_prefix(close + 1);
  }
  if (pri >= 0 && !ctx->check_only) {
    r->tags.push_back(absl::StrCat("severity:", kSeverities[pri % 8]));
  }
  if (rest.size() > 2 && rest[0] >= '1' && rest[0] <= '9' && rest[1] == ' ' &&
      pri >= 0) {
    // RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP
    // MSGID SP STRUCTURED-DATA [SP MSG]
    rest.remove_prefix(2);
    absl::string_view ts = NextToken(&rest);
    if (ts == "-") return Invalid("RFC 5424 line without a timestamp");
    absl::StatusOr<ParsedTime> t = ParseRfc3339Prefix(ts, ctx->zone);
    if (!t.ok()) return t.status();
    if (t->length != ts.size()) return Invalid("bad RFC 5424 timestamp");
    KeepTime(*ctx, *t, ts, r);
    absl::string_view host = NextToken(&rest);
    absl::string_view app = NextToken(&rest);
    NextToken(&rest);  // PROCID
    absl::string_view msgid = NextToken(&rest);
    if (rest.empty() && msgid.empty()) return Invalid("truncated RFC 5424 header");
    // STRUCTURED-DATA: "-" or one or more [id param="v"...] elements.
    if (!rest.empty() && rest[0] == '-') {
      rest.remove_prefix(1);
    } else {
      while (!rest.empty() && rest[0] == '[') {
        size_t i = 1;
        bool in_q = false;
        while (i < rest.size() && (in_q || rest[i] != ']')) {
          if (rest[i] == '\\') ++i;
          else if (rest[i] == '"') in_q = !in_q;
          ++i;
        }
        if (i >= rest.size()) return Invalid("unterminated RFC 5424 structured data");
        rest.remove_prefix(i + 1);
      }
    }
    if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    if (rest.size() >= 3 && rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
    Keep(*ctx, app != "-" ? app : host, &r->actor);
    if (msgid != "-" && !msgid.empty()) Keep(*ctx, msgid, &r->record_id);
    Keep(*ctx, rest, &r->text);
    return absl::OkStatus();
  }
  if (rest.size() >= 5 && rest[4] == '-' && absl::ascii_isdigit(rest[0])) {
    // Application log: RFC 3339 timestamp, then the message. Most logs
    // write the fixed layout, read without a Status (and, within a second
    // already read, by comparing bytes).
    ParsedTime t;
    if (!stamps->Read(rest, &t)) {
      absl::StatusOr<ParsedTime> parsed = ParseRfc3339Prefix(rest, ctx->zone);
      if (!parsed.ok()) return parsed.status();
      t = *parsed;
    }
    KeepTime(*ctx, t, rest.substr(0, t.length), r);
    rest.remove_prefix(t.length);
    Keep(*ctx, absl::StripLeadingAsciiWhitespace(rest), &r->text);
    return absl::OkStatus();
  }
  // RFC 3164: "Mmm dd hh:mm:ss HOST TAG: MSG", year supplied.
  absl::StatusOr<ParsedTime> t = ParseRfc3164Prefix(rest, *year, ctx->zone);
  if (!t.ok()) {
    return Invalid(absl::StrCat("no timestamp (RFC 3339, RFC 5424 or RFC 3164): ",
                                t.status().message()));
  }
  static constexpr absl::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  int month = static_cast<int>(kMonths.find(rest.substr(0, 3)) / 3) + 1;
  if (*last_month == 12 && month == 1) {
    // December to January: the log crossed into the next year.
    ++*year;
    t = ParseRfc3164Prefix(rest, *year, ctx->zone);
    if (!t.ok()) return t.status();
  }
  *last_month = month;
  KeepTime(*ctx, *t, rest.substr(0, t->length), r);
  rest.remove_prefix(t->length);
  rest = absl::StripLeadingAsciiWhitespace(rest);
  absl::string_view host = NextToken(&rest);
  size_t colon = rest.find(": ");
  if (colon != absl::string_view::npos && colon < 64 &&
      rest.substr(0, colon).find(' ') == absl::string_view::npos) {
    absl::string_view tag = rest.substr(0, colon);
    size_t bracket = tag.find('[');
    Keep(*ctx, tag.substr(0, bracket), &r->actor);
    rest.remove_prefix(colon + 2);
  } else {
    Keep(*ctx, host, &r->actor);
  }
  Keep(*ctx, rest, &r->text);
  return absl::OkStatus();
}

}  // namespace pmkit::internal
