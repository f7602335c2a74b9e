#define BOOST_TEST_MODULE redriva end - to - end tests
#include <boost/test/unit_test.hpp>
