#ifndef RUNTIME_CURL_H
#define RUNTIME_CURL_H
// libcurl.so.4 loaded at run time with dlopen/dlsym: no curl headers, no link flags.
// Only the option, info and result numbers RuntimeIO uses are defined here (values from the
// stable libcurl ABI). setopt/getinfo are variadic in libcurl, so they are wrapped here with
// one non-variadic function per argument type.

#include <stddef.h>
#include <stdint.h>

// CURLcode values
enum {
    RT_CURLE_OK = 0,
    RT_CURLE_UNSUPPORTED_PROTOCOL = 1,
    RT_CURLE_URL_MALFORMAT = 3,
    RT_CURLE_COULDNT_RESOLVE_PROXY = 5,
    RT_CURLE_COULDNT_RESOLVE_HOST = 6,
    RT_CURLE_COULDNT_CONNECT = 7,
    RT_CURLE_OPERATION_TIMEDOUT = 28,
    RT_CURLE_SSL_CONNECT_ERROR = 35,
    RT_CURLE_GOT_NOTHING = 52,
    RT_CURLE_SEND_ERROR = 55,
    RT_CURLE_RECV_ERROR = 56,
    RT_CURLE_SSL_CERTPROBLEM = 58,
    RT_CURLE_PEER_FAILED_VERIFICATION = 60,
    RT_CURLE_SSL_CACERT_BADFILE = 77,
    RT_CURLE_AGAIN = 81,
    RT_CURLE_SSL_CRL_BADFILE = 82,
    RT_CURLE_SSL_ISSUER_ERROR = 83,
    RT_CURLE_PROXY = 97,
};

// CURLoption values (LONG = 0, OBJECTPOINT/STRINGPOINT = 10000, OFF_T = 30000)
enum {
    RT_CURLOPT_URL = 10002,
    RT_CURLOPT_PROXY = 10004,
    RT_CURLOPT_ERRORBUFFER = 10010,
    RT_CURLOPT_VERBOSE = 41,
    RT_CURLOPT_HTTPPROXYTUNNEL = 61,
    RT_CURLOPT_SSL_VERIFYPEER = 64,
    RT_CURLOPT_CAINFO = 10065,
    RT_CURLOPT_SSL_VERIFYHOST = 81,
    RT_CURLOPT_HTTP_VERSION = 84,
    RT_CURLOPT_CAPATH = 10097,
    RT_CURLOPT_NOSIGNAL = 99,
    RT_CURLOPT_TCP_NODELAY = 121,
    RT_CURLOPT_CONNECT_ONLY = 141,
    RT_CURLOPT_CONNECTTIMEOUT_MS = 156,
    RT_CURLOPT_NOPROXY = 10177,
    RT_CURL_HTTP_VERSION_1_1 = 2,
};

// CURLINFO values (LONG = 0x200000, SOCKET = 0x500000)
enum {
    RT_CURLINFO_RESPONSE_CODE = 0x200002,
    RT_CURLINFO_SSL_VERIFYRESULT = 0x20000D,
    RT_CURLINFO_HTTP_CONNECTCODE = 0x200016,
    RT_CURLINFO_ACTIVESOCKET = 0x50002C,
};

// Socket callback "what" values and socket_action bits
enum {
    RT_CURL_POLL_NONE = 0,
    RT_CURL_POLL_IN = 1,
    RT_CURL_POLL_OUT = 2,
    RT_CURL_POLL_INOUT = 3,
    RT_CURL_POLL_REMOVE = 4,
    RT_CURL_CSELECT_IN = 1,
    RT_CURL_CSELECT_OUT = 2,
    RT_CURL_CSELECT_ERR = 4,
    RT_CURL_SOCKET_TIMEOUT = -1,
};

/// Loads libcurl.so.4 once (thread-safe) and runs curl_global_init. Returns 0 on success, or -1
/// and a clear message in rt_curl_load_error().
int rt_curl_load(void);
const char *rt_curl_load_error(void);
const char *rt_curl_version(void);

void *rt_curl_easy_init(void);
void rt_curl_easy_cleanup(void *easy);
int rt_curl_easy_perform(void *easy);
int rt_curl_setopt_long(void *easy, int option, long value);
int rt_curl_setopt_pointer(void *easy, int option, const void *value);
int rt_curl_setopt_string(void *easy, int option, const char *value);
int rt_curl_setopt_off(void *easy, int option, int64_t value);
int rt_curl_getinfo_long(void *easy, int info, long *value);
int rt_curl_getinfo_socket(void *easy, int info, int *value);
int rt_curl_easy_send(void *easy, const void *bytes, size_t length, size_t *sent);
int rt_curl_easy_recv(void *easy, void *bytes, size_t length, size_t *received);
const char *rt_curl_easy_strerror(int code);

/// One easy handle inside its own multi handle, whose socket and timer callbacks are recorded
/// here so that an epoll loop can drive the transfer (curl's "multi_socket" API) without
/// callbacks into Swift.
typedef struct rt_curl_conn rt_curl_conn;

/// Creates the pair; NULL if libcurl is not loaded or out of memory. The easy handle already has
/// an error buffer (rt_curl_conn_error_text).
rt_curl_conn *rt_curl_conn_create(void);
void *rt_curl_conn_easy(rt_curl_conn *conn);
/// Adds the easy handle to the multi handle (starts the transfer). Returns a CURLMcode.
int rt_curl_conn_start(rt_curl_conn *conn);
/// curl_multi_socket_action, then checks whether the transfer finished. Returns a CURLMcode;
/// sets *done to 1 and *result to the transfer's CURLcode when it finished.
int rt_curl_conn_socket_action(rt_curl_conn *conn, int fd, int bits, int *done, int *result);
/// Pops one changed socket interest (what is RT_CURL_POLL_*). Returns 1 if one was popped.
int rt_curl_conn_next_socket(rt_curl_conn *conn, int *fd, int *what);
/// Returns 1 and the timeout curl asked for (-1: none) if it changed since the last call.
int rt_curl_conn_take_timer(rt_curl_conn *conn, long *timeout_ms);
const char *rt_curl_conn_error_text(rt_curl_conn *conn);
/// Removes the handle from the multi handle (which closes the connection) and frees everything.
void rt_curl_conn_destroy(rt_curl_conn *conn);

#endif
