#ifndef RUNTIME_ZLIB_H
#define RUNTIME_ZLIB_H
// zlib through dlopen("libz.so.1"): one-shot inflate and deflate of the zlib container
// (RFC 1950). No zlib header is used; the shim declares zlib's z_stream layout itself.

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

/// A streaming inflater of one zlib stream held in memory the caller keeps alive and unchanged
/// until runtime_zlib_inflater_free.
typedef struct runtime_zlib_inflater runtime_zlib_inflater;

/// Starts inflating `input`. NULL when libz is unavailable or memory runs out.
runtime_zlib_inflater *runtime_zlib_inflater_new(const uint8_t *input, size_t input_length);

/// Inflates into output[0..capacity): fills it completely unless the stream ends first.
/// *produced receives the bytes written, *finished 1 once the end of the stream was reached
/// (bytes after it are ignored). Returns RUNTIME_ZLIB_OK, or RUNTIME_ZLIB_DATA_ERROR for corrupt
/// or truncated input, RUNTIME_ZLIB_NO_MEMORY or RUNTIME_ZLIB_FAILED.
int runtime_zlib_inflater_read(runtime_zlib_inflater *inflater, uint8_t *output, size_t capacity,
                               size_t *produced, int *finished);

/// Releases an inflater (NULL is allowed).
void runtime_zlib_inflater_free(runtime_zlib_inflater *inflater);

#endif
