#include "demo/library_generator.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>

#include "common/clock.h"
#include "db/torrent_store.h"
#include "domain/status.h"

namespace redriva::demo {

namespace {

using Engine = std::mt19937_64;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHistory = 5 * 365 * kDay;
constexpr std::int64_t kKB = 1000;
constexpr std::int64_t kMB = 1000 * kKB;

// --- Shaping raw engine output (portable, unlike std::*_distribution) ---------------
//
// Portability also needs one draw per full expression: the operands of + (and a
// function's arguments) are evaluated in an unspecified order, so `a() + b()` with two
// draws can differ between compilers. Draws go into named locals first.

// [0, 1) with the 53 high bits: every double it returns is exact.
double unit(Engine& e) {
    return static_cast<double>(e() >> 11) * 0x1.0p-53;
}

// [0, n) without modulo bias: rejects the 2^64 mod n lowest raw values, which would
// otherwise make the low residues slightly likelier.
std::uint64_t below(Engine& e, std::uint64_t n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (true) {
        std::uint64_t r = e();
        if (r >= threshold) return r % n;
    }
}

// [lo, hi], both inclusive.
std::int64_t between(Engine& e, std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(e, static_cast<std::uint64_t>(hi - lo) + 1));
}

bool chance(Engine& e, double p) {
    return unit(e) < p;
}

template <typename T, std::size_t N>
const T& pick(Engine& e, const T (&items)[N]) {
    return items[below(e, N)];
}

// Irwin-Hall: twelve uniforms minus six has mean 0 and variance 1. Good enough for
// sizes, and uses no libm function whose last bit could differ between platforms.
double standard_normal(Engine& e) {
    double sum = 0;
    for (int i = 0; i < 12; ++i) sum += unit(e);
    return sum - 6;
}

// 2^x, linear between powers of two: monotonic and free of libm for the same reason.
std::int64_t exp2_approx(double x) {
    auto whole = static_cast<int>(x);
    double fraction = x - whole;
    return static_cast<std::int64_t>((1 + fraction) *
                                     static_cast<double>(std::int64_t{1} << whole));
}

// The splitmix64 finaliser: turns a seed into an unrelated one, for a second stream
// that must not replay the first.
std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

constexpr char kAlnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr char kHexDigits[] = "0123456789abcdef";

// --- Word lists ------------------------------------------------------------------------

struct Weighted {
    std::string_view value;
    int weight;  // out of 10000
};

constexpr Weighted kStatusMix[] = {
    {status("downloaded"), 8500},  {status("dead"), 400},
    {status("error"), 200},        {status("downloading"), 200},
    {status("queued"), 170},       {status("waiting_files_selection"), 150},
    {status("magnet_error"), 100}, {status("magnet_conversion"), 100},
    {status("uploading"), 80},     {status("compressing"), 70},
    {status("virus"), 30},
};

constexpr std::string_view kTitleWords[] = {
    "Silent",   "River",  "Night",    "Last",    "Kingdom",  "Shadow",   "Iron",    "Garden",
    "Broken",   "Echo",   "Winter",   "Summer",  "Crimson",  "Hollow",   "Glass",   "Paper",
    "Northern", "Lights", "Midnight", "Express", "Lost",     "City",     "Dark",    "Water",
    "Golden",   "Hour",   "Wild",     "Hearts",  "Quiet",    "Storm",    "Falling", "Stars",
    "Red",      "Line",   "Black",    "Mirror",  "Blue",     "Planet",   "Deep",    "Space",
    "Long",     "Road",   "Home",     "Final",   "Frontier", "Secret",   "Agent",   "Hidden",
    "Stone",    "Island", "Fire",     "Walk",    "Ghost",    "Protocol", "Empire",  "Rising",
    "Bright",   "Young",  "Things",   "Cold",    "Case",     "Open",     "Sea",     "Shift",
    "Second",   "Chance", "House",    "Cards",   "Machine",  "Dreams",   "Harbor",  "Signal",
};

// Accented and apostrophed titles: what a French library is full of.
constexpr std::string_view kFrenchTitles[] = {
    "Le Château des Étoiles", "Cœur Battant",       "La Forêt Enchantée", "Été Brûlant",
    "Les Âmes Perdues",       "Déjà Vu à Montréal", "L'Été de Noël",      "Où Est Passé Léon",
    "Garçon Manqué",          "Crème Brûlée",       "L'Étranger du Nord", "Sœurs d'Armes",
};

constexpr std::string_view kEpisodeTitles[] = {
    "Pilot", "The Return", "Homecoming", "Aftermath", "Crossroads", "Endgame", "Reunion",
};

// Repeated entries weight the draw.
constexpr std::string_view kResolutions[] = {"1080p", "1080p", "1080p", "1080p", "2160p",
                                             "2160p", "720p",  "720p",  "480p"};
constexpr std::string_view kSources[] = {"BluRay", "WEB-DL", "WEB-DL", "WEBRip", "HDTV",
                                         "BDRip",  "REMUX",  "WEB",    "HDRip"};
constexpr std::string_view kCodecs[] = {"x264", "x264", "x265",       "H.264", "H.265",
                                        "HEVC", "AV1",  "10bit x265", "XviD"};
constexpr std::string_view kAudio[] = {
    "", "", "", "DTS", "DTS-HD MA 5.1", "DDP5.1", "AAC2.0", "TrueHD 7.1 Atmos", "AC3", "FLAC"};
constexpr std::string_view kLanguages[] = {
    "", "", "", "", "", "MULTi", "FRENCH", "VOSTFR", "TRUEFRENCH", "VFF", "GERMAN", "iTALiAN"};
constexpr std::string_view kEditions[] = {
    "", "", "", "", "", "", "", "EXTENDED", "REMASTERED", "Directors Cut", "UNRATED", "IMAX"};
constexpr std::string_view kGroups[] = {"QUARTZ",   "NoirHD", "LUMiNA",  "ZEPHYR", "KRYPT",
                                        "OrbitRip", "VELVET", "PiXELS",  "NOVA",   "TiDE",
                                        "BRiX",     "EMBER",  "GLiMMER", "HALO",   "ONYX",
                                        "RiPPLE",   "SABLE",  "TORQUE",  "UMBRA",  "VANTA"};
constexpr std::string_view kVideoExtensions[] = {".mkv", ".mkv", ".mkv", ".mkv", ".mkv",
                                                 ".mkv", ".mp4", ".mp4", ".avi"};
constexpr std::string_view kSubtitleLanguages[] = {
    "English", "French", "Français (forcés)", "Spanish", "German", "Italian", "Portuguese"};
constexpr std::string_view kSubtitleExtensions[] = {".srt", ".srt", ".srt", ".ass", ".sub"};
constexpr std::string_view kExtras[] = {"Behind the Scenes", "Deleted Scenes", "Interview",
                                        "Making Of", "Trailer"};

constexpr std::string_view kErrorFor[][2] = {
    {status("magnet_error"), "magnet conversion failed: the magnet is invalid or unreachable"},
    {status("error"), "Real-Debrid reported a download error"},
    {status("virus"), "infected file detected, download refused"},
    {status("dead"), "no seeders left: the torrent is dead"},
};

// --- Release names ---------------------------------------------------------------------

// The parts of a scene-style release name.
struct Tags {
    char sep = '.';
    std::string title;
    std::string year;
    std::string_view edition, language, resolution, source, audio, codec, group;
};

// Joins the non-empty tokens with `sep`, which also replaces the spaces inside
// multi-word tokens ("DTS-HD MA 5.1" -> "DTS-HD.MA.5.1").
std::string join_tokens(char sep, std::initializer_list<std::string_view> tokens) {
    std::string out;
    for (std::string_view token : tokens) {
        if (token.empty()) continue;
        if (!out.empty()) out += sep;
        for (char c : token) out += c == ' ' ? sep : c;
    }
    return out;
}

// "Title.2019.1080p.BluRay.x264-GROUP" or "Title (2019) 1080p BluRay x264-GROUP";
// `marker` is "S02" or "S02E05" for series.
std::string format_release(const Tags& t, std::string_view marker) {
    std::string year = t.year.empty() || t.sep == '.' ? t.year : "(" + t.year + ")";
    return join_tokens(t.sep, {t.title, year, marker, t.edition, t.language, t.resolution, t.source,
                               t.audio, t.codec}) +
           "-" + std::string(t.group);
}

std::string two_digits(std::int64_t n) {
    std::string s = std::to_string(n);
    return n < 10 ? "0" + s : s;
}

std::vector<std::int64_t> split_bytes(Engine& e, std::int64_t total, std::size_t parts) {
    std::vector<double> weights(parts);
    double sum = 0;
    for (double& w : weights) sum += (w = 0.9 + 0.2 * unit(e));
    std::vector<std::int64_t> out(parts);
    std::int64_t given = 0;
    for (std::size_t i = 0; i + 1 < parts; ++i) {
        out[i] = static_cast<std::int64_t>(static_cast<double>(total) * weights[i] / sum);
        given += out[i];
    }
    out[parts - 1] = total - given;
    return out;
}

std::string_view error_for(std::string_view status) {
    for (const auto& entry : kErrorFor)
        if (entry[0] == status) return entry[1];
    return {};
}

}  // namespace

struct LibraryGenerator::Release {
    std::string filename;  // the torrent's name as RD lists it
    std::vector<TorrentFile> files;
    bool rar = false;  // RD serves the whole archive as a single link

    void add(std::string path, std::int64_t bytes, bool selected) {
        files.push_back(
            {static_cast<std::int64_t>(files.size() + 1), std::move(path), bytes, selected});
    }
};

std::vector<std::string> LibraryGenerator::hostile_names() {
    std::vector<std::string> names = {
        R"(The "Quoted" Title 2020 1080p WEB-DL)",
        "It's a Director's Cut 'Special' Edition 1999",
        "<script>alert(1)</script>",
        R"("><img src=x onerror=alert(1)>)",
        "Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt; 1940",
        "{{TEMPLATE}} {{#SECTION}}x{{/SECTION}} {{>INCLUDE}} {{!comment}}",
        "Movie Night \xF0\x9F\x8E\xAC\xF0\x9F\x8D\xBF Fire \xF0\x9F\x94\xA5 2023 2160p",
        "Le Fabuleux Destin d'Amélie Poulain (2001) Édition Spéciale Noël, ça coûte 5 €",
        // U+202E RIGHT-TO-LEFT OVERRIDE: renders as "Holiday Video exe.mkv".
        "Holiday Video \xE2\x80\xAE"
        "vkm.exe",
        // U+200B, U+200C, U+200D zero-width characters and U+FEFF.
        "Zero\xE2\x80\x8B"
        "Width\xE2\x80\x8C"
        "Joiner\xE2\x80\x8D"
        "Name\xEF\xBB\xBF 2021",
        "../../etc/passwd",
        R"(C:\Users\Public\..\..\Windows %s %n %x)",
        "' OR '1'='1'; DROP TABLE torrents; --",
        "javascript:alert(document.cookie)",
        "?page=2&sort=name#top %2F%00 a+b=c",
        "Tab\tSeparated  double  spaces and trailing space ",
        "\xE5\x8D\x83\xE3\x81\xA8\xE5\x8D\x83\xE5\xB0\x8B Spirited (2001) "
        "\xD9\x81\xD9\x8A\xD9\x84\xD9\x85 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A",
        // "Cafe" + U+0301 COMBINING ACUTE: looks like "Café", does not compare equal to it.
        "Cafe\xCC\x81 Society 2016 vs Café Society 2016",
        // Script and markup in every disguise a filter might miss.
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)//",
        R"h(<iframe src="javascript:alert(1)"></iframe>)h",
        "</script><script>alert(1)</script>",
        "<!--<script>alert(1)//-->",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<style>body{display:none}</style>",
        "<body onload=alert(1)>",
        R"h(<img src=x onerror="alert(String.fromCharCode(88,83,83))">)h",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        R"h(<a href="javascript:alert(1)">click me</a>)h",
        R"h(<base href="https://evil.example/">)h",
        R"h(<meta http-equiv="refresh" content="0;url=https://evil.example/">)h",
        R"h(<form action="https://evil.example/"><button>Log in</button></form>)h",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        // Breaking out of attributes, quoted or not.
        R"h(" autofocus onfocus="alert(1))h",
        "' onmouseover='alert(1)",
        "x onmouseover=alert(1) y",
        // URLs that run code.
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "javascript://%0Aalert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        // Template and framework syntax: ours (CTemplate) and others'.
        "{{%AUTOESCAPE context=\"JAVASCRIPT\"}} {{I18N_JSON:none}} {{CSRF_TOKEN}}",
        "{{constructor.constructor('alert(1)')()}}",
        "`backtick` ${alert(1)} #{7*7} <%= 7*7 %>",
        // JSON and JavaScript breakers.
        R"h("},{"filename":"injected","x":")h",
        "Line\xE2\x80\xA8Separator Paragraph\xE2\x80\xA9Separator",
        R"h(\u003cscript\u003ealert(1)\u003c/script\u003e \" \\)h",
        "]]><!-- CDATA end -->",
        // Entities and look-alikes that must stay as typed.
        "&lt;script&gt; &#60;script&#62; &#x3C;script&#x3E; &amp;amp;",
        "\xEF\xBC\x9C"
        "script\xEF\xBC\x9E"
        "alert(1)\xEF\xBC\x9C/script\xEF\xBC\x9E fullwidth",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        // Bidirectional isolates and embeddings (U+2066, U+2069, U+202B, U+202C, U+200F).
        "\xE2\x81\xA6isolate\xE2\x81\xA9 \xE2\x80\xAB"
        "embedding\xE2\x80\xAC \xE2\x80\x8Fmark 2022",
        // Stacked combining marks ("Zalgo").
        "Z\xCC\xB7\xCC\xA2\xCC\x9B"
        "a\xCC\xB6\xCC\x8Dl\xCC\xB5\xCC\x88g\xCC\xB4\xCC\x80o\xCC\xB8\xCC\x81 2019",
        // Line breaks, as a header injection would carry them.
        "Carriage\r\nSet-Cookie: evil=1",
    };
    // Names long enough to break a table layout or a fixed-size buffer.
    std::string long_ascii;
    for (std::string_view word : kTitleWords) {
        if (long_ascii.size() > 320) break;
        long_ascii += std::string(word) + ".";
    }
    names.push_back(long_ascii + "2024.2160p.WEB-DL.DDP5.1.H.265-QUARTZ");
    std::string long_accented;
    while (long_accented.size() < 400) long_accented += "Très Long Nom Accentué Été Noël ";
    names.push_back(long_accented + "\xF0\x9F\x8E\xAC");
    return names;
}

LibraryGenerator::LibraryGenerator(std::uint64_t seed, std::int64_t now_unix,
                                   std::size_t library_size)
    : rng_(seed),
      now_(now_unix),
      library_size_(library_size),
      // A few dozen torrents in the last day, whatever the library size.
      recent_count_(std::min<std::size_t>(48, library_size / 40)) {}

std::vector<TorrentInfo> LibraryGenerator::generate(std::size_t n) {
    std::vector<TorrentInfo> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(next());
    return out;
}

// A random first character, then 12 base-36 digits of a counter that grows by random
// steps: unique by construction (no set of the ids given out is needed) and still
// random-looking. Growing rather than shuffled because the id keys the torrents,
// torrent_details and torrent_files B-trees: 36 places to append to, instead of a
// random page per insert, cut about a quarter off filling 100k torrents.
std::string LibraryGenerator::make_id() {
    constexpr std::uint64_t kSpace = 4'738'381'338'321'616'896ULL;  // 36^12
    // Spread the rest of the library over the rest of the space. Past library_size_,
    // each step takes about 1/index of what is left, which lasts for any count.
    std::uint64_t horizon = index_ < library_size_ ? library_size_ - index_ : index_;
    std::uint64_t mean_step = (kSpace - id_counter_) / (horizon + 16);
    id_counter_ += 1 + below(rng_, std::max<std::uint64_t>(1, 2 * mean_step));
    std::uint64_t v = id_counter_;
    std::string id(13, '0');
    for (int pos = 12; pos >= 1; --pos) {
        id[static_cast<std::size_t>(pos)] = kAlnum[v % 36];
        v /= 36;
    }
    id[0] = kAlnum[below(rng_, 36)];
    return id;
}

std::string LibraryGenerator::make_hash() {
    std::string hash;
    hash.reserve(40);
    while (hash.size() < 40) {
        std::uint64_t v = rng_();
        for (int i = 0; i < 16 && hash.size() < 40; ++i, v >>= 4) hash += kHexDigits[v & 0xF];
    }
    return hash;
}

std::string LibraryGenerator::make_link() {
    std::string link = "https://real-debrid.com/d/";
    for (int i = 0; i < 13; ++i) link += kAlnum[below(rng_, 36)];
    return link;
}

std::string_view LibraryGenerator::pick_status() {
    auto roll = static_cast<int>(below(rng_, 10000));
    for (const Weighted& w : kStatusMix) {
        if (roll < w.weight) return w.value;
        roll -= w.weight;
    }
    return "downloaded";  // unreachable: the weights sum to 10000
}

std::int64_t LibraryGenerator::pick_added(std::string_view status) {
    // Exactly recent_count_ of every library_size_ torrents, evenly interleaved.
    bool recent = library_size_ > 0 && (index_ + 1) * recent_count_ / library_size_ >
                                           index_ * recent_count_ / library_size_;
    if (recent) return now_ - between(rng_, kMinute, kDay - kMinute);
    // Unfinished torrents do not linger for years.
    if (is_in_progress(status)) return now_ - between(rng_, kDay + kMinute, 45 * kDay);
    // Older years are sparser: a mix of uniform and a density falling linearly with
    // age (1 - sqrt(u)), about 6 times denser in the last months than 5 years ago.
    // (std::sqrt is correctly rounded by IEEE 754: as portable as + and *.)
    double u = unit(rng_);
    double age = chance(rng_, 0.3) ? u : 1 - std::sqrt(u);
    return now_ - kDay - kMinute -
           static_cast<std::int64_t>(age * static_cast<double>(kHistory - kDay));
}

// Log-normal, redrawn until inside 50 MB .. 100 GB.
std::int64_t LibraryGenerator::make_size(double log2_mean, double log2_sd) {
    while (true) {
        std::int64_t size = exp2_approx(log2_mean + log2_sd * standard_normal(rng_));
        if (size >= 50 * kMB && size <= 100'000 * kMB) return size;
    }
}

std::string LibraryGenerator::make_title() {
    if (chance(rng_, 0.08)) return std::string(pick(rng_, kFrenchTitles));
    static const std::int64_t kWordCounts[] = {1, 2, 2, 2, 2, 3, 3, 4};
    std::int64_t words = pick(rng_, kWordCounts);
    std::string title;
    for (std::int64_t i = 0; i < words; ++i) {
        if (i > 0) title += ' ';
        title += pick(rng_, kTitleWords);
    }
    return title;
}

LibraryGenerator::Release LibraryGenerator::make_movie(bool rar) {
    Tags t;
    t.sep = chance(rng_, 0.7) ? '.' : ' ';
    t.title = join_tokens(t.sep, {make_title()});
    std::int64_t this_year = 1970 + now_ / 31556952;
    t.year = std::to_string(std::max<std::int64_t>(
        1950, this_year - static_cast<std::int64_t>(std::abs(standard_normal(rng_)) * 15)));
    t.edition = pick(rng_, kEditions);
    t.language = pick(rng_, kLanguages);
    t.resolution = pick(rng_, kResolutions);
    t.source = pick(rng_, kSources);
    t.audio = pick(rng_, kAudio);
    t.codec = pick(rng_, kCodecs);
    t.group = pick(rng_, kGroups);
    std::string name = format_release(t, "");
    double mean = t.resolution == "2160p" ? 34.5 : t.resolution == "480p" ? 29.5 : 32.5;
    std::int64_t total = make_size(mean, 1.0);
    std::string_view ext = pick(rng_, kVideoExtensions);

    Release r;
    if (rar) {
        // Split archives: every part selected, one link for all of them.
        r.rar = true;
        r.filename = name;
        auto parts = static_cast<std::size_t>(between(rng_, 3, 40));
        std::int64_t nfo = between(rng_, kKB, 30 * kKB);
        auto sizes = split_bytes(rng_, total - nfo, parts);
        for (std::size_t i = 0; i < parts; ++i)
            r.add("/" + name + ".part" + two_digits(static_cast<std::int64_t>(i + 1)) + ".rar",
                  sizes[i], true);
        r.add("/" + name + ".nfo", nfo, false);
        return r;
    }
    if (chance(rng_, 0.6)) {
        r.filename = name + std::string(ext);
        r.add("/" + r.filename, total, true);
        return r;
    }
    r.filename = name;
    std::int64_t main_bytes = total;
    r.add("/" + name + std::string(ext), 0, true);  // sized once the extras are known
    if (chance(rng_, 0.4)) {
        std::int64_t sample = std::min(between(rng_, 20 * kMB, 150 * kMB), total / 8);
        r.add("/Sample/" + name + "-sample" + std::string(ext), sample, false);
        main_bytes -= sample;
    }
    if (chance(rng_, 0.5)) {
        std::int64_t nfo = between(rng_, kKB, 30 * kKB);
        r.add("/" + name + ".nfo", nfo, false);
        main_bytes -= nfo;
    }
    if (chance(rng_, 0.3)) {
        std::int64_t subs = between(rng_, 1, 4);
        for (std::int64_t i = 0; i < subs; ++i) {
            std::int64_t size = between(rng_, 20 * kKB, 150 * kKB);
            std::string_view language = pick(rng_, kSubtitleLanguages);
            std::string_view extension = pick(rng_, kSubtitleExtensions);
            r.add("/Subs/" + std::to_string(i + 2) + "_" + std::string(language) +
                      std::string(extension),
                  size, true);
            main_bytes -= size;
        }
    }
    if (chance(rng_, 0.1)) {
        std::int64_t extras = between(rng_, 1, 3);
        for (std::int64_t i = 0; i < extras; ++i) {
            std::int64_t size = std::min(between(rng_, 50 * kMB, 900 * kMB), total / 16);
            r.add("/Featurettes/" + std::string(pick(rng_, kExtras)) + " " + std::to_string(i + 1) +
                      std::string(ext),
                  size, true);
            main_bytes -= size;
        }
    }
    r.files[0].bytes = main_bytes;
    return r;
}

LibraryGenerator::Release LibraryGenerator::make_episode() {
    std::string season = "S" + two_digits(between(rng_, 1, 12));
    std::string episode = season + "E" + two_digits(between(rng_, 1, 24));
    std::string_view ext = pick(rng_, kVideoExtensions);
    std::string name;
    if (chance(rng_, 0.15)) {
        // Fansub style: "[Group] Title - 07 [1080p][HEVC]".
        std::string_view group = pick(rng_, kGroups);
        std::string title = make_title();
        std::int64_t number = between(rng_, 1, 26);
        std::string_view resolution = pick(rng_, kResolutions);
        std::string_view codec = pick(rng_, kCodecs);
        name = "[" + std::string(group) + "] " + title + " - " + two_digits(number) + " [" +
               std::string(resolution) + "][" + std::string(codec) + "]";
    } else {
        Tags t;
        t.sep = chance(rng_, 0.8) ? '.' : ' ';
        t.title = join_tokens(t.sep, {make_title()});
        if (chance(rng_, 0.3)) episode = join_tokens(t.sep, {episode, pick(rng_, kEpisodeTitles)});
        t.language = pick(rng_, kLanguages);
        t.resolution = pick(rng_, kResolutions);
        t.source = pick(rng_, kSources);
        t.codec = pick(rng_, kCodecs);
        t.group = pick(rng_, kGroups);
        name = format_release(t, episode);
    }
    std::int64_t total = make_size(30.2, 0.9);
    Release r;
    if (chance(rng_, 0.8)) {
        r.filename = name + std::string(ext);
        r.add("/" + r.filename, total, true);
        return r;
    }
    r.filename = name;
    std::int64_t nfo = between(rng_, kKB, 20 * kKB);
    r.add("/" + name + std::string(ext), total - nfo, true);
    r.add("/" + name + ".nfo", nfo, false);
    return r;
}

LibraryGenerator::Release LibraryGenerator::make_season() {
    Tags t;
    t.sep = chance(rng_, 0.85) ? '.' : ' ';
    t.title = join_tokens(t.sep, {make_title()});
    t.language = pick(rng_, kLanguages);
    t.resolution = pick(rng_, kResolutions);
    t.source = pick(rng_, kSources);
    t.audio = pick(rng_, kAudio);
    t.codec = pick(rng_, kCodecs);
    t.group = pick(rng_, kGroups);
    std::string season = "S" + two_digits(between(rng_, 1, 12));
    std::string_view ext = pick(rng_, kVideoExtensions);
    auto episodes = static_cast<std::size_t>(between(rng_, 6, 24));
    bool subtitles = chance(rng_, 0.25);
    bool nfo = chance(rng_, 0.5);

    Release r;
    r.filename = format_release(t, season);
    std::int64_t total = make_size(34.0, 0.9);
    std::int64_t nfo_bytes = nfo ? between(rng_, kKB, 20 * kKB) : 0;
    std::int64_t sub_bytes = subtitles ? between(rng_, 20 * kKB, 90 * kKB) : 0;
    auto sizes = split_bytes(
        rng_, total - nfo_bytes - sub_bytes * static_cast<std::int64_t>(episodes), episodes);
    for (std::size_t i = 0; i < episodes; ++i) {
        std::string episode =
            format_release(t, season + "E" + two_digits(static_cast<std::int64_t>(i + 1)));
        r.add("/" + episode + std::string(ext), sizes[i], true);
        if (subtitles) r.add("/Subs/" + episode + ".srt", sub_bytes, true);
    }
    if (nfo) r.add("/" + r.filename + ".nfo", nfo_bytes, false);
    return r;
}

LibraryGenerator::Release LibraryGenerator::make_hostile() {
    static const std::vector<std::string> kHostile = hostile_names();
    std::string name;
    double roll = unit(rng_);
    // The first hostile torrents go through the whole list in order, so a
    // library of a couple of thousand torrents holds every name verbatim.
    if (hostile_made_ < kHostile.size()) {
        name = kHostile[hostile_made_++];
    } else if (roll < 0.6) {
        name = kHostile[below(rng_, kHostile.size())];
    } else if (roll < 0.85) {
        // Inside an otherwise ordinary release name.
        std::string title = make_title();
        std::int64_t year = between(rng_, 1980, 2024);
        const std::string& hostile = kHostile[below(rng_, kHostile.size())];
        std::string_view group = pick(rng_, kGroups);
        name = join_tokens('.', {title, std::to_string(year)}) + " " + hostile + " 1080p-" +
               std::string(group);
    } else {
        auto length = static_cast<std::size_t>(between(rng_, 300, 600));
        while (name.size() < length) name += std::string(pick(rng_, kTitleWords)) + ".";
        name += pick(rng_, kGroups);
    }
    std::int64_t total = make_size(31.5, 1.5);
    Release r;
    if (chance(rng_, 0.5)) {
        r.filename = name + ".mkv";
        r.add("/" + r.filename, total, true);
    } else {
        r.filename = name;
        std::int64_t sub = between(rng_, 20 * kKB, 90 * kKB);
        r.add("/" + name + ".mkv", total - sub, true);
        r.add("/Subs/" + name + ".srt", sub, true);
    }
    return r;
}

LibraryGenerator::Release LibraryGenerator::make_release() {
    double roll = unit(rng_);
    if (roll < 0.03) return make_hostile();
    if (roll < 0.07) return make_movie(true);
    if (roll < 0.50) return make_movie(false);
    if (roll < 0.82) return make_episode();
    return make_season();
}

TorrentInfo LibraryGenerator::next() {
    TorrentInfo info;
    TorrentListEntry& e = info.entry;
    e.id = make_id();
    e.hash = make_hash();
    e.host = "real-debrid.com";
    e.split = 2000;
    const std::string_view drawn = pick_status();
    e.status = std::string(drawn);
    std::int64_t added = pick_added(drawn);
    e.added = iso8601_utc(added);

    Release release = make_release();
    e.filename = release.filename;
    info.original_filename = release.filename;
    if (drawn == status("magnet_error") || drawn == status("magnet_conversion")) {
        // The magnet never became a torrent: RD knows no files and no size.
        release.files.clear();
    } else if (drawn == status("waiting_files_selection")) {
        for (TorrentFile& f : release.files) f.selected = false;
    }
    info.files = std::move(release.files);
    for (const TorrentFile& f : info.files) {
        info.original_bytes += f.bytes;
        if (f.selected) e.bytes += f.bytes;
    }

    if (drawn == status("downloaded")) {
        e.progress = 100;
        e.ended = iso8601_utc(std::min(now_, added + between(rng_, 20, 6 * kHour)));
        if (release.rar) {
            e.links.push_back(make_link());
        } else {
            for (const TorrentFile& f : info.files)
                if (f.selected) e.links.push_back(make_link());
        }
    } else if (phase_of(drawn) == Phase::kTransferring) {
        e.progress = static_cast<double>(below(rng_, 10000)) / 100;
        e.speed = drawn == status("downloading") ? between(rng_, 50 * kKB, 80 * kMB)
                                                 : between(rng_, kMB, 100 * kMB);
        if (drawn == status("downloading")) e.seeders = between(rng_, 1, 250);
    } else if (drawn == status("magnet_conversion")) {
        e.seeders = between(rng_, 0, 40);
    } else if (drawn == status("virus")) {
        e.progress = 100;
    } else if (drawn == status("dead") || drawn == status("error")) {
        e.progress = static_cast<double>(below(rng_, 10000)) / 100;
    }
    info.error = std::string(error_for(drawn));
    ++index_;
    return info;
}

LibraryFillStats fill_database(db::Database& db, std::size_t n, std::uint64_t seed,
                               std::int64_t now_unix, double details_coverage) {
    constexpr std::size_t kBatch = 2000;
    LibraryGenerator generator(seed, now_unix, n);
    // Its own stream, so that the coverage does not change the torrents themselves.
    Engine coverage(mix(seed ^ 0x636F766572616765ULL));
    db::TorrentStore store(db);
    const std::string now = iso8601_utc(now_unix);
    LibraryFillStats stats;
    std::vector<TorrentInfo> batch;
    std::vector<TorrentListEntry> entries;
    while (stats.torrents < n) {
        batch.clear();
        entries.clear();
        for (std::size_t i = stats.torrents; i < std::min(n, stats.torrents + kBatch); ++i) {
            batch.push_back(generator.next());
            entries.push_back(batch.back().entry);
        }
        db::WriteTransaction tx(db);
        store.upsert_list_entries(entries, now);
        for (const TorrentInfo& info : batch) {
            if (unit(coverage) >= details_coverage) continue;
            store.upsert_details(info, now);
            ++stats.details;
            stats.files += info.files.size();
        }
        tx.commit();
        stats.torrents += batch.size();
    }
    return stats;
}

}  // namespace redriva::demo
