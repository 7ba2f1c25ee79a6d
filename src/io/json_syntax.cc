#include "src/io/json_syntax.h"

#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"
#include "src/io/utf8.h"

namespace pmkit::io_internal {
namespace {

// Iterative (not recursive) so hostile nesting cannot overflow the stack:
// a stack of open containers is kept as a string of '[' and '{'.
class JsonChecker {
 public:
  JsonChecker(absl::string_view text, int max_depth)
      : text_(text), max_depth_(max_depth) {}

  absl::Status Check() {
    SkipWhitespace();
    if (AtEnd()) return Error("expected a JSON value, found end of input");
    // States: expecting a value; after a value (expecting ',' or a closer).
    bool want_value = true;
    while (true) {
      SkipWhitespace();
      if (want_value) {
        if (AtEnd()) return Error("unexpected end of input, expected a value");
        char c = text_[pos_];
        if (c == '{' || c == '[') {
          if (static_cast<int>(open_.size()) >= max_depth_) {
            return Error(absl::StrCat("nesting deeper than ", max_depth_,
                                      " levels"));
          }
          open_.push_back(c);
          ++pos_;
          SkipWhitespace();
          char closer = c == '{' ? '}' : ']';
          if (!AtEnd() && text_[pos_] == closer) {
            ++pos_;
            open_.pop_back();
            want_value = false;
          } else if (c == '{') {
            if (absl::Status s = ObjectKey(); !s.ok()) return s;
          }
          continue;
        }
        if (absl::Status s = Scalar(); !s.ok()) return s;
        want_value = false;
        continue;
      }
      // After a complete value.
      if (open_.empty()) {
        if (!AtEnd()) return Error("unexpected data after the JSON value");
        return absl::OkStatus();
      }
      if (AtEnd()) return Error("unexpected end of input, missing closer");
      char c = text_[pos_];
      char closer = open_.back() == '{' ? '}' : ']';
      if (c == closer) {
        ++pos_;
        open_.pop_back();
        continue;
      }
      if (c != ',') {
        return Error(absl::StrCat("expected ',' or '", std::string(1, closer),
                                  "'"));
      }
      ++pos_;
      SkipWhitespace();
      if (open_.back() == '{') {
        if (absl::Status s = ObjectKey(); !s.ok()) return s;
      }
      want_value = true;
    }
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }

  void SkipWhitespace() {
    while (!AtEnd()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  // Reads `"key" :` and leaves the position at the value.
  absl::Status ObjectKey() {
    SkipWhitespace();
    if (AtEnd() || text_[pos_] != '"') return Error("expected a quoted key");
    if (absl::Status s = String(); !s.ok()) return s;
    SkipWhitespace();
    if (AtEnd() || text_[pos_] != ':') return Error("expected ':' after key");
    ++pos_;
    return absl::OkStatus();
  }

  absl::Status Scalar() {
    char c = text_[pos_];
    if (c == '"') return String();
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    for (absl::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return absl::OkStatus();
      }
    }
    return Error("expected a JSON value");
  }

  absl::Status String() {
    size_t start = pos_++;
    while (!AtEnd()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return absl::OkStatus();
      }
      if (c < 0x20) return Error("control character in string");
      if (c == '\\') {
        ++pos_;
        if (AtEnd()) break;
        char e = text_[pos_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (pos_ + i >= text_.size() || !IsHex(text_[pos_ + i])) {
              return Error("bad \\u escape in string");
            }
          }
          pos_ += 5;
          continue;
        }
        if (absl::string_view("\"\\/bfnrt").find(e) == absl::string_view::npos) {
          return Error("bad escape in string");
        }
        ++pos_;
        continue;
      }
      if (c < 0x80) {
        ++pos_;
        continue;
      }
      size_t length = Utf8SequenceLength(text_.substr(pos_));
      if (length == 0) return Error("invalid UTF-8 in string");
      pos_ += length;
    }
    pos_ = start;
    return Error("unterminated string");
  }

  absl::Status Number() {
    if (text_[pos_] == '-') ++pos_;
    if (AtEnd() || !IsDigit(text_[pos_])) return Error("bad number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    }
    if (!AtEnd() && text_[pos_] == '.') {
      ++pos_;
      if (AtEnd() || !IsDigit(text_[pos_])) return Error("bad number");
      while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    }
    if (!AtEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (AtEnd() || !IsDigit(text_[pos_])) return Error("bad number");
      while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    }
    return absl::OkStatus();
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static bool IsHex(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  absl::Status Error(absl::string_view what) const {
    size_t line = 1;
    size_t line_start = 0;
    size_t end = pos_ < text_.size() ? pos_ : text_.size();
    for (size_t i = 0; i < end; ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", line, ", column ", end - line_start + 1, ": ", what));
  }

  absl::string_view text_;
  int max_depth_;
  size_t pos_ = 0;
  std::string open_;
};

}  // namespace

absl::Status CheckJsonSyntax(absl::string_view text, int max_depth) {
  return JsonChecker(text, max_depth).Check();
}

}  // namespace pmkit::io_internal
