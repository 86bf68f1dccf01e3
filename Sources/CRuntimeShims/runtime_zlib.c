// zlib via dlopen: the package links no zlib and needs no zlib headers.
#include "runtime_zlib.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// zlib's z_stream with its exact ABI layout (zlib.h, unchanged since 1.0): uInt is unsigned int,
// uLong is unsigned long, Bytef is unsigned char, voidpf is void *.
typedef struct runtime_z_stream {
    const unsigned char *next_in;
    unsigned int avail_in;
    unsigned long total_in;
    unsigned char *next_out;
    unsigned int avail_out;
    unsigned long total_out;
    const char *msg;
    void *state;
    void *(*zalloc)(void *opaque, unsigned int items, unsigned int size);
    void (*zfree)(void *opaque, void *address);
    void *opaque;
    int data_type;
    unsigned long adler;
    unsigned long reserved;
} runtime_z_stream;

// The library loaded; overridable at compile time only to test the failure path.
#ifndef RUNTIME_ZLIB_LIBRARY
#define RUNTIME_ZLIB_LIBRARY "libz.so.1"
#endif

// zlib constants (zlib.h).
#define Z_OK 0
#define Z_STREAM_END 1
#define Z_NEED_DICT 2
#define Z_DATA_ERROR (-3)
#define Z_MEM_ERROR (-4)
#define Z_BUF_ERROR (-5)
#define Z_NO_FLUSH 0
#define Z_FINISH 4
#define Z_DEFLATED 8
#define Z_DEFAULT_STRATEGY 0
#define ZLIB_WINDOW_BITS 15
#define ZLIB_MEM_LEVEL 8

typedef int (*inflate_init2_fn)(runtime_z_stream *, int, const char *, int);
typedef int (*inflate_fn)(runtime_z_stream *, int);
typedef int (*inflate_end_fn)(runtime_z_stream *);
typedef int (*deflate_init2_fn)(runtime_z_stream *, int, int, int, int, int, const char *, int);
typedef int (*deflate_fn)(runtime_z_stream *, int);
typedef int (*deflate_end_fn)(runtime_z_stream *);
typedef const char *(*zlib_version_fn)(void);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = RUNTIME_ZLIB_UNAVAILABLE;
static char load_error[512] = "libz.so.1 was not loaded";
static const char *loaded_version;
static inflate_init2_fn z_inflate_init2;
static inflate_fn z_inflate;
static inflate_end_fn z_inflate_end;
static deflate_init2_fn z_deflate_init2;
static deflate_fn z_deflate;
static deflate_end_fn z_deflate_end;

static void set_load_error(const char *prefix, const char *detail) {
    if (detail == NULL) detail = "unknown error";
    size_t used = 0;
    size_t capacity = sizeof load_error;
    size_t prefix_length = strlen(prefix);
    if (prefix_length >= capacity) prefix_length = capacity - 1;
    memcpy(load_error, prefix, prefix_length);
    used = prefix_length;
    size_t detail_length = strlen(detail);
    if (detail_length > capacity - 1 - used) detail_length = capacity - 1 - used;
    memcpy(load_error + used, detail, detail_length);
    load_error[used + detail_length] = '\0';
}

static void *resolve(void *library, const char *name) {
    dlerror();
    void *symbol = dlsym(library, name);
    if (symbol == NULL) {
        char prefix[96];
        size_t length = strlen(name);
        if (length > 60) length = 60;
        memcpy(prefix, "libz.so.1 lacks ", 16);
        memcpy(prefix + 16, name, length);
        memcpy(prefix + 16 + length, ": ", 3);
        set_load_error(prefix, dlerror());
    }
    return symbol;
}

static void load_library(void) {
    void *library = dlopen(RUNTIME_ZLIB_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        set_load_error("cannot load " RUNTIME_ZLIB_LIBRARY ": ", dlerror());
        return;
    }
    zlib_version_fn version = (zlib_version_fn)resolve(library, "zlibVersion");
    if (version == NULL) return;
    z_inflate_init2 = (inflate_init2_fn)resolve(library, "inflateInit2_");
    if (z_inflate_init2 == NULL) return;
    z_inflate = (inflate_fn)resolve(library, "inflate");
    if (z_inflate == NULL) return;
    z_inflate_end = (inflate_end_fn)resolve(library, "inflateEnd");
    if (z_inflate_end == NULL) return;
    z_deflate_init2 = (deflate_init2_fn)resolve(library, "deflateInit2_");
    if (z_deflate_init2 == NULL) return;
    z_deflate = (deflate_fn)resolve(library, "deflate");
    if (z_deflate == NULL) return;
    z_deflate_end = (deflate_end_fn)resolve(library, "deflateEnd");
    if (z_deflate_end == NULL) return;
    loaded_version = version();
    if (loaded_version == NULL || loaded_version[0] != '1') {
        set_load_error("unsupported zlib version: ", loaded_version);
        return;
    }
    load_status = RUNTIME_ZLIB_OK;
}

int runtime_zlib_load(void) {
    pthread_once(&load_once, load_library);
    return load_status;
}

const char *runtime_zlib_load_error(void) {
    runtime_zlib_load();
    return load_status == RUNTIME_ZLIB_OK ? "" : load_error;
}

const char *runtime_zlib_version(void) {
    return runtime_zlib_load() == RUNTIME_ZLIB_OK ? loaded_version : NULL;
}

void runtime_zlib_free(void *buffer) { free(buffer); }

static void copy_message(const char *text, char *message, size_t capacity) {
    if (message == NULL || capacity == 0) return;
    if (text == NULL) text = "";
    size_t length = strlen(text);
    if (length >= capacity) length = capacity - 1;
    memcpy(message, text, length);
    message[length] = '\0';
}

// Grows *buffer to at least `needed` bytes (doubling), never beyond `limit`.
static int grow(uint8_t **buffer, size_t *capacity, size_t needed, size_t limit) {
    size_t next = *capacity < 4096 ? 4096 : *capacity;
    while (next < needed) next = next > SIZE_MAX / 2 ? SIZE_MAX : next * 2;
    if (next > limit) next = limit;
    if (next < needed) return RUNTIME_ZLIB_LIMIT_EXCEEDED;
    uint8_t *grown = realloc(*buffer, next);
    if (grown == NULL) return RUNTIME_ZLIB_NO_MEMORY;
    *buffer = grown;
    *capacity = next;
    return RUNTIME_ZLIB_OK;
}

// Hands the input to zlib in chunks that fit its 32-bit counters.
static void feed_input(runtime_z_stream *stream, const uint8_t **input, size_t *remaining) {
    if (stream->avail_in == 0 && *remaining > 0) {
        size_t chunk = *remaining > UINT_MAX ? UINT_MAX : *remaining;
        stream->next_in = *input;
        stream->avail_in = (unsigned int)chunk;
        *input += chunk;
        *remaining -= chunk;
    }
}

static void expose_output(runtime_z_stream *stream, uint8_t *buffer, size_t capacity, size_t produced) {
    size_t room = capacity - produced;
    if (room > UINT_MAX) room = UINT_MAX;
    stream->next_out = buffer + produced;
    stream->avail_out = (unsigned int)room;
}

int runtime_zlib_inflate(const uint8_t *input, size_t input_length, size_t max_output,
                         uint8_t **output, size_t *output_length,
                         char *message, size_t message_capacity) {
    *output = NULL;
    *output_length = 0;
    copy_message("", message, message_capacity);
    if (runtime_zlib_load() != RUNTIME_ZLIB_OK) {
        copy_message(load_error, message, message_capacity);
        return RUNTIME_ZLIB_UNAVAILABLE;
    }
    runtime_z_stream stream;
    memset(&stream, 0, sizeof stream);
    int code = z_inflate_init2(&stream, ZLIB_WINDOW_BITS, loaded_version, (int)sizeof stream);
    if (code != Z_OK) {
        copy_message(stream.msg ? stream.msg : "inflateInit2 failed", message, message_capacity);
        return code == Z_MEM_ERROR ? RUNTIME_ZLIB_NO_MEMORY : RUNTIME_ZLIB_FAILED;
    }
    uint8_t *buffer = NULL;
    size_t capacity = 0;
    size_t produced = 0;
    // A first guess: compressed data usually expands; +1 lets an exact-limit output finish.
    size_t guess = input_length <= SIZE_MAX / 4 ? input_length * 4 : SIZE_MAX;
    size_t limit = max_output == SIZE_MAX ? SIZE_MAX : max_output + 1;
    if (guess > limit) guess = limit;
    int status = grow(&buffer, &capacity, guess < 64 ? 64 : guess, limit < 64 ? 64 : limit);
    const uint8_t *next = input;
    size_t remaining = input_length;
    while (status == RUNTIME_ZLIB_OK) {
        feed_input(&stream, &next, &remaining);
        if (produced == capacity) {
            status = grow(&buffer, &capacity, capacity + 1, limit);
            if (status != RUNTIME_ZLIB_OK) break;
        }
        expose_output(&stream, buffer, capacity, produced);
        unsigned int before_out = stream.avail_out;
        unsigned int before_in = stream.avail_in;
        code = z_inflate(&stream, Z_NO_FLUSH);
        produced += before_out - stream.avail_out;
        if (produced > max_output) {
            status = RUNTIME_ZLIB_LIMIT_EXCEEDED;
            break;
        }
        if (code == Z_STREAM_END) break;
        if (code == Z_OK) continue;
        if (code == Z_BUF_ERROR && stream.avail_out == 0) continue;  // needs more room
        if (code == Z_BUF_ERROR && stream.avail_in == 0 && remaining == 0) {
            copy_message("truncated zlib stream", message, message_capacity);
            status = RUNTIME_ZLIB_DATA_ERROR;
            break;
        }
        if (code == Z_BUF_ERROR && before_in == stream.avail_in && before_out == stream.avail_out) {
            copy_message("zlib made no progress", message, message_capacity);
            status = RUNTIME_ZLIB_FAILED;
            break;
        }
        if (code == Z_NEED_DICT) {
            copy_message("zlib stream needs a preset dictionary", message, message_capacity);
            status = RUNTIME_ZLIB_DATA_ERROR;
        } else if (code == Z_DATA_ERROR) {
            copy_message(stream.msg ? stream.msg : "invalid zlib data", message, message_capacity);
            status = RUNTIME_ZLIB_DATA_ERROR;
        } else if (code == Z_MEM_ERROR) {
            status = RUNTIME_ZLIB_NO_MEMORY;
        } else {
            copy_message(stream.msg ? stream.msg : "inflate failed", message, message_capacity);
            status = RUNTIME_ZLIB_FAILED;
        }
    }
    z_inflate_end(&stream);
    if (status != RUNTIME_ZLIB_OK) {
        free(buffer);
        return status;
    }
    if (produced == 0) {
        free(buffer);
        buffer = NULL;
    }
    *output = buffer;
    *output_length = produced;
    return RUNTIME_ZLIB_OK;
}

int runtime_zlib_deflate(const uint8_t *input, size_t input_length, int level,
                         uint8_t **output, size_t *output_length,
                         char *message, size_t message_capacity) {
    *output = NULL;
    *output_length = 0;
    copy_message("", message, message_capacity);
    if (runtime_zlib_load() != RUNTIME_ZLIB_OK) {
        copy_message(load_error, message, message_capacity);
        return RUNTIME_ZLIB_UNAVAILABLE;
    }
    if (level < -1 || level > 9) {
        copy_message("compression level must be -1...9", message, message_capacity);
        return RUNTIME_ZLIB_FAILED;
    }
    runtime_z_stream stream;
    memset(&stream, 0, sizeof stream);
    int code = z_deflate_init2(&stream, level, Z_DEFLATED, ZLIB_WINDOW_BITS, ZLIB_MEM_LEVEL,
                               Z_DEFAULT_STRATEGY, loaded_version, (int)sizeof stream);
    if (code != Z_OK) {
        copy_message(stream.msg ? stream.msg : "deflateInit2 failed", message, message_capacity);
        return code == Z_MEM_ERROR ? RUNTIME_ZLIB_NO_MEMORY : RUNTIME_ZLIB_FAILED;
    }
    uint8_t *buffer = NULL;
    size_t capacity = 0;
    size_t produced = 0;
    // zlib's worst case is a little over the input size; start there.
    size_t first = input_length + input_length / 1000 + 64;
    int status = grow(&buffer, &capacity, first < input_length ? SIZE_MAX : first, SIZE_MAX);
    const uint8_t *next = input;
    size_t remaining = input_length;
    while (status == RUNTIME_ZLIB_OK) {
        feed_input(&stream, &next, &remaining);
        if (produced == capacity) {
            status = grow(&buffer, &capacity, capacity + 1, SIZE_MAX);
            if (status != RUNTIME_ZLIB_OK) break;
        }
        expose_output(&stream, buffer, capacity, produced);
        unsigned int before_out = stream.avail_out;
        code = z_deflate(&stream, remaining == 0 ? Z_FINISH : Z_NO_FLUSH);
        produced += before_out - stream.avail_out;
        if (code == Z_STREAM_END) break;
        if (code == Z_OK || code == Z_BUF_ERROR) continue;
        copy_message(stream.msg ? stream.msg : "deflate failed", message, message_capacity);
        status = code == Z_MEM_ERROR ? RUNTIME_ZLIB_NO_MEMORY : RUNTIME_ZLIB_FAILED;
    }
    z_deflate_end(&stream);
    if (status != RUNTIME_ZLIB_OK) {
        free(buffer);
        return status;
    }
    *output = buffer;
    *output_length = produced;
    return RUNTIME_ZLIB_OK;
}
