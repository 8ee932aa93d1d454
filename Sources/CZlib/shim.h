// The system zlib (Debian's zlib1g-dev): gzip streams for the IDX reader,
// deflate and CRC-32 for the PNG writer. Not API.
#ifndef LATENT_CZLIB_SHIM_H
#define LATENT_CZLIB_SHIM_H
#include <zlib.h>
#endif
