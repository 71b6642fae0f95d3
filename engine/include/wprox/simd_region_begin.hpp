// Opens a region compiled for one SIMD target. Included by the per-target
// implementation files (*.ipp) after every library header they need, and
// closed by wprox/simd_region_end.hpp. The engine's kernel and network
// products use it, and so can plugins: cmake's wprox_simd_sources()
// (WproxPlugin.cmake, installed with the SDK) compiles an .ipp once per
// target; the .ipp puts its code in namespace WPROX_SIMD_NS and the plugin
// picks a copy by wprox::simd_target() (docs/writing-a-plugin.md).
//
// Why a pragma and not per-file -m flags: an inline function or template
// from a library header (std::vector, Eigen, TBB) instantiated in a file
// compiled with -mavx512f is emitted as a weak symbol, and the linker may
// keep that copy for every caller, also on a CPU without AVX-512. Under
// `#pragma GCC target` only the functions defined inside the region get the
// wider instructions; headers included before it keep the build's baseline.
//
// The build defines WPROX_SIMD_NS (the namespace: sse2, avx2, avx512) and
// WPROX_SIMD_LEVEL (0, 1, 2) for each copy (cmake/WproxPlugin.cmake).
#if !defined(WPROX_SIMD_NS) || !defined(WPROX_SIMD_LEVEL)
#error "compile this file through wprox_simd_sources() (WproxPlugin.cmake)"
#endif
#if defined(__x86_64__) && WPROX_SIMD_LEVEL > 0
#pragma GCC push_options
#if WPROX_SIMD_LEVEL == 2
// x86-64-v4's AVX-512 subsets; GCC prefers 256-bit vectors unless told.
#pragma GCC target("avx,avx2,fma,avx512f,avx512cd,avx512vl,avx512bw,avx512dq,prefer-vector-width=512")
#else
#pragma GCC target("avx,avx2,fma")
#endif
#define WPROX_SIMD_PUSHED 1
#endif
