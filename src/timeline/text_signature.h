// What duplicate folding knows of a record's text, computed in one pass.
#ifndef PMKIT_SRC_TIMELINE_TEXT_SIGNATURE_H_
#define PMKIT_SRC_TIMELINE_TEXT_SIGNATURE_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace pmkit::internal {

struct TextSketch {
  // TextSignature (timeline.h): one bit per token, for similarity.
  uint64_t signature = 0;
  // A strong hash of the token multiset (order-free sum of mixed token
  // hashes; 0 for no tokens): equal exactly when the texts have the same
  // tokens, up to 64-bit collisions. The signature is too coarse for that
  // test: texts that differ in a token or two often differ only in bits
  // that other tokens already set.
  uint64_t tokens = 0;
};

TextSketch SketchText(absl::string_view text);

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_TIMELINE_TEXT_SIGNATURE_H_
