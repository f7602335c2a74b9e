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
    BOOST_TEST(!resolve_token("").has_value());
    BOOST_TEST(!resolve_token("  \n").has_value());
}

BOOST_AUTO_TEST_CASE(a_plain_value_is_the_token) {
    auto t = resolve_token(" ABCDEF123456 \n");
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST(std::get<std::string>(*t) == "ABCDEF123456");
}

BOOST_AUTO_TEST_CASE(a_token_file_must_be_private) {
    test::TempDatabasePath dir;
    const std::string path = dir.path("rd-token");
    std::ofstream(path) << "SECRETTOKENVALUE\n";
    chmod(path.c_str(), 0644);
    auto refused = resolve_token(path);
    BOOST_REQUIRE(refused.has_value());
    const auto* error = std::get_if<TokenError>(&*refused);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->message.find("chmod 600") != std::string::npos);
    BOOST_TEST(error->message.find("SECRETTOKENVALUE") == std::string::npos);

    chmod(path.c_str(), 0600);
    auto accepted = resolve_token(path);
    BOOST_REQUIRE(accepted.has_value());
    BOOST_TEST(std::get<std::string>(*accepted) == "SECRETTOKENVALUE");

    auto missing = resolve_token(dir.path("nope"));
    BOOST_REQUIRE(missing.has_value());
    BOOST_TEST(std::holds_alternative<TokenError>(*missing));
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
