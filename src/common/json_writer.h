// The one way Redriva writes JSON: RapidJSON's SAX Writer into a string buffer
// (no DOM built only to be printed), with members written through these helpers,
// which take string_views (RapidJSON wants a pointer and a length).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace redriva::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

inline void key(Writer& w, std::string_view name) {
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

inline void string(Writer& w, std::string_view value) {
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

inline void member(Writer& w, std::string_view name, std::string_view value) {
    key(w, name);
    string(w, value);
}

inline void member(Writer& w, std::string_view name, const char* value) {
    member(w, name, std::string_view(value));
}

inline void member(Writer& w, std::string_view name, std::int64_t value) {
    key(w, name);
    w.Int64(value);
}

inline void member(Writer& w, std::string_view name, std::uint64_t value) {
    key(w, name);
    w.Uint64(value);
}

inline void member(Writer& w, std::string_view name, int value) {
    member(w, name, static_cast<std::int64_t>(value));
}

inline void member(Writer& w, std::string_view name, double value) {
    key(w, name);
    w.Double(value);
}

inline void member(Writer& w, std::string_view name, bool value) {
    key(w, name);
    w.Bool(value);
}

// An optional member written as null when absent (the API keeps every key).
template <typename T>
void member(Writer& w, std::string_view name, const std::optional<T>& value) {
    if (value) {
        member(w, name, *value);
    } else {
        key(w, name);
        w.Null();
    }
}

// A text that is empty when unknown (a date not reached yet), written as null.
inline void member_or_null(Writer& w, std::string_view name, std::string_view value) {
    if (value.empty()) {
        key(w, name);
        w.Null();
    } else {
        member(w, name, value);
    }
}

inline std::string text(const rapidjson::StringBuffer& buffer) {
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace redriva::json
