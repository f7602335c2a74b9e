#include "domain/torrent_source.h"

#include <openssl/evp.h>

#include <array>
#include <optional>
#include <stdexcept>

#include "common/strings.h"

namespace redriva {

namespace {

// ---------------------------------------------------------------- magnets

// RFC 4648 base32 (A–Z, 2–7), the older spelling of a btih: 32 characters, 20 bytes.
std::optional<std::string> base32_hash_to_hex(std::string_view text) {
    if (text.size() != 32) return std::nullopt;
    std::string bytes;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const char u = ascii_upper(c);
        int v;
        if (u >= 'A' && u <= 'Z')
            v = u - 'A';
        else if (u >= '2' && u <= '7')
            v = u - '2' + 26;
        else
            return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    return to_hex(bytes);
}

// A dn= value: %XX and '+' decoded; nullopt when malformed or not UTF-8.
std::optional<std::string> decode_component(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            out.push_back(' ');
        } else if (in[i] == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            const int hi = hex_digit_value(in[i + 1]), lo = hex_digit_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    if (!is_valid_utf8(out) || out.find('\0') != std::string::npos) return std::nullopt;
    return out;
}

// ---------------------------------------------------------------- bencode

// A strict reader of bencoded bytes: integers without leading zeros, strings with
// their length, lists and dictionaries with sorted-or-not keys (files in the wild
// are not always sorted; the hash is over the bytes as they are).
class Bencode {
public:
    explicit Bencode(std::string_view bytes) : in_(bytes) {}

    std::size_t pos() const { return pos_; }
    bool at_end() const { return pos_ == in_.size(); }
    char peek() const { return pos_ < in_.size() ? in_[pos_] : '\0'; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }

    std::optional<std::int64_t> integer() {
        if (!eat('i')) return std::nullopt;
        const std::size_t end = in_.find('e', pos_);
        if (end == std::string_view::npos) return std::nullopt;
        const std::string_view digits = in_.substr(pos_, end - pos_);
        if (digits.empty() || digits == "-0" ||
            (digits.size() > 1 && (digits[0] == '0' || digits.starts_with("-0"))))
            return std::nullopt;
        auto value = parse_int(digits);
        if (!value) return std::nullopt;
        pos_ = end + 1;
        return value;
    }

    std::optional<std::string_view> string() {
        std::size_t colon = pos_;
        while (colon < in_.size() && colon - pos_ < 10 && in_[colon] >= '0' && in_[colon] <= '9')
            ++colon;
        if (colon == pos_ || colon >= in_.size() || in_[colon] != ':') return std::nullopt;
        if (colon - pos_ > 1 && in_[pos_] == '0') return std::nullopt;
        const auto length = parse_int(in_.substr(pos_, colon - pos_));
        if (!length || static_cast<std::size_t>(*length) > in_.size() - colon - 1)
            return std::nullopt;
        pos_ = colon + 1 + static_cast<std::size_t>(*length);
        return in_.substr(colon + 1, static_cast<std::size_t>(*length));
    }

    // Any value, checked and passed over.
    bool skip(int depth = 0) {
        if (depth > kMaxDepth) return false;
        const char c = peek();
        if (c == 'i') return integer().has_value();
        if (c == 'l' || c == 'd') {
            ++pos_;
            while (!eat('e')) {
                if (at_end()) return false;
                if (c == 'd' && !string()) return false;
                if (!skip(depth + 1)) return false;
            }
            return true;
        }
        return string().has_value();
    }

private:
    static constexpr int kMaxDepth = 64;
    std::string_view in_;
    std::size_t pos_ = 0;
};

// A torrent's whole size at most (1 PiB): far above any real one, far below overflow.
constexpr std::int64_t kMaxTorrentBytes = std::int64_t{1} << 50;

Failure not_torrent(const std::string& why) {
    return Failure{"not a .torrent file: " + why};
}

// The "info" dictionary's name, total size and file count.
Result<TorrentFileInfo> read_info(std::string_view info_bytes) {
    TorrentFileInfo info;
    Bencode b(info_bytes);
    b.eat('d');
    bool has_length = false, has_files = false;
    while (!b.eat('e')) {
        const auto key = b.string();
        if (!key) return not_torrent("a key of its info dictionary is not a string");
        if (*key == "name") {
            const auto name = b.string();
            if (!name) return not_torrent("its name is not a string");
            info.name = std::string(*name);
        } else if (*key == "length") {
            const auto length = b.integer();
            if (!length || *length < 0 || *length > kMaxTorrentBytes)
                return not_torrent("its length is not a size");
            info.bytes = *length;
            info.files = 1;
            has_length = true;
        } else if (*key == "files") {
            has_files = true;
            if (!b.eat('l')) return not_torrent("its file list is not a list");
            while (!b.eat('e')) {
                if (!b.eat('d')) return not_torrent("a file of its list is not a dictionary");
                std::optional<std::int64_t> length;
                while (!b.eat('e')) {
                    const auto file_key = b.string();
                    if (!file_key) return not_torrent("a file's key is not a string");
                    if (*file_key == "length") {
                        length = b.integer();
                        if (!length || *length < 0) return not_torrent("a file's length is bad");
                    } else if (!b.skip()) {
                        return not_torrent("a file's entry is malformed");
                    }
                }
                if (!length) return not_torrent("a file has no length");
                // Bounded, so that the sum cannot overflow.
                if (*length > kMaxTorrentBytes - info.bytes)
                    return not_torrent("its files add up to more than any torrent holds");
                info.bytes += *length;
                ++info.files;
            }
        } else if (!b.skip()) {
            return not_torrent("its info dictionary is malformed");
        }
    }
    if (!has_length && !has_files) return not_torrent("its info names no file");
    if (has_length && has_files) return not_torrent("its info is both one file and a list");
    if (!is_valid_utf8(info.name)) info.name.clear();
    return info;
}

std::string sha1_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1)
        throw std::runtime_error("SHA-1 is not available");
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

}  // namespace

Result<MagnetLink> parse_magnet(std::string_view text) {
    if (text.size() > kMaxMagnetBytes) return Failure{"the magnet link is too long"};
    constexpr std::string_view kScheme = "magnet:?";
    if (!text.starts_with(kScheme)) return Failure{"not a magnet link (magnet:?xt=urn:btih:…)"};
    MagnetLink magnet;
    std::string_view rest = text.substr(kScheme.size());
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        constexpr std::string_view kBtih = "xt=urn:btih:";
        if (part.starts_with(kBtih)) {
            const std::string_view value = part.substr(kBtih.size());
            std::optional<std::string> hex;
            if (is_info_hash(value)) {
                hex.emplace(value);
                for (char& c : *hex) c = ascii_lower(c);
            } else {
                hex = base32_hash_to_hex(value);
            }
            if (!hex)
                return Failure{"the magnet's info hash is neither 40 hex nor 32 base32 digits"};
            if (!magnet.hash.empty() && magnet.hash != *hex)
                return Failure{"the magnet names two different info hashes"};
            magnet.hash = std::move(*hex);
        } else if (part.starts_with("dn=")) {
            if (auto name = decode_component(part.substr(3))) magnet.name = std::move(*name);
        }
    }
    if (magnet.hash.empty())
        return Failure{"the magnet has no BitTorrent v1 info hash (xt=urn:btih:…)"};
    return magnet;
}

std::string magnet_of_hash(std::string_view hash) {
    return "magnet:?xt=urn:btih:" + std::string(hash);
}

bool is_info_hash(std::string_view text) {
    if (text.size() != 40) return false;
    for (char c : text)
        if (!is_ascii_hex(c)) return false;
    return true;
}

namespace {
constexpr std::string_view kTorrentDataUrl = "data:application/x-bittorrent;base64,";
}

std::string torrent_file_input(std::string_view bytes) {
    return std::string(kTorrentDataUrl) + base64_encode(bytes);
}

std::optional<std::string> torrent_file_of_input(std::string_view input) {
    if (!input.starts_with(kTorrentDataUrl)) return std::nullopt;
    return base64_decode(input.substr(kTorrentDataUrl.size()));
}

Result<TorrentFileInfo> parse_torrent_file(std::string_view bytes) {
    if (bytes.size() > kMaxTorrentFileBytes) return Failure{"the .torrent file is too large"};
    Bencode b(bytes);
    if (!b.eat('d')) return not_torrent("it does not start with a dictionary");
    std::optional<std::string_view> info_bytes;
    while (!b.eat('e')) {
        if (b.at_end()) return not_torrent("it ends too early");
        const auto key = b.string();
        if (!key) return not_torrent("a key is not a string");
        const std::size_t start = b.pos();
        if (*key == "info" && b.peek() != 'd') return not_torrent("its info is not a dictionary");
        if (!b.skip()) return not_torrent("it is malformed");
        if (*key == "info") info_bytes = bytes.substr(start, b.pos() - start);
    }
    if (!b.at_end()) return not_torrent("bytes follow its end");
    if (!info_bytes) return not_torrent("it has no info dictionary");
    auto info = read_info(*info_bytes);
    if (!info) return info;
    info->hash = sha1_hex(*info_bytes);
    return info;
}

}  // namespace redriva
