// The package's own inflater: the zlib container (RFC 1950) around deflate data (RFC 1951).
// Written from the two RFCs; needs no system library.
//
// Design
// - The whole input is in memory, so running out of input is always an error (truncation);
//   the decoder only ever pauses because the output is full (streaming reads).
// - Bits are read least significant first from a 64-bit buffer. In the fast loop (at least 8
//   input bytes left) one unaligned 8-byte load tops it up to 56..63 bits without a branch;
//   that covers four literals or one length/distance pair with all their extra bits.
//   Near the end of the input it is filled byte by byte and every field is checked against the
//   bits really available.
// - Huffman codes are decoded by table: an 11-bit primary table for literals/lengths (10 bits
//   for distances) whose entries give the symbol's meaning and code length directly, and
//   16-entry (32 for distances) subtables for the rare longer codes.
// - Adler-32 runs over each block's output right after it was written (still in cache).
#include "runtime_inflate.h"
#include "runtime_zlib.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// ---------------------------------------------------------------------------------------------
// Table entries (uint32_t):
// - bits 0-5: all the bits the symbol takes (code and extra bits), so that the bit buffer can be
//   shifted by the entry itself (x86 masks shift counts to 6 bits anyway);
// - bits 8-11: the code's own length (extra bits follow it);
// - bit 31 marks a literal, bits 12-15 the other kinds;
// - bits 16-30: the value (literal byte, length or distance base, code-length symbol, or a
//   subtable's offset).
#define E_LIT 0x80000000u
#define E_EOB 0x1000u
#define E_SUB 0x2000u
#define E_BAD 0x4000u
#define E_BASE 0x8000u
#define E_TOTAL(e) ((e) & 63u)
#define E_CODE(e) (((e) >> 8) & 15u)
#define E_VALUE(e) (((e) >> 16) & 0x7FFFu)

#define MAX_CODE_BITS 15
#define LIT_PRIMARY 11
#define LIT_SUB_BITS (MAX_CODE_BITS - LIT_PRIMARY)
#define LIT_MASK ((1u << LIT_PRIMARY) - 1)
#define LIT_SUB_MASK ((1u << LIT_SUB_BITS) - 1)
#define DIST_PRIMARY 10
#define DIST_SUB_BITS (MAX_CODE_BITS - DIST_PRIMARY)
#define DIST_MASK ((1u << DIST_PRIMARY) - 1)
#define DIST_SUB_MASK ((1u << DIST_SUB_BITS) - 1)
#define CODELEN_PRIMARY 7
// Every symbol may start at most one subtable.
#define LIT_TABLE_SIZE ((1u << LIT_PRIMARY) + 288u * (1u << LIT_SUB_BITS))
#define DIST_TABLE_SIZE ((1u << DIST_PRIMARY) + 32u * (1u << DIST_SUB_BITS))
#define CODELEN_TABLE_SIZE (1u << CODELEN_PRIMARY)

#define WINDOW_SIZE 32768u
// The fast loop writes at most 4 literals or one match of <= 258 bytes plus 8 bytes of
// overshoot per iteration.
#define FAST_OUT_MARGIN 320
#define FAST_IN_MARGIN 8

// Length symbols 257..285 and distance symbols 0..29 (RFC 1951, 3.2.5).
static const uint16_t length_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                         35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                         3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t distance_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
                                           193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
                                           6145, 8193, 12289, 16385, 24577};
static const uint8_t distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                           6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
// The order in which the code-length code's lengths are sent (RFC 1951, 3.2.7).
static const uint8_t codelen_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// Entry templates per symbol (without the code length), and the fixed-code tables.
static uint32_t lit_template[288];
static uint32_t dist_template[32];
static uint32_t codelen_template[19];
static uint32_t fixed_lit[LIT_TABLE_SIZE];
static uint32_t fixed_dist[DIST_TABLE_SIZE];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

// Huffman codes are sent most significant bit first while the bit buffer is read least
// significant bit first, so tables are indexed by the code with its `length` bits reversed.
static uint8_t reversed_byte[256];

static inline unsigned reverse_bits(unsigned code, unsigned length) {
    unsigned both = (unsigned)reversed_byte[code & 0xFF] << 8 | reversed_byte[(code >> 8) & 0xFF];
    return both >> (16 - length);
}

// Builds a decoding table for the code lengths lens[0..n). `primary` index bits; codes longer
// than that get a subtable of (15 - primary) bits. Returns 0, or -1 for an over-subscribed set
// or an incomplete one (allowed, as zlib allows it, only when `allow_single` and the set is a
// single 1-bit code or empty; unused codes then decode to E_BAD).
static int build_table(uint32_t *table, size_t table_size, unsigned primary, const uint8_t *lens,
                       unsigned n, const uint32_t *templates, int allow_single) {
    unsigned count[MAX_CODE_BITS + 1] = {0};
    for (unsigned symbol = 0; symbol < n; symbol++) count[lens[symbol]]++;
    count[0] = 0;
    unsigned max = 0;
    for (unsigned length = 1; length <= MAX_CODE_BITS; length++)
        if (count[length] != 0) max = length;
    int left = 1;
    for (unsigned length = 1; length <= MAX_CODE_BITS; length++) {
        left <<= 1;
        left -= (int)count[length];
        if (left < 0) return -1;  // over-subscribed
    }
    if (left > 0 && !(allow_single && max <= 1)) return -1;  // incomplete
    size_t primary_size = (size_t)1 << primary;
    if (max == 0) {
        for (size_t i = 0; i < primary_size; i++) table[i] = E_BAD;
        return 0;
    }
    // Canonical codes (RFC 1951, 3.2.2): codes of one length are consecutive in symbol order,
    // shorter codes come first. Visiting the symbols in that order (sorted by length, then
    // symbol) makes the codes increase, so long codes sharing a primary slot arrive together.
    unsigned offset[MAX_CODE_BITS + 2];
    offset[1] = 0;
    for (unsigned length = 1; length <= MAX_CODE_BITS; length++) offset[length + 1] = offset[length] + count[length];
    uint16_t sorted[288];
    for (unsigned symbol = 0; symbol < n; symbol++)
        if (lens[symbol] != 0) sorted[offset[lens[symbol]]++] = (uint16_t)symbol;
    unsigned total = offset[MAX_CODE_BITS + 1];
    // The primary table is built length by length: once the codes of length L are placed in
    // table[0, 2^L) (at their reversed code), the first 2^L entries are copied to the next 2^L,
    // which repeats every entry wherever its unused high index bits may take any value.
    // Slots that no code covers (incomplete sets) keep E_BAD from the first two entries.
    table[0] = E_BAD;
    table[1] = E_BAD;
    size_t filled = 2;
    unsigned code = 0;
    unsigned previous_length = lens[sorted[0]];
    unsigned k = 0;
    for (; k < total; k++) {
        unsigned symbol = sorted[k];
        unsigned length = lens[symbol];
        if (length > primary) break;
        code <<= length - previous_length;
        previous_length = length;
        while (filled < ((size_t)1 << length)) {
            memcpy(table + filled, table, filled * sizeof *table);
            filled *= 2;
        }
        table[reverse_bits(code, length)] = templates[symbol] + length + (length << 8);  // templates hold the extra-bit count
        code++;
    }
    while (filled < primary_size) {
        memcpy(table + filled, table, filled * sizeof *table);
        filled *= 2;
    }
    // Longer codes: a subtable of (15 - primary) index bits per primary slot they share.
    unsigned sub_bits = MAX_CODE_BITS - primary;
    size_t sub_size = (size_t)1 << sub_bits;
    size_t free_at = primary_size;
    size_t current_slot = SIZE_MAX;
    size_t sub_base = 0;
    for (; k < total; k++) {
        unsigned symbol = sorted[k];
        unsigned length = lens[symbol];
        code <<= length - previous_length;
        previous_length = length;
        unsigned reversed = reverse_bits(code, length);
        code++;
        uint32_t entry = templates[symbol] + length + (length << 8);
        size_t slot = reversed & (primary_size - 1);
        if (slot != current_slot) {
            if (free_at + sub_size > table_size) return -1;
            for (size_t i = 0; i < sub_size; i++) table[free_at + i] = E_BAD;
            table[slot] = E_SUB | (uint32_t)free_at << 16;
            current_slot = slot;
            sub_base = free_at;
            free_at += sub_size;
        }
        for (size_t i = reversed >> primary; i < sub_size; i += (size_t)1 << (length - primary))
            table[sub_base + i] = entry;
    }
    return 0;
}

static void init_tables(void) {
    for (unsigned value = 0; value < 256; value++) {
        unsigned reversed = 0;
        for (unsigned bit = 0; bit < 8; bit++) reversed |= ((value >> bit) & 1u) << (7 - bit);
        reversed_byte[value] = (uint8_t)reversed;
    }
    for (unsigned symbol = 0; symbol < 288; symbol++) {
        if (symbol < 256) lit_template[symbol] = E_LIT | symbol << 16;
        else if (symbol == 256) lit_template[symbol] = E_EOB;
        else if (symbol < 286)
            lit_template[symbol] = E_BASE | (uint32_t)length_base[symbol - 257] << 16 | length_extra[symbol - 257];
        else lit_template[symbol] = E_BAD;  // 286 and 287 have fixed codes but never occur
    }
    for (unsigned symbol = 0; symbol < 32; symbol++) {
        dist_template[symbol] = symbol < 30
            ? E_BASE | (uint32_t)distance_base[symbol] << 16 | distance_extra[symbol]
            : E_BAD;  // 30 and 31 likewise
    }
    for (unsigned symbol = 0; symbol < 19; symbol++) codelen_template[symbol] = E_BASE | symbol << 16;
    // The fixed code (RFC 1951, 3.2.6).
    uint8_t lens[288];
    for (unsigned symbol = 0; symbol < 288; symbol++)
        lens[symbol] = symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8;
    build_table(fixed_lit, LIT_TABLE_SIZE, LIT_PRIMARY, lens, 288, lit_template, 0);
    for (unsigned symbol = 0; symbol < 32; symbol++) lens[symbol] = 5;
    build_table(fixed_dist, DIST_TABLE_SIZE, DIST_PRIMARY, lens, 32, dist_template, 0);
}

// ---------------------------------------------------------------------------------------------
// Adler-32 (RFC 1950, 8.2): a = 1 + sum of bytes, b = sum of the successive a, both mod 65521.
#define ADLER_MOD 65521u
// The most bytes that can be summed in 32 bits before reducing: the largest n with
// 255 * n * (n + 1) / 2 + (n + 1) * (ADLER_MOD - 1) <= 2^32 - 1 (and a multiple of 16).
#define ADLER_BLOCK 5552u

uint32_t runtime_adler32(uint32_t adler, const uint8_t *bytes, size_t length) {
    uint32_t a = adler & 0xFFFFu;
    uint32_t b = adler >> 16;
    while (length > 0) {
        size_t chunk = length < ADLER_BLOCK ? length : ADLER_BLOCK;
        length -= chunk;
#if defined(__SSE2__)
        size_t vectors = chunk / 16;
        if (vectors > 0) {
            // Per 16 bytes x0..x15: a += sum(x), b += 16 * a_before + sum((16 - i) * x_i).
            const __m128i zero = _mm_setzero_si128();
            const __m128i weights_low = _mm_setr_epi16(16, 15, 14, 13, 12, 11, 10, 9);
            const __m128i weights_high = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);
            __m128i sums = zero;          // byte sums so far (32-bit lanes)
            __m128i prefix_sums = zero;   // sum over vectors of `sums` before each vector
            __m128i weighted = zero;      // sum of the weighted bytes
            for (size_t v = 0; v < vectors; v++) {
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(bytes + 16 * v));
                prefix_sums = _mm_add_epi32(prefix_sums, sums);
                sums = _mm_add_epi32(sums, _mm_sad_epu8(x, zero));
                weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpacklo_epi8(x, zero), weights_low));
                weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpackhi_epi8(x, zero), weights_high));
            }
            uint32_t lanes[4];
            _mm_storeu_si128((__m128i *)(void *)lanes, sums);
            uint64_t byte_sum = (uint64_t)lanes[0] + lanes[1] + lanes[2] + lanes[3];
            _mm_storeu_si128((__m128i *)(void *)lanes, prefix_sums);
            uint64_t prefix = (uint64_t)lanes[0] + lanes[1] + lanes[2] + lanes[3];
            _mm_storeu_si128((__m128i *)(void *)lanes, weighted);
            uint64_t weight_sum = (uint64_t)lanes[0] + lanes[1] + lanes[2] + lanes[3];
            uint64_t wide_b = (uint64_t)b + (uint64_t)(16 * vectors) * a + 16 * prefix + weight_sum;
            a = (uint32_t)(((uint64_t)a + byte_sum) % ADLER_MOD);
            b = (uint32_t)(wide_b % ADLER_MOD);
            bytes += 16 * vectors;
            chunk -= 16 * vectors;
        }
#else
        while (chunk >= 8) {
            a += bytes[0]; b += a; a += bytes[1]; b += a; a += bytes[2]; b += a; a += bytes[3]; b += a;
            a += bytes[4]; b += a; a += bytes[5]; b += a; a += bytes[6]; b += a; a += bytes[7]; b += a;
            bytes += 8;
            chunk -= 8;
        }
#endif
        while (chunk > 0) {
            a += *bytes++;
            b += a;
            chunk--;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    return b << 16 | a;
}

// ---------------------------------------------------------------------------------------------
// The decoder.
enum { M_HEADER, M_BLOCK, M_STORED, M_HUFFMAN, M_TRAILER, M_DONE, M_ERROR };
#define NEED_ROOM (-1)

typedef struct inflate_state {
    const uint8_t *in;      // next input byte not yet in the bit buffer
    const uint8_t *in_end;
    uint64_t bits;          // bits [0, bit_count) are the next input bits; higher bits are 0 or
    unsigned bit_count;     // the true bits that follow (never more than 63 bits counted)
    int mode;
    int final;              // the current block is the last one
    size_t stored_left;     // bytes left in the current stored block
    unsigned match_left;    // bytes of a match still to copy after a pause
    unsigned match_distance;
    uint32_t adler;
    const char *error;
    const uint32_t *lit;    // tables of the current Huffman block
    const uint32_t *dist;
    uint8_t *window;        // up to 32 KiB of the output before the current output buffer
    size_t window_length;   // (streaming only; NULL/0 for one-shot inflates)
    uint32_t lit_dynamic[LIT_TABLE_SIZE];
    uint32_t dist_dynamic[DIST_TABLE_SIZE];
} inflate_state;

static void state_init(inflate_state *s, const uint8_t *input, size_t input_length) {
    pthread_once(&tables_once, init_tables);
    s->in = input;
    s->in_end = input + input_length;
    s->bits = 0;
    s->bit_count = 0;
    s->mode = M_HEADER;
    s->final = 0;
    s->stored_left = 0;
    s->match_left = 0;
    s->match_distance = 0;
    s->adler = 1;
    s->error = "";
    s->lit = NULL;
    s->dist = NULL;
    s->window = NULL;
    s->window_length = 0;
}

static inline uint64_t load64(const uint8_t *p) {
    uint64_t value;
    memcpy(&value, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap64(value);
#endif
    return value;
}

// Copies `length` bytes of a match `distance` back, one byte at a time; the source may start in
// the window (before out_base). The caller has checked the distance and the room.
static void copy_match_slow(const inflate_state *s, const uint8_t *out_base, uint8_t *out,
                            unsigned distance, unsigned length) {
    for (unsigned i = 0; i < length; i++) {
        size_t position = (size_t)(out - out_base) + i;
        out[i] = position >= distance ? out_base[position - distance]
                                      : s->window[s->window_length - (distance - position)];
    }
}

// Reads a dynamic block's code lengths and builds its tables (RFC 1951, 3.2.7).
// Returns 0, NEED_ROOM never, or RUNTIME_ZLIB_DATA_ERROR with s->error set.
#define SAFE_REFILL()                                               \
    do {                                                            \
        while (bit_count < 56 && in < in_end) {                     \
            bits |= (uint64_t)*in++ << bit_count;                   \
            bit_count += 8;                                         \
        }                                                           \
    } while (0)
#define DROP(n)            \
    do {                   \
        bits >>= (n);      \
        bit_count -= (n);  \
    } while (0)
#define LOW_BITS(value, n) ((value) & (((uint64_t)1 << (n)) - 1))

static int read_dynamic_header(inflate_state *s) {
    const uint8_t *in = s->in;
    const uint8_t *in_end = s->in_end;
    uint64_t bits = s->bits;
    unsigned bit_count = s->bit_count;
    int status = 0;
    SAFE_REFILL();
    if (bit_count < 14) goto truncated;
    unsigned lit_count = (unsigned)LOW_BITS(bits, 5) + 257;
    unsigned dist_count = (unsigned)LOW_BITS(bits >> 5, 5) + 1;
    unsigned codelen_count = (unsigned)LOW_BITS(bits >> 10, 4) + 4;
    DROP(14);
    if (lit_count > 286 || dist_count > 30) {
        s->error = "too many length or distance symbols";
        goto fail;
    }
    uint8_t codelen_lens[19] = {0};
    for (unsigned i = 0; i < codelen_count; i++) {
        SAFE_REFILL();
        if (bit_count < 3) goto truncated;
        codelen_lens[codelen_order[i]] = (uint8_t)LOW_BITS(bits, 3);
        DROP(3);
    }
    uint32_t codelen_table[CODELEN_TABLE_SIZE];
    if (build_table(codelen_table, CODELEN_TABLE_SIZE, CODELEN_PRIMARY, codelen_lens, 19, codelen_template, 0) != 0) {
        s->error = "invalid code lengths set";
        goto fail;
    }
    uint8_t lens[286 + 30];
    unsigned total = lit_count + dist_count;
    unsigned filled = 0;
    while (filled < total) {
        SAFE_REFILL();
        uint32_t entry = codelen_table[LOW_BITS(bits, CODELEN_PRIMARY)];
        unsigned length = E_TOTAL(entry);
        if (length > bit_count) goto truncated;
        DROP(length);
        unsigned symbol = E_VALUE(entry);
        if (symbol < 16) {
            lens[filled++] = (uint8_t)symbol;
            continue;
        }
        unsigned repeat, value = 0, extra;
        if (symbol == 16) {
            if (filled == 0) {
                s->error = "invalid bit length repeat";
                goto fail;
            }
            value = lens[filled - 1];
            extra = 2;
            repeat = 3;
        } else if (symbol == 17) {
            extra = 3;
            repeat = 3;
        } else {
            extra = 7;
            repeat = 11;
        }
        if (extra > bit_count) goto truncated;
        repeat += (unsigned)LOW_BITS(bits, extra);
        DROP(extra);
        if (repeat > total - filled) {
            s->error = "invalid bit length repeat";
            goto fail;
        }
        memset(lens + filled, (int)value, repeat);
        filled += repeat;
    }
    if (lens[256] == 0) {
        s->error = "invalid code -- missing end-of-block";
        goto fail;
    }
    if (build_table(s->lit_dynamic, LIT_TABLE_SIZE, LIT_PRIMARY, lens, lit_count, lit_template, 1) != 0) {
        s->error = "invalid literal/lengths set";
        goto fail;
    }
    if (build_table(s->dist_dynamic, DIST_TABLE_SIZE, DIST_PRIMARY, lens + lit_count, dist_count, dist_template, 1) != 0) {
        s->error = "invalid distances set";
        goto fail;
    }
    s->lit = s->lit_dynamic;
    s->dist = s->dist_dynamic;
    goto done;
truncated:
    s->error = "truncated zlib stream";
fail:
    status = RUNTIME_ZLIB_DATA_ERROR;
done:
    s->in = in;
    s->bits = bits;
    s->bit_count = bit_count;
    return status;
}

// Inflates into out_base[*position, capacity). Bytes out_base[0, *position) are output already
// produced into this buffer (history for matches), s->window holds up to 32 KiB before it.
// Returns RUNTIME_ZLIB_OK once the stream (trailer included) is complete, NEED_ROOM when the
// output is full and more is to come, or RUNTIME_ZLIB_DATA_ERROR (s->error says why).
static int run(inflate_state *s, uint8_t *out_base, size_t *position, size_t capacity) {
    const uint8_t *in = s->in;
    const uint8_t *const in_end = s->in_end;
    uint64_t bits = s->bits;
    unsigned bit_count = s->bit_count;
    uint8_t *out = out_base + *position;
    uint8_t *const out_end = out_base + capacity;
    uint8_t *checked = out;  // output up to here is in s->adler
    int status = RUNTIME_ZLIB_OK;

    for (;;) {
        switch (s->mode) {
        case M_HEADER: {
            SAFE_REFILL();
            if (bit_count < 16) goto truncated;
            unsigned cmf = (unsigned)LOW_BITS(bits, 8);
            unsigned flg = (unsigned)LOW_BITS(bits >> 8, 8);
            if ((cmf * 256 + flg) % 31 != 0) {
                s->error = "incorrect header check";
                goto fail;
            }
            if ((cmf & 15) != 8) {
                s->error = "unknown compression method";
                goto fail;
            }
            if ((cmf >> 4) > 7) {
                s->error = "invalid window size";
                goto fail;
            }
            if (flg & 0x20) {
                s->error = "a preset dictionary is not supported";
                goto fail;
            }
            DROP(16);
            s->mode = M_BLOCK;
            break;
        }
        case M_BLOCK: {
            SAFE_REFILL();
            if (bit_count < 3) goto truncated;
            s->final = (int)(bits & 1);
            unsigned type = (unsigned)LOW_BITS(bits >> 1, 2);
            DROP(3);
            if (type == 0) {
                // Stored: skip to a byte boundary, give back the whole bytes still buffered.
                DROP(bit_count & 7);
                in -= bit_count >> 3;
                bits = 0;
                bit_count = 0;
                if (in_end - in < 4) goto truncated;
                unsigned length = (unsigned)in[0] | (unsigned)in[1] << 8;
                unsigned complement = (unsigned)in[2] | (unsigned)in[3] << 8;
                if (length != (~complement & 0xFFFFu)) {
                    s->error = "invalid stored block lengths";
                    goto fail;
                }
                in += 4;
                s->stored_left = length;
                s->mode = M_STORED;
            } else if (type == 1) {
                s->lit = fixed_lit;
                s->dist = fixed_dist;
                s->mode = M_HUFFMAN;
            } else if (type == 2) {
                s->in = in;
                s->bits = bits;
                s->bit_count = bit_count;
                if (read_dynamic_header(s) != 0) goto fail;
                in = s->in;
                bits = s->bits;
                bit_count = s->bit_count;
                s->mode = M_HUFFMAN;
            } else {
                s->error = "invalid block type";
                goto fail;
            }
            break;
        }
        case M_STORED: {
            while (s->stored_left > 0) {
                if (in == in_end) goto truncated;
                if (out == out_end) goto need_room;
                size_t chunk = s->stored_left;
                if (chunk > (size_t)(in_end - in)) chunk = (size_t)(in_end - in);
                if (chunk > (size_t)(out_end - out)) chunk = (size_t)(out_end - out);
                memcpy(out, in, chunk);
                in += chunk;
                out += chunk;
                s->stored_left -= chunk;
            }
            s->mode = s->final ? M_TRAILER : M_BLOCK;
            break;
        }
        case M_HUFFMAN: {
            const uint32_t *const lit = s->lit;
            const uint32_t *const dist = s->dist;
            if (s->match_left > 0) {
                // Finish the match a full output interrupted (its distance was checked).
                size_t room = (size_t)(out_end - out);
                unsigned length = s->match_left;
                if (length > room) length = (unsigned)room;
                copy_match_slow(s, out_base, out, s->match_distance, length);
                out += length;
                s->match_left -= length;
                if (s->match_left > 0) goto need_room;
            }
            for (;;) {
                // Fast loop: at least 8 input bytes and FAST_OUT_MARGIN output bytes left.
                while (in_end - in >= FAST_IN_MARGIN && out_end - out >= FAST_OUT_MARGIN) {
                    bits |= load64(in) << bit_count;
                    in += (63 - bit_count) >> 3;
                    bit_count |= 56;
                    uint32_t entry = lit[bits & LIT_MASK];
                decoded:
                    if (entry & E_LIT) {
                        // Up to four literals from one refill (4 * 11 bits <= 56). At least 12
                        // bits are left after them, so the entry of the next symbol is already
                        // looked up before the refill, which keeps the refill off the critical
                        // path of the decoding (load entry, shift, mask, load entry...).
#define TAKE_LITERAL()                       \
    do {                                     \
        bits >>= E_TOTAL(entry);             \
        bit_count -= (uint8_t)entry;         \
        *out++ = (uint8_t)(entry >> 16);     \
        entry = lit[bits & LIT_MASK];        \
    } while (0)
                        TAKE_LITERAL();
                        if (entry & E_LIT) {
                            TAKE_LITERAL();
                            if (entry & E_LIT) {
                                TAKE_LITERAL();
                                if (entry & E_LIT) TAKE_LITERAL();
                            }
                        }
                        if (in_end - in < FAST_IN_MARGIN || out_end - out < FAST_OUT_MARGIN) break;
                        bits |= load64(in) << bit_count;
                        in += (63 - bit_count) >> 3;
                        bit_count |= 56;
                        goto decoded;
#undef TAKE_LITERAL
                    }
                    if (entry & E_SUB) {
                        entry = lit[E_VALUE(entry) + (unsigned)((bits >> LIT_PRIMARY) & LIT_SUB_MASK)];
                        if (entry & E_LIT) {
                            bits >>= E_TOTAL(entry);
                            bit_count -= (uint8_t)entry;
                            *out++ = (uint8_t)(entry >> 16);
                            continue;
                        }
                    }
                    if (entry & E_BASE) {
                        // A length (<= 15 + 5 bits) and a distance (<= 15 + 13 bits): 48 <= 56.
                        unsigned length = E_VALUE(entry) + (unsigned)(LOW_BITS(bits, E_TOTAL(entry)) >> E_CODE(entry));
                        bits >>= E_TOTAL(entry);
                        bit_count -= (uint8_t)entry;
                        uint32_t dentry = dist[bits & DIST_MASK];
                        if (dentry & E_SUB)
                            dentry = dist[E_VALUE(dentry) + (unsigned)((bits >> DIST_PRIMARY) & DIST_SUB_MASK)];
                        if ((dentry & E_BASE) == 0) {
                            s->error = "invalid distance code";
                            goto fail;
                        }
                        unsigned distance = E_VALUE(dentry) + (unsigned)(LOW_BITS(bits, E_TOTAL(dentry)) >> E_CODE(dentry));
                        bits >>= E_TOTAL(dentry);
                        bit_count -= E_TOTAL(dentry);
                        size_t produced = (size_t)(out - out_base);
                        if (distance > produced) {
                            if (distance > produced + s->window_length) {
                                s->error = "invalid distance too far back";
                                goto fail;
                            }
                            copy_match_slow(s, out_base, out, distance, length);
                            out += length;
                            continue;
                        }
                        const uint8_t *from = out - distance;
                        uint8_t *const end = out + length;
                        if (distance >= 8) {
                            // 8 bytes at a time; may write up to 7 bytes past `end` (room is
                            // guaranteed), and never reads a byte not yet written.
                            do {
                                uint64_t word;
                                memcpy(&word, from, 8);
                                memcpy(out, &word, 8);
                                from += 8;
                                out += 8;
                            } while (out < end);
                        } else if (distance == 1) {
                            uint64_t word = 0x0101010101010101ull * *from;
                            do {
                                memcpy(out, &word, 8);
                                out += 8;
                            } while (out < end);
                        } else {
                            do {
                                *out++ = *from++;
                            } while (out < end);
                        }
                        out = end;
                        continue;
                    }
                    if (entry & E_EOB) {
                        DROP(E_TOTAL(entry));
                        goto end_of_block;
                    }
                    s->error = "invalid literal/length code";
                    goto fail;
                }
                // Careful loop: near the end of the input or the output; one symbol per turn,
                // every field checked against the bits really available.
                SAFE_REFILL();
                uint32_t entry = lit[bits & LIT_MASK];
                if (entry & E_SUB) entry = lit[E_VALUE(entry) + (unsigned)((bits >> LIT_PRIMARY) & LIT_SUB_MASK)];
                if (E_CODE(entry) > bit_count) goto truncated;
                if (entry & E_BAD) {
                    s->error = "invalid literal/length code";
                    goto fail;
                }
                if (entry & E_EOB) {
                    DROP(E_TOTAL(entry));
                    goto end_of_block;
                }
                if (out == out_end) goto need_room;  // nothing consumed yet
                if (E_TOTAL(entry) > bit_count) goto truncated;
                if (entry & E_LIT) {
                    DROP(E_TOTAL(entry));
                    *out++ = (uint8_t)(entry >> 16);
                    continue;
                }
                unsigned length = E_VALUE(entry) + (unsigned)(LOW_BITS(bits, E_TOTAL(entry)) >> E_CODE(entry));
                DROP(E_TOTAL(entry));
                SAFE_REFILL();
                uint32_t dentry = dist[bits & DIST_MASK];
                if (dentry & E_SUB) dentry = dist[E_VALUE(dentry) + (unsigned)((bits >> DIST_PRIMARY) & DIST_SUB_MASK)];
                if (E_CODE(dentry) > bit_count) goto truncated;
                if ((dentry & E_BASE) == 0) {
                    s->error = "invalid distance code";
                    goto fail;
                }
                if (E_TOTAL(dentry) > bit_count) goto truncated;
                unsigned distance = E_VALUE(dentry) + (unsigned)(LOW_BITS(bits, E_TOTAL(dentry)) >> E_CODE(dentry));
                DROP(E_TOTAL(dentry));
                if (distance > (size_t)(out - out_base) + s->window_length) {
                    s->error = "invalid distance too far back";
                    goto fail;
                }
                size_t room = (size_t)(out_end - out);
                unsigned now = length <= room ? length : (unsigned)room;
                copy_match_slow(s, out_base, out, distance, now);
                out += now;
                if (now < length) {
                    s->match_left = length - now;
                    s->match_distance = distance;
                    goto need_room;
                }
            }
        end_of_block:
            s->adler = runtime_adler32(s->adler, checked, (size_t)(out - checked));
            checked = out;
            s->mode = s->final ? M_TRAILER : M_BLOCK;
            break;
        }
        case M_TRAILER: {
            DROP(bit_count & 7);
            in -= bit_count >> 3;
            bits = 0;
            bit_count = 0;
            if (in_end - in < 4) goto truncated;
            uint32_t expected = (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | in[3];
            in += 4;
            s->adler = runtime_adler32(s->adler, checked, (size_t)(out - checked));
            checked = out;
            if (expected != s->adler) {
                s->error = "incorrect data check";
                goto fail;
            }
            s->mode = M_DONE;
            break;
        }
        case M_DONE:
            goto finish;
        default:
            goto fail;
        }
    }
need_room:
    status = NEED_ROOM;
    goto finish;
truncated:
    s->error = "truncated zlib stream";
fail:
    s->mode = M_ERROR;
    status = RUNTIME_ZLIB_DATA_ERROR;
finish:
    if (status != RUNTIME_ZLIB_DATA_ERROR) s->adler = runtime_adler32(s->adler, checked, (size_t)(out - checked));
    s->in = in;
    s->bits = bits;
    s->bit_count = bit_count;
    *position = (size_t)(out - out_base);
    return status;
}

// ---------------------------------------------------------------------------------------------
// One-shot API.
static void copy_message(const char *text, char *message, size_t capacity) {
    if (message == NULL || capacity == 0) return;
    if (text == NULL) text = "";
    size_t length = strlen(text);
    if (length >= capacity) length = capacity - 1;
    memcpy(message, text, length);
    message[length] = '\0';
}

int runtime_inflate(const uint8_t *input, size_t input_length, size_t max_output,
                    uint8_t **output, size_t *output_length,
                    char *message, size_t message_capacity) {
    *output = NULL;
    *output_length = 0;
    copy_message("", message, message_capacity);
    if (input == NULL) input_length = 0;
    inflate_state *s = malloc(sizeof *s);
    if (s == NULL) return RUNTIME_ZLIB_NO_MEMORY;
    static const uint8_t nothing[1] = {0};
    state_init(s, input_length > 0 ? input : nothing, input_length);
    // A first guess: these payloads expand a little; text expands 3-4 times.
    size_t capacity = input_length <= SIZE_MAX / 4 ? input_length * 4 : SIZE_MAX;
    if (capacity < 1024) capacity = 1024;
    if (capacity > max_output) capacity = max_output;
    uint8_t *buffer = malloc(capacity > 0 ? capacity : 1);
    size_t produced = 0;
    int status = buffer == NULL ? RUNTIME_ZLIB_NO_MEMORY : NEED_ROOM;
    while (status == NEED_ROOM) {
        status = run(s, buffer, &produced, capacity);
        if (status != NEED_ROOM) break;
        if (capacity >= max_output) {
            status = RUNTIME_ZLIB_LIMIT_EXCEEDED;
            break;
        }
        size_t next = capacity > SIZE_MAX / 2 ? SIZE_MAX : capacity * 2;
        if (next > max_output) next = max_output;
        uint8_t *grown = realloc(buffer, next);
        if (grown == NULL) {
            status = RUNTIME_ZLIB_NO_MEMORY;
            break;
        }
        buffer = grown;
        capacity = next;
        status = NEED_ROOM;
    }
    if (status == RUNTIME_ZLIB_DATA_ERROR) copy_message(s->error, message, message_capacity);
    free(s);
    if (status != RUNTIME_ZLIB_OK || produced == 0) {
        free(buffer);
        if (status == RUNTIME_ZLIB_OK) *output_length = 0;
        return status;
    }
    *output = buffer;
    *output_length = produced;
    return RUNTIME_ZLIB_OK;
}

void runtime_inflate_free(void *buffer) { free(buffer); }

// ---------------------------------------------------------------------------------------------
// Streaming API.
struct runtime_inflater {
    inflate_state state;
    size_t window_start;  // the window is window_storage[window_start, + state.window_length)
    uint8_t window_storage[2 * WINDOW_SIZE];
};

runtime_inflater *runtime_inflater_new(const uint8_t *input, size_t input_length) {
    runtime_inflater *inflater = malloc(sizeof *inflater);
    if (inflater == NULL) return NULL;
    static const uint8_t nothing[1] = {0};
    if (input == NULL) input_length = 0;
    state_init(&inflater->state, input_length > 0 ? input : nothing, input_length);
    inflater->window_start = 0;
    inflater->state.window = inflater->window_storage;
    return inflater;
}

// Makes the window the last 32 KiB of (window + output[0, length)). The storage is twice the
// window, so small reads append and only move the window back to the front now and then.
static void slide_window(runtime_inflater *inflater, const uint8_t *output, size_t length) {
    inflate_state *s = &inflater->state;
    uint8_t *storage = inflater->window_storage;
    if (length >= WINDOW_SIZE) {
        memcpy(storage, output + length - WINDOW_SIZE, WINDOW_SIZE);
        inflater->window_start = 0;
        s->window_length = WINDOW_SIZE;
    } else {
        size_t start = inflater->window_start;
        size_t used = s->window_length;
        if (start + used + length > 2 * WINDOW_SIZE) {
            size_t keep = used < WINDOW_SIZE - length ? used : WINDOW_SIZE - length;
            memmove(storage, storage + start + used - keep, keep);
            start = 0;
            used = keep;
        }
        memcpy(storage + start + used, output, length);
        used += length;
        if (used > WINDOW_SIZE) {
            start += used - WINDOW_SIZE;
            used = WINDOW_SIZE;
        }
        inflater->window_start = start;
        s->window_length = used;
    }
    s->window = storage + inflater->window_start;
}

int runtime_inflater_read(runtime_inflater *inflater, uint8_t *output, size_t capacity,
                          size_t *produced, int *finished) {
    inflate_state *s = &inflater->state;
    *produced = 0;
    *finished = s->mode == M_DONE;
    if (s->mode == M_ERROR) return RUNTIME_ZLIB_DATA_ERROR;
    if (s->mode == M_DONE || capacity == 0 || output == NULL) return RUNTIME_ZLIB_OK;
    size_t position = 0;
    int status = run(s, output, &position, capacity);
    *produced = position;
    if (status == RUNTIME_ZLIB_DATA_ERROR) return status;
    slide_window(inflater, output, position);
    *finished = s->mode == M_DONE;
    return RUNTIME_ZLIB_OK;
}

const char *runtime_inflater_error(const runtime_inflater *inflater) {
    return inflater->state.mode == M_ERROR ? inflater->state.error : "";
}

void runtime_inflater_free(runtime_inflater *inflater) { free(inflater); }
