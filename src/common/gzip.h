// gzip bodies for answers kept in a cache: compressed once, sent many times.
//
// A cached page may carry holes filled per request (the CSRF token of the browser that
// asks). The text between the holes is compressed once, each piece as its own run of
// deflate blocks ending on a byte boundary (a sync flush, history reset); a request's
// fill goes between them as a *stored* block, and the gzip trailer's CRC-32 is combined
// from the pieces' CRCs. So serving a compressed page costs a few copies and a CRC of
// the fill, and the secret is never compressed together with the page (the BREACH
// family of attacks needs both in one compression context).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redriva {

// gzip of `data` in one go (level 1-9).
std::string gzip_compress(std::string_view data, int level = 6);

// The inverse, for tests: the decompressed bytes, or "" with *ok false when `data` is not
// one well-formed gzip member.
std::string gzip_decompress(std::string_view data, bool* ok = nullptr);

class GzipWithHoles {
public:
    GzipWithHoles() = default;
    // `body` whose every occurrence of `hole` is filled per request (an empty `hole`:
    // none). Fills longer than 65,535 bytes are not supported (one stored block).
    GzipWithHoles(std::string_view body, std::string_view hole, int level = 6);

    // The gzip member of the body with every hole replaced by `fill`.
    std::string render(std::string_view fill) const;

    std::size_t holes() const { return pieces_.empty() ? 0 : pieces_.size() - 1; }
    // The compressed bytes held (for a cache's accounting).
    std::size_t size() const;

private:
    struct Piece {
        std::string deflated;  // raw deflate blocks, not final, byte-aligned at the end
        std::uint32_t crc = 0;
        std::uint64_t length = 0;
    };
    std::vector<Piece> pieces_;
};

}  // namespace redriva
