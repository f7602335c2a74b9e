#include "db/json_array.h"

#include <cstdint>
#include <optional>

#include "common/strings.h"

namespace redriva::db {

namespace {

void append_escaped(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out += kHex[u >> 4];
                    out += kHex[u & 0xF];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// A cursor over the input; every parse_* returns false (or nullopt) on malformed
// input and leaves the caller to give up.
class ArrayParser {
public:
    explicit ArrayParser(std::string_view s) : s_(s) {}

    bool parse(std::vector<std::string>& out) {
        skip_ws();
        if (!consume('[')) return false;
        skip_ws();
        if (!consume(']')) {
            while (true) {
                skip_ws();
                std::string item;
                if (!parse_string(item)) return false;
                out.push_back(std::move(item));
                skip_ws();
                if (consume(']')) break;
                if (!consume(',')) return false;
            }
        }
        skip_ws();
        return pos_ == s_.size();
    }

private:
    bool consume(char c) {
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    void skip_ws() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }

    std::optional<std::uint32_t> parse_hex4() {
        if (pos_ + 4 > s_.size()) return std::nullopt;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_digit_value(s_[pos_++]);
            if (digit < 0) return std::nullopt;
            v = (v << 4) | static_cast<std::uint32_t>(digit);
        }
        return v;
    }

    // After "\u": one code point, joining a surrogate pair.
    bool parse_unicode_escape(std::string& out) {
        auto high = parse_hex4();
        if (!high) return false;
        std::uint32_t cp = *high;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!consume('\\') || !consume('u')) return false;
            auto low = parse_hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        }
        append_utf8(out, cp);
        return true;
    }

    bool parse_string(std::string& out) {
        if (!consume('"')) return false;
        while (pos_ < s_.size()) {
            char c = s_[pos_++];
            if (c == '"') return is_valid_utf8(out);
            if (static_cast<unsigned char>(c) < 0x20) return false;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= s_.size()) return false;
            switch (s_[pos_++]) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u':
                    if (!parse_unicode_escape(out)) return false;
                    break;
                default: return false;
            }
        }
        return false;  // unterminated
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string encode_string_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        append_escaped(out, items[i]);
    }
    out += ']';
    return out;
}

std::vector<std::string> decode_string_array(std::string_view json) {
    std::vector<std::string> items;
    ArrayParser parser(json);
    if (!parser.parse(items)) return {};
    return items;
}

}  // namespace redriva::db
