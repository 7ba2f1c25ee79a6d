#include "src/blame/prefilter.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/word_hash.h"

namespace pmkit::blame_internal {
namespace {

// What a token must match for an element to be present: a word id or a
// class bit (commas and gaps never are features).
struct ElementKey {
  std::vector<uint32_t> words;  // Sorted.
  uint64_t classes = 0;
  bool operator==(const ElementKey& o) const {
    return classes == o.classes && words == o.words;
  }
  template <typename H>
  friend H AbslHashValue(H h, const ElementKey& k) {
    return H::combine(std::move(h), k.words, k.classes);
  }
};

using SetKey = std::array<uint64_t, FeatureSet::kWords>;

SetKey KeyOf(const FeatureSet& s) {
  SetKey key;
  std::copy(std::begin(s.bits), std::end(s.bits), key.begin());
  return key;
}

}  // namespace

SentencePrefilter SentencePrefilter::Build(const CompiledLexicon& lexicon) {
  SentencePrefilter out;
  const std::vector<CompiledPattern>& patterns = lexicon.patterns();

  // 1. Distinct elements of enabled rules' patterns, with their cost.
  absl::flat_hash_map<ElementKey, int> element_index;
  std::vector<ElementKey> elements;
  // Rarity of each element: (cost, common words matched), smaller is
  // rarer; the cost weighs each word by how common it is (WordCost).
  std::vector<std::pair<int, int>> costs;
  // Per pattern: the elements it needs; the first of them is the one the
  // first token must match for a '^' pattern, -1 if none.
  struct Need {
    int pattern;
    std::vector<int> elements;
    int first = -1;
  };
  std::vector<Need> needs;
  for (size_t p = 0; p < patterns.size(); ++p) {
    const CompiledPattern& pattern = patterns[p];
    if (pattern.rule < 0) continue;  // Allow and "unless" patterns.
    std::vector<int> indices = pattern.required;
    if (std::find(indices.begin(), indices.end(), pattern.anchor) ==
        indices.end()) {
      indices.push_back(pattern.anchor);
    }
    Need need{static_cast<int>(p), {}, -1};
    for (int i : indices) {
      const PatternElement& e = pattern.elements[i];
      ElementKey key{e.words, e.classes};
      auto [it, inserted] =
          element_index.try_emplace(key, static_cast<int>(elements.size()));
      if (inserted) {
        elements.push_back(key);
        costs.emplace_back(lexicon.ElementCost(e),
                           lexicon.ElementCommonWords(e));
      }
      need.elements.push_back(it->second);
      // Required element 0 of a '^' pattern consumes the first token.
      if (pattern.at_start && i == 0) need.first = it->second;
    }
    needs.push_back(std::move(need));
  }

  // 2. Feature bits: one per element a pattern needs, rarest first. Past
  // kFeatures, first the commonest elements are dropped from the patterns
  // that have at least kMinKept rarer ones (needing fewer features only
  // makes more sentences candidates, so this never drops a finding, and a
  // pattern's rarest elements decide almost all of its selectivity); only
  // if that is not enough do the commonest share the last bit (a shared
  // bit is present whenever any of its elements is: it selects nothing).
  constexpr size_t kMinKept = 2;
  auto rarer = [&](int a, int b) {
    return costs[a] != costs[b] ? costs[a] < costs[b] : a < b;
  };
  std::vector<int> uses(elements.size(), 0);
  std::vector<bool> first_of_some(elements.size(), false);
  for (Need& need : needs) {
    std::sort(need.elements.begin(), need.elements.end(), rarer);
    need.elements.erase(std::unique(need.elements.begin(), need.elements.end()),
                        need.elements.end());
    for (int element : need.elements) ++uses[element];
    if (need.first >= 0) first_of_some[need.first] = true;
  }
  size_t used = 0;
  for (int u : uses) used += u > 0;
  std::vector<int> commonest_first(elements.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    commonest_first[i] = static_cast<int>(i);
  }
  std::sort(commonest_first.begin(), commonest_first.end(),
            [&](int a, int b) { return rarer(b, a); });
  // Pass 0 drops only elements whose patterns keep kMinKept rare ones
  // (no common word: those select well together); pass 1 any whose
  // patterns keep kMinKept elements.
  // (WordCost: a common word costs at least 100.)
  auto is_rare = [&](int element) { return costs[element].first < 100; };
  for (int pass = 0; pass < 2; ++pass) {
    for (int element : commonest_first) {
      if (used <= static_cast<size_t>(kFeatures)) break;
      if (uses[element] == 0 || first_of_some[element]) continue;
      bool droppable = true;
      for (const Need& need : needs) {
        if (std::find(need.elements.begin(), need.elements.end(), element) ==
            need.elements.end()) {
          continue;
        }
        size_t others = 0;
        for (int other : need.elements) {
          if (other != element && (pass == 1 || is_rare(other))) ++others;
        }
        if (others < kMinKept) droppable = false;
      }
      if (!droppable) continue;
      for (Need& need : needs) {
        auto it = std::find(need.elements.begin(), need.elements.end(), element);
        if (it != need.elements.end()) need.elements.erase(it);
      }
      uses[element] = 0;
      --used;
    }
  }
  std::vector<int> order;  // The kept elements.
  for (size_t i = 0; i < elements.size(); ++i) {
    if (uses[i] > 0 || first_of_some[i]) order.push_back(static_cast<int>(i));
  }
  std::sort(order.begin(), order.end(), rarer);
  std::vector<int> bit_of(elements.size(), -1);  // -1: not a feature.
  for (size_t rank = 0; rank < order.size(); ++rank) {
    bit_of[order[rank]] =
        static_cast<int>(std::min<size_t>(rank, kFeatures - 1));
  }

  // 3. Features of class members, of prefix classes and of persons.
  const uint64_t prefix_classes = lexicon.prefix_classes();
  const uint64_t person_classes = lexicon.person_classes();
  for (size_t i = 0; i < elements.size(); ++i) {
    if (bit_of[i] < 0) continue;
    if (elements[i].classes & prefix_classes) out.initial_.Set(bit_of[i]);
    if (elements[i].classes & person_classes) out.person_.Set(bit_of[i]);
  }

  // 4. The slot table: each lexicon word's features under its hash, 16
  // slots per word (see Slot).
  const size_t entries = lexicon.words().size() + lexicon.person_names().size();
  int bits = 10;
  while ((size_t{1} << bits) < 16 * entries && bits < 30) ++bits;
  out.slots_.assign(size_t{1} << bits, Slot{0, 0});
  out.shift_ = 64 - bits;
  out.sets_.emplace_back();  // Index 0: none.
  absl::flat_hash_map<SetKey, uint16_t> set_index;
  // The index of a set equal to `features`, new if need be.
  auto intern_set = [&](const FeatureSet& features) -> uint16_t {
    auto it = set_index.find(KeyOf(features));
    if (it != set_index.end()) return it->second;
    if (out.sets_.size() >= 0xFFFF) {
      // Out of set indices (a huge custom lexicon): widen the last set; the
      // words sharing it only get more candidates.
      out.sets_.back().Add(features);
      return static_cast<uint16_t>(out.sets_.size() - 1);
    }
    const uint16_t index = static_cast<uint16_t>(out.sets_.size());
    set_index.emplace(KeyOf(features), index);
    out.sets_.push_back(features);
    return index;
  };
  // First gather the entries of each slot (same fingerprint: merged), then
  // lay them out: a slot with one entry holds it; a slot with several
  // points at their run in overflow_.
  absl::flat_hash_map<size_t, std::vector<std::pair<uint16_t, FeatureSet>>>
      by_slot;
  auto add_to_slot = [&](uint64_t hash, const FeatureSet& features) {
    const uint16_t fingerprint = static_cast<uint16_t>(hash);
    auto& slot_entries = by_slot[hash >> out.shift_];
    for (auto& [f, set] : slot_entries) {
      if (f == fingerprint) {
        set.Add(features);
        return;
      }
    }
    slot_entries.emplace_back(fingerprint, features);
  };
  // Which elements each word satisfies: by word id, through the elements'
  // word lists, and by class.
  const std::vector<std::string>& words = lexicon.words();
  std::vector<FeatureSet> word_features(words.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    if (bit_of[i] < 0) continue;
    for (uint32_t id : elements[i].words) word_features[id].Set(bit_of[i]);
  }
  FeatureSet by_class[kMaxClasses];  // Features a member of a class has.
  for (size_t i = 0; i < elements.size(); ++i) {
    if (bit_of[i] < 0) continue;
    for (int b = 0; b < kMaxClasses; ++b) {
      if (elements[i].classes & (uint64_t{1} << b)) by_class[b].Set(bit_of[i]);
    }
  }
  for (uint32_t id = 1; id < words.size(); ++id) {
    for (uint64_t classes = lexicon.word_classes(id); classes != 0;
         classes &= classes - 1) {
      word_features[id].Add(by_class[__builtin_ctzll(classes)]);
    }
    if (!(word_features[id] == FeatureSet())) {
      add_to_slot(HashWord(words[id]), word_features[id]);
    }
  }
  // Person names given in the options match tokens as written; their hash
  // folds case like the tokens' does.
  for (const std::string& name : lexicon.person_names()) {
    add_to_slot(HashWord(name), out.person_);
  }

  std::vector<size_t> shared_slots;
  for (const auto& [index, slot_entries] : by_slot) {
    if (slot_entries.size() == 1) {
      out.slots_[index] = Slot{slot_entries[0].first,
                               intern_set(slot_entries[0].second)};
    } else {
      shared_slots.push_back(index);
    }
  }
  std::sort(shared_slots.begin(), shared_slots.end());
  for (size_t index : shared_slots) {
    if (out.overflow_.size() >= kShared) {
      // Out of overflow room (a huge custom lexicon): the slot's union
      // applies to any word hashing there.
      FeatureSet merged;
      for (const auto& [f, set] : by_slot[index]) merged.Add(set);
      out.overflow_.push_back({index, 0, true, intern_set(merged)});
      out.slots_[index] = Slot{0, static_cast<uint16_t>(
                                      kShared | (out.overflow_.size() - 1))};
      continue;
    }
    out.slots_[index] =
        Slot{0, static_cast<uint16_t>(kShared | out.overflow_.size())};
    for (const auto& [f, set] : by_slot[index]) {
      out.overflow_.push_back({index, f, false, intern_set(set)});
    }
  }

  // The tokens the tokenizer makes of contractions (tokenizer.cc, Word()).
  const std::pair<SplitOff, std::vector<const char*>> split_offs[] = {
      {kSplitNot, {"not", "can", "will", "shall"}},
      {kSplitHave, {"have"}},
      {kSplitS, {"'s"}},
      {kSplitRe, {"'re"}},
      {kSplitLl, {"'ll"}},
      {kSplitD, {"'d"}},
      {kSplitM, {"'m"}}};
  for (const auto& [kind, tokens] : split_offs) {
    for (const char* token : tokens) {
      out.AddWord(HashWord(token), &out.split_off_[kind]);
    }
    out.contraction_.Add(out.split_off_[kind]);
  }

  // 5. Patterns by their rarest feature.
  std::vector<std::vector<Entry>> by_bit(kFeatures);
  for (const Need& need : needs) {
    Entry entry;
    entry.pattern = need.pattern;
    entry.question_only =
        lexicon.rules()[patterns[need.pattern].rule].question_only;
    if (need.first >= 0) entry.first_need.Set(bit_of[need.first]);
    // need.elements: the kept ones, rarest first (step 2).
    for (int element : need.elements) entry.need.Set(bit_of[element]);
    entry.second = static_cast<uint16_t>(
        bit_of[need.elements[need.elements.size() > 1 ? 1 : 0]]);
    by_bit[bit_of[need.elements.front()]].push_back(entry);
  }
  out.first_.push_back(0);
  for (int b = 0; b < kFeatures; ++b) {
    if (!by_bit[b].empty()) out.keys_.Set(b);
    out.entries_.insert(out.entries_.end(), by_bit[b].begin(), by_bit[b].end());
    out.first_.push_back(static_cast<uint32_t>(out.entries_.size()));
  }
  return out;
}

bool SentencePrefilter::FindLive(const FeatureSet& features,
                                 const FeatureSet& first, bool question,
                                 LivePatterns* live) const {
  bool any = false;
  for (int w = 0; w < FeatureSet::kWords; ++w) {
    uint64_t bits = features.bits[w] & keys_.bits[w];
    while (bits != 0) {
      const int b = w * 64 + __builtin_ctzll(bits);
      bits &= bits - 1;
      for (uint32_t i = first_[b]; i < first_[b + 1]; ++i) {
        const Entry& entry = entries_[i];
        if (((features.bits[entry.second >> 6] >> (entry.second & 63)) & 1) ==
            0) {
          continue;
        }
        if (entry.question_only && !question) continue;
        if (!entry.need.SubsetOf(features)) continue;
        if (!entry.first_need.SubsetOf(first)) continue;
        if (!any) {
          live->Clear();
          any = true;
        }
        live->Add(entry.pattern);
      }
    }
  }
  return any;
}

}  // namespace pmkit::blame_internal

namespace pmkit::blame_internal {

void SentencePrefilter::AddShared(size_t index, uint16_t fingerprint,
                                  FeatureSet* features) const {
  for (size_t k = slots_[index].set & ~kShared;
       k < overflow_.size() && overflow_[k].slot == index; ++k) {
    if (overflow_[k].any || overflow_[k].fingerprint == fingerprint) {
      features->Add(sets_[overflow_[k].set]);
    }
  }
}

}  // namespace pmkit::blame_internal
