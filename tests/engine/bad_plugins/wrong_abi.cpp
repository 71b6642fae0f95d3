// A plugin built against a different ABI: its descriptor says version 999.
// The loader must refuse it before calling register_all (which would abort).
#include <cstdlib>

#include <wprox/sdk.hpp>

namespace {
void register_all(wprox::Registry&) { std::abort(); }
const wprox::PluginDescriptor descriptor{999, "wrong-abi", "0.0", &register_all};
}  // namespace

BOOST_DLL_ALIAS(descriptor, wprox_plugin)
