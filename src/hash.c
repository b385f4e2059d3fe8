#include "config.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <errno.h>

#include "hash.h"

void
hash_sha256(const void *data, size_t len, unsigned char out[HASH_LEN])
{
	unsigned int	 n = HASH_LEN;

	EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

char *
hash_sha256_hex(const void *data, size_t len, char out[HASH_HEXLEN])
{
	unsigned char	 h[HASH_LEN];

	hash_sha256(data, len, h);
	for (size_t i = 0; i < HASH_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return out;
}

char *
hash_uuid(const char *text, char out[37])
{
	unsigned char	 h[HASH_LEN];
	size_t		 i, o = 0;

	hash_sha256(text, strlen(text), h);
	h[6] = (h[6] & 0x0f) | 0x80;	/* version 8 */
	h[8] = (h[8] & 0x3f) | 0x80;	/* RFC 9562 variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		snprintf(out + o, 3, "%02x", h[i]);
		o += 2;
	}
	out[o] = '\0';
	return out;
}

int
hash_random(void *buf, size_t len)
{
	unsigned char	*p = buf;

	while (len > 0) {
		ssize_t	 n = getrandom(p, len, 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
hash_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

char *
hash_hmac_hex(const unsigned char *key, size_t klen, const char *msg,
    char out[HASH_HEXLEN])
{
	unsigned char	 mac[HASH_LEN];
	unsigned int	 n = 0;

	HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg,
	    strlen(msg), mac, &n);
	for (unsigned int i = 0; i < HASH_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return out;
}
