/* Read-only tun facts from sysfs: what only sysfs tells completely
 * (every tun_flags bit) or cheaply per name. */
#ifndef TUNTAPCTL_SYSFS_H
#define TUNTAPCTL_SYSFS_H

#include <stdint.h>

struct tun_sysfs {
	unsigned flags;		/* tun_flags: IFF_TUN/TAP, NO_PI, ... */
	int64_t owner, group;	/* -1: not set */
};

/* -ENOENT when NAME has no tun_flags (not a tun/tap device). */
int sysfs_tun_read(const char *name, struct tun_sysfs *out);

#endif
