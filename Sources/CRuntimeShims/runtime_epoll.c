#define _GNU_SOURCE
#include "runtime_epoll.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int rt_epoll_create(void) {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int rt_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event) < 0 ? -errno : 0;
}

int rt_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event buffer[256];
    if (max > 256) max = 256;
    if (max < 1) return -EINVAL;
    int count = epoll_wait(epfd, buffer, max, timeout_ms);
    if (count < 0) return errno == EINTR ? 0 : -errno;
    for (int i = 0; i < count; i++) {
        datas[i] = buffer[i].data.u64;
        events[i] = buffer[i].events;
    }
    return count;
}

int rt_eventfd_create(void) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int rt_eventfd_signal(int fd) {
    uint64_t one = 1;
    ssize_t written = write(fd, &one, sizeof one);
    return written < 0 && errno != EAGAIN ? -errno : 0;
}

void rt_eventfd_drain(int fd) {
    uint64_t value;
    while (read(fd, &value, sizeof value) > 0) {}
}

int rt_close(int fd) { return close(fd) < 0 ? -errno : 0; }

int rt_resolve(const char *host, int port, int numeric_only, rt_address *out, int max) {
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV | (numeric_only ? AI_NUMERICHOST : AI_ADDRCONFIG);
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo *list = NULL;
    int status = getaddrinfo(host, service, &hints, &list);
    if (status != 0) return status < 0 ? status : -status;
    int count = 0;
    for (struct addrinfo *item = list; item != NULL && count < max; item = item->ai_next) {
        if (item->ai_addrlen > sizeof out[count].storage) continue;
        memset(&out[count], 0, sizeof out[count]);
        memcpy(&out[count].storage, item->ai_addr, item->ai_addrlen);
        out[count].length = item->ai_addrlen;
        out[count].family = item->ai_family;
        count++;
    }
    freeaddrinfo(list);
    return count;
}

int rt_address_is_loopback(const rt_address *address) {
    if (address->family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)&address->storage;
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    if (address->family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&address->storage;
        if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) return 1;
        return IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr) && v6->sin6_addr.s6_addr[12] == 127;
    }
    return 0;
}

const char *rt_gai_strerror(int code) {
    // rt_resolve reports -abs(code); glibc's EAI codes are negative.
    int native = code > 0 ? -code : code;
    const char *text = gai_strerror(native);
    if (text == NULL || strncmp(text, "Unknown", 7) == 0) text = gai_strerror(-native);
    return text;
}

int rt_tcp_connect(const rt_address *address, int *fd_out) {
    int fd = socket(address->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return -errno;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (const struct sockaddr *)&address->storage, address->length) == 0) {
        *fd_out = fd;
        return 0;
    }
    if (errno == EINPROGRESS) {
        *fd_out = fd;
        return 1;
    }
    int error = errno;
    close(fd);
    return -error;
}

int rt_socket_error(int fd) {
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) return -errno;
    return error;
}

int rt_set_nodelay(int fd) {
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ? -errno : 0;
}

int rt_tcp_listen(const char *host, int port, int backlog) {
    rt_address address;
    int count = rt_resolve(host, port, 1, &address, 1);
    if (count < 1) return -EINVAL;
    int fd = socket(address.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (const struct sockaddr *)&address.storage, address.length) < 0 || listen(fd, backlog) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int rt_tcp_accept(int fd) {
    int client = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client < 0) return -errno;
    int one = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return client;
}

int rt_local_port(int fd) {
    struct sockaddr_storage storage;
    socklen_t length = sizeof storage;
    if (getsockname(fd, (struct sockaddr *)&storage, &length) < 0) return -errno;
    if (storage.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&storage)->sin_port);
    if (storage.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&storage)->sin6_port);
    return -EAFNOSUPPORT;
}

ssize_t rt_send(int fd, const void *bytes, size_t length) {
    ssize_t sent = send(fd, bytes, length, MSG_NOSIGNAL | MSG_DONTWAIT);
    return sent < 0 ? -errno : sent;
}

ssize_t rt_recv(int fd, void *bytes, size_t length) {
    ssize_t received = recv(fd, bytes, length, MSG_DONTWAIT);
    return received < 0 ? -errno : received;
}

int rt_shutdown_write(int fd) { return shutdown(fd, SHUT_WR) < 0 ? -errno : 0; }

int rt_set_linger_zero(int fd) {
    struct linger linger = {1, 0};
    return setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger) < 0 ? -errno : 0;
}

int rt_set_buffer_sizes(int fd, int receive, int send) {
    if (receive > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive, sizeof receive) < 0) return -errno;
    if (send > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send, sizeof send) < 0) return -errno;
    return 0;
}

int rt_gettid(void) { return (int)syscall(SYS_gettid); }

void rt_set_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }

long long rt_nofile_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
    return limit.rlim_cur > (rlim_t)0x7fffffffffffffffLL ? -1 : (long long)limit.rlim_cur;
}

long long rt_raise_nofile_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    if (limit.rlim_cur != limit.rlim_max) {
        struct rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) != 0 && limit.rlim_max > 1048576 && limit.rlim_cur < 1048576) {
            // Linux refuses values above fs.nr_open (1,048,576 by default), RLIM_INFINITY included.
            raised.rlim_cur = 1048576;
            (void)setrlimit(RLIMIT_NOFILE, &raised);
        }
    }
    return rt_nofile_limit();
}
