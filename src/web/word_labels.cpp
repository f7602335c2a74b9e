#include "web/word_labels.h"

namespace redriva::web {

namespace {

// The family's part of the key; redriva.js's label() spells the same four.
std::string_view family_name(WordFamily family) {
    switch (family) {
        case WordFamily::kStatus: return "status";
        case WordFamily::kJobKind: return "job_kind";
        case WordFamily::kJobState: return "job_state";
        case WordFamily::kItemState: return "item_state";
    }
    return "status";
}

}  // namespace

std::string label_key(WordFamily family, std::string_view word) {
    std::string key = "js.";
    key += family_name(family);
    key += '.';
    key += word;
    return key;
}

std::string label(const Catalogue& cat, WordFamily family, std::string_view word) {
    const auto& entries = cat.entries();
    if (auto it = entries.find(label_key(family, word)); it != entries.end()) return it->second;
    std::string text(word);
    for (char& c : text)
        if (c == '_') c = ' ';
    return text;
}

}  // namespace redriva::web
