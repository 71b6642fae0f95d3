#pragma once
// The one header a wprox plugin includes.
//
// A plugin is a shared library that registers methods and problems:
//
//   #include <wprox/sdk.hpp>
//   static void register_all(wprox::Registry& r) {
//     r.add_method(wprox::make_method<wprox::TargetProblem>("my-method", "summary", "gaussian", schema,
//                                                            start));
//   }
//   WPROX_PLUGIN("my-plugin", "1.0.0", register_all)
//
// and is built with wprox_add_plugin(NAME SOURCES...) from the CMake package
// (find_package(wprox)). See sdk/template/ for a complete example and
// docs/writing-a-problem-plugin.md.
//
// This header brings the core contracts (methods, runs, settings, results,
// errors, random streams, parallel loops), the engine's numerical pieces and
// every problem kind (wprox/kinds/*.hpp). Kits are separate: samplers include
// wprox/sampling.hpp and link wprox::sampling.
#include <boost/dll/alias.hpp>

#include "wprox/adam.hpp"
#include "wprox/checkpoint.hpp"
#include "wprox/data.hpp"
#include "wprox/diagnostics.hpp"
#include "wprox/errors.hpp"
#include "wprox/grid.hpp"
#include "wprox/integrator.hpp"
#include "wprox/kernel.hpp"
#include "wprox/kernel_ring.hpp"
#include "wprox/kinds/dataset.hpp"
#include "wprox/kinds/elliptic.hpp"
#include "wprox/kinds/hj.hpp"
#include "wprox/kinds/mfc.hpp"
#include "wprox/kinds/pde.hpp"
#include "wprox/kinds/target.hpp"
#include "wprox/method.hpp"
#include "wprox/mlp.hpp"
#include "wprox/parallel.hpp"
#include "wprox/params.hpp"
#include "wprox/plugin.hpp"
#include "wprox/potential.hpp"
#include "wprox/potential_prox.hpp"
#include "wprox/problem.hpp"
#include "wprox/quadratic_potential.hpp"
#include "wprox/random.hpp"
#include "wprox/registry.hpp"
#include "wprox/results.hpp"
#include "wprox/sample_metrics.hpp"
#include "wprox/settings.hpp"
#include "wprox/spectral.hpp"
#include "wprox/stencil.hpp"

// Exports the plugin descriptor. Use once per plugin, at namespace scope.
// The ABI version compiled in is the one of the headers the plugin was built
// against; the loader refuses it if that differs from libwprox's.
#define WPROX_PLUGIN(NAME, VERSION, REGISTER_FN)                                                 \
  namespace wprox_plugin_detail {                                                                \
  const ::wprox::PluginDescriptor descriptor{::wprox::kAbiVersion, NAME, VERSION, &REGISTER_FN}; \
  }                                                                                              \
  BOOST_DLL_ALIAS(wprox_plugin_detail::descriptor, wprox_plugin)
