/*
 * gzip (RFC 1952) through zlib, the only file that includes it: the
 * compressed copy of a cached body, made once, for Accept-Encoding: gzip.
 */
#ifndef TREATYD_GZIP_H
#define TREATYD_GZIP_H

#include <stddef.h>

/* Bodies smaller than this are not worth compressing. */
#define GZIP_MIN_LEN	1024

/*
 * The gzip of len bytes of data (caller frees), or NULL when zlib fails
 * or the result is no smaller than the data.
 */
char	*gzip_compress(const char *data, size_t len, size_t *outlen);

#endif
