#pragma once
/// @file
/// EXPECT_THROW_MSG(statement, exception_type, substring): the statement throws
/// exception_type and its what() contains substring. Error texts are part of the
/// interface, so tests assert them.

#include <gtest/gtest.h>
#include <string>

#define EXPECT_THROW_MSG(statement, exception_type, substring)                                     \
    do {                                                                                           \
        bool strata_thrown = false;                                                                \
        try {                                                                                      \
            statement;                                                                             \
        } catch (const exception_type& strata_error) {                                             \
            strata_thrown = true;                                                                  \
            EXPECT_NE(std::string(strata_error.what()).find(substring), std::string::npos)         \
                << "message was: " << strata_error.what();                                         \
        }                                                                                          \
        EXPECT_TRUE(strata_thrown) << #statement " did not throw " #exception_type;                \
    } while (false)
