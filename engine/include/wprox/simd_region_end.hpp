// Closes the region opened by wprox/simd_region_begin.hpp.
#if defined(WPROX_SIMD_PUSHED)
#pragma GCC pop_options
#undef WPROX_SIMD_PUSHED
#endif
