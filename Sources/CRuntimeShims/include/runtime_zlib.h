#ifndef RUNTIME_ZLIB_H
#define RUNTIME_ZLIB_H
// zlib through dlopen("libz.so.1"): one-shot inflate and deflate of the zlib container
// (RFC 1950). No zlib header is used; the shim declares zlib's z_stream layout itself.
// The package inflates with its own inflater (runtime_inflate.h); runtime_zlib_inflate stays as
// the reference that tests and the Inflate fuzz target compare it with.

#include <stddef.h>
#include <stdint.h>

// Status codes of the shim (not zlib's codes).
enum {
    RUNTIME_ZLIB_OK = 0,
    RUNTIME_ZLIB_UNAVAILABLE = 1,     // libz.so.1 or a symbol could not be loaded
    RUNTIME_ZLIB_LIMIT_EXCEEDED = 2,  // the output would be larger than max_output
    RUNTIME_ZLIB_DATA_ERROR = 3,      // corrupt or truncated input
    RUNTIME_ZLIB_NO_MEMORY = 4,       // allocation failed
    RUNTIME_ZLIB_FAILED = 5,          // any other zlib failure
};

/// Loads libz.so.1 and its symbols once (thread-safe). Returns RUNTIME_ZLIB_OK or
/// RUNTIME_ZLIB_UNAVAILABLE.
int runtime_zlib_load(void);

/// After a failed load: the dlerror() text (a static string, never NULL).
const char *runtime_zlib_load_error(void);

/// zlibVersion() of the loaded library, or NULL when it is unavailable.
const char *runtime_zlib_version(void);

/// Inflates one zlib stream. On success *output is a malloc'd buffer of *output_length bytes
/// (NULL when the length is 0) that the caller frees with runtime_zlib_free. Bytes after the end
/// of the stream are ignored, as Python's zlib.decompress does. `message` (may be NULL) receives
/// zlib's message for data errors, truncated to message_capacity.
int runtime_zlib_inflate(const uint8_t *input, size_t input_length, size_t max_output,
                         uint8_t **output, size_t *output_length,
                         char *message, size_t message_capacity);

/// Deflates `input` into one zlib stream at `level` (-1..9; 6 is zlib's default, as Python's
/// zlib.compress), window 15, memLevel 8, default strategy. Output as for runtime_zlib_inflate.
int runtime_zlib_deflate(const uint8_t *input, size_t input_length, int level,
                         uint8_t **output, size_t *output_length,
                         char *message, size_t message_capacity);

/// Frees a buffer returned by runtime_zlib_inflate or runtime_zlib_deflate.
void runtime_zlib_free(void *buffer);

#endif
