#ifndef RUNTIME_EPOLL_H
#define RUNTIME_EPOLL_H
// Declarations of the epoll shim go here.
#endif
