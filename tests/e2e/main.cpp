// The end-to-end tests' module: one shared stack (nginx + the pool over a
// generated library) for every test case that does not start its own.
#define BOOST_TEST_MODULE redriva end - to - end tests
#include <curl/curl.h>

#include <boost/test/tree/observer.hpp>
#include <boost/test/unit_test.hpp>
#include <iostream>
#include <memory>

#include "stack.h"

namespace redriva::e2e {

// Remembers whether any check failed, so the data dir is kept for a post-mortem.
class FailureWatcher : public boost::unit_test::test_observer {
public:
    void assertion_result(boost::unit_test::assertion_result result) override {
        if (result == boost::unit_test::AR_FAILED) failed = true;
    }
    void exception_caught(const boost::execution_exception&) override { failed = true; }
    void test_unit_aborted(const boost::unit_test::test_unit&) override { failed = true; }
    bool failed = false;
};

// ---------------------------------------------------------------- global fixture

struct SharedStackFixture {
    void setup() {
        curl_global_init(CURL_GLOBAL_ALL);
        boost::unit_test::framework::register_observer(watcher_);
        stack_ = std::make_unique<Stack>();
        set_shared_stack(stack_.get());
        std::cerr << "e2e: stack at " << stack_->url() << " over " << stack_->data_dir() << "\n";
    }
    void teardown() {
        set_shared_stack(nullptr);
        if (stack_ && watcher_.failed) stack_->keep_dir();
        stack_.reset();
        boost::unit_test::framework::deregister_observer(watcher_);
        curl_global_cleanup();
    }

    FailureWatcher watcher_;
    std::unique_ptr<Stack> stack_;
};

BOOST_TEST_GLOBAL_FIXTURE(SharedStackFixture);

}  // namespace redriva::e2e
