// Umbrella header of CRuntimeShims: the only C code of the package.
// System libraries (libz.so.1, libcurl.so.4) are loaded at run time with dlopen/dlsym, so the
// package needs no -dev headers, no link flags and no unsafeFlags. Inflating needs no library:
// runtime_inflate.c is the package's own inflater.
#ifndef CRUNTIMESHIMS_H
#define CRUNTIMESHIMS_H

#include "runtime_zlib.h"
#include "runtime_inflate.h"
#include "runtime_curl.h"
#include "runtime_epoll.h"

#endif
