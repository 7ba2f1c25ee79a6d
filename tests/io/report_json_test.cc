// The direct JSON writer for reports (src/io/report_json.h) against
// protobuf's JSON printer, which it must reproduce byte for byte.
#include "src/io/report_json.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "pmkit/io.h"

namespace pmkit::io_internal {
namespace {

std::string ProtobufJson(const v1::Report& report) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(report, &json).ok());
  return json;
}

std::string Utf8(uint32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Every code point but the surrogates, 512 to a string.
TEST(ReportJsonTest, EscapesEveryCodePointAsProtobufDoes) {
  int strings = 0;
  for (uint32_t from = 1; from <= 0x10FFFF; from += 512) {
    v1::Report report;
    std::string text;
    for (uint32_t c = from; c < from + 512 && c <= 0x10FFFF; ++c) {
      if (c < 0xD800 || c > 0xDFFF) text += Utf8(c);
    }
    if (text.empty()) continue;
    report.set_document(text);
    std::string json;
    ASSERT_TRUE(AppendReportJson(report, &json));
    ASSERT_EQ(json, ProtobufJson(report)) << "code points from " << from;
    ++strings;
  }
  EXPECT_GT(strings, 2000);
}

// Random reports with every field, present and absent, and the values
// whose writing differs most: escapes, int64 extremes, doubles that need 17
// digits, -0.0, severities protobuf has no name for.
TEST(ReportJsonTest, RandomReportsMatchProtobuf) {
  std::mt19937_64 random(11);
  const std::string pieces[] = {
      "a", "Z", " ", "\"", "\\", "<", ">", "&", "'", "\n", "\t", "\x01",
      "\x1f", "\x7f", "\xC3\xA9", "\xE2\x80\x94", "\xE2\x80\xA8", "\xC2\xAD",
      "\xF0\x9F\x98\x80", "\xF3\xA0\x80\x81", "\xEF\xBB\xBF", "/", "0"};
  auto text = [&] {
    std::string s;
    const int n = static_cast<int>(random() % 6);
    for (int i = 0; i < n; ++i) s += pieces[random() % std::size(pieces)];
    return s;
  };
  const double doubles[] = {0.0, -0.0, 1.0, 0.85, 1.0 / 3, 1e-7, 1e21, -2.5,
                            std::numeric_limits<double>::min(),
                            std::numeric_limits<double>::max(), 0.1 + 0.2};
  const int64_t ints[] = {0, 1, -1, 42, std::numeric_limits<int64_t>::max(),
                          std::numeric_limits<int64_t>::min()};
  for (int trial = 0; trial < 3000; ++trial) {
    v1::Report report;
    report.set_document(text());
    const int findings = static_cast<int>(random() % 4);
    for (int f = 0; f < findings; ++f) {
      v1::Finding* finding = report.add_findings();
      finding->set_rule_id(text());
      finding->set_severity(static_cast<v1::FindingSeverity>(random() % 6));
      if (random() % 2) {
        v1::FieldPath* path = finding->mutable_path();
        const int elements = static_cast<int>(random() % 3);
        for (int e = 0; e < elements; ++e) {
          v1::FieldPathElement* element = path->add_elements();
          element->set_field_name(text());
          element->set_field_number(static_cast<int32_t>(random() % 3) - 1);
          if (random() % 2) element->set_index(ints[random() % std::size(ints)]);
          if (random() % 2) element->set_key(text());
        }
      }
      finding->set_path_text(text());
      finding->set_message(text());
      if (random() % 2) {
        finding->mutable_span()->set_start(ints[random() % std::size(ints)]);
        finding->mutable_span()->set_end(ints[random() % std::size(ints)]);
      }
      finding->set_excerpt(text());
      finding->set_suggestion(text());
      finding->set_category(text());
      finding->set_confidence(doubles[random() % std::size(doubles)]);
      finding->set_cue(text());
      finding->set_detail_rule(text());
    }
    std::string json;
    ASSERT_TRUE(AppendReportJson(report, &json)) << report.DebugString();
    ASSERT_EQ(json, ProtobufJson(report)) << report.DebugString();
  }
}

// A field added to the schema must not be dropped silently: every field of
// the report's messages, set, shows up under its JSON name.
TEST(ReportJsonTest, WritesEveryFieldOfTheSchema) {
  v1::Report report;
  report.set_document("d");
  v1::Finding* finding = report.add_findings();
  const google::protobuf::Reflection& reflection = *finding->GetReflection();
  const google::protobuf::Descriptor& descriptor = *v1::Finding::descriptor();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor.field(i);
    switch (field->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
        reflection.SetString(finding, field, "x");
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
        reflection.SetEnumValue(finding, field, 1);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE:
        reflection.SetDouble(finding, field, 0.5);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE:
        reflection.MutableMessage(finding, field);
        break;
      default:
        FAIL() << "a field type the writer does not know: " << field->name();
    }
  }
  finding->mutable_path()->add_elements()->set_field_name("f");
  finding->mutable_path()->mutable_elements(0)->set_field_number(3);
  finding->mutable_path()->mutable_elements(0)->set_index(1);
  finding->mutable_path()->mutable_elements(0)->set_key("k");
  finding->mutable_span()->set_start(1);
  finding->mutable_span()->set_end(2);
  std::string json;
  ASSERT_TRUE(AppendReportJson(report, &json));
  EXPECT_EQ(json, ProtobufJson(report));
  for (const google::protobuf::Descriptor* message :
       {v1::Report::descriptor(), v1::Finding::descriptor(),
        v1::FieldPath::descriptor(), v1::FieldPathElement::descriptor(),
        v1::TextSpan::descriptor()}) {
    for (int i = 0; i < message->field_count(); ++i) {
      EXPECT_NE(json.find("\"" + message->field(i)->json_name() + "\":"),
                std::string::npos)
          << message->full_name() << "." << message->field(i)->name();
    }
  }
}

// What it does not reproduce it declines, leaving the output as it was;
// SerializeMessage then prints with protobuf.
TEST(ReportJsonTest, DeclinesWhatItDoesNotReproduce) {
  v1::Report invalid_utf8;
  invalid_utf8.add_findings()->set_message("bad \xC3( byte");
  v1::Report not_finite;
  not_finite.add_findings()->set_confidence(std::nan(""));
  v1::Report unknown;
  unknown.GetReflection()->MutableUnknownFields(&unknown)->AddVarint(99, 1);
  for (const v1::Report* report : {&invalid_utf8, &not_finite, &unknown}) {
    std::string json = "kept";
    EXPECT_FALSE(AppendReportJson(*report, &json)) << report->DebugString();
    EXPECT_EQ(json, "kept");
  }
  WriteOptions compact;
  compact.pretty = false;
  absl::StatusOr<std::string> json =
      SerializeMessage(not_finite, Format::kJson, compact);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, ProtobufJson(not_finite));
}

}  // namespace
}  // namespace pmkit::io_internal
