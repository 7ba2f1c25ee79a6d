// Lossless round trips through every format, golden files for the bundled
// sample, and unknown fields surviving binary.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "pmkit/io.h"
#include "tests/testing/fill_fields.h"

namespace pmkit {
namespace {

using google::protobuf::util::MessageDifferencer;

const std::string kSample = std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem";

class EveryFormatTest : public ::testing::TestWithParam<Format> {};

TEST_P(EveryFormatTest, EveryFieldSurvivesARoundTrip) {
  v1::Postmortem original;
  testing::FillAllFields(&original);
  for (bool pretty : {true, false}) {
    WriteOptions options;
    options.pretty = pretty;
    absl::StatusOr<std::string> bytes = SerializeMessage(original, GetParam(), options);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(*bytes, GetParam());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    std::string diff;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(original, *parsed)) << diff;
  }
}

TEST_P(EveryFormatTest, SampleRoundTripsAndMatchesGolden) {
  absl::StatusOr<v1::Postmortem> sample =
      ParsePostmortem(testing::ReadFileOrDie(kSample + ".textproto"), Format::kText);
  ASSERT_TRUE(sample.ok()) << sample.status();
  absl::StatusOr<std::string> bytes = SerializeMessage(*sample, GetParam());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*sample, *parsed));
  if (GetParam() == Format::kJson) testing::ExpectMatchesGolden(*bytes, kSample + ".json");
  if (GetParam() == Format::kBinary) testing::ExpectMatchesGolden(*bytes, kSample + ".binpb");
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormatTest,
                         ::testing::Values(Format::kBinary, Format::kJson, Format::kText),
                         [](const auto& info) { return std::string(FormatName(info.param)); });

TEST(RoundTripTest, CommittedSampleFormatsAgree) {
  absl::StatusOr<v1::Postmortem> text =
      ParsePostmortem(testing::ReadFileOrDie(kSample + ".textproto"));
  absl::StatusOr<v1::Postmortem> json =
      ParsePostmortem(testing::ReadFileOrDie(kSample + ".json"));
  absl::StatusOr<v1::Postmortem> binary =
      ParsePostmortem(testing::ReadFileOrDie(kSample + ".binpb"));
  ASSERT_TRUE(text.ok() && json.ok() && binary.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(*text, *json));
  EXPECT_TRUE(MessageDifferencer::Equals(*text, *binary));
}

TEST(RoundTripTest, BinaryOutputIsDeterministic) {
  v1::Postmortem postmortem;
  testing::FillAllFields(&postmortem);
  (*postmortem.mutable_custom_fields())["zeta"].set_bool_value(true);
  (*postmortem.mutable_custom_fields())["alpha"].set_int_value(3);
  std::string first = *SerializeMessage(postmortem, Format::kBinary);
  v1::Postmortem copy = *ParsePostmortem(first, Format::kBinary);
  EXPECT_EQ(first, *SerializeMessage(copy, Format::kBinary));
}

TEST(RoundTripTest, UnknownFieldsFromANewerSchemaSurviveBinary) {
  v1::Postmortem postmortem;
  postmortem.set_title("from a newer writer");
  postmortem.add_action_items()->set_id("AI-1");
  std::string bytes = postmortem.SerializeAsString();
  // Top level: field 999 (varint 1) and field 1000 (bytes "new").
  const std::string top_unknown = std::string("\xB8\x3E\x01", 3) + "\xC2\x3E\x03new";
  bytes += top_unknown;
  absl::StatusOr<v1::Postmortem> parsed = ParsePostmortem(bytes, Format::kBinary);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(CountUnknownFields(*parsed), 2u);
  std::string written = *SerializeMessage(*parsed, Format::kBinary);
  EXPECT_THAT(written, ::testing::HasSubstr(top_unknown));
  // And they survive a second generation.
  EXPECT_EQ(CountUnknownFields(*ParsePostmortem(written, Format::kBinary)), 2u);
}

TEST(RoundTripTest, UnknownFieldsInNestedMessagesAreCounted) {
  v1::ActionItem item;
  item.set_id("AI-1");
  std::string item_bytes = item.SerializeAsString() + std::string("\xB8\x3E\x05", 3);
  v1::Postmortem postmortem;
  ASSERT_TRUE(postmortem.mutable_action_items()->Add()->ParseFromString(item_bytes));
  EXPECT_EQ(CountUnknownFields(postmortem), 1u);
}

TEST(RoundTripTest, TextOutputDropsUnknownFieldsButStaysParseable) {
  v1::Postmortem postmortem;
  ASSERT_TRUE(postmortem.ParseFromString(std::string("\xB8\x3E\x01", 3)));
  std::string text = *SerializeMessage(postmortem, Format::kText);
  EXPECT_TRUE(ParsePostmortem(text, Format::kText).ok()) << text;
}

}  // namespace
}  // namespace pmkit
