#include "runtime_zlib.h"
