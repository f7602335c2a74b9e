#include "db/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "common/unique_fd.h"

namespace redriva::db {

namespace {

void fsync_path(const std::string& path, int flags) {
    const UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
    if (fd.valid()) ::fsync(fd.get());
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

BackupResult backup_database(const Database& source, const std::string& destination) {
    if (destination.empty()) throw std::runtime_error("no backup file given");
    struct stat dest_st {
    }, src_st{};
    const char* source_name = sqlite3_db_filename(source.handle(), "main");
    if (source_name && ::stat(destination.c_str(), &dest_st) == 0 &&
        ::stat(source_name, &src_st) == 0 && dest_st.st_dev == src_st.st_dev &&
        dest_st.st_ino == src_st.st_ino)
        throw std::runtime_error("the backup file is the database itself: choose another path");

    const std::string temporary = destination + ".tmp-" + std::to_string(::getpid());
    ::unlink(temporary.c_str());
    // Created private before SQLite opens it: the library is the user's business.
    if (!UniqueFd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)).valid())
        throw std::runtime_error("cannot create " + temporary + ": " + std::strerror(errno));

    BackupResult result;
    try {
        Database copy(temporary);
        sqlite3_backup* backup =
            sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
        if (!backup) throw Error(sqlite3_errcode(copy.handle()), sqlite3_errmsg(copy.handle()));
        // All pages in one step: one read transaction, so one consistent snapshot
        // (a stepwise copy restarts whenever the sync commits).
        const int rc = sqlite3_backup_step(backup, -1);
        result.pages = sqlite3_backup_pagecount(backup);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) throw Error(rc, std::string("backup failed: ") + sqlite3_errstr(rc));
        copy.exec("PRAGMA journal_mode=DELETE");  // one self-contained file
        {
            Statement check = copy.prepare("PRAGMA quick_check");
            auto use = check.use();
            if (!use.step() || use.text(0) != "ok")
                throw std::runtime_error("the copy failed its integrity check");
        }
        Statement count = copy.prepare("SELECT count(*) FROM torrents");
        if (auto use = count.use(); use.step()) result.torrents = use.int64(0);
    } catch (...) {
        ::unlink(temporary.c_str());
        ::unlink((temporary + "-journal").c_str());
        throw;
    }
    fsync_path(temporary, O_RDONLY);
    if (::rename(temporary.c_str(), destination.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write " + destination + ": " + reason);
    }
    fsync_path(directory_of(destination), O_RDONLY | O_DIRECTORY);
    struct stat st {};
    if (::stat(destination.c_str(), &st) == 0) result.bytes = st.st_size;
    return result;
}

}  // namespace redriva::db
