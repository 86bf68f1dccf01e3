#ifndef RUNTIME_INFLATE_H
#define RUNTIME_INFLATE_H
// The package's own inflater of the zlib container (RFC 1950) around deflate data (RFC 1951):
// stored, fixed-Huffman and dynamic-Huffman blocks, Adler-32 check. Needs no system library.
// Every input is treated as hostile: it never reads outside [input, input + input_length) nor
// writes outside the output it was given, and it rejects what zlib rejects (bad header, preset
// dictionary, invalid block type, bad stored length, over-subscribed or incomplete code sets,
// invalid codes, distances before the start of the output, truncation, Adler-32 mismatch).
// The status codes are RUNTIME_ZLIB_* (runtime_zlib.h).

#include <stddef.h>
#include <stdint.h>

/// Inflates one zlib stream. On success *output is a malloc'd buffer of *output_length bytes
/// (NULL when the length is 0) that the caller frees with runtime_inflate_free. A stream that
/// would inflate to more than max_output bytes is RUNTIME_ZLIB_LIMIT_EXCEEDED. Bytes after the
/// end of the stream are ignored, as Python's zlib.decompress does. `message` (may be NULL)
/// receives a short reason for data errors, truncated to message_capacity.
int runtime_inflate(const uint8_t *input, size_t input_length, size_t max_output,
                    uint8_t **output, size_t *output_length,
                    char *message, size_t message_capacity);

/// Frees a buffer returned by runtime_inflate.
void runtime_inflate_free(void *buffer);

/// A streaming inflater of one zlib stream held in memory that the caller keeps alive and
/// unchanged until runtime_inflater_free. Each read may target a different buffer: the inflater
/// keeps the last 32 KiB of output itself for back-references across reads.
typedef struct runtime_inflater runtime_inflater;

/// Starts inflating `input`. NULL when memory runs out.
runtime_inflater *runtime_inflater_new(const uint8_t *input, size_t input_length);

/// Inflates into output[0..capacity): fills it completely unless the stream ends first.
/// *produced receives the bytes written, *finished 1 once the end of the stream (its Adler-32
/// trailer included) was reached; bytes after it are ignored. Returns RUNTIME_ZLIB_OK or
/// RUNTIME_ZLIB_DATA_ERROR (corrupt or truncated input; every later read fails the same way).
/// Bytes of output[*produced..capacity) may have been overwritten.
int runtime_inflater_read(runtime_inflater *inflater, uint8_t *output, size_t capacity,
                          size_t *produced, int *finished);

/// After RUNTIME_ZLIB_DATA_ERROR from a read: a short static reason (never NULL).
const char *runtime_inflater_error(const runtime_inflater *inflater);

/// Releases an inflater (NULL is allowed).
void runtime_inflater_free(runtime_inflater *inflater);

/// Adler-32 (RFC 1950) of `length` bytes continuing from `adler` (1 for a new checksum).
uint32_t runtime_adler32(uint32_t adler, const uint8_t *bytes, size_t length);

#endif
