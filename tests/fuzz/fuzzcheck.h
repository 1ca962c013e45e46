#pragma once

// What a fuzz target asserts beyond "no crash": a property that must hold for every input. A
// broken property aborts, so libFuzzer saves the input as a crash like any memory error.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "property broken: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
