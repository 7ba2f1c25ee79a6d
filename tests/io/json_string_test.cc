// JSON string literals as protobuf's printer escapes them; the exhaustive
// comparison with protobuf is in report_json_test.cc.
#include "src/io/json_string.h"

#include <string>

#include "gtest/gtest.h"

namespace pmkit::io_internal {
namespace {

std::string Literal(absl::string_view text, bool* valid) {
  std::string out;
  *valid = AppendJsonString(text, &out);
  return out;
}

TEST(JsonStringTest, EscapesWhatProtobufEscapes) {
  bool valid = false;
  EXPECT_EQ(Literal("a\"b\\c\n\t\x01<>\x7f&'", &valid),
            "\"a\\\"b\\\\c\\n\\t\\u0001\\u003c\\u003e\\u007f&'\"");
  EXPECT_TRUE(valid);
  // é is copied; U+2028 and U+E0001 (a surrogate pair) are escaped.
  EXPECT_EQ(Literal("\xC3\xA9\xE2\x80\xA8\xF3\xA0\x80\x81", &valid),
            "\"\xC3\xA9\\u2028\\udb40\\udc01\"");
  EXPECT_TRUE(valid);
}

// Invalid UTF-8 is reported and its bytes copied as they are, so writers
// that cannot decline (SARIF) keep the text.
TEST(JsonStringTest, CopiesInvalidUtf8AndSaysSo) {
  bool valid = true;
  EXPECT_EQ(Literal("a\xC3(b<", &valid), "\"a\xC3(b\\u003c\"");
  EXPECT_FALSE(valid);
}

}  // namespace
}  // namespace pmkit::io_internal
