// Numbers and sizes as each language writes them: the server's must be what the
// browser's Intl.NumberFormat(lang) writes, so the pages look the same before and
// after a script rewrites a number. French groups with U+202F (NARROW NO-BREAK SPACE).
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "web/i18n.h"
#include "web/number_format.h"

using namespace redriva;
using namespace redriva::web;

namespace {

const std::string kNnbsp = "\u202F";
constexpr std::int64_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024, kTiB = kGiB * 1024,
                       kPiB = kTiB * 1024;

const Catalogue& french() {
    static const Catalogue fr = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/fr.json", "fr");
    return fr;
}
const Catalogue& english() {
    static const Catalogue en = Catalogue::load(REDRIVA_SOURCE_DIR "/i18n/en.json", "en");
    return en;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(number_format)

BOOST_AUTO_TEST_CASE(english_counts_group_with_commas) {
    const NumberFormat& en = english().numbers();
    BOOST_TEST(en.count(0) == "0");
    BOOST_TEST(en.count(999) == "999");
    BOOST_TEST(en.count(1000) == "1,000");
    BOOST_TEST(en.count(2506) == "2,506");
    BOOST_TEST(en.count(1234567) == "1,234,567");
    BOOST_TEST(en.count(-1) == "-1");
    BOOST_TEST(en.count(-1234) == "-1,234");
    BOOST_TEST(en.count(std::numeric_limits<std::int64_t>::max()) == "9,223,372,036,854,775,807");
    // INT64_MIN has no positive counterpart: negating it would be undefined.
    BOOST_TEST(en.count(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
    BOOST_TEST(NumberFormat().count(2506) == "2,506");  // English without a catalogue
}

BOOST_AUTO_TEST_CASE(french_counts_group_with_a_narrow_no_break_space) {
    const NumberFormat& fr = french().numbers();
    BOOST_TEST(fr.count(0) == "0");
    BOOST_TEST(fr.count(999) == "999");
    BOOST_TEST(fr.count(1234) == "1" + kNnbsp + "234");  // Intl groups 4 digits in French
    BOOST_TEST(fr.count(2506) == "2" + kNnbsp + "506");
    BOOST_TEST(fr.count(1234567) == "1" + kNnbsp + "234" + kNnbsp + "567");
    BOOST_TEST(fr.count(-2506) == "-2" + kNnbsp + "506");  // hyphen-minus, as Intl
}

BOOST_AUTO_TEST_CASE(decimals_round_half_away_from_zero_with_the_language_separator) {
    const NumberFormat& fr = french().numbers();
    const NumberFormat& en = english().numbers();
    BOOST_TEST(fr.decimal(98.5, 1) == "98,5");
    BOOST_TEST(en.decimal(98.5, 1) == "98.5");
    BOOST_TEST(fr.decimal(0, 1) == "0,0");
    BOOST_TEST(fr.decimal(1.25, 1) == "1,3");  // printf would say 1.2 (half to even)
    BOOST_TEST(fr.decimal(99.96, 1) == "100,0");
    BOOST_TEST(fr.decimal(-0.04, 1) == "0,0");  // no "-0,0"
    BOOST_TEST(fr.decimal(-1.25, 1) == "-1,3");
    BOOST_TEST(fr.decimal(1234.5, 1) == "1" + kNnbsp + "234,5");
    BOOST_TEST(fr.decimal(7, 0) == "7");
}

BOOST_AUTO_TEST_CASE(french_sizes_use_octet_units_and_a_decimal_comma) {
    const NumberFormat& fr = french().numbers();
    BOOST_TEST(fr.size(0) == "0 o");
    BOOST_TEST(fr.size(3) == "3 o");
    BOOST_TEST(fr.size(-5) == "0 o");
    BOOST_TEST(fr.size(1023) == "1" + kNnbsp + "023 o");
    BOOST_TEST(fr.size(kKiB) == "1,0 Kio");
    BOOST_TEST(fr.size(1280) == "1,3 Kio");  // 1.25: a tie, away from zero as Intl
    BOOST_TEST(fr.size(512 * kMiB) == "512 Mio");
    BOOST_TEST(fr.size(kTiB * 45 / 2) == "22,5 Tio");
    BOOST_TEST(fr.size(kTiB * 1000) == "1" + kNnbsp + "000 Tio");
    // The PiB boundary: just under it rounds up to the next unit, not "1 024 Tio".
    BOOST_TEST(fr.size(kPiB - 1) == "1,0 Pio");
    BOOST_TEST(fr.size(kPiB) == "1,0 Pio");
    BOOST_TEST(fr.size(std::numeric_limits<std::int64_t>::max()) == "8,0 Eio");
}

BOOST_AUTO_TEST_CASE(english_sizes_keep_iec_units) {
    const NumberFormat& en = english().numbers();
    BOOST_TEST(en.size(3) == "3 B");
    BOOST_TEST(en.size(512 * kMiB) == "512 MiB");
    BOOST_TEST(en.size(kTiB * 45 / 2) == "22.5 TiB");
    BOOST_TEST(en.size(kPiB - 1) == "1.0 PiB");
    BOOST_TEST(en.size(1280) == "1.3 KiB");
}

BOOST_AUTO_TEST_SUITE_END()
