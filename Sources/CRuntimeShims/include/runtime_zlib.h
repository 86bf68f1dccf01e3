#ifndef RUNTIME_ZLIB_H
#define RUNTIME_ZLIB_H
// Declarations of the zlib shim go here.
#endif
