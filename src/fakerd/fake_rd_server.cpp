#include "fakerd/fake_rd_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "common/clock.h"
#include "common/strings.h"
#include "domain/torrent_source.h"
#include "rd/wire.h"

namespace redriva::fakerd {

namespace {

constexpr const char* kApi = "/rest/1.0";
constexpr const char* kJson = "application/json";
constexpr std::size_t kMaxLimit = 5000;
constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLogEntries = 1'000'000;

// What the pre-routing step tells the logger about the request on this thread
// (httplib serves one request at a time per thread).
struct RequestContext {
    std::int64_t started_ms = 0;
    bool counted = false;  // a /rest/1.0 request: log it
    bool logged = false;   // already logged (a reset connection)
};
thread_local RequestContext t_request;

void send_error(httplib::Response& res, int status, std::string_view error, int code) {
    res.status = status;
    res.set_content(rd::error_json(error, code), kJson);
}

std::string param(const httplib::Request& req, const char* key) {
    return req.has_param(key) ? req.get_param_value(key) : std::string();
}

std::optional<std::int64_t> int_param(const httplib::Request& req, const char* key) {
    return parse_int(trim(req.get_param_value(key)));
}

// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        if (comma > at) out.push_back(text.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

// httplib 0.11 gives no access to its sockets: find one of ours among this process's
// descriptors, the first TCP socket on 127.0.0.1 whose local port is `port` and for
// which `matches(fd)` holds; -1 when there is none.
template <typename Matches>
int find_socket(int port, Matches matches) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        auto fd = parse_int(entry.path().filename().string());
        if (!fd || *fd < 0) continue;
        const int sock = static_cast<int>(*fd);
        sockaddr_in local{};
        socklen_t len = sizeof local;
        if (getsockname(sock, reinterpret_cast<sockaddr*>(&local), &len) == 0 &&
            local.sin_family == AF_INET && ntohs(local.sin_port) == port && matches(sock))
            return sock;
    }
    return -1;
}

// httplib 0.11 cannot drop a connection from a handler. Find the accepted socket by
// its two ports and disconnect it: connect(AF_UNSPEC) on an established TCP socket
// makes Linux send a RST. The descriptor stays open for httplib, whose write of the
// response then fails and which closes it as usual.
bool reset_connection(const httplib::Request& req) {
    const int sock = find_socket(req.local_port, [&](int fd) {
        sockaddr_in peer{};
        socklen_t len = sizeof peer;
        return getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0 &&
               peer.sin_family == AF_INET && ntohs(peer.sin_port) == req.remote_port;
    });
    if (sock < 0) return false;
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    return connect(sock, &unspec, sizeof unspec) == 0;
}

// Debian's httplib is a compiled library that listens with a backlog of 5: eight
// clients connecting at once overflow it, the kernel drops SYNs and each retries a
// second later, a stall real RD does not have. listen() again on the bound socket
// raises the backlog.
void widen_listen_backlog(int port) {
    const int sock = find_socket(port, [](int fd) {
        int listening = 0;
        socklen_t size = sizeof listening;
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 && listening;
    });
    if (sock >= 0 && ::listen(sock, 1024) != 0) std::perror("fake-rd: listen");
}

std::string encode_params(const httplib::Params& params) {
    std::string out;
    for (const auto& [key, value] : params) {
        if (!out.empty()) out += '&';
        out += key;
        out += '=';
        out += value;
    }
    return out;
}

// FNV-1a: a cheap, stable ETag for a list page.
std::string etag_of(std::string_view body) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

std::string mime_type_of(std::string_view name) {
    auto dot = name.rfind('.');
    std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
    if (ext == "mkv") return "video/x-matroska";
    if (ext == "mp4") return "video/mp4";
    if (ext == "avi") return "video/x-msvideo";
    if (ext == "srt" || ext == "nfo" || ext == "txt") return "text/plain";
    return "application/octet-stream";
}

}  // namespace

FakeRdServer::FakeRdServer(FakeRdOptions options)
    : options_(std::move(options)),
      library_(options_.seed, options_.now_unix, options_.library_size),
      window_(options_.rate_limit, options_.rate_window_ms, options_.clock),
      server_(std::make_unique<httplib::Server>()),
      rng_(options_.fault_seed) {
    install_routes();
}

FakeRdServer::~FakeRdServer() {
    stop();
}

int FakeRdServer::start(int port) {
    // A reset connection makes httplib's next write fail; never let it kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    int threads = std::max(1, options_.threads);
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    if (port == 0) {
        port_ = server_->bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("fake-rd: cannot bind 127.0.0.1");
    } else {
        if (!server_->bind_to_port("127.0.0.1", port))
            throw std::runtime_error("fake-rd: cannot bind 127.0.0.1:" + std::to_string(port));
        port_ = port;
    }
    widen_listen_backlog(port_);
    started_ms_ = monotonic_ms();
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the server runs: wait for it, so that stop never hangs.
    for (int i = 0; i < 5000 && !server_->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
}

void FakeRdServer::stop() {
    {
        std::lock_guard lock(stop_mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
    if (thread_.joinable()) {
        server_->stop();
        thread_.join();
    }
}

void FakeRdServer::sleep_interruptible(std::int64_t ms) {
    std::unique_lock lock(stop_mutex_);
    stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

int FakeRdServer::draw_latency_ms() {
    if (options_.latency_max_ms <= options_.latency_min_ms) return options_.latency_min_ms;
    std::lock_guard lock(mutex_);
    auto span = static_cast<std::uint64_t>(options_.latency_max_ms - options_.latency_min_ms) + 1;
    return options_.latency_min_ms + static_cast<int>(rng_() % span);
}

FakeRdServer::Fault FakeRdServer::draw_fault() {
    if (options_.reset_rate <= 0 && options_.hang_rate <= 0 && options_.fail_rate <= 0)
        return Fault::kNone;
    double u;
    {
        std::lock_guard lock(mutex_);
        u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    }
    if (u < options_.reset_rate) return Fault::kReset;
    u -= options_.reset_rate;
    if (u < options_.hang_rate) return Fault::kHang;
    u -= options_.hang_rate;
    if (u < options_.fail_rate) return Fault::kUnavailable;
    return Fault::kNone;
}

void FakeRdServer::record(const httplib::Request& req, int status, std::int64_t started_ms) {
    LogEntry entry{req.method,
                   req.path,
                   encode_params(req.params),
                   status,
                   monotonic_ms() - started_ms,
                   started_ms - started_ms_};
    std::lock_guard lock(mutex_);
    if (log_.size() < kMaxLogEntries) log_.push_back(std::move(entry));
}

// The pipeline every /rest/1.0 request goes through before its handler. Returns
// true when it produced the response itself.
bool FakeRdServer::run_pipeline(const httplib::Request& req, httplib::Response& res) {
    bool allowed = window_.admit();
    {
        std::lock_guard lock(mutex_);
        ++stats_.requests;
        if (!allowed) ++stats_.too_many;
    }
    if (!allowed) {
        send_error(res, 429, "too_many_requests", 34);
        return true;
    }
    if (int ms = draw_latency_ms(); ms > 0) sleep_interruptible(ms);

    switch (draw_fault()) {
        case Fault::kNone: break;
        case Fault::kReset: {
            {
                std::lock_guard lock(mutex_);
                ++stats_.resets;
            }
            // Logged first: the client may look at the log as soon as it sees the RST.
            record(req, 0, t_request.started_ms);
            t_request.logged = true;
            reset_connection(req);
            res.status = 500;
            return true;
        }
        case Fault::kHang: {
            {
                std::lock_guard lock(mutex_);
                ++stats_.hangs;
            }
            sleep_interruptible(options_.hang_ms);
            send_error(res, 503, "service_unavailable", 25);
            return true;
        }
        case Fault::kUnavailable: {
            {
                std::lock_guard lock(mutex_);
                ++stats_.unavailable;
            }
            send_error(res, 503, "service_unavailable", 25);
            return true;
        }
    }

    const std::string expected = "Bearer " + options_.token;
    if (!secure_equals(req.get_header_value("Authorization"), expected)) {
        {
            std::lock_guard lock(mutex_);
            ++stats_.unauthorized;
        }
        send_error(res, 401, "bad_token", 8);
        return true;
    }
    return false;
}

void FakeRdServer::install_routes() {
    httplib::Server& s = *server_;
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        t_request = RequestContext{monotonic_ms(), false, false};
        if (req.path.starts_with("/control/")) {
            // Bound to 127.0.0.1 already; refuse anything else all the same.
            if (req.remote_addr != "127.0.0.1") {
                send_error(res, 403, "permission_denied", 9);
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        }
        if (!req.path.starts_with(std::string(kApi) + "/"))
            return httplib::Server::HandlerResponse::Unhandled;
        t_request.counted = true;
        return run_pipeline(req, res) ? httplib::Server::HandlerResponse::Handled
                                      : httplib::Server::HandlerResponse::Unhandled;
    });
    s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        if (t_request.counted && !t_request.logged) record(req, res.status, t_request.started_ms);
        t_request.logged = true;
    });
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                               std::exception_ptr) { send_error(res, 500, "internal", -1); });
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.status == 404 && res.body.empty()) send_error(res, 404, "unknown_method", 3);
    });

    auto bind = [this](void (FakeRdServer::*handler)(const httplib::Request&, httplib::Response&)) {
        return [this, handler](const httplib::Request& req, httplib::Response& res) {
            (this->*handler)(req, res);
        };
    };
    s.set_keep_alive_max_count(1000);
    // httplib writes headers and body in two sends: without TCP_NODELAY, Nagle
    // holds the body until the client's delayed ACK (40 ms per request).
    s.set_tcp_nodelay(true);
    const std::string api = kApi;
    s.Get(api + "/user", bind(&FakeRdServer::handle_user));
    s.Get(api + "/traffic", bind(&FakeRdServer::handle_traffic));
    s.Get(api + "/torrents", bind(&FakeRdServer::handle_list));
    s.Get(api + "/torrents/info/([^/]+)", bind(&FakeRdServer::handle_info));
    s.Post(api + "/torrents/addMagnet", bind(&FakeRdServer::handle_add_magnet));
    s.Put(api + "/torrents/addTorrent", bind(&FakeRdServer::handle_add_torrent));
    s.Post(api + "/torrents/selectFiles/([^/]+)", bind(&FakeRdServer::handle_select_files));
    s.Delete(api + "/torrents/delete/([^/]+)", bind(&FakeRdServer::handle_delete));
    s.Get(api + "/torrents/activeCount", bind(&FakeRdServer::handle_active_count));
    s.Get(api + "/torrents/instantAvailability/.*",
          [](const httplib::Request&, httplib::Response& res) {
              send_error(res, 403, "disabled_endpoint", 37);
          });
    s.Post(api + "/unrestrict/link", bind(&FakeRdServer::handle_unrestrict));
    s.Post(api + "/unrestrict/check", bind(&FakeRdServer::handle_unrestrict_check));

    s.Post("/control/(add|delete|set|reset-log|rules)", bind(&FakeRdServer::handle_control));
    s.Get("/control/(log|stats)", bind(&FakeRdServer::handle_control));
}

void FakeRdServer::handle_user(const httplib::Request&, httplib::Response& res) {
    // RD counts the premium in seconds; a free account has none (and an expiration
    // in the past).
    const std::int64_t premium = std::max(0, options_.premium_days) * std::int64_t{86400};
    rd::UserInfo user;
    user.id = 1000001;
    user.username = "demo";
    user.type = premium > 0 ? "premium" : "free";
    user.premium = premium;
    user.expiration = iso8601_utc(options_.now_unix + premium);
    user.points = 1234;
    res.set_content(rd::user_json(user), kJson);
}

// GET /traffic: RD's shape, one entry per hoster (left, bytes, links, limit, type,
// extra, reset): a fixed reading.
void FakeRdServer::handle_traffic(const httplib::Request&, httplib::Response& res) {
    res.set_content(
        R"({"real-debrid.com":{"left":2199023255552,"bytes":0,"links":0,"limit":2048,)"
        R"("type":"gigabytes","extra":0,"reset":"daily"},)"
        R"("remote":{"left":10737418240,"bytes":0,"links":0,"limit":10,"type":"gigabytes",)"
        R"("extra":0,"reset":"daily"}})",
        kJson);
}

void FakeRdServer::handle_list(const httplib::Request& req, httplib::Response& res) {
    std::size_t limit = kDefaultLimit;
    if (req.has_param("limit")) {
        auto n = int_param(req, "limit");
        if (!n || *n < 0) return send_error(res, 400, "wrong_parameter", 2);
        limit = std::min<std::size_t>(static_cast<std::size_t>(*n), kMaxLimit);
    }
    std::size_t offset = 0;
    if (req.has_param("offset")) {
        auto n = int_param(req, "offset");
        if (!n || *n < 0) return send_error(res, 400, "wrong_parameter", 2);
        offset = static_cast<std::size_t>(*n);
    } else if (req.has_param("page")) {
        auto n = int_param(req, "page");
        if (!n || *n < 1) return send_error(res, 400, "wrong_parameter", 2);
        offset = static_cast<std::size_t>(*n - 1) * limit;
    }
    bool active_only = param(req, "filter") == "active";

    LibraryPage page = library_.list(offset, limit, active_only);
    res.set_header("X-Total-Count", std::to_string(page.total));
    if (page.items.empty()) {
        res.status = 204;  // past the end or an empty account: no body at all
        return;
    }
    std::string body = rd::list_json(page.items);
    std::string etag = etag_of(body);
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    res.set_content(std::move(body), kJson);
}

void FakeRdServer::handle_info(const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    auto info = library_.info(id);
    if (!info) return send_error(res, 404, "unknown_ressource", 7);
    std::string body = rd::info_json(*info);
    if (options_.bad_json_ids.count(id)) body.resize(body.size() / 2);  // cut mid-value
    res.set_content(std::move(body), kJson);
}

void FakeRdServer::handle_add_magnet(const httplib::Request& req, httplib::Response& res) {
    std::string magnet = param(req, "magnet");
    if (magnet.empty()) return send_error(res, 400, "parameter_missing", 1);
    if (!magnet.starts_with("magnet:")) return send_error(res, 400, "wrong_parameter", 2);
    auto parsed = parse_magnet(magnet);
    if (!parsed) return send_error(res, 400, "wrong_parameter", 2);
    send_added(res, library_.add_magnet(parsed->hash));
}

void FakeRdServer::handle_add_torrent(const httplib::Request& req, httplib::Response& res) {
    auto parsed = parse_torrent_file(req.body);
    if (!parsed) return send_error(res, 400, "wrong_parameter", 2);
    send_added(res, library_.add_magnet(parsed->hash));
}

void FakeRdServer::send_slots_full(httplib::Response& res) {
    {
        std::lock_guard lock(mutex_);
        ++stats_.slots_full;
    }
    send_error(res, 509, "too_many_active_downloads", 21);
}

void FakeRdServer::send_added(httplib::Response& res, const AddMagnetResult& added) {
    if (added.kind == AddMagnetResult::Kind::kSlotsFull) return send_slots_full(res);
    if (added.kind == AddMagnetResult::Kind::kInfringing)
        return send_error(res, 451, "infringing_file", 35);
    const std::string& id = added.id;
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("id");
    w.String(id.c_str());
    w.Key("uri");
    std::string uri = "http://127.0.0.1:" + std::to_string(port_) + kApi + "/torrents/info/" + id;
    w.String(uri.c_str());
    w.EndObject();
    res.status = 201;
    res.set_content(std::string(buf.GetString(), buf.GetSize()), kJson);
}

void FakeRdServer::handle_select_files(const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("files")) return send_error(res, 400, "parameter_missing", 1);
    switch (library_.select_files(req.matches[1], param(req, "files"))) {
        case SelectFilesResult::kSelected: res.status = 204; return;
        case SelectFilesResult::kAlreadyDone: res.status = 202; return;
        case SelectFilesResult::kNotFound: return send_error(res, 404, "unknown_ressource", 7);
        case SelectFilesResult::kBadFiles: return send_error(res, 400, "wrong_parameter", 2);
        case SelectFilesResult::kSlotsFull: return send_slots_full(res);
    }
}

void FakeRdServer::handle_delete(const httplib::Request& req, httplib::Response& res) {
    if (!library_.remove(req.matches[1])) return send_error(res, 404, "unknown_ressource", 7);
    res.status = 204;
}

void FakeRdServer::handle_active_count(const httplib::Request&, httplib::Response& res) {
    const std::size_t used = library_.slots_used();
    // Without a limit set, one RD accounts commonly have, above what is in use.
    const std::size_t limit =
        library_.rules().slot_limit.value_or(std::max<std::size_t>(100, used + 10));
    res.set_content("{\"nb\":" + std::to_string(used) + ",\"limit\":" + std::to_string(limit) + "}",
                    kJson);
}

// POST /unrestrict/check: whether the hoster still serves a link (RD answers 503
// unavailable_file for one it no longer does).
void FakeRdServer::handle_unrestrict_check(const httplib::Request& req, httplib::Response& res) {
    std::string link = param(req, "link");
    if (link.empty()) return send_error(res, 400, "parameter_missing", 1);
    auto torrent = library_.find_by_link(link);
    if (!torrent) return send_error(res, 503, "unavailable_file", 24);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("host");
    w.String("real-debrid.com");
    w.Key("link");
    w.String(link.c_str(), static_cast<rapidjson::SizeType>(link.size()));
    w.Key("filename");
    w.String(torrent->entry.filename.c_str(),
             static_cast<rapidjson::SizeType>(torrent->entry.filename.size()));
    w.Key("filesize");
    w.Int64(torrent->entry.bytes);
    w.Key("supported");
    w.Int(1);
    w.EndObject();
    res.set_content(std::string(buf.GetString(), buf.GetSize()), kJson);
}

void FakeRdServer::handle_unrestrict(const httplib::Request& req, httplib::Response& res) {
    std::string link = param(req, "link");
    if (link.empty()) return send_error(res, 400, "parameter_missing", 1);
    auto torrent = library_.find_by_link(link);
    if (!torrent) return send_error(res, 503, "unavailable_file", 24);
    // links[i] is the i-th selected file (a RAR'ed torrent has one link for all).
    const auto& links = torrent->entry.links;
    auto index =
        static_cast<std::size_t>(std::find(links.begin(), links.end(), link) - links.begin());
    std::string filename = torrent->entry.filename;
    std::int64_t filesize = torrent->entry.bytes;
    std::size_t seen = 0;
    for (const TorrentFile& f : torrent->files) {
        if (!f.selected) continue;
        if (seen++ == index && links.size() > 1) {
            filename = f.path.substr(f.path.rfind('/') + 1);
            filesize = f.bytes;
        }
    }
    std::string code = link.substr(link.rfind('/') + 1);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("id");
    w.String(code.c_str());
    w.Key("filename");
    w.String(filename.c_str(), static_cast<rapidjson::SizeType>(filename.size()));
    w.Key("mimeType");
    w.String(mime_type_of(filename).c_str());
    w.Key("filesize");
    w.Int64(filesize);
    w.Key("link");
    w.String(link.c_str());
    w.Key("host");
    w.String("real-debrid.com");
    w.Key("chunks");
    w.Int(32);
    w.Key("crc");
    w.Int(1);
    w.Key("download");
    std::string download =
        "https://fake-download.real-debrid.invalid/d/" + code + "/" + url_encode(filename);
    w.String(download.c_str());
    w.Key("streamable");
    w.Int(1);
    w.EndObject();
    res.set_content(std::string(buf.GetString(), buf.GetSize()), kJson);
}

void FakeRdServer::handle_control(const httplib::Request& req, httplib::Response& res) {
    const std::string action = req.matches[1];
    if (action == "add" && req.has_param("hash")) {
        const auto id = library_.add_copy(param(req, "hash"));
        if (!id) return send_error(res, 404, "unknown_ressource", 7);
        return res.set_content(
            "{\"ids\":[\"" + *id + "\"],\"total\":" + std::to_string(library_.size()) + "}", kJson);
    }
    if (action == "add") {
        auto n = req.has_param("n") ? int_param(req, "n") : std::optional<std::int64_t>(1);
        if (!n || *n < 0 || *n > 1'000'000) return send_error(res, 400, "wrong_parameter", 2);
        auto ids = library_.add(static_cast<std::size_t>(*n));
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        w.StartObject();
        w.Key("ids");
        w.StartArray();
        for (const auto& id : ids) w.String(id.c_str());
        w.EndArray();
        w.Key("total");
        w.Uint64(library_.size());
        w.EndObject();
        return res.set_content(std::string(buf.GetString(), buf.GetSize()), kJson);
    }
    if (action == "delete") {
        if (!library_.remove(param(req, "id"))) return send_error(res, 404, "unknown_ressource", 7);
        return res.set_content("{\"total\":" + std::to_string(library_.size()) + "}", kJson);
    }
    if (action == "set") {
        TorrentChange change;
        if (req.has_param("status")) change.status = param(req, "status");
        if (req.has_param("progress")) {
            try {
                change.progress = std::stod(param(req, "progress"));
            } catch (const std::exception&) {
                return send_error(res, 400, "wrong_parameter", 2);
            }
        }
        if (req.has_param("links")) {
            std::vector<std::string> links;
            std::string all = param(req, "links");
            for (std::size_t at = 0; at < all.size();) {
                auto comma = std::min(all.find(',', at), all.size());
                if (comma > at) links.push_back(all.substr(at, comma - at));
                at = comma + 1;
            }
            change.links = std::move(links);
        }
        if (!library_.change(param(req, "id"), change))
            return send_error(res, 404, "unknown_ressource", 7);
        return res.set_content("{}", kJson);
    }
    if (action == "rules") {
        // Only what is given changes: ?cache_all=0|1&uncached=H,H&slots=N&infringing=W,W
        // &conversion_ms=N.
        ActionRules rules = library_.rules();
        if (req.has_param("cache_all")) rules.cache_all = param(req, "cache_all") != "0";
        if (req.has_param("uncached")) rules.uncached = split_list(param(req, "uncached"));
        if (req.has_param("infringing")) rules.infringing = split_list(param(req, "infringing"));
        for (const char* name : {"slots", "conversion_ms"}) {
            if (!req.has_param(name)) continue;
            auto n = int_param(req, name);
            if (!n || *n < 0 || *n > 10'000'000) return send_error(res, 400, "wrong_parameter", 2);
            if (std::string_view(name) == "slots")
                rules.slot_limit = static_cast<std::size_t>(*n);
            else
                rules.conversion_ms = *n;
        }
        library_.set_rules(std::move(rules));
        return res.set_content("{}", kJson);
    }
    if (action == "reset-log") {
        reset_log();
        return res.set_content("{}", kJson);
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    if (action == "stats") {
        FakeRdStats st = stats();
        w.StartObject();
        w.Key("requests");
        w.Uint64(st.requests);
        w.Key("too_many_requests");
        w.Uint64(st.too_many);
        w.Key("service_unavailable");
        w.Uint64(st.unavailable);
        w.Key("hangs");
        w.Uint64(st.hangs);
        w.Key("resets");
        w.Uint64(st.resets);
        w.Key("unauthorized");
        w.Uint64(st.unauthorized);
        w.Key("slots_full");
        w.Uint64(st.slots_full);
        w.Key("max_in_window");
        w.Uint64(st.max_in_window);
        w.Key("rate_limit");
        w.Uint64(window_.limit());
        w.Key("window_ms");
        w.Int64(window_.window_ms());
        w.Key("torrents");
        w.Uint64(library_.size());
        w.EndObject();
    } else {  // log
        w.StartArray();
        for (const LogEntry& e : log()) {
            w.StartObject();
            w.Key("method");
            w.String(e.method.c_str());
            w.Key("path");
            w.String(e.path.c_str(), static_cast<rapidjson::SizeType>(e.path.size()));
            w.Key("query");
            w.String(e.query.c_str(), static_cast<rapidjson::SizeType>(e.query.size()));
            w.Key("status");
            w.Int(e.status);
            w.Key("ms");
            w.Int64(e.ms);
            w.Key("at_ms");
            w.Int64(e.at_ms);
            w.EndObject();
        }
        w.EndArray();
    }
    res.set_content(std::string(buf.GetString(), buf.GetSize()), kJson);
}

FakeRdStats FakeRdServer::stats() const {
    std::lock_guard lock(mutex_);
    FakeRdStats st = stats_;
    st.max_in_window = window_.max_in_window();
    return st;
}

std::vector<LogEntry> FakeRdServer::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

void FakeRdServer::reset_log() {
    std::lock_guard lock(mutex_);
    log_.clear();
    stats_ = FakeRdStats{};
}

}  // namespace redriva::fakerd
