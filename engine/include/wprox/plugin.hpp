#pragma once
// The binary contract between libwprox and a plugin library.
//
// A plugin exports one PluginDescriptor under the Boost.DLL alias
// "wprox_plugin". abi_version is the first member and stays first forever:
// the loader reads it, as plain data, before touching anything else, and
// refuses the library unless it equals kAbiVersion. Bump kAbiVersion on any
// change to a core type that crosses the boundary (docs/plugin-abi.md lists
// them); a change to one problem kind's contract bumps that kind's version
// (wprox/kinds/*.hpp) instead.
namespace wprox {

class Registry;

constexpr int kAbiVersion = 6;

struct PluginDescriptor {
  int abi_version;
  const char* name;
  const char* version;
  void (*register_all)(Registry&);
};

}  // namespace wprox
