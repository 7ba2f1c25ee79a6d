#include "src/io/json_string.h"

#include <cstdint>

#include "src/io/utf8.h"

namespace pmkit::io_internal {
namespace {

// Code points protobuf's JSON escaping writes as \uXXXX although JSON does
// not require it (C1 controls and invisible format characters), found by
// printing every code point with protobuf.
bool EscapedCodePoint(uint32_t c) {
  if (c < 0x2000) {
    return (c >= 0x80 && c <= 0x9f) || c == 0xad ||
           (c >= 0x600 && c <= 0x603) || c == 0x6dd || c == 0x70f ||
           c == 0x17b4 || c == 0x17b5;
  }
  if (c < 0x10000) {
    return (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
           (c >= 0x2060 && c <= 0x2064) || (c >= 0x206a && c <= 0x206f) ||
           c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb);
  }
  return (c >= 0x1d173 && c <= 0x1d17a) || c == 0xe0001 ||
         (c >= 0xe0020 && c <= 0xe007f);
}

// \uXXXX for a UTF-16 code unit, in lower-case hex as protobuf writes it.
void AppendUnicodeEscape(uint32_t unit, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char escape[6] = {'\\', 'u', kHex[(unit >> 12) & 15],
                          kHex[(unit >> 8) & 15], kHex[(unit >> 4) & 15],
                          kHex[unit & 15]};
  out->append(escape, sizeof(escape));
}

// ASCII bytes written as they are: printable, except " \ < >.
struct PlainTable {
  bool plain[128];
  constexpr PlainTable() : plain() {
    for (int c = 0x20; c < 0x7f; ++c) {
      plain[c] = c != '"' && c != '\\' && c != '<' && c != '>';
    }
  }
};
constexpr PlainTable kPlain;

}  // namespace

bool AppendJsonString(absl::string_view text, std::string* out) {
  bool valid = true;
  out->push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    size_t plain_end = i;
    while (plain_end < text.size() &&
           static_cast<unsigned char>(text[plain_end]) < 0x80 &&
           kPlain.plain[static_cast<unsigned char>(text[plain_end])]) {
      ++plain_end;
    }
    out->append(text.data() + i, plain_end - i);
    i = plain_end;
    if (i == text.size()) break;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default: AppendUnicodeEscape(c, out); break;  // Controls, < > DEL.
      }
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) {
      out->push_back(static_cast<char>(c));
      valid = false;
      ++i;
      continue;
    }
    uint32_t code_point = c & (0x7f >> length);
    for (size_t k = 1; k < length; ++k) {
      code_point =
          (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    }
    if (!EscapedCodePoint(code_point)) {
      out->append(text.data() + i, length);
    } else if (code_point < 0x10000) {
      AppendUnicodeEscape(code_point, out);
    } else {
      const uint32_t offset = code_point - 0x10000;
      AppendUnicodeEscape(0xd800 + (offset >> 10), out);
      AppendUnicodeEscape(0xdc00 + (offset & 0x3ff), out);
    }
    i += length;
  }
  out->push_back('"');
  return valid;
}

}  // namespace pmkit::io_internal
