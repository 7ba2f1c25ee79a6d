// Embedding pmkit's C++ API: load a postmortem in any format, list its open
// action items, and write it as JSON.
//
//   summarize POSTMORTEM_FILE
#include <fstream>
#include <iostream>
#include <sstream>

#include "pmkit/io.h"
#include "pmkit/markdown.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " POSTMORTEM_FILE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  absl::StatusOr<pmkit::v1::Postmortem> postmortem = pmkit::ParsePostmortem(bytes.str());
  if (!postmortem.ok()) {
    std::cerr << argv[1] << ": " << postmortem.status() << "\n";
    return 1;
  }
  std::cout << postmortem->title() << "\n";
  for (const pmkit::v1::ActionItem& item : postmortem->action_items()) {
    if (item.state() == pmkit::v1::ACTION_ITEM_STATE_DONE ||
        item.state() == pmkit::v1::ACTION_ITEM_STATE_VERIFIED ||
        item.state() == pmkit::v1::ACTION_ITEM_STATE_WONT_DO) {
      continue;
    }
    std::cout << "  open: " << item.id() << " " << item.title() << "\n";
  }
  absl::StatusOr<std::string> json =
      pmkit::SerializeMessage(*postmortem, pmkit::Format::kJson);
  if (!json.ok()) {
    std::cerr << json.status() << "\n";
    return 1;
  }
  std::cout << "JSON: " << json->size() << " bytes\n";
  return 0;
}
