// Closes the region opened by simd_begin.hpp.
#if defined(WPROX_SIMD_PUSHED)
#pragma GCC pop_options
#undef WPROX_SIMD_PUSHED
#endif
