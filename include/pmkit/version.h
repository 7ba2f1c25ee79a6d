// pmkit's version, for C++ users. The C ABI carries the same numbers as
// PMKIT_VERSION_* macros in capi/pmkit.h.
#ifndef PMKIT_VERSION_H_
#define PMKIT_VERSION_H_

namespace pmkit {

inline constexpr int kVersionMajor = 0;
inline constexpr int kVersionMinor = 1;
inline constexpr int kVersionPatch = 0;
inline constexpr int kVersionNumber =
    kVersionMajor * 10000 + kVersionMinor * 100 + kVersionPatch;
inline constexpr char kVersionString[] = "0.1.0";

}  // namespace pmkit

#endif  // PMKIT_VERSION_H_
