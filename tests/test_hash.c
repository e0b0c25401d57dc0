/*
 * test_hash.c: MD5 and SHA-256 against the published test vectors
 * (RFC 1321, FIPS 180-4 examples), at the padding boundaries, and fed
 * through update in pieces that straddle the 64-byte blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "support.h"

struct vector {
	const char *msg;
	const char *digest;
};

static const struct vector md5_rfc1321[] = {
	{ "", "d41d8cd98f00b204e9800998ecf8427e" },
	{ "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
	{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	  "d174ab98d277d9f5a5611c2c9f419d9f" },
	{ "1234567890123456789012345678901234567890"
	  "1234567890123456789012345678901234567890",
	  "57edf4a22be3c955ac49da2e2107b67a" },
};

static const struct vector sha256_fips[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	/* 448 bits */
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	/* 896 bits */
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

/* n times 'a', around the 56-byte padding limit of one and two blocks. */
struct boundary {
	size_t n;
	const char *md5;
	const char *sha256;
};

static const struct boundary boundaries[] = {
	{ 55, "ef1772b6dff9a122358552954ad0df65",
	  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ 56, "3b0c8ac703f828b04c6c197006d17218",
	  "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
	{ 63, "b06521f39153d618550606be297466d5",
	  "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
	{ 64, "014842d480b571495a4a0363793f7367",
	  "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
	{ 65, "c743a45e0d2e6a95cb859adae0248435",
	  "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
	{ 119, "8a7bd0732ed6a28ce75f6dabc90e1613",
	  "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
	{ 120, "5f61c0ccad4cac44c75ff505e1f1e537",
	  "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	{ 127, "020406e1d05cdc2aa287641f7ae2cc39",
	  "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a" },
	{ 128, "e510683b3f5ffe4093d021808bc6ff70",
	  "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
	{ 129, "b325dc1c6f5e7a2b7cf465b9feab7948",
	  "c12cb024a2e5551cca0e08fce8f1c5e314555cc3fef6329ee994a3db752166ae" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The first five boundaries (55..65) crossed with these piece sizes. */
#define PIECE_LENGTHS 5
static const size_t pieces[] = { 1, 3, 7, 13, 33, 63, 64 };

/* 1000 bytes (i * 7 + 3) mod 256: every byte value, high bits included. */
#define PATTERN_LEN 1000
#define PATTERN_MD5 "10046f077f2082ac19676b8079f1cb1a"
#define PATTERN_SHA256 \
	"1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"
static const size_t pattern_chunks[] = { 1, 2, 55, 56, 63, 64, 65, 127, 999 };

static void fill_pattern(unsigned char *buf)
{
	for (size_t i = 0; i < PATTERN_LEN; i++)
		buf[i] = (unsigned char)((i * 7 + 3) & 0xff);
}

static void md5_pieces(const unsigned char *data, size_t n, size_t piece, char out[33])
{
	struct om_md5 c;
	unsigned char d[16];

	om_md5_init(&c);
	for (size_t off = 0; off < n; off += piece)
		om_md5_update(&c, data + off, n - off < piece ? n - off : piece);
	om_md5_final(&c, d);
	om_hex(d, sizeof(d), out);
}

static void sha256_pieces(const unsigned char *data, size_t n, size_t piece, char out[65])
{
	struct om_sha256 c;
	unsigned char d[32];

	om_sha256_init(&c);
	for (size_t off = 0; off < n; off += piece)
		om_sha256_update(&c, data + off, n - off < piece ? n - off : piece);
	om_sha256_final(&c, d);
	om_hex(d, sizeof(d), out);
}

/* ---- MD5 ---- */

START_TEST(md5_matches_rfc1321_test_suite)
{
	const struct vector *v = &md5_rfc1321[_i];
	char out[33];

	om_md5_hex(v->msg, strlen(v->msg), out);
	ck_assert_str_eq(out, v->digest);
}
END_TEST

START_TEST(md5_of_a_million_a)
{
	unsigned char chunk[1000];
	struct om_md5 c;
	unsigned char d[16];
	char out[33];

	memset(chunk, 'a', sizeof(chunk));
	om_md5_init(&c);
	for (int i = 0; i < 1000; i++)
		om_md5_update(&c, chunk, sizeof(chunk));
	om_md5_final(&c, d);
	om_hex(d, sizeof(d), out);
	ck_assert_str_eq(out, "7707d6ae4e027c70eea2a935c2296f21");
}
END_TEST

START_TEST(md5_pads_correctly_at_block_boundaries)
{
	const struct boundary *b = &boundaries[_i];
	unsigned char buf[129];
	char out[33];

	memset(buf, 'a', b->n);
	om_md5_hex(buf, b->n, out);
	ck_assert_msg(strcmp(out, b->md5) == 0, "length %zu: %s", b->n, out);
}
END_TEST

START_TEST(md5_same_digest_when_fed_in_pieces)
{
	const struct boundary *b = &boundaries[_i % PIECE_LENGTHS];
	size_t piece = pieces[_i / PIECE_LENGTHS];
	unsigned char buf[65];
	char out[33];

	memset(buf, 'a', b->n);
	md5_pieces(buf, b->n, piece, out);
	ck_assert_msg(strcmp(out, b->md5) == 0, "length %zu in pieces of %zu: %s",
		      b->n, piece, out);
}
END_TEST

START_TEST(md5_hashes_every_byte_value_in_any_chunking)
{
	unsigned char buf[PATTERN_LEN];
	char out[33];

	fill_pattern(buf);
	md5_pieces(buf, sizeof(buf), pattern_chunks[_i], out);
	ck_assert_msg(strcmp(out, PATTERN_MD5) == 0, "chunks of %zu: %s",
		      pattern_chunks[_i], out);
}
END_TEST

START_TEST(md5_empty_update_changes_nothing)
{
	struct om_md5 c;
	unsigned char d[16];
	char out[33];

	om_md5_init(&c);
	om_md5_update(&c, NULL, 0);
	om_md5_update(&c, "ab", 2);
	om_md5_update(&c, NULL, 0);
	om_md5_update(&c, "c", 1);
	om_md5_final(&c, d);
	om_hex(d, sizeof(d), out);
	ck_assert_str_eq(out, "900150983cd24fb0d6963f7d28e17f72");
}
END_TEST

START_TEST(md5_final_writes_raw_digest_bytes)
{
	static const unsigned char want[16] = {
		0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
		0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x72,
	};
	struct om_md5 c;
	unsigned char d[16];

	om_md5_init(&c);
	om_md5_update(&c, "abc", 3);
	om_md5_final(&c, d);
	ck_assert_mem_eq(d, want, sizeof(want));
}
END_TEST

/* ---- SHA-256 ---- */

START_TEST(sha256_matches_fips180_examples)
{
	const struct vector *v = &sha256_fips[_i];
	char out[65];

	om_sha256_hex(v->msg, strlen(v->msg), out);
	ck_assert_str_eq(out, v->digest);
}
END_TEST

START_TEST(sha256_of_a_million_a)
{
	unsigned char chunk[1000];
	struct om_sha256 c;
	unsigned char d[32];
	char out[65];

	memset(chunk, 'a', sizeof(chunk));
	om_sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		om_sha256_update(&c, chunk, sizeof(chunk));
	om_sha256_final(&c, d);
	om_hex(d, sizeof(d), out);
	ck_assert_str_eq(out,
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(sha256_pads_correctly_at_block_boundaries)
{
	const struct boundary *b = &boundaries[_i];
	unsigned char buf[129];
	char out[65];

	memset(buf, 'a', b->n);
	om_sha256_hex(buf, b->n, out);
	ck_assert_msg(strcmp(out, b->sha256) == 0, "length %zu: %s", b->n, out);
}
END_TEST

START_TEST(sha256_same_digest_when_fed_in_pieces)
{
	const struct boundary *b = &boundaries[_i % PIECE_LENGTHS];
	size_t piece = pieces[_i / PIECE_LENGTHS];
	unsigned char buf[65];
	char out[65];

	memset(buf, 'a', b->n);
	sha256_pieces(buf, b->n, piece, out);
	ck_assert_msg(strcmp(out, b->sha256) == 0, "length %zu in pieces of %zu: %s",
		      b->n, piece, out);
}
END_TEST

START_TEST(sha256_hashes_every_byte_value_in_any_chunking)
{
	unsigned char buf[PATTERN_LEN];
	char out[65];

	fill_pattern(buf);
	sha256_pieces(buf, sizeof(buf), pattern_chunks[_i], out);
	ck_assert_msg(strcmp(out, PATTERN_SHA256) == 0, "chunks of %zu: %s",
		      pattern_chunks[_i], out);
}
END_TEST

START_TEST(sha256_empty_update_changes_nothing)
{
	struct om_sha256 c;
	unsigned char d[32];
	char out[65];

	om_sha256_init(&c);
	om_sha256_update(&c, NULL, 0);
	om_sha256_update(&c, "ab", 2);
	om_sha256_update(&c, NULL, 0);
	om_sha256_update(&c, "c", 1);
	om_sha256_final(&c, d);
	om_hex(d, sizeof(d), out);
	ck_assert_str_eq(out,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(sha256_final_writes_raw_digest_bytes)
{
	static const unsigned char want[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	struct om_sha256 c;
	unsigned char d[32];

	om_sha256_init(&c);
	om_sha256_update(&c, "abc", 3);
	om_sha256_final(&c, d);
	ck_assert_mem_eq(d, want, sizeof(want));
}
END_TEST

/* ---- om_hex ---- */

START_TEST(hex_writes_two_lower_case_digits_per_byte)
{
	static const unsigned char bytes[] = { 0x00, 0x0f, 0xa5, 0xff, 0x10 };
	char out[11];

	memset(out, 'x', sizeof(out));
	om_hex(bytes, sizeof(bytes), out);
	ck_assert_str_eq(out, "000fa5ff10");
}
END_TEST

START_TEST(hex_of_no_bytes_is_empty_string)
{
	char out[1] = { 'x' };

	om_hex((const unsigned char *)"", 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

static Suite *hash_suite(void)
{
	Suite *s = suite_create("hash");
	TCase *md5 = tcase_create("md5");
	TCase *sha = tcase_create("sha256");
	TCase *hex = tcase_create("hex");
	int npieces = (int)(PIECE_LENGTHS * NELEM(pieces));

	tcase_add_loop_test(md5, md5_matches_rfc1321_test_suite, 0, (int)NELEM(md5_rfc1321));
	tcase_add_test(md5, md5_of_a_million_a);
	tcase_add_loop_test(md5, md5_pads_correctly_at_block_boundaries, 0,
			    (int)NELEM(boundaries));
	tcase_add_loop_test(md5, md5_same_digest_when_fed_in_pieces, 0, npieces);
	tcase_add_loop_test(md5, md5_hashes_every_byte_value_in_any_chunking, 0,
			    (int)NELEM(pattern_chunks));
	tcase_add_test(md5, md5_empty_update_changes_nothing);
	tcase_add_test(md5, md5_final_writes_raw_digest_bytes);
	suite_add_tcase(s, md5);

	tcase_add_loop_test(sha, sha256_matches_fips180_examples, 0, (int)NELEM(sha256_fips));
	tcase_add_test(sha, sha256_of_a_million_a);
	tcase_add_loop_test(sha, sha256_pads_correctly_at_block_boundaries, 0,
			    (int)NELEM(boundaries));
	tcase_add_loop_test(sha, sha256_same_digest_when_fed_in_pieces, 0, npieces);
	tcase_add_loop_test(sha, sha256_hashes_every_byte_value_in_any_chunking, 0,
			    (int)NELEM(pattern_chunks));
	tcase_add_test(sha, sha256_empty_update_changes_nothing);
	tcase_add_test(sha, sha256_final_writes_raw_digest_bytes);
	suite_add_tcase(s, sha);

	tcase_add_test(hex, hex_writes_two_lower_case_digits_per_byte);
	tcase_add_test(hex, hex_of_no_bytes_is_empty_string);
	suite_add_tcase(s, hex);
	return s;
}

int main(void)
{
	return om_test_main(hash_suite());
}
