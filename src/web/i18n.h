// The interface's words: one catalogue per language, i18n/<lang>.json, a flat
// {"key": "text"} object. Loaded once by the master before it forks, like the
// templates. Keys starting with "js." are the strings the page scripts use: each
// page carries them in a JSON data block, so a script never holds a word itself.
// A catalogue also says how its language writes numbers ("fmt." entries and the
// "js.unit." names of the size units): adding a language is adding its file.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "web/number_format.h"

namespace redriva::web {

class Catalogue {
public:
    // Throws std::runtime_error naming the file when it is missing or not a flat
    // object of strings.
    static Catalogue load(const std::string& path, std::string lang);

    const std::string& lang() const { return lang_; }
    // The text for `key`; the key itself when the catalogue lacks it (visible, and
    // caught by the tests that compare catalogues).
    const std::string& text(const std::string& key) const;
    const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }
    // The language's numbers: counts, decimals and sizes as its readers write them.
    const NumberFormat& numbers() const { return numbers_; }

    // The "js." entries as a JSON object that is safe inside
    // <script type="application/json"> ("<", ">", "&" and U+2028/9 escaped).
    const std::string& script_json() const { return script_json_; }

private:
    std::string lang_;
    std::map<std::string, std::string, std::less<>> entries_;
    std::string script_json_;
    NumberFormat numbers_;
};

// Loads <directory>/en.json (and every other supported language) once per process.
void load_catalogues(const std::string& directory);

// The catalogue of a supported language ("en", "fr"); English for anything else.
const Catalogue& catalogue(std::string_view lang);

// The catalogue key of a size unit's name ("KiB" -> "js.unit.KiB"): the scripts
// write sizes with the same names.
std::string size_unit_key(std::string_view unit);

inline constexpr const char* kLanguageCookie = "redriva_lang";

// The language of a page: the redriva_lang cookie when it names a supported language
// (the switch in the page sets it), else the most wanted supported language of the
// Accept-Language header ("fr-CA;q=0.9, en;q=0.5"), else English.
std::string_view pick_language(std::string_view cookie, std::string_view accept_language);

}  // namespace redriva::web
