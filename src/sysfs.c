/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Read-only facts from sysfs and /proc/sys/net: the tun facts of
 * kernels whose link dump lacks them (tun_flags, owner, group), and the
 * network settings the kernel acts on by itself. */
#include "config.h"

#include "sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int read_long(int dirfd, const char *attr, int base, long long *out)
{
	char buf[32], *end;
	int r = read_small(dirfd, attr, buf, sizeof(buf));

	if (r < 0)
		return r;
	errno = 0;
	*out = strtoll(buf, &end, base);
	if (errno || end == buf || (*end && *end != '\n'))
		return -EINVAL;
	return 0;
}

/* A file of /proc/sys/net/FAMILY/conf/DEV (NULL or a device that does
 * not exist yet: "default", which a new device starts from): read_small's
 * result, the text in buf. */
static int conf_read(const char *family, const char *key, const char *name,
		     char *buf, size_t len)
{
	char path[96];
	int dir, r = -ENOENT;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf", family);
	dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	if (name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0) {
		snprintf(path, sizeof(path), "%s/%s", name, key);
		r = read_small(dir, path, buf, len);
	}
	if (r == -ENOENT) {
		snprintf(path, sizeof(path), "default/%s", key);
		r = read_small(dir, path, buf, len);
	}
	close(dir);
	return r;
}

static bool conf_on(const char *family, const char *key, const char *name)
{
	char buf[32];

	return conf_read(family, key, name, buf, sizeof(buf)) >= 0 &&
	       strtol(buf, NULL, 10) > 0;
}

/* A boolean setting as the kernel reads it: on when "all" or the
 * device's own says so. */
static bool conf_flag(const char *family, const char *key, const char *name)
{
	return conf_on(family, key, "all") || conf_on(family, key, name);
}

int sysfs_ipv6_genmode(const char *name)
{
	char buf[32];

	return conf_read("ipv6", "addr_gen_mode", name, buf, sizeof(buf)) < 0 ?
	       -1 : (int)strtol(buf, NULL, 10);
}

bool sysfs_ipv6_has_stable_secret(const char *name)
{
	char buf[64];

	/* Reading it fails (EIO) until it is set. */
	return conf_read("ipv6", "stable_secret", name, buf, sizeof(buf)) >= 0;
}

bool sysfs_ipv6_keeps_addrs(const char *name)
{
	return conf_flag("ipv6", "keep_addr_on_down", name);
}

bool sysfs_ipv4_promotes(const char *name)
{
	return conf_flag("ipv4", "promote_secondaries", name);
}

static bool bad_name(const char *name)
{
	return !*name || strchr(name, '/') || !strcmp(name, ".") ||
	       !strcmp(name, "..");
}

int sysfs_net_open(void)
{
	int fd = open("/sys/devices/virtual/net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int sysfs_tun_flags_at(int netdir, const char *name, unsigned *flags)
{
	char path[32];
	long long v;
	int r;

	if (bad_name(name))
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/tun_flags", name);
	r = read_long(netdir, path, 16, &v);
	if (r == 0)
		*flags = (unsigned)v;
	return r;
}

int sysfs_tun_flags(const char *name, unsigned *flags)
{
	int dir = sysfs_net_open(), r;

	if (dir < 0)
		return dir;
	r = sysfs_tun_flags_at(dir, name, flags);
	close(dir);
	return r;
}

/* The sysfs directory of device name, or -errno. */
static int dev_dir(const char *name)
{
	char path[64];
	int dirfd;

	if (bad_name(name))
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return dirfd < 0 ? -errno : dirfd;
}

int sysfs_addr_assign_type(const char *name)
{
	long long v;
	int dirfd = dev_dir(name), r;

	if (dirfd < 0)
		return dirfd;
	r = read_long(dirfd, "addr_assign_type", 10, &v);
	close(dirfd);
	return r < 0 ? r : (int)v;
}

int sysfs_tun_read(const char *name, struct tun_sysfs *out)
{
	long long v;
	int dirfd = dev_dir(name), r;

	if (dirfd < 0)
		return dirfd;
	r = read_long(dirfd, "tun_flags", 16, &v);
	if (r == 0) {
		out->flags = (unsigned)v;
		r = read_long(dirfd, "owner", 10, &v);
	}
	if (r == 0) {
		out->owner = v;
		r = read_long(dirfd, "group", 10, &v);
	}
	if (r == 0)
		out->group = v;
	close(dirfd);
	return r;
}
