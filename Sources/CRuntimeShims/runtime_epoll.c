#include "runtime_epoll.h"
