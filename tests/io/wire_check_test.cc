#include "src/io/wire_check.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit::io_internal {
namespace {

using ::testing::HasSubstr;

const google::protobuf::Descriptor* Schema() {
  return v1::Postmortem::descriptor();
}

TEST(WireCheckTest, SoundDataHasNoError) {
  v1::Postmortem postmortem;
  postmortem.set_title("ok");
  postmortem.add_timeline()->set_text("event");
  EXPECT_EQ(LocateWireError(postmortem.SerializeAsString(), Schema(), 100), "");
}

TEST(WireCheckTest, TruncatedNestedMessage) {
  v1::Postmortem postmortem;
  postmortem.add_timeline()->set_text("an event");
  std::string bytes = postmortem.SerializeAsString();
  bytes.pop_back();
  EXPECT_THAT(LocateWireError(bytes, Schema(), 100),
              HasSubstr("byte 0: field 21 (pmkit.v1.Postmortem.timeline): length"));
}

TEST(WireCheckTest, InvalidUtf8InNestedStringGivesItsOffset) {
  v1::Postmortem postmortem;
  postmortem.add_timeline()->set_text("ab");
  std::string bytes = postmortem.SerializeAsString();
  bytes[bytes.size() - 1] = '\xff';
  EXPECT_EQ(LocateWireError(bytes, Schema(), 100),
            absl::StrCat("byte ", bytes.size() - 1,
                         ": field 4 (pmkit.v1.TimelineEvent.text): string is not "
                         "valid UTF-8"));
}

TEST(WireCheckTest, InvalidWireTypeAndFieldZero) {
  EXPECT_EQ(LocateWireError(std::string("\x0F", 1), Schema(), 100),
            "byte 0: field 1 (pmkit.v1.Postmortem.id): invalid wire type 7");
  EXPECT_EQ(LocateWireError(std::string("\x00\x01", 2), Schema(), 100),
            "byte 0: field number 0 is invalid");
}

TEST(WireCheckTest, GroupsMustBeClosed) {
  // Field 900, start group (wire type 3), never closed.
  EXPECT_THAT(LocateWireError(std::string("\xA3\x38", 2), Schema(), 100),
              HasSubstr("has no end marker"));
  // End group with no start.
  EXPECT_THAT(LocateWireError(std::string("\xA4\x38", 2), Schema(), 100),
              HasSubstr("without a matching start"));
}

TEST(WireCheckTest, DeepNestingIsCapped) {
  std::string nested;
  for (int i = 0; i < 200; ++i) nested = "\xA3\x38" + nested + "\xA4\x38";
  EXPECT_THAT(LocateWireError(nested, Schema(), 100), HasSubstr("nesting deeper"));
}

TEST(WireCheckTest, TruncatedVarintAndFixed) {
  EXPECT_THAT(LocateWireError(std::string("\xB8\x3E\x80", 3), Schema(), 100),
              HasSubstr("truncated varint"));
  EXPECT_THAT(LocateWireError(std::string("\xB9\x3E\x01\x02", 4), Schema(), 100),
              HasSubstr("truncated 64-bit value"));
  EXPECT_THAT(LocateWireError(std::string("\x80", 1), Schema(), 100),
              HasSubstr("truncated or overlong field tag"));
}

}  // namespace
}  // namespace pmkit::io_internal
