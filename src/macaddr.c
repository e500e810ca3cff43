/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stable tap MAC addresses: SipHash-2-4 keyed with the machine id (a
 * 128-bit random value, exactly a SipHash key), over the device name.
 * The machine id itself cannot be read back from the addresses. */
#include "config.h"

#include "macaddr.h"

#include <stdio.h>

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

static void compress(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sipround(v);
	sipround(v);
	v[0] ^= m;
}

unsigned long long siphash24(const unsigned char key[16], const void *msg,
			     unsigned long len)
{
	const unsigned char *p = msg;
	uint64_t k0 = get64(key), k1 = get64(key + 8), last;
	uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
			  k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL };
	unsigned long i, rest = len & 7;

	for (i = 0; i + 8 <= len; i += 8)
		compress(v, get64(p + i));
	last = (uint64_t)(len & 0xff) << 56;
	for (i = 0; i < rest; i++)
		last |= (uint64_t)p[len - rest + i] << (8 * i);
	compress(v, last);
	v[2] ^= 0xff;
	sipround(v);
	sipround(v);
	sipround(v);
	sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A machine id file: 32 lower-case hex digits and a newline, not all
 * zero (systemd's "uninitialized" marker is not one either). */
static bool read_machine_id(const char *path, unsigned char id[16])
{
	char buf[40];
	ssize_t n;
	size_t i;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool zero = true;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 32 || (n > 32 && buf[32] != '\n'))
		return false;
	for (i = 0; i < 16; i++) {
		int hi = hexval(buf[2 * i]), lo = hexval(buf[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		id[i] = (unsigned char)(hi << 4 | lo);
		zero &= !id[i];
	}
	return !zero;
}

bool mac_for_name(const char *name, unsigned char mac[6])
{
	/* A fixed prefix keeps these hashes apart from any other use of
	 * the machine id as a key. */
	char msg[64] = "tuntapctl mac ";
	unsigned long long h;
	size_t pre = strlen(msg), n = strnlen(name, sizeof(msg) - pre - 1);
	int i;

	/* Read once per run: a boot file may make thousands of taps. */
	static int have = -1;
	static unsigned char id[16];

	if (have < 0)
		have = read_machine_id("/etc/machine-id", id) ||
		       read_machine_id("/var/lib/dbus/machine-id", id);
	if (!have) {
		if (getrandom(mac, 6, 0) != 6)
			memset(mac, 0x5a, 6);
		mac[0] = 0xfe;
		return false;
	}
	memcpy(msg + pre, name, n);
	h = siphash24(id, msg, (unsigned long)(pre + n));
	mac[0] = 0xfe;
	for (i = 1; i < 6; i++)
		mac[i] = (unsigned char)(h >> (8 * (i - 1)));
	return true;
}

const char *mac_text(const unsigned char mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
	return out;
}
