#include "common/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace redriva {

namespace {

// Raw deflate of `data` ending with a sync flush: blocks that are not final, then an
// empty stored block, so that more blocks may follow on a byte boundary.
std::string deflate_piece(std::string_view data, int level) {
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_SYNC_FLUSH);
    const std::size_t written = out.size() - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_OK || z.avail_in != 0) throw std::runtime_error("deflate failed");
    out.resize(written);
    return out;
}

void put_le32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// A stored block (BFINAL as given) holding `data` (at most 65,535 bytes), starting on a
// byte boundary.
void put_stored(std::string& out, std::string_view data, bool final) {
    const auto n = static_cast<std::uint16_t>(data.size());
    out.push_back(final ? '\x01' : '\x00');
    out.push_back(static_cast<char>(n & 0xff));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(~n & 0xff));
    out.push_back(static_cast<char>((~n >> 8) & 0xff));
    out.append(data);
}

constexpr char kHeader[] = {'\x1f', '\x8b', '\x08', '\x00', '\x00', '\x00',
                            '\x00', '\x00', '\x00', '\x03'};  // deflate, no name, mtime 0, Unix

std::uint32_t crc_of(std::string_view data) {
    return static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

}  // namespace

std::string gzip_compress(std::string_view data, int level) {
    GzipWithHoles whole(data, {}, level);
    return whole.render({});
}

std::string gzip_decompress(std::string_view data, bool* ok) {
    if (ok) *ok = false;
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return {};
    std::string out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    const bool whole = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (!whole) return {};
    if (ok) *ok = true;
    return out;
}

GzipWithHoles::GzipWithHoles(std::string_view body, std::string_view hole, int level) {
    std::size_t from = 0;
    while (true) {
        const std::size_t at = hole.empty() ? std::string_view::npos : body.find(hole, from);
        const std::string_view text =
            body.substr(from, at == std::string_view::npos ? body.size() - from : at - from);
        pieces_.push_back(Piece{deflate_piece(text, level), crc_of(text), text.size()});
        if (at == std::string_view::npos) break;
        from = at + hole.size();
    }
}

std::string GzipWithHoles::render(std::string_view fill) const {
    if (fill.size() > 0xffff) throw std::length_error("a gzip hole's fill is over 65,535 bytes");
    std::string out;
    out.reserve(size() + holes() * (fill.size() + 5) + 32);
    out.append(kHeader, sizeof kHeader);
    const std::uint32_t fill_crc = crc_of(fill);
    std::uint32_t crc = 0;
    std::uint64_t length = 0;
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
        const Piece& piece = pieces_[i];
        out += piece.deflated;
        crc = static_cast<std::uint32_t>(
            crc32_combine(crc, piece.crc, static_cast<z_off_t>(piece.length)));
        length += piece.length;
        if (i + 1 < pieces_.size() && !fill.empty()) {
            put_stored(out, fill, false);
            crc = static_cast<std::uint32_t>(
                crc32_combine(crc, fill_crc, static_cast<z_off_t>(fill.size())));
            length += fill.size();
        }
    }
    put_stored(out, {}, true);
    put_le32(out, crc);
    put_le32(out, static_cast<std::uint32_t>(length));
    return out;
}

std::size_t GzipWithHoles::size() const {
    std::size_t n = 0;
    for (const auto& p : pieces_) n += p.deflated.size();
    return n;
}

}  // namespace redriva
