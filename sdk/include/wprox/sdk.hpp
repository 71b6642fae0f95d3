#pragma once
// The one header a wprox plugin includes.
//
// A plugin is a shared library that registers methods and problems:
//
//   #include <wprox/sdk.hpp>
//   static void register_all(wprox::Registry& r) {
//     wprox::MethodInfo m;
//     m.name = "my-method"; m.problem_kind = "target"; ...
//     r.add_method(std::move(m));
//   }
//   WPROX_PLUGIN("my-plugin", "1.0", register_all)
//
// and is built with wprox_add_plugin(NAME SOURCES...) from the CMake package
// (find_package(wprox)). See sdk/template/ for a complete example.
#include <boost/dll/alias.hpp>

#include "wprox/data.hpp"
#include "wprox/dataset.hpp"
#include "wprox/diagnostics.hpp"
#include "wprox/errors.hpp"
#include "wprox/grid.hpp"
#include "wprox/grid_compare.hpp"
#include "wprox/hj.hpp"
#include "wprox/integrator.hpp"
#include "wprox/kernel.hpp"
#include "wprox/linear_operator.hpp"
#include "wprox/method.hpp"
#include "wprox/parallel.hpp"
#include "wprox/pde.hpp"
#include "wprox/params.hpp"
#include "wprox/plugin.hpp"
#include "wprox/potential.hpp"
#include "wprox/potential_prox.hpp"
#include "wprox/problem.hpp"
#include "wprox/proximal.hpp"
#include "wprox/quadratic_potential.hpp"
#include "wprox/random.hpp"
#include "wprox/rd_preconditioner.hpp"
#include "wprox/registry.hpp"
#include "wprox/results.hpp"
#include "wprox/sample_metrics.hpp"
#include "wprox/sampler.hpp"
#include "wprox/spectral.hpp"
#include "wprox/spectral1d.hpp"
#include "wprox/target.hpp"

// Exports the plugin descriptor. Use once per plugin, at namespace scope.
// The ABI version compiled in is the one of the headers the plugin was built
// against; the loader refuses it if that differs from libwprox's.
#define WPROX_PLUGIN(NAME, VERSION, REGISTER_FN)                                      \
  namespace wprox_plugin_detail {                                                     \
  const ::wprox::PluginDescriptor descriptor{::wprox::kAbiVersion, NAME, VERSION, &REGISTER_FN}; \
  }                                                                                   \
  BOOST_DLL_ALIAS(wprox_plugin_detail::descriptor, wprox_plugin)
