/*
 * Hashing and randomness through OpenSSL's libcrypto, the only file that
 * includes it: SHA-256 for ETags, feed UIDs and token hashes; kernel
 * randomness for tokens; constant-time comparison.
 */
#ifndef TREATYD_HASH_H
#define TREATYD_HASH_H

#include <stddef.h>

#define HASH_LEN	32		/* SHA-256 */
#define HASH_HEXLEN	(HASH_LEN * 2 + 1)

void	 hash_sha256(const void *, size_t, unsigned char out[HASH_LEN]);
/* Lower-case hex of SHA-256 into out (HASH_HEXLEN bytes). */
char	*hash_sha256_hex(const void *, size_t, char out[HASH_HEXLEN]);
/* A UUID (version 8, RFC 9562) derived from SHA-256 of the text. */
char	*hash_uuid(const char *, char out[37]);
/* Fill buf from the kernel's random source; -1 on failure. */
int	 hash_random(void *buf, size_t len);
/* 1 when equal, in time independent of where they differ. */
int	 hash_equal(const void *, const void *, size_t);
/* HMAC-SHA256 of msg under key, as hex. */
char	*hash_hmac_hex(const unsigned char *key, size_t klen, const char *msg,
	    char out[HASH_HEXLEN]);

#endif
