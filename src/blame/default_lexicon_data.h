// The default blame lexicon, embedded as textproto (generated from
// src/blame/data/default_lexicon.textproto by scripts/gen_blame_lexicon.py).
#ifndef PMKIT_SRC_BLAME_DEFAULT_LEXICON_DATA_H_
#define PMKIT_SRC_BLAME_DEFAULT_LEXICON_DATA_H_

namespace pmkit::blame_internal {

extern const char kDefaultLexiconTextproto[];

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_DEFAULT_LEXICON_DATA_H_
