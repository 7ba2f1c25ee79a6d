#include "src/blame/tokenizer.h"

#include <cstdint>
#include <cstring>

#include "absl/base/attributes.h"
#include "src/blame/ascii_scan.h"
#include "src/blame/word_hash.h"


namespace pmkit::blame_internal {
namespace {

// Byte classes for the tokenizer's fast paths.
enum : uint8_t { kOther = 0, kAlnum = 1, kHigh = 2 };

// What a byte means where a token may start (Tokenizer::Next).
enum : uint8_t {
  kStartSkip = 0,     // Spaces and punctuation that is neither break nor word.
  kStartWord,         // ASCII letter, digit or '_'.
  kStartAt,           // '@': a handle.
  kStartNewline,
  kStartComma,        // , ( ) -
  kStartEnd,          // . ! ? ; :
  kStartMarkdown,     // ` < ]: code, tags and link targets in Markdown.
  kStartHigh,         // Non-ASCII.
};

struct ByteTables {
  uint8_t kind[256];
  uint8_t start[256];
  char lower[256];
  constexpr ByteTables() : kind(), start(), lower() {
    for (int c = 0; c < 256; ++c) {
      bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || c == '_';
      kind[c] = alnum ? kAlnum : c >= 0x80 ? kHigh : kOther;
      lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      uint8_t s = kStartSkip;
      if (alnum) {
        s = kStartWord;
      } else if (c >= 0x80) {
        s = kStartHigh;
      } else if (c == '@') {
        s = kStartAt;
      } else if (c == '\n') {
        s = kStartNewline;
      } else if (c == ',' || c == '(' || c == ')' || c == '-') {
        s = kStartComma;
      } else if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') {
        s = kStartEnd;
      } else if (c == '`' || c == '<' || c == ']') {
        s = kStartMarkdown;
      }
      start[c] = s;
    }
  }
};
constexpr ByteTables kTables;

inline bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// U+2018/U+2019 (curly single quotes) are E2 80 98/99; the double quotes
// U+201C/U+201D are E2 80 9C/9D, dashes U+2013/U+2014 E2 80 93/94, the
// ellipsis U+2026 E2 80 A6, NBSP C2 A0.
inline bool IsCurlySingleQuote(absl::string_view t, size_t i) {
  return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 &&
         static_cast<unsigned char>(t[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(t[i + 2]) == 0x98 ||
          static_cast<unsigned char>(t[i + 2]) == 0x99);
}

// Non-ASCII sequences that are punctuation, not letters.
// Returns 0 when the bytes at i are not such punctuation, else its length;
// *comma says whether it breaks a clause.
inline size_t NonAsciiPunctuation(absl::string_view t, size_t i, bool* comma) {
  unsigned char b0 = static_cast<unsigned char>(t[i]);
  *comma = false;
  if (b0 == 0xC2 && i + 1 < t.size()) {
    unsigned char b1 = static_cast<unsigned char>(t[i + 1]);
    // NBSP, guillemets, inverted marks, middle dot.
    if (b1 == 0xA0 || b1 == 0xAB || b1 == 0xBB || b1 == 0xA1 ||
        b1 == 0xBF || b1 == 0xB7) {
      return 2;
    }
  }
  if (b0 == 0xE2 && i + 2 < t.size() &&
      static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char b2 = static_cast<unsigned char>(t[i + 2]);
    if (b2 == 0x93 || b2 == 0x94) *comma = true;
    // General punctuation block U+2000-U+203F: spaces, dashes, quotes,
    // bullets, ellipsis.
    return 3;
  }
  return 0;
}

// First byte of a word: ASCII letter/digit, '_', '@', or a non-ASCII
// sequence that is not punctuation (letters of other scripts, accents).
inline bool StartsWord(absl::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return IsAsciiAlnum(c) || c == '_' || c == '@';
  bool comma;
  return NonAsciiPunctuation(t, i, &comma) == 0;
}

inline bool IsWordByte(absl::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return IsAsciiAlnum(c) || c == '_' || c == '@';
  bool comma;
  return NonAsciiPunctuation(t, i, &comma) == 0;
}

bool StartsWithUrl(absl::string_view rest) {
  return (rest.size() > 7 && (rest.substr(0, 7) == "http://" ||
                              (rest.size() > 8 &&
                               rest.substr(0, 8) == "https://")));
}

// Where a Markdown block marker ("#", ">", "-", ...) stops: at a space, a
// line end, a word byte or a sentence-end byte.
bool EndsBlockMarker(unsigned char c) {
  const uint8_t start = kTables.start[c];
  return c == ' ' || start == kStartNewline || start == kStartWord ||
         start == kStartEnd;
}

}  // namespace

bool Tokenizer::AtLineStart() {
  line_start_ = false;
  size_t i = pos_;
  while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
  absl::string_view rest = text_.substr(i);
  if (rest.size() >= 3 &&
      (rest.substr(0, 3) == "```" || rest.substr(0, 3) == "~~~")) {
    in_fence_ = !in_fence_;
    pos_ = i + 3;
    return true;  // The fence line is skipped below.
  }
  if (in_fence_) return true;
  if (rest.empty()) return false;
  char c = rest[0];
  bool block = c == '#' || c == '>' || c == '|' ||
               ((c == '-' || c == '*' || c == '+') && rest.size() > 1 &&
                rest[1] == ' ');
  if (!block && c >= '0' && c <= '9') {
    size_t j = 0;
    while (j < rest.size() && rest[j] >= '0' && rest[j] <= '9') ++j;
    block = j < rest.size() && (rest[j] == '.' || rest[j] == ')');
  }
  return block;
}

bool Tokenizer::SkipMarkdown() {
  char c = text_[pos_];
  if (c == '`') {
    size_t close = text_.find('`', pos_ + 1);
    size_t para = text_.find("\n\n", pos_ + 1);
    if (close != absl::string_view::npos && close < para) {
      pos_ = close + 1;
      return true;
    }
    return false;
  }
  if (c == '<' && pos_ + 1 < text_.size()) {
    char n = text_[pos_ + 1];
    if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' ||
        n == '!') {
      size_t close = text_.find('>', pos_ + 1);
      size_t line = text_.find('\n', pos_ + 1);
      if (close != absl::string_view::npos && close < line) {
        pos_ = close + 1;
        return true;
      }
    }
    return false;
  }
  if (c == ']' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '(') {
    size_t close = text_.find(')', pos_ + 2);
    size_t line = text_.find('\n', pos_ + 2);
    if (close != absl::string_view::npos && close < line) {
      pos_ = close + 1;
      return true;
    }
  }
  return false;
}

absl::string_view AsciiLowerToken(absl::string_view text, char* out) {
  if (text.size() > kMaxLowerBytes) return absl::string_view();
  for (size_t i = 0; i < text.size(); ++i) {
    out[i] = kTables.lower[static_cast<unsigned char>(text[i])];
  }
  return absl::string_view(out, text.size());
}

ABSL_ATTRIBUTE_ALWAYS_INLINE inline void Tokenizer::FastWord(RawToken* token) {
  const size_t size = text_.size();
  const unsigned char* data =
      reinterpret_cast<const unsigned char*>(text_.data());
  const size_t start = pos_;
  size_t i = start + 1;
  while (true) {
    i = SkipAsciiWordBytes(data, i, size);
    if (i >= size) break;
    const unsigned char c = data[i];
    if (c == '.' || c == '-' || c == '/') {
      // A joiner stays in the word when a word byte follows ("on-call",
      // "9.6"); a non-ASCII one needs the careful path.
      if (i + 1 < size) {
        const unsigned char next = data[i + 1];
        if (kTables.kind[next] == kAlnum) {
          i += 2;
          continue;
        }
        if (next >= 0x80) {
          SlowWord(token);
          return;
        }
      }
      break;
    }
    // Apostrophes (contractions), handles and non-ASCII letters or quotes.
    if (c == '\'' || c == '@' || c >= 0x80) {
      SlowWord(token);
      return;
    }
    break;
  }
  pos_ = i;
  token->kind = TokenKind::kWord;
  token->start = static_cast<uint32_t>(start);
  token->end = static_cast<uint32_t>(i);
  token->simple = true;
  token->hash = HashWordBytes(text_.data() + start, i - start, size - start);
  token->lower = absl::string_view();
  token->text = text_.substr(start, i - start);
}

void Tokenizer::Next(RawToken* token) {
  token->question = false;
  token->handle = false;
  if (pending_end_ != 0) {
    token->kind = TokenKind::kWord;
    token->start = pending_start_;
    token->end = pending_end_;
    token->simple = false;
    token->hash = pending_hash_;
    token->lower = pending_lower_;
    token->text = text_.substr(pending_start_, pending_end_ - pending_start_);
    pending_end_ = 0;
    return;
  }
  const size_t size = text_.size();
  const unsigned char* data =
      reinterpret_cast<const unsigned char*>(text_.data());
  while (true) {
    if (pos_ >= size) {
      token->start = token->end = static_cast<uint32_t>(size);
      if (!ended_) {
        ended_ = true;
        token->kind = TokenKind::kSentenceEnd;
        return;
      }
      token->kind = TokenKind::kEnd;
      return;
    }
    if (line_start_ && markdown_) {
      bool block = AtLineStart();
      if (in_fence_ || block) {
        if (in_fence_) {
          size_t nl = text_.find('\n', pos_);
          pos_ = nl == absl::string_view::npos ? size : nl;
        }
        if (!ended_) {
          ended_ = true;
          token->kind = TokenKind::kSentenceEnd;
          token->start = token->end = static_cast<uint32_t>(pos_);
          return;
        }
        if (in_fence_) continue;
        // Skip the block marker itself. It ends where the quiet-text pass
        // (quiet_text.h) sees more than punctuation: at a word byte ('_'
        // included) or a sentence-end byte, so that the two agree on where
        // words and sentences are.
        while (pos_ < size && !EndsBlockMarker(data[pos_])) ++pos_;
        continue;
      }
    }
    const unsigned char c = data[pos_];
    switch (kTables.start[c]) {
      case kStartSkip:
        // Spaces and other punctuation; none of them starts a line.
        do {
          ++pos_;
        } while (pos_ < size && kTables.start[data[pos_]] == kStartSkip);
        continue;
      case kStartWord:
        if (c == 'h' && StartsWithUrl(text_.substr(pos_))) {
          while (pos_ < size && text_[pos_] != ' ' && text_[pos_] != '\n' &&
                 text_[pos_] != '\t' && text_[pos_] != ')' &&
                 text_[pos_] != '>') {
            ++pos_;
          }
          continue;
        }
        if (copy_all_words_) {
          SlowWord(token);
        } else {
          FastWord(token);
        }
        ended_ = false;
        return;
      case kStartAt:
        SlowWord(token);
        ended_ = false;
        return;
      case kStartMarkdown:
        if (markdown_ && SkipMarkdown()) continue;
        ++pos_;
        continue;
      case kStartNewline: {
        ++pos_;
        line_start_ = true;
        size_t i = pos_;
        while (i < size && (text_[i] == ' ' || text_[i] == '\t' ||
                            text_[i] == '\r')) {
          ++i;
        }
        if ((i >= size || text_[i] == '\n') && !ended_) {
          ended_ = true;
          token->kind = TokenKind::kSentenceEnd;
          token->start = token->end = static_cast<uint32_t>(pos_);
          return;
        }
        continue;
      }
      case kStartComma: {
        uint32_t at = static_cast<uint32_t>(pos_);
        ++pos_;
        if (ended_) continue;
        token->kind = TokenKind::kComma;
        token->start = at;
        token->end = at + 1;
        return;
      }
      case kStartEnd: {
        uint32_t at = static_cast<uint32_t>(pos_);
        bool question = false;
        while (pos_ < size && kTables.start[data[pos_]] == kStartEnd) {
          question |= data[pos_] == '?';
          ++pos_;
        }
        if (ended_) continue;
        ended_ = true;
        token->kind = TokenKind::kSentenceEnd;
        token->question = question;
        token->start = at;
        token->end = static_cast<uint32_t>(pos_);
        return;
      }
      default:  // kStartHigh
        break;
    }
    if (StartsWord(text_, pos_)) {
      SlowWord(token);
      ended_ = false;
      return;
    }
    bool comma = false;
    size_t length = NonAsciiPunctuation(text_, pos_, &comma);
    uint32_t at = static_cast<uint32_t>(pos_);
    pos_ += length == 0 ? 1 : length;
    if (comma && !ended_) {
      token->kind = TokenKind::kComma;
      token->start = at;
      token->end = static_cast<uint32_t>(pos_);
      return;
    }
  }
}

void Tokenizer::SlowWord(RawToken* token) {
  Word(token);
  token->simple = false;
  token->hash = token->lower.empty() ? 0 : HashWord(token->lower);
  if (pending_end_ != 0) pending_hash_ = HashWord(pending_lower_);
}

void Tokenizer::Word(RawToken* token) {
  const size_t size = text_.size();
  const size_t start = pos_;
  size_t length = 0;  // Bytes in buffer_.
  bool fits = true;
  bool handle = false;
  // Position of the last apostrophe in the text and in buffer_.
  size_t apostrophe = 0, apostrophe_lower = 0;
  bool has_apostrophe = false;
  auto put = [&](char ch) {
    if (length < sizeof(buffer_)) {
      buffer_[length++] = ch;
    } else {
      fits = false;
    }
  };
  const unsigned char* data = reinterpret_cast<const unsigned char*>(text_.data());
  while (pos_ < size) {
    // Fast path: a run of ASCII letters and digits.
    while (pos_ < size && kTables.kind[data[pos_]] == kAlnum &&
           length < sizeof(buffer_)) {
      buffer_[length++] = kTables.lower[data[pos_++]];
    }
    if (pos_ >= size) break;
    unsigned char c = data[pos_];
    if (c < 0x80) {
      if (kTables.kind[c] == kAlnum) {
        fits = false;  // Longer than the buffer.
        ++pos_;
        continue;
      }
      if (c == '@') {
        handle = true;
        put('@');
        ++pos_;
        continue;
      }
      // Joiners: kept when a word byte follows ("on-call", "9.6", "it's").
      if ((c == '.' || c == '-' || c == '\'' || c == '/') &&
          pos_ + 1 < size && IsWordByte(text_, pos_ + 1) &&
          text_[pos_ + 1] != '@') {
        if (c == '\'') {
          has_apostrophe = true;
          apostrophe = pos_;
          apostrophe_lower = length;
        }
        put(static_cast<char>(c));
        ++pos_;
        continue;
      }
      break;
    }
    if (IsCurlySingleQuote(text_, pos_)) {
      if (pos_ + 3 < size && IsWordByte(text_, pos_ + 3)) {
        has_apostrophe = true;
        apostrophe = pos_;
        apostrophe_lower = length;
        put('\'');
        pos_ += 3;
        continue;
      }
      break;
    }
    bool comma;
    if (NonAsciiPunctuation(text_, pos_, &comma) != 0) break;
    // A letter of another script: copy the whole sequence.
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    for (size_t k = 0; k < n && pos_ < size; ++k) put(text_[pos_++]);
  }
  token->kind = TokenKind::kWord;
  token->start = static_cast<uint32_t>(start);
  token->end = static_cast<uint32_t>(pos_);
  token->handle = handle && length > 1;
  token->lower = fits ? absl::string_view(buffer_, length) : absl::string_view();
  token->text = text_.substr(start, pos_ - start);
  if (!has_apostrophe || !fits) return;
  // Split contractions.
  absl::string_view lower(buffer_, length);
  absl::string_view suffix = lower.substr(apostrophe_lower);
  if (suffix == "'t" && apostrophe_lower >= 2 &&
      lower[apostrophe_lower - 1] == 'n') {
    absl::string_view stem = lower.substr(0, apostrophe_lower - 1);
    if (stem == "ca") stem = "can";
    if (stem == "wo") stem = "will";
    if (stem == "sha") stem = "shall";
    token->lower = stem;
    token->end = static_cast<uint32_t>(apostrophe - 1);
    token->text = text_.substr(start, token->end - start);
    pending_start_ = token->end;
    pending_end_ = static_cast<uint32_t>(pos_);
    pending_lower_ = "not";
    return;
  }
  if (suffix == "'ve" || suffix == "'s" || suffix == "'re" ||
      suffix == "'ll" || suffix == "'d" || suffix == "'m") {
    if (apostrophe_lower == 0) return;
    token->lower = lower.substr(0, apostrophe_lower);
    token->end = static_cast<uint32_t>(apostrophe);
    token->text = text_.substr(start, token->end - start);
    pending_start_ = token->end;
    pending_end_ = static_cast<uint32_t>(pos_);
    pending_lower_ = suffix == "'ve" ? absl::string_view("have") : suffix;
  }
}

}  // namespace pmkit::blame_internal
