// A valid shared library that is not a wprox plugin (no descriptor).
extern "C" __attribute__((visibility("default"))) int some_function() { return 42; }
