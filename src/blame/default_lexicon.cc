// DefaultBlameLexicon: parses the embedded textproto once. A parse failure is
// a build defect (the unit tests parse it), so it aborts with the parser's
// message rather than returning an error every caller would have to handle.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "pmkit/blame.h"
#include "src/blame/default_lexicon_data.h"

namespace pmkit {
namespace {

class AbortingCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    std::fprintf(stderr, "pmkit: default blame lexicon:%d:%d: %s\n", line + 1,
                 column + 1, message.c_str());
    std::abort();
  }
};

}  // namespace

const v1::BlameLexicon& DefaultBlameLexicon() {
  static const v1::BlameLexicon* lexicon = [] {
    auto* parsed = new v1::BlameLexicon();
    google::protobuf::TextFormat::Parser parser;
    AbortingCollector collector;
    parser.RecordErrorsTo(&collector);
    parser.ParseFromString(blame_internal::kDefaultLexiconTextproto, parsed);
    return parsed;
  }();
  return *lexicon;
}

}  // namespace pmkit
