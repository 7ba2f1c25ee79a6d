#include "src/io/json_syntax.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pmkit::io_internal {
namespace {

absl::Status Check(absl::string_view text) { return CheckJsonSyntax(text, 100); }

TEST(JsonSyntaxTest, AcceptsWellFormedValues) {
  for (absl::string_view ok :
       {"{}", "[]", "0", "-1.5e+10", "\"a\\u00e9\\n\"", "true", " null ",
        R"({"a": [1, {"b": false}], "c": "Zoë"})"}) {
    EXPECT_TRUE(Check(ok).ok()) << ok << ": " << Check(ok);
  }
}

TEST(JsonSyntaxTest, ReportsPositionOfFirstError) {
  struct Case {
    absl::string_view text;
    absl::string_view error;
  };
  for (const Case& c : {
           Case{"", "line 1, column 1: expected a JSON value, found end of input"},
           Case{"{", "line 1, column 2: expected a quoted key"},
           Case{"{\"a\":1,}", "line 1, column 8: expected a quoted key"},
           Case{"[1 2]", "line 1, column 4: expected ',' or ']'"},
           Case{"[1,\n  tru]", "line 2, column 3: expected a JSON value"},
           Case{"\"abc", "line 1, column 1: unterminated string"},
           Case{"\"a\\x\"", "line 1, column 4: bad escape in string"},
           Case{"01", "line 1, column 2: unexpected data after the JSON value"},
           Case{"-", "line 1, column 2: bad number"},
           Case{"\"\xC3\x28\"", "line 1, column 2: invalid UTF-8 in string"},
           Case{"\"\xED\xA0\x80\"", "line 1, column 2: invalid UTF-8 in string"},
           Case{"\"a\tb\"", "line 1, column 3: control character in string"},
           Case{"{} {}", "line 1, column 4: unexpected data after the JSON value"},
       }) {
    absl::Status status = Check(c.text);
    EXPECT_EQ(status.message(), c.error) << c.text;
  }
}

TEST(JsonSyntaxTest, LimitsNesting) {
  std::string ok = std::string(100, '[') + std::string(100, ']');
  EXPECT_TRUE(Check(ok).ok());
  std::string deep = std::string(101, '[') + std::string(101, ']');
  EXPECT_EQ(Check(deep).message(), "line 1, column 101: nesting deeper than 100 levels");
}

}  // namespace
}  // namespace pmkit::io_internal
