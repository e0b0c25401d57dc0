/*
 * hash.h: MD5 and SHA-256, written for this project.
 *
 * SHA-256 checksums the plans; MD5 is what OpenSER's ha1/ha1b columns
 * hold (the SQLite driver registers it as an SQL function).
 */
#ifndef OM_HASH_H
#define OM_HASH_H

#include <stddef.h>
#include <stdint.h>

struct om_sha256 {
	uint32_t h[8];
	uint64_t total;      /* bytes hashed so far */
	unsigned char block[64];
	size_t used;         /* bytes in block */
};

void om_sha256_init(struct om_sha256 *c);
void om_sha256_update(struct om_sha256 *c, const void *data, size_t len);
/* Writes 32 bytes. */
void om_sha256_final(struct om_sha256 *c, unsigned char out[32]);
/* Lower-case hex digest of data, NUL-terminated. */
void om_sha256_hex(const void *data, size_t len, char out[65]);

struct om_md5 {
	uint32_t s[4];
	uint64_t total;
	unsigned char block[64];
	size_t used;
};

void om_md5_init(struct om_md5 *c);
void om_md5_update(struct om_md5 *c, const void *data, size_t len);
void om_md5_final(struct om_md5 *c, unsigned char out[16]);
void om_md5_hex(const void *data, size_t len, char out[33]);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void om_hex(const unsigned char *bytes, size_t n, char *out);

#endif
