#pragma once
// The version of libwprox (the project version in the top CMakeLists.txt),
// for --version and summary.json. The plugin ABI is kAbiVersion in
// wprox/plugin.hpp.
namespace wprox {

const char* version();

}  // namespace wprox
