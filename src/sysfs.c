/* Read-only tun facts from sysfs, for kernels whose link dump lacks
 * them: tun_flags, owner, group. */
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

/* A boolean setting of /proc/sys/net/FAMILY/conf, as the kernel reads
 * it: on when "all" or the device's own says so; for a device that does
 * not exist (yet), "default" stands for its own. */
static bool conf_flag(const char *family, const char *key, const char *name)
{
	char path[96];
	long long v;
	int dir, r;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf", family);
	dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return false;
	snprintf(path, sizeof(path), "all/%s", key);
	r = read_long(dir, path, 10, &v);
	if (r == 0 && v > 0) {
		close(dir);
		return true;
	}
	r = -1;
	if (!strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..")) {
		snprintf(path, sizeof(path), "%s/%s", name, key);
		r = read_long(dir, path, 10, &v);
	}
	if (r < 0) {
		snprintf(path, sizeof(path), "default/%s", key);
		r = read_long(dir, path, 10, &v);
	}
	close(dir);
	return r == 0 && v > 0;
}

bool sysfs_ipv6_keeps_addrs(const char *name)
{
	return conf_flag("ipv6", "keep_addr_on_down", name);
}

bool sysfs_ipv4_promotes(const char *name)
{
	return conf_flag("ipv4", "promote_secondaries", name);
}

int sysfs_tun_read(const char *name, struct tun_sysfs *out)
{
	char path[64];
	long long v;
	int dirfd, r;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
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
