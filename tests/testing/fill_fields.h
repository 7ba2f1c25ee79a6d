// Test helpers: build messages with every field set, and compare files.
#ifndef PMKIT_TESTS_TESTING_FILL_FIELDS_H_
#define PMKIT_TESTS_TESTING_FILL_FIELDS_H_

#include <string>

#include "google/protobuf/message.h"

namespace pmkit::testing {

// Sets every field of `message`, recursively (two elements per repeated
// field, one entry per map), with values that exercise each format: non-ASCII
// text, negative numbers, the last enum value, valid well-known types. Used
// to prove round trips lose nothing anywhere in the schema, including fields
// added later.
void FillAllFields(google::protobuf::Message* message);

// Reads a file into a string; fails the current test when it cannot.
std::string ReadFileOrDie(const std::string& path);

// Compares `actual` with the golden file at `path`. With the environment
// variable PMKIT_UPDATE_GOLDEN=1 the golden file is rewritten instead.
void ExpectMatchesGolden(const std::string& actual, const std::string& path);

}  // namespace pmkit::testing

#endif  // PMKIT_TESTS_TESTING_FILL_FIELDS_H_
