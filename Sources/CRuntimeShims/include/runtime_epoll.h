#ifndef RUNTIME_EPOLL_H
#define RUNTIME_EPOLL_H
// Small, non-variadic helpers around epoll, eventfd and non-blocking sockets for RuntimeIO's
// event loop. Every function returns a negative errno on failure unless stated otherwise.

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

enum {
    RT_EPOLLIN = 0x001,
    RT_EPOLLOUT = 0x004,
    RT_EPOLLERR = 0x008,
    RT_EPOLLHUP = 0x010,
    RT_EPOLL_CTL_ADD = 1,
    RT_EPOLL_CTL_DEL = 2,
    RT_EPOLL_CTL_MOD = 3,
};

/// An address returned by rt_resolve, ready for rt_tcp_connect.
typedef struct rt_address {
    struct sockaddr_storage storage;
    socklen_t length;
    int family;
} rt_address;

int rt_epoll_create(void);
int rt_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Waits for at most `max` (<= 256) events; fills `datas` and `events`. Returns the count, 0 on
/// timeout or EINTR, or a negative errno.
int rt_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms);

int rt_eventfd_create(void);
int rt_eventfd_signal(int fd);
void rt_eventfd_drain(int fd);

int rt_close(int fd);
/// getaddrinfo for a TCP stream. `numeric_only` forbids DNS (AI_NUMERICHOST). Returns the number
/// of addresses written (<= max), or a negative value: -(EAI error code) with EAI codes made
/// positive, i.e. the result is -abs(gai error). rt_gai_strerror turns it into text.
int rt_resolve(const char *host, int port, int numeric_only, rt_address *out, int max);
const char *rt_gai_strerror(int code);
/// 1 when the address is loopback (127.0.0.0/8, ::1, or IPv4-mapped 127.0.0.0/8), else 0.
int rt_address_is_loopback(const rt_address *address);
/// Creates a non-blocking close-on-exec TCP socket and starts connecting. Returns 0 and sets
/// *fd_out when connected at once, 1 and sets *fd_out when the connect is in progress, or a
/// negative errno (no socket left open).
int rt_tcp_connect(const rt_address *address, int *fd_out);
/// The pending error of a socket (SO_ERROR): 0, a positive errno, or a negative errno if
/// getsockopt itself failed.
int rt_socket_error(int fd);
int rt_set_nodelay(int fd);
/// Binds and listens on host:port (numeric host), non-blocking, SO_REUSEADDR. Returns the fd or
/// a negative errno (-EINVAL for a host that is not numeric).
int rt_tcp_listen(const char *host, int port, int backlog);
/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC. Returns the fd or a negative errno.
int rt_tcp_accept(int fd);
/// The local port of a bound socket, or a negative errno.
int rt_local_port(int fd);
/// send(2) with MSG_NOSIGNAL | MSG_DONTWAIT. Returns bytes sent or a negative errno.
ssize_t rt_send(int fd, const void *bytes, size_t length);
/// recv(2) with MSG_DONTWAIT. Returns bytes read (0 at end of stream) or a negative errno.
ssize_t rt_recv(int fd, void *bytes, size_t length);
int rt_shutdown_write(int fd);
/// Sets SO_LINGER {on, 0} so that close() sends a reset (used by tests).
int rt_set_linger_zero(int fd);
/// Sets SO_RCVBUF / SO_SNDBUF (used by tests to make back-pressure quick).
int rt_set_buffer_sizes(int fd, int receive, int send);
/// The soft RLIMIT_NOFILE, or -1 when it is unlimited or cannot be read.
long long rt_nofile_limit(void);
/// Raises the soft RLIMIT_NOFILE to the hard limit (or to 1,048,576 where the kernel refuses
/// more); returns the soft limit in force afterwards, as rt_nofile_limit.
long long rt_raise_nofile_limit(void);
/// The kernel thread id of the caller.
int rt_gettid(void);
/// Names the calling thread (at most 15 characters are kept).
void rt_set_thread_name(const char *name);

#endif
