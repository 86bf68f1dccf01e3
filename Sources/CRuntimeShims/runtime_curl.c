#include "runtime_curl.h"
