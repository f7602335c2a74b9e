#define BOOST_TEST_MODULE redriva unit tests
#include <boost/test/unit_test.hpp>
