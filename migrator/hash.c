/*
 * hash.c: MD5 (RFC 1321) and SHA-256 (FIPS 180-4), written from the
 * specifications.  Both process 64-byte blocks and pad the same way; they
 * differ in word order (MD5 little-endian, SHA-256 big-endian) and rounds.
 */
#include "hash.h"

#include <string.h>

static uint32_t rotl32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t rotr32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint32_t load_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		(uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void store_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

void om_hex(const unsigned char *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

/* ---- the block buffer of both hashes ---- */

/*
 * The buffering both hashes share: bytes are gathered into 64-byte blocks,
 * each block fed to `block` with the running state.
 */
typedef void block_fn(uint32_t *state, const unsigned char *p);

static void buffer_update(uint32_t *state, block_fn *block, unsigned char buf[64], size_t *used,
			  uint64_t *total, const void *data, size_t len)
{
	const unsigned char *p = data;

	/* memcpy from a NULL pointer is undefined even for 0 bytes. */
	if (!len)
		return;
	*total += len;
	if (*used) {
		size_t take = 64 - *used < len ? 64 - *used : len;

		memcpy(buf + *used, p, take);
		*used += take;
		p += take;
		len -= take;
		if (*used < 64)
			return;
		block(state, buf);
		*used = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		block(state, p);
	memcpy(buf, p, len);
	*used = len;
}

/*
 * The padding both hashes share: 0x80, then zeros up to byte 56 of a
 * block; the caller stores the bit length in bytes 56-63 in its order.
 */
static void buffer_pad(uint32_t *state, block_fn *block, unsigned char buf[64], size_t *used)
{
	buf[(*used)++] = 0x80;
	if (*used > 56) {
		memset(buf + *used, 0, 64 - *used);
		block(state, buf);
		*used = 0;
	}
	memset(buf + *used, 0, 56 - *used);
	*used = 0;
}

/* ---- SHA-256 ---- */

/* Fractional parts of the cube roots of the first 64 primes, 32 bits. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, hh;

	for (int t = 0; t < 16; t++)
		w[t] = load_be32(p + 4 * t);
	for (int t = 16; t < 64; t++) {
		uint32_t x = w[t - 15], y = w[t - 2];
		uint32_t s0 = rotr32(x, 7) ^ rotr32(x, 18) ^ (x >> 3);
		uint32_t s1 = rotr32(y, 17) ^ rotr32(y, 19) ^ (y >> 10);

		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	f = h[5];
	g = h[6];
	hh = h[7];
	for (int t = 0; t < 64; t++) {
		uint32_t big1 = rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = hh + big1 + ch + sha256_k[t] + w[t];
		uint32_t big0 = rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = big0 + maj;

		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void om_sha256_init(struct om_sha256 *c)
{
	/* Fractional parts of the square roots of the first 8 primes. */
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(c->h, iv, sizeof(iv));
	c->total = 0;
	c->used = 0;
}

void om_sha256_update(struct om_sha256 *c, const void *data, size_t len)
{
	buffer_update(c->h, sha256_block, c->block, &c->used, &c->total, data, len);
}

void om_sha256_final(struct om_sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->total * 8;

	buffer_pad(c->h, sha256_block, c->block, &c->used);
	store_be32(c->block + 56, (uint32_t)(bits >> 32));
	store_be32(c->block + 60, (uint32_t)bits);
	sha256_block(c->h, c->block);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
}

void om_sha256_hex(const void *data, size_t len, char out[65])
{
	struct om_sha256 c;
	unsigned char d[32];

	om_sha256_init(&c);
	om_sha256_update(&c, data, len);
	om_sha256_final(&c, d);
	om_hex(d, sizeof(d), out);
}

/* ---- MD5 ---- */

/* floor(2^32 * |sin(i + 1)|), RFC 1321 section 3.4. */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Rotation amounts: four per round, repeated four times within the round. */
static const unsigned char md5_r[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 },
	{ 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

static void md5_block(uint32_t s[4], const unsigned char *p)
{
	uint32_t x[16];
	uint32_t a = s[0], b = s[1], c = s[2], d = s[3];

	for (int i = 0; i < 16; i++)
		x[i] = load_le32(p + 4 * i);
	for (int i = 0; i < 64; i++) {
		int rnd = i / 16;
		uint32_t f;
		int k;

		/* Each round has its own function and word order. */
		switch (rnd) {
		case 0:
			f = (b & c) | (~b & d);
			k = i;
			break;
		case 1:
			f = (b & d) | (c & ~d);
			k = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ c ^ d;
			k = (3 * i + 5) % 16;
			break;
		default:
			f = c ^ (b | ~d);
			k = (7 * i) % 16;
			break;
		}
		/* a = b + ((a + f + X[k] + T[i]) <<< r); rotate (a,b,c,d). */
		f = b + rotl32(a + f + x[k] + md5_t[i], md5_r[rnd][i % 4]);
		a = d;
		d = c;
		c = b;
		b = f;
	}
	s[0] += a;
	s[1] += b;
	s[2] += c;
	s[3] += d;
}

void om_md5_init(struct om_md5 *c)
{
	c->s[0] = 0x67452301;
	c->s[1] = 0xefcdab89;
	c->s[2] = 0x98badcfe;
	c->s[3] = 0x10325476;
	c->total = 0;
	c->used = 0;
}

void om_md5_update(struct om_md5 *c, const void *data, size_t len)
{
	buffer_update(c->s, md5_block, c->block, &c->used, &c->total, data, len);
}

void om_md5_final(struct om_md5 *c, unsigned char out[16])
{
	uint64_t bits = c->total * 8;

	buffer_pad(c->s, md5_block, c->block, &c->used);
	store_le32(c->block + 56, (uint32_t)bits);
	store_le32(c->block + 60, (uint32_t)(bits >> 32));
	md5_block(c->s, c->block);
	for (int i = 0; i < 4; i++)
		store_le32(out + 4 * i, c->s[i]);
}

void om_md5_hex(const void *data, size_t len, char out[33])
{
	struct om_md5 c;
	unsigned char d[16];

	om_md5_init(&c);
	om_md5_update(&c, data, len);
	om_md5_final(&c, d);
	om_hex(d, sizeof(d), out);
}
