/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tun driver's ioctls on the clone device and on an attached fd. */
#include "config.h"

#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <net/if_arp.h>
#include <linux/if_tun.h>

#include "util.h"

#ifndef IFF_NO_CARRIER
#define IFF_NO_CARRIER 0x0040
#endif

#ifndef IFF_NAPI
#define IFF_NAPI 0x0010
#endif
#ifndef IFF_NAPI_FRAGS
#define IFF_NAPI_FRAGS 0x0020
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#define TUN_MAJOR 10
#define TUN_MINOR 200

static int fail_errno(struct fail *f)
{
	f->err = errno;
	f->ext[0] = '\0';
	return -errno;
}

bool tun_is_clone_node(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == TUN_MAJOR &&
	       minor(st->st_rdev) == TUN_MINOR;
}

bool tun_may_create(void)
{
	char buf[2048], *p, *end;
	unsigned long long eff;

	if (read_small(AT_FDCWD, "/proc/self/status", buf, sizeof(buf)) < 0)
		return true;	/* cannot tell: let the real run say */
	p = strstr(buf, "\nCapEff:\t");
	if (!p)
		return true;
	errno = 0;
	eff = strtoull(p + 9, &end, 16);
	if (errno || end == p + 9)
		return true;
	return eff & (1ULL << 12);	/* CAP_NET_ADMIN */
}

int tun_open(const char *path, struct fail *f)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fail_errno(f);
	/* Anything else would answer TUNSETIFF with a puzzling ENOTTY or,
	 * worse, do something else with the request. */
	if (fstat(fd, &st) < 0 || !tun_is_clone_node(&st)) {
		close(fd);
		f->err = ENOTTY;
		f->ext[0] = '\0';
		return -ENOTTY;
	}
	return fd;
}

int tun_attach(int fd, const char *name, unsigned flags, bool excl,
	       char actual[IFNAMSIZ], struct fail *f)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (name)
		memcpy(ifr.ifr_name, name, strnlen(name, IFNAMSIZ - 1));
	/* IFF_NO_CARRIER (Linux 6.0): our fd leaves the carrier as it is,
	 * so a set-owner or persist on an up device shows no carrier
	 * flapping to whoever watches; older kernels ignore the flag. */
	ifr.ifr_flags = (short)(flags | IFF_NO_CARRIER |
				(excl ? IFF_TUN_EXCL : 0));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		return fail_errno(f);
	if (actual)
		memcpy(actual, ifr.ifr_name, IFNAMSIZ);
	return 0;
}

int tun_set_ifindex(int fd, uint32_t ifindex, struct fail *f)
{
	unsigned int v = ifindex;

	return ioctl(fd, TUNSETIFINDEX, &v) < 0 ? fail_errno(f) : 0;
}

int tun_set_owner(int fd, uint32_t uid, struct fail *f)
{
	return ioctl(fd, TUNSETOWNER, (unsigned long)uid) < 0 ?
	       fail_errno(f) : 0;
}

int tun_set_group(int fd, uint32_t gid, struct fail *f)
{
	return ioctl(fd, TUNSETGROUP, (unsigned long)gid) < 0 ?
	       fail_errno(f) : 0;
}

int tun_set_persist(int fd, bool on, struct fail *f)
{
	return ioctl(fd, TUNSETPERSIST, on ? 1UL : 0UL) < 0 ?
	       fail_errno(f) : 0;
}

int tun_set_carrier(int fd, bool on, struct fail *f)
{
	int v = on;

	return ioctl(fd, TUNSETCARRIER, &v) < 0 ? fail_errno(f) : 0;
}

int tun_set_hwaddr(int fd, const unsigned char mac[6], struct fail *f)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
	return ioctl(fd, SIOCSIFHWADDR, &ifr) < 0 ? fail_errno(f) : 0;
}

int tun_attached_name(int fd, char name[IFNAMSIZ])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	name[0] = '\0';
	if (ioctl(fd, TUNGETIFF, &ifr) < 0)
		return -errno;
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	return 0;
}

unsigned tun_reattach_flags(unsigned tun_flags)
{
	/* The kernel refuses a different type or multi_queue setting and
	 * overwrites the other feature bits with what we pass. */
	return tun_flags & (IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_ONE_QUEUE |
			    IFF_VNET_HDR | IFF_MULTI_QUEUE | IFF_NAPI |
			    IFF_NAPI_FRAGS);
}

int tun_fd_from_process(int pid, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int dup, e;

	if (pidfd < 0)
		return -errno;
	dup = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	e = errno;
	close(pidfd);
	return dup < 0 ? -e : dup;
}
