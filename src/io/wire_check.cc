#include "src/io/wire_check.h"

#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/io/utf8.h"

namespace pmkit::io_internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

// One level of nesting being scanned.
struct Frame {
  size_t end;                    // Offset one past the frame's bytes.
  const Descriptor* descriptor;  // Null for unknown fields and groups.
  uint32_t group_field;          // Field number of an open group, else 0.
};

bool ReadVarint(absl::string_view data, size_t end, size_t* pos,
                uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *pos < end; shift += 7) {
    uint8_t byte = static_cast<uint8_t>(data[(*pos)++]);
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return false;
}

std::string FieldLabel(const Descriptor* descriptor, uint32_t number) {
  const FieldDescriptor* field =
      descriptor == nullptr ? nullptr : descriptor->FindFieldByNumber(number);
  if (field == nullptr) return absl::StrCat("field ", number);
  return absl::StrCat("field ", number, " (", field->full_name(), ")");
}

}  // namespace

std::string LocateWireError(absl::string_view data,
                            const Descriptor* descriptor, int max_depth) {
  std::vector<Frame> stack = {{data.size(), descriptor, 0}};
  size_t pos = 0;
  while (true) {
    Frame& frame = stack.back();
    if (pos == frame.end) {
      if (frame.group_field != 0) {
        return absl::StrCat("byte ", pos, ": group field ", frame.group_field,
                            " has no end marker");
      }
      if (stack.size() == 1) return "";
      stack.pop_back();
      continue;
    }
    const size_t field_start = pos;
    uint64_t tag = 0;
    if (!ReadVarint(data, frame.end, &pos, &tag) || tag > UINT32_MAX) {
      return absl::StrCat("byte ", field_start,
                          ": truncated or overlong field tag");
    }
    const uint32_t number = static_cast<uint32_t>(tag >> 3);
    const uint32_t wire_type = static_cast<uint32_t>(tag & 7);
    if (number == 0) {
      return absl::StrCat("byte ", field_start, ": field number 0 is invalid");
    }
    // Built only for an error message: the scan itself must stay cheap.
    const Descriptor* frame_descriptor = frame.descriptor;
    const auto label = [frame_descriptor, number] {
      return FieldLabel(frame_descriptor, number);
    };
    switch (wire_type) {
      case kVarint: {
        uint64_t ignored;
        if (!ReadVarint(data, frame.end, &pos, &ignored)) {
          return absl::StrCat("byte ", field_start, ": ", label(),
                              ": truncated varint");
        }
        break;
      }
      case kFixed64:
      case kFixed32: {
        size_t width = wire_type == kFixed64 ? 8 : 4;
        if (frame.end - pos < width) {
          return absl::StrCat("byte ", field_start, ": ", label(), ": truncated ",
                              width * 8, "-bit value");
        }
        pos += width;
        break;
      }
      case kLengthDelimited: {
        uint64_t length = 0;
        if (!ReadVarint(data, frame.end, &pos, &length)) {
          return absl::StrCat("byte ", field_start, ": ", label(),
                              ": truncated length");
        }
        if (length > frame.end - pos) {
          return absl::StrCat("byte ", field_start, ": ", label(), ": length ",
                              length, " runs past the end of its enclosing ",
                              "data (", frame.end - pos, " bytes left)");
        }
        const FieldDescriptor* field =
            frame.descriptor == nullptr
                ? nullptr
                : frame.descriptor->FindFieldByNumber(number);
        absl::string_view payload = data.substr(pos, length);
        if (field != nullptr && field->type() == FieldDescriptor::TYPE_STRING) {
          size_t bad = FindInvalidUtf8(payload);
          if (bad != absl::string_view::npos) {
            return absl::StrCat("byte ", pos + bad, ": ", label(),
                                ": string is not valid UTF-8");
          }
        }
        if (field != nullptr &&
            field->type() == FieldDescriptor::TYPE_MESSAGE) {
          if (static_cast<int>(stack.size()) > max_depth) {
            return absl::StrCat("byte ", field_start, ": nesting deeper than ",
                                max_depth, " levels");
          }
          stack.push_back({pos + length, field->message_type(), 0});
          continue;  // `frame` is invalid after push_back.
        }
        pos += length;
        break;
      }
      case kStartGroup:
        if (static_cast<int>(stack.size()) > max_depth) {
          return absl::StrCat("byte ", field_start, ": nesting deeper than ",
                              max_depth, " levels");
        }
        stack.push_back({frame.end, nullptr, number});
        break;
      case kEndGroup:
        if (frame.group_field != number) {
          return absl::StrCat("byte ", field_start, ": end of group ", number,
                              " without a matching start");
        }
        stack.pop_back();
        // The enclosing frame continues right after the end marker.
        break;
      default:
        return absl::StrCat("byte ", field_start, ": ", label(),
                            ": invalid wire type ", wire_type);
    }
  }
}

}  // namespace pmkit::io_internal
