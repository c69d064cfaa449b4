// zlib, to keep crawled pages compressed in the database.
#ifndef SINMUN_CZLIB_SHIM_H
#define SINMUN_CZLIB_SHIM_H
#include <zlib.h>
#endif
