#include "pmkit/io.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "src/io/json_syntax.h"
#include "src/io/report_json.h"
#include "src/io/utf8.h"
#include "src/io/wire_check.h"

namespace pmkit {
namespace {

using google::protobuf::Message;

// Keeps the first error protobuf's text parser reports, with its position.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!error_.empty()) return;
    // protobuf counts from 0; editors count from 1.
    error_ = absl::StrCat("line ", line + 1, ", column ", column + 1, ": ",
                          message);
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber,
                  const std::string&) override {}
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

// Path ("timeline[3].text") of the first string field holding invalid UTF-8,
// or "" when all are valid. protobuf's text parser accepts such strings
// (raw or as escapes) although proto3 forbids them; they would later fail to
// serialize, so they are refused on the way in.
std::string FindInvalidUtf8Field(const Message& message, int depth) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  std::string scratch;
  for (const FieldDescriptor* field : fields) {
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string where = field->is_repeated()
                                    ? absl::StrCat(field->name(), "[", i, "]")
                                    : field->name();
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        const std::string& value =
            field->is_repeated()
                ? reflection->GetRepeatedStringReference(message, field, i, &scratch)
                : reflection->GetStringReference(message, field, &scratch);
        if (io_internal::FindInvalidUtf8(value) != absl::string_view::npos) {
          return where;
        }
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                 depth < kMaxNestingDepth) {
        const Message& child = field->is_repeated()
                                   ? reflection->GetRepeatedMessage(message, field, i)
                                   : reflection->GetMessage(message, field);
        std::string inner = FindInvalidUtf8Field(child, depth + 1);
        if (!inner.empty()) return absl::StrCat(where, ".", inner);
      }
    }
  }
  return "";
}

absl::Status ParseText(absl::string_view data, Message* message) {
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.SetRecursionLimit(kMaxNestingDepth);
  google::protobuf::io::ArrayInputStream input(data.data(),
                                               static_cast<int>(data.size()));
  if (!parser.Parse(&input, message)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text: ", errors.error().empty() ? "malformed input" : errors.error()));
  }
  if (std::string field = FindInvalidUtf8Field(*message, 0); !field.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("text: field ", field, ": string is not valid UTF-8"));
  }
  return absl::OkStatus();
}

absl::Status ParseJson(absl::string_view data, Message* message) {
  if (absl::Status syntax =
          io_internal::CheckJsonSyntax(data, kMaxNestingDepth);
      !syntax.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("json: ", syntax.message()));
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(data.data(), data.size()), message,
      options);
  if (status.ok()) return absl::OkStatus();
  // The JSON is well-formed, so this is a schema mismatch (unknown field,
  // wrong type); protobuf's message names the field.
  return absl::InvalidArgumentError(
      absl::StrCat("json: ", status.message().as_string()));
}

absl::Status ParseBinary(absl::string_view data, Message* message) {
  if (message->ParseFromArray(data.data(), static_cast<int>(data.size()))) {
    return absl::OkStatus();
  }
  std::string where = io_internal::LocateWireError(
      data, message->GetDescriptor(), kMaxNestingDepth);
  if (where.empty()) where = "malformed wire data";
  return absl::InvalidArgumentError(absl::StrCat(
      "binary: not a valid ", message->GetDescriptor()->full_name(), ": ",
      where));
}

// protobuf's MessageToJsonString serializes the message with map entries in
// hash order, so equal messages could print differently. Converting from
// deterministic binary instead makes JSON output stable (golden files, diffs).
absl::Status BinaryToJson(const std::string& binary,
                          const google::protobuf::Descriptor& descriptor,
                          bool pretty,
                          google::protobuf::io::ZeroCopyOutputStream* out) {
  static constexpr char kTypeUrlPrefix[] = "type.googleapis.com";
  const google::protobuf::DescriptorPool* pool = descriptor.file()->pool();
  // Stateless apart from the pool pointer, so one shared resolver serves all
  // threads for the generated pool.
  static google::protobuf::util::TypeResolver* const generated_resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypeUrlPrefix, google::protobuf::DescriptorPool::generated_pool());
  std::unique_ptr<google::protobuf::util::TypeResolver> own_resolver;
  google::protobuf::util::TypeResolver* resolver = generated_resolver;
  if (pool != google::protobuf::DescriptorPool::generated_pool()) {
    own_resolver.reset(google::protobuf::util::NewTypeResolverForDescriptorPool(
        kTypeUrlPrefix, pool));
    resolver = own_resolver.get();
  }
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.add_whitespace = pretty;
  google::protobuf::io::ArrayInputStream in(binary.data(),
                                            static_cast<int>(binary.size()));
  auto status = google::protobuf::util::BinaryToJsonStream(
      resolver, absl::StrCat(kTypeUrlPrefix, "/", descriptor.full_name()), &in,
      out, json_options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("json: ", status.message().as_string()));
  }
  // With add_whitespace the stream printer already ends with a newline.
  return absl::OkStatus();
}

size_t CountUnknownFieldsImpl(const Message& message, int depth) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  size_t count = reflection->GetUnknownFields(message).field_count();
  if (depth >= kMaxNestingDepth) return count;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() !=
        google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    if (field->is_repeated()) {
      int size = reflection->FieldSize(message, field);
      for (int i = 0; i < size; ++i) {
        count += CountUnknownFieldsImpl(
            reflection->GetRepeatedMessage(message, field, i), depth + 1);
      }
    } else {
      count += CountUnknownFieldsImpl(reflection->GetMessage(message, field),
                                      depth + 1);
    }
  }
  return count;
}

}  // namespace

absl::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kBinary:
      return "binary";
    case Format::kJson:
      return "json";
    case Format::kText:
      return "text";
  }
  return "unknown";
}

absl::StatusOr<Format> ParseFormatName(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == "auto") return Format::kAuto;
  if (lower == "binary" || lower == "bin" || lower == "pb" ||
      lower == "binpb") {
    return Format::kBinary;
  }
  if (lower == "json") return Format::kJson;
  if (lower == "text" || lower == "textproto" || lower == "txtpb" ||
      lower == "txt") {
    return Format::kText;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown format \"", name, "\" (expected binary, json, text or auto)"));
}

Format DetectFormat(absl::string_view data) {
  size_t i = 0;
  while (i < data.size() && absl::ascii_isspace(data[i])) ++i;
  if (i == data.size()) return data.empty() ? Format::kBinary : Format::kText;
  if (data[i] == '{') return Format::kJson;
  for (char c : data) {
    unsigned char byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && !absl::ascii_isspace(c)) || byte == 0x7F) {
      return Format::kBinary;
    }
  }
  return io_internal::FindInvalidUtf8(data) == absl::string_view::npos
             ? Format::kText
             : Format::kBinary;
}

absl::Status ParseMessage(absl::string_view data, Format format,
                          Message* message, const ReadOptions& options) {
  message->Clear();
  if (format == Format::kAuto) format = DetectFormat(data);
  // ParseFromArray and the text tokenizer take int sizes.
  const size_t limit = std::min<size_t>(options.max_bytes, INT_MAX);
  if (data.size() > limit) {
    return absl::ResourceExhaustedError(absl::StrCat(
        FormatName(format), ": input is ", data.size(),
        " bytes, more than the limit of ", limit, " bytes"));
  }
  switch (format) {
    case Format::kBinary:
      return ParseBinary(data, message);
    case Format::kJson:
      return ParseJson(data, message);
    case Format::kText:
      return ParseText(data, message);
    case Format::kAuto:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format ", static_cast<int>(format)));
}

absl::Status SerializeMessageTo(const Message& message, Format format,
                                google::protobuf::io::ZeroCopyOutputStream* out,
                                const WriteOptions& options) {
  switch (format) {
    case Format::kBinary: {
      google::protobuf::io::CodedOutputStream coded(out);
      coded.SetSerializationDeterministic(true);
      if (!message.SerializeToCodedStream(&coded)) {
        return absl::InternalError("binary: serialization failed");
      }
      return absl::OkStatus();
    }
    case Format::kJson: {
      // Reports (one per document in `pmkit validate --format json`) are
      // written directly when the writer can reproduce protobuf's output.
      if (const auto* report =
              google::protobuf::DynamicCastToGenerated<v1::Report>(&message);
          report != nullptr && !options.pretty) {
        std::string json;
        if (io_internal::AppendReportJson(*report, &json)) {
          google::protobuf::io::CodedOutputStream coded(out);
          coded.WriteRaw(json.data(), static_cast<int>(json.size()));
          if (coded.HadError()) {
            return absl::InternalError("json: write failed");
          }
          return absl::OkStatus();
        }
      }
      std::string binary;
      {
        google::protobuf::io::StringOutputStream binary_out(&binary);
        if (absl::Status status =
                SerializeMessageTo(message, Format::kBinary, &binary_out, options);
            !status.ok()) {
          return status;
        }
      }
      return BinaryToJson(binary, *message.GetDescriptor(), options.pretty, out);
    }
    case Format::kText: {
      google::protobuf::TextFormat::Printer printer;
      printer.SetSingleLineMode(!options.pretty);
      printer.SetUseUtf8StringEscaping(true);
      // Unknown fields print as bare numbers, which no text parser accepts
      // back; leaving them out keeps text output readable as input.
      printer.SetHideUnknownFields(true);
      if (!printer.Print(message, out)) {
        return absl::InternalError("text: serialization failed");
      }
      return absl::OkStatus();
    }
    case Format::kAuto:
      return absl::InvalidArgumentError(
          "auto is an input format only; choose binary, json or text");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format ", static_cast<int>(format)));
}

absl::StatusOr<std::string> SerializeMessage(const Message& message,
                                             Format format,
                                             const WriteOptions& options) {
  std::string out;
  {
    // The stream must be gone (its unused tail trimmed) before `out` is read.
    google::protobuf::io::StringOutputStream stream(&out);
    if (absl::Status status = SerializeMessageTo(message, format, &stream, options);
        !status.ok()) {
      return status;
    }
  }
  return out;
}

absl::StatusOr<v1::Postmortem> ParsePostmortem(absl::string_view data,
                                               Format format,
                                               const ReadOptions& options) {
  v1::Postmortem postmortem;
  if (absl::Status status = ParseMessage(data, format, &postmortem, options);
      !status.ok()) {
    return status;
  }
  return postmortem;
}

size_t CountUnknownFields(const Message& message) {
  return CountUnknownFieldsImpl(message, 0);
}

}  // namespace pmkit
