// Splitting a JSON document into top-level items with their line numbers,
// so each malformed item is reported at its own line, and the JSON helpers
// over google.protobuf.Value.
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "src/timeline/import_internal.h"

namespace pmkit::internal {
namespace {

// Scanner over JSON text that tracks line numbers and skips strings.
class Scanner {
 public:
  explicit Scanner(absl::string_view s) : s_(s) {}
  size_t pos() const { return i_; }
  int64_t line() const { return line_; }
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }

  void SkipSpace() {
    while (i_ < s_.size() && absl::ascii_isspace(static_cast<unsigned char>(s_[i_]))) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }
  // Skips one value (object, array, string, literal); false when broken.
  bool SkipValue(std::string* error) {
    if (done()) return Fail("unexpected end of input", error);
    char c = s_[i_];
    if (c == '"') return SkipString(error);
    if (c == '{' || c == '[') {
      // Depth-counted walk; nesting is bounded by the input, no recursion.
      int depth = 0;
      while (i_ < s_.size()) {
        char d = s_[i_];
        if (d == '"') {
          if (!SkipString(error)) return false;
          continue;
        }
        if (d == '\n') ++line_;
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') {
          if (--depth == 0) {
            ++i_;
            return true;
          }
        }
        ++i_;
      }
      return Fail("unterminated object or array", error);
    }
    // Literal: up to a delimiter.
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ']' && s_[i_] != '}' &&
           !absl::ascii_isspace(static_cast<unsigned char>(s_[i_]))) {
      ++i_;
    }
    if (i_ == start) return Fail(absl::StrCat("unexpected '", std::string(1, c), "'"), error);
    return true;
  }
  bool SkipString(std::string* error) {
    ++i_;  // Opening quote.
    while (i_ < s_.size()) {
      char d = s_[i_];
      if (d == '\\') {
        i_ += 2;
        continue;
      }
      if (d == '\n') return Fail("newline inside a string", error);
      ++i_;
      if (d == '"') return true;
    }
    return Fail("unterminated string", error);
  }
  bool Expect(char c) {
    if (done() || s_[i_] != c) return false;
    ++i_;
    return true;
  }

 private:
  bool Fail(const std::string& message, std::string* error) {
    *error = message;
    return false;
  }
  absl::string_view s_;
  size_t i_ = 0;
  int64_t line_ = 1;
};

absl::Status Broken(const Scanner& sc, const std::string& error) {
  return absl::InvalidArgumentError(
      absl::StrCat("line ", sc.line(), ": malformed JSON document: ", error));
}

// Walks the elements of the array that starts at the scanner's position.
absl::Status ForEachElement(
    Scanner& sc, absl::string_view data,
    const std::function<bool(absl::string_view, int64_t)>& item) {
  sc.Expect('[');
  std::string error;
  for (;;) {
    sc.SkipSpace();
    if (sc.done()) return Broken(sc, "unterminated array");
    if (sc.Expect(']')) return absl::OkStatus();
    size_t start = sc.pos();
    int64_t line = sc.line();
    if (!sc.SkipValue(&error)) return Broken(sc, error);
    if (!item(data.substr(start, sc.pos() - start), line)) {
      return absl::OkStatus();
    }
    sc.SkipSpace();
    if (sc.Expect(',')) continue;
    if (sc.Expect(']')) return absl::OkStatus();
    return Broken(sc, "expected ',' or ']' between array elements");
  }
}

}  // namespace

absl::Status ForEachJsonItem(
    absl::string_view data, absl::string_view array_key,
    const std::function<bool(absl::string_view, int64_t)>& item) {
  Scanner sc(data);
  sc.SkipSpace();
  if (sc.done()) return absl::OkStatus();
  if (sc.peek() == '[') return ForEachElement(sc, data, item);
  std::string error;
  if (sc.peek() == '{' && !array_key.empty()) {
    // Look for "array_key": [ at the top level of the object.
    Scanner probe = sc;
    probe.Expect('{');
    for (;;) {
      probe.SkipSpace();
      if (probe.done() || probe.peek() != '"') break;
      size_t kstart = probe.pos();
      if (!probe.SkipString(&error)) return Broken(probe, error);
      absl::string_view key = data.substr(kstart + 1, probe.pos() - kstart - 2);
      probe.SkipSpace();
      if (!probe.Expect(':')) break;
      probe.SkipSpace();
      if (key == array_key && !probe.done() && probe.peek() == '[') {
        return ForEachElement(probe, data, item);
      }
      if (!probe.SkipValue(&error)) return Broken(probe, error);
      probe.SkipSpace();
      if (!probe.Expect(',')) break;
    }
  }
  // Concatenated top-level values (one object, or JSON Lines).
  while (!sc.done()) {
    size_t start = sc.pos();
    int64_t line = sc.line();
    if (!sc.SkipValue(&error)) return Broken(sc, error);
    if (!item(data.substr(start, sc.pos() - start), line)) {
      return absl::OkStatus();
    }
    sc.SkipSpace();
  }
  return absl::OkStatus();
}

bool ParseJson(absl::string_view text, google::protobuf::Value* value,
               std::string* error) {
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(
      std::string(text), value, options);
  if (!status.ok()) {
    *error = std::string(status.message());
    if (error->empty()) *error = "invalid JSON";
    return false;
  }
  return true;
}

const google::protobuf::Value* Member(const google::protobuf::Value& v,
                                      absl::string_view path) {
  const google::protobuf::Value* cur = &v;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (cur->kind_case() != google::protobuf::Value::kStructValue) return nullptr;
    const auto& fields = cur->struct_value().fields();
    auto it = fields.find(std::string(part));
    if (it == fields.end()) return nullptr;
    cur = &it->second;
  }
  return cur;
}

std::string StringAt(const google::protobuf::Value& v, absl::string_view path) {
  const google::protobuf::Value* m = Member(v, path);
  if (m == nullptr) return "";
  switch (m->kind_case()) {
    case google::protobuf::Value::kStringValue:
      return m->string_value();
    case google::protobuf::Value::kNumberValue: {
      double d = m->number_value();
      if (d == static_cast<double>(static_cast<int64_t>(d)) && d < 9e15 && d > -9e15) {
        return absl::StrCat(static_cast<int64_t>(d));
      }
      return absl::StrCat(d);
    }
    case google::protobuf::Value::kBoolValue:
      return m->bool_value() ? "true" : "false";
    default:
      return "";
  }
}

}  // namespace pmkit::internal
