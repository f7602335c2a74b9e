// The token file must be private; one sync at a time through a file lock.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "common/file_lock.h"
#include "common/secrets.h"
#include "temp_database.h"

using namespace redriva;

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(empty_means_demo_mode) {
    BOOST_TEST(resolve_token("").error().message == "RD_TOKEN is not set: nothing to sync");
    BOOST_TEST(!resolve_token("  \n").ok());
}

BOOST_AUTO_TEST_CASE(a_plain_value_is_the_token) {
    auto t = resolve_token(" ABCDEF123456 \n");
    BOOST_REQUIRE(t.ok());
    BOOST_TEST(*t == "ABCDEF123456");
}

BOOST_AUTO_TEST_CASE(a_token_written_in_the_conf_needs_a_private_conf) {
    test::TempDatabasePath dir;
    const std::string conf = dir.path("redriva.conf");
    std::ofstream(conf) << "RD_TOKEN = SECRETTOKENVALUE\n";
    chmod(conf.c_str(), 0644);
    auto refused = resolve_token("SECRETTOKENVALUE", conf);
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error().message.find("chmod 600 " + conf) != std::string::npos);
    BOOST_TEST(refused.error().message.find("SECRETTOKENVALUE") == std::string::npos);
    chmod(conf.c_str(), 0600);
    auto accepted = resolve_token("SECRETTOKENVALUE", conf);
    BOOST_REQUIRE(accepted.ok());
    BOOST_TEST(*accepted == "SECRETTOKENVALUE");
    // A conf that only names a private token file may stay readable.
    const std::string file = dir.path("rd-token");
    std::ofstream(file) << "SECRETTOKENVALUE\n";
    chmod(file.c_str(), 0600);
    chmod(conf.c_str(), 0644);
    BOOST_TEST(resolve_token(file, conf).ok());
}

BOOST_AUTO_TEST_CASE(a_token_file_must_be_private) {
    test::TempDatabasePath dir;
    const std::string path = dir.path("rd-token");
    std::ofstream(path) << "SECRETTOKENVALUE\n";
    chmod(path.c_str(), 0644);
    auto refused = resolve_token(path);
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error().message.find("chmod 600") != std::string::npos);
    BOOST_TEST(refused.error().message.find("SECRETTOKENVALUE") == std::string::npos);

    chmod(path.c_str(), 0600);
    auto accepted = resolve_token(path);
    BOOST_REQUIRE(accepted.ok());
    BOOST_TEST(*accepted == "SECRETTOKENVALUE");

    auto missing = resolve_token(dir.path("nope"));
    BOOST_TEST(missing.error().message.find("does not exist") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(file_lock)

BOOST_AUTO_TEST_CASE(one_holder_at_a_time_across_processes) {
    test::TempDatabasePath dir;
    const std::string path = dir.path("sync.lock");
    {
        FileLock first(path);
        BOOST_TEST(first.locked());
        // flock locks belong to the open file description: another process
        // (like a second redriva-sync) is refused while we hold it.
        pid_t pid = fork();
        if (pid == 0) _exit(FileLock(path).locked() ? 1 : 0);
        int status = 0;
        waitpid(pid, &status, 0);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    FileLock again(path);  // released with its holder
    BOOST_TEST(again.locked());
}

BOOST_AUTO_TEST_SUITE_END()
