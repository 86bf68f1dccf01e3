#define _GNU_SOURCE
#include "runtime_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fn_global_init)(long);
typedef void *(*fn_easy_init)(void);
typedef void (*fn_easy_cleanup)(void *);
typedef int (*fn_easy_perform)(void *);
typedef int (*fn_easy_setopt)(void *, int, ...);
typedef int (*fn_easy_getinfo)(void *, int, ...);
typedef int (*fn_easy_send)(void *, const void *, size_t, size_t *);
typedef int (*fn_easy_recv)(void *, void *, size_t, size_t *);
typedef const char *(*fn_easy_strerror)(int);
typedef char *(*fn_version)(void);
typedef void *(*fn_multi_init)(void);
typedef int (*fn_multi_cleanup)(void *);
typedef int (*fn_multi_add_handle)(void *, void *);
typedef int (*fn_multi_remove_handle)(void *, void *);
typedef int (*fn_multi_setopt)(void *, int, ...);
typedef int (*fn_multi_socket_action)(void *, int, int, int *);

// Mirror of struct CURLMsg: { CURLMSG msg; CURL *easy_handle; union { void *whatever; CURLcode result; } data; }
typedef struct { int msg; void *easy_handle; union { void *whatever; int result; } data; } rt_curl_msg;
typedef rt_curl_msg *(*fn_multi_info_read)(void *, int *);

static struct {
    fn_global_init global_init;
    fn_easy_init easy_init;
    fn_easy_cleanup easy_cleanup;
    fn_easy_perform easy_perform;
    fn_easy_setopt easy_setopt;
    fn_easy_getinfo easy_getinfo;
    fn_easy_send easy_send;
    fn_easy_recv easy_recv;
    fn_easy_strerror easy_strerror;
    fn_version version;
    fn_multi_init multi_init;
    fn_multi_cleanup multi_cleanup;
    fn_multi_add_handle multi_add_handle;
    fn_multi_remove_handle multi_remove_handle;
    fn_multi_setopt multi_setopt;
    fn_multi_socket_action multi_socket_action;
    fn_multi_info_read multi_info_read;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[512] = "libcurl.so.4 was not loaded";

#define RT_CURLMOPT_SOCKETFUNCTION 20001
#define RT_CURLMOPT_SOCKETDATA 10002
#define RT_CURLMOPT_TIMERFUNCTION 20004
#define RT_CURLMOPT_TIMERDATA 10005
#define RT_CURLMSG_DONE 1
#define RT_CURL_GLOBAL_DEFAULT 3L

static void load_library(void) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    const char *first_error = NULL;
    char first_error_copy[256] = "";
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library == NULL && first_error == NULL) {
            first_error = dlerror();
            if (first_error != NULL) snprintf(first_error_copy, sizeof first_error_copy, "%s", first_error);
        }
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error,
                 "libcurl.so.4 could not be loaded (%s); install libcurl (e.g. apt-get install libcurl4) "
                 "to use TLS or an HTTP proxy",
                 first_error_copy[0] ? first_error_copy : "not found");
        return;
    }
#define LOAD(field, symbol)                                                                         \
    do {                                                                                            \
        *(void **)(&curl.field) = dlsym(library, symbol);                                           \
        if (curl.field == NULL) {                                                                   \
            snprintf(load_error, sizeof load_error, "libcurl.so.4 lacks the symbol %s", symbol);    \
            return;                                                                                 \
        }                                                                                           \
    } while (0)
    LOAD(global_init, "curl_global_init");
    LOAD(easy_init, "curl_easy_init");
    LOAD(easy_cleanup, "curl_easy_cleanup");
    LOAD(easy_perform, "curl_easy_perform");
    LOAD(easy_setopt, "curl_easy_setopt");
    LOAD(easy_getinfo, "curl_easy_getinfo");
    LOAD(easy_send, "curl_easy_send");
    LOAD(easy_recv, "curl_easy_recv");
    LOAD(easy_strerror, "curl_easy_strerror");
    LOAD(version, "curl_version");
    LOAD(multi_init, "curl_multi_init");
    LOAD(multi_cleanup, "curl_multi_cleanup");
    LOAD(multi_add_handle, "curl_multi_add_handle");
    LOAD(multi_remove_handle, "curl_multi_remove_handle");
    LOAD(multi_setopt, "curl_multi_setopt");
    LOAD(multi_socket_action, "curl_multi_socket_action");
    LOAD(multi_info_read, "curl_multi_info_read");
#undef LOAD
    int status = curl.global_init(RT_CURL_GLOBAL_DEFAULT);
    if (status != 0) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed with CURLcode %d", status);
        return;
    }
    load_status = 0;
    load_error[0] = 0;
}

int rt_curl_load(void) {
    pthread_once(&load_once, load_library);
    return load_status;
}

const char *rt_curl_load_error(void) { return load_error; }
const char *rt_curl_version(void) { return rt_curl_load() == 0 ? curl.version() : ""; }

void *rt_curl_easy_init(void) { return rt_curl_load() == 0 ? curl.easy_init() : NULL; }
void rt_curl_easy_cleanup(void *easy) { if (easy != NULL) curl.easy_cleanup(easy); }
int rt_curl_easy_perform(void *easy) { return curl.easy_perform(easy); }
int rt_curl_setopt_long(void *easy, int option, long value) { return curl.easy_setopt(easy, option, value); }
int rt_curl_setopt_pointer(void *easy, int option, const void *value) { return curl.easy_setopt(easy, option, value); }
int rt_curl_setopt_string(void *easy, int option, const char *value) { return curl.easy_setopt(easy, option, value); }
int rt_curl_setopt_off(void *easy, int option, int64_t value) { return curl.easy_setopt(easy, option, (long long)value); }
int rt_curl_getinfo_long(void *easy, int info, long *value) { return curl.easy_getinfo(easy, info, value); }
int rt_curl_getinfo_socket(void *easy, int info, int *value) { return curl.easy_getinfo(easy, info, value); }
int rt_curl_easy_send(void *easy, const void *bytes, size_t length, size_t *sent) {
    return curl.easy_send(easy, bytes, length, sent);
}
int rt_curl_easy_recv(void *easy, void *bytes, size_t length, size_t *received) {
    return curl.easy_recv(easy, bytes, length, received);
}
const char *rt_curl_easy_strerror(int code) {
    return rt_curl_load() == 0 ? curl.easy_strerror(code) : "libcurl not loaded";
}

// ---- easy + private multi, driven from an epoll loop ----

#define RT_CURL_CONN_SOCKETS 8

struct rt_curl_conn {
    void *easy;
    void *multi;
    char error[256];
    struct { int fd; int what; int dirty; int used; } sockets[RT_CURL_CONN_SOCKETS];
    long timeout_ms;
    int timer_changed;
};

static int socket_callback(void *easy, int fd, int what, void *userp, void *socketp) {
    (void)easy;
    (void)socketp;
    rt_curl_conn *conn = userp;
    int free_slot = -1;
    for (int i = 0; i < RT_CURL_CONN_SOCKETS; i++) {
        if (conn->sockets[i].used && conn->sockets[i].fd == fd) {
            conn->sockets[i].what = what;
            conn->sockets[i].dirty = 1;
            return 0;
        }
        if (!conn->sockets[i].used && free_slot < 0) free_slot = i;
    }
    if (what == RT_CURL_POLL_REMOVE) return 0;
    if (free_slot < 0) return -1;
    conn->sockets[free_slot].used = 1;
    conn->sockets[free_slot].fd = fd;
    conn->sockets[free_slot].what = what;
    conn->sockets[free_slot].dirty = 1;
    return 0;
}

static int timer_callback(void *multi, long timeout_ms, void *userp) {
    (void)multi;
    rt_curl_conn *conn = userp;
    conn->timeout_ms = timeout_ms;
    conn->timer_changed = 1;
    return 0;
}

rt_curl_conn *rt_curl_conn_create(void) {
    if (rt_curl_load() != 0) return NULL;
    rt_curl_conn *conn = calloc(1, sizeof *conn);
    if (conn == NULL) return NULL;
    conn->timeout_ms = -1;
    conn->easy = curl.easy_init();
    conn->multi = curl.multi_init();
    if (conn->easy == NULL || conn->multi == NULL) {
        if (conn->easy) curl.easy_cleanup(conn->easy);
        if (conn->multi) curl.multi_cleanup(conn->multi);
        free(conn);
        return NULL;
    }
    curl.easy_setopt(conn->easy, RT_CURLOPT_ERRORBUFFER, conn->error);
    curl.multi_setopt(conn->multi, RT_CURLMOPT_SOCKETFUNCTION, socket_callback);
    curl.multi_setopt(conn->multi, RT_CURLMOPT_SOCKETDATA, (void *)conn);
    curl.multi_setopt(conn->multi, RT_CURLMOPT_TIMERFUNCTION, timer_callback);
    curl.multi_setopt(conn->multi, RT_CURLMOPT_TIMERDATA, (void *)conn);
    return conn;
}

void *rt_curl_conn_easy(rt_curl_conn *conn) { return conn->easy; }

int rt_curl_conn_start(rt_curl_conn *conn) { return curl.multi_add_handle(conn->multi, conn->easy); }

int rt_curl_conn_socket_action(rt_curl_conn *conn, int fd, int bits, int *done, int *result) {
    int running = 0;
    int status = curl.multi_socket_action(conn->multi, fd, bits, &running);
    *done = 0;
    int queued = 0;
    rt_curl_msg *message;
    while ((message = curl.multi_info_read(conn->multi, &queued)) != NULL) {
        if (message->msg == RT_CURLMSG_DONE && message->easy_handle == conn->easy) {
            *done = 1;
            *result = message->data.result;
        }
    }
    return status;
}

int rt_curl_conn_next_socket(rt_curl_conn *conn, int *fd, int *what) {
    for (int i = 0; i < RT_CURL_CONN_SOCKETS; i++) {
        if (conn->sockets[i].used && conn->sockets[i].dirty) {
            conn->sockets[i].dirty = 0;
            *fd = conn->sockets[i].fd;
            *what = conn->sockets[i].what;
            if (*what == RT_CURL_POLL_REMOVE) conn->sockets[i].used = 0;
            return 1;
        }
    }
    return 0;
}

int rt_curl_conn_take_timer(rt_curl_conn *conn, long *timeout_ms) {
    if (!conn->timer_changed) return 0;
    conn->timer_changed = 0;
    *timeout_ms = conn->timeout_ms;
    return 1;
}

const char *rt_curl_conn_error_text(rt_curl_conn *conn) { return conn->error; }

void rt_curl_conn_destroy(rt_curl_conn *conn) {
    if (conn == NULL) return;
    curl.multi_remove_handle(conn->multi, conn->easy);
    curl.easy_cleanup(conn->easy);
    curl.multi_cleanup(conn->multi);
    free(conn);
}
