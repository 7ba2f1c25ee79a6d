#include "tests/testing/fill_fields.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"

namespace pmkit::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void Fill(Message* message, int depth);

void SetScalar(Message* message, const FieldDescriptor* field, int variant) {
  const Reflection* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
#define PMKIT_SET(CPPTYPE, Setter, Adder, value)           \
  case FieldDescriptor::CPPTYPE:                           \
    if (repeated) {                                        \
      r->Adder(message, field, value);                     \
    } else {                                               \
      r->Setter(message, field, value);                    \
    }                                                      \
    break;
    PMKIT_SET(CPPTYPE_INT32, SetInt32, AddInt32, -7 - variant)
    PMKIT_SET(CPPTYPE_INT64, SetInt64, AddInt64, -(int64_t{1} << 40) - variant)
    PMKIT_SET(CPPTYPE_UINT32, SetUInt32, AddUInt32, 7u + variant)
    PMKIT_SET(CPPTYPE_UINT64, SetUInt64, AddUInt64, (uint64_t{1} << 60) + variant)
    PMKIT_SET(CPPTYPE_DOUBLE, SetDouble, AddDouble, 12.625 + variant)
    PMKIT_SET(CPPTYPE_FLOAT, SetFloat, AddFloat, 0.5f + variant)
    PMKIT_SET(CPPTYPE_BOOL, SetBool, AddBool, variant == 0)
    PMKIT_SET(CPPTYPE_STRING, SetString, AddString,
              field->name() + " — Zoë \"quoted\" | pipe\nline " + std::to_string(variant))
#undef PMKIT_SET
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      const auto* value = type->value(type->value_count() - 1 - variant % type->value_count());
      if (repeated) {
        r->AddEnum(message, field, value);
      } else {
        r->SetEnum(message, field, value);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child = repeated ? r->AddMessage(message, field)
                                : r->MutableMessage(message, field);
      Fill(child, 0);
      break;
    }
  }
}

void Fill(Message* message, int depth) {
  const auto* descriptor = message->GetDescriptor();
  if (descriptor->full_name() == "google.protobuf.Timestamp") {
    auto* t = static_cast<google::protobuf::Timestamp*>(message);
    t->set_seconds(1709400000 + depth);
    t->set_nanos(250000000);
    return;
  }
  if (descriptor->full_name() == "google.protobuf.Duration") {
    auto* d = static_cast<google::protobuf::Duration*>(message);
    d->set_seconds(5400);
    d->set_nanos(500000000);
    return;
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    // A oneof keeps only its last member; set just the first so the message
    // is well defined (other members are covered by their own tests).
    if (field->real_containing_oneof() != nullptr &&
        field->index_in_oneof() != 0) {
      continue;
    }
    if (field->is_map()) {
      Message* entry = message->GetReflection()->AddMessage(message, field);
      Fill(entry, depth + 1);
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth > 6) continue;
    const int copies = field->is_repeated() ? 2 : 1;
    for (int copy = 0; copy < copies; ++copy) {
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        const Reflection* r = message->GetReflection();
        Message* child = field->is_repeated() ? r->AddMessage(message, field)
                                              : r->MutableMessage(message, field);
        Fill(child, depth + 1);
      } else {
        SetScalar(message, field, copy);
      }
    }
  }
}

}  // namespace

void FillAllFields(Message* message) { Fill(message, 0); }

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void ExpectMatchesGolden(const std::string& actual, const std::string& path) {
  const char* update = std::getenv("PMKIT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  EXPECT_TRUE(actual == ReadFileOrDie(path))
      << path << " differs from the output; rerun with PMKIT_UPDATE_GOLDEN=1 "
      << "to accept the new output, then review the diff";
}

}  // namespace pmkit::testing
