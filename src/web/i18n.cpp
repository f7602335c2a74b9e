#include "web/i18n.h"

#include <rapidjson/document.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "common/json_writer.h"
#include "common/strings.h"

namespace redriva::web {

namespace {

constexpr const char* kLanguages[] = {"en", "fr"};

bool supported(std::string_view lang) {
    for (const char* l : kLanguages)
        if (lang == l) return true;
    return false;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// The catalogue's number conventions; English's for what it does not say.
NumberFormat number_format(const std::map<std::string, std::string, std::less<>>& entries) {
    auto entry = [&](const std::string& key, std::string fallback) {
        auto it = entries.find(key);
        return it == entries.end() ? fallback : it->second;
    };
    NumberFormat::Units units;
    for (std::size_t i = 0; i < units.size(); ++i)
        units[i] = entry(size_unit_key(kSizeUnits[i]), std::string(kSizeUnits[i]));
    return NumberFormat(entry("fmt.group_separator", ","), entry("fmt.decimal_separator", "."),
                        std::move(units));
}

std::map<std::string, Catalogue, std::less<>>& catalogues() {
    static std::map<std::string, Catalogue, std::less<>> all;
    return all;
}

// JSON text made inert inside an HTML <script> element: "</script>" or "<!--"
// in a string could otherwise end or change the element.
std::string script_safe(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '<') {
            out += "\\u003c";
        } else if (c == '>') {
            out += "\\u003e";
        } else if (c == '&') {
            out += "\\u0026";
        } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
                   (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
            out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

Catalogue Catalogue::load(const std::string& path, std::string lang) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the catalogue " + path);
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document doc;
    doc.Parse(text.str().c_str());
    if (doc.HasParseError() || !doc.IsObject())
        throw std::runtime_error(path + ": not a JSON object");
    Catalogue c;
    c.lang_ = std::move(lang);
    rapidjson::StringBuffer buf;
    json::Writer w(buf);
    w.StartObject();
    // Over the const object: RapidJSON's mutable member iterators compare
    // ambiguously in C++20 (clang's -Wambiguous-reversed-operator).
    for (const auto& m : std::as_const(doc).GetObject()) {
        if (!m.value.IsString())
            throw std::runtime_error(path + ": the value of " + m.name.GetString() +
                                     " is not a string");
        std::string key(m.name.GetString(), m.name.GetStringLength());
        std::string value(m.value.GetString(), m.value.GetStringLength());
        if (key.starts_with("js.")) json::member(w, key, value);
        c.entries_.emplace(std::move(key), std::move(value));
    }
    w.EndObject();
    c.numbers_ = number_format(c.entries_);
    c.script_json_ = script_safe(std::string_view(buf.GetString(), buf.GetSize()));
    return c;
}

const std::string& Catalogue::text(const std::string& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? key : it->second;
}

void load_catalogues(const std::string& directory) {
    auto& all = catalogues();
    all.clear();
    for (const char* lang : kLanguages)
        all.emplace(lang, Catalogue::load(directory + "/" + lang + ".json", lang));
}

const Catalogue& catalogue(std::string_view lang) {
    const auto& all = catalogues();
    auto it = all.find(lang);
    if (it != all.end()) return it->second;
    it = all.find("en");
    if (it == all.end()) throw std::logic_error("load_catalogues() was not called");
    return it->second;
}

std::string size_unit_key(std::string_view unit) {
    return "js.unit." + std::string(unit);
}

std::string_view pick_language(std::string_view cookie, std::string_view accept_language) {
    for (const char* l : kLanguages)
        if (cookie == l) return l;
    std::string_view best = "en";
    double best_q = 0;
    while (!accept_language.empty()) {
        const std::size_t comma = accept_language.find(',');
        std::string_view item = trim(accept_language.substr(0, comma));
        accept_language = comma == std::string_view::npos ? std::string_view()
                                                          : accept_language.substr(comma + 1);
        double q = 1;
        if (const std::size_t semi = item.find(';'); semi != std::string_view::npos) {
            std::string_view param = trim(item.substr(semi + 1));
            item = trim(item.substr(0, semi));
            if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=')
                continue;
            // q is 0 to 1 with up to three decimals (RFC 9110): read it by hand, not
            // with strtod (locale) or into a 0.5e9 surprise.
            std::string_view v = param.substr(2);
            if (v.empty() || (v[0] != '0' && v[0] != '1')) continue;
            q = v[0] - '0';
            if (v.size() > 1) {
                if (v[1] != '.' || v.size() > 5) continue;
                double scale = 0.1;
                bool digits = true;
                for (char c : v.substr(2)) {
                    if (c < '0' || c > '9') digits = false;
                    q += (c - '0') * scale;
                    scale /= 10;
                }
                if (!digits || q > 1) continue;
            }
        }
        const std::string primary = lower(item.substr(0, item.find('-')));
        if (q > best_q && supported(primary)) {
            for (const char* l : kLanguages)
                if (primary == l) best = l;
            best_q = q;
        }
    }
    return best;
}

}  // namespace redriva::web
