#pragma once
// Refusing, before allocating, a run whose arrays cannot fit this machine:
// a size parameter that passes its own range can still combine with others
// (grid points x time levels, Krylov vectors x window size) into more memory
// than there is, which would end in an out-of-memory kill or a swap storm
// instead of one clear line.
#include <string>

namespace wprox {

// The machine's physical memory in bytes; infinity when it cannot be read.
double physical_memory_bytes();

// InputError "<what> needs about X GiB, more than the Y GiB of memory of this
// machine; <hint>" when `bytes` exceeds the physical memory.
void require_memory(double bytes, const std::string& what, const std::string& hint);

}  // namespace wprox
