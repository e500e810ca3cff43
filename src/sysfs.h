/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Read-only tun facts from sysfs: what only sysfs tells completely
 * (every tun_flags bit) or cheaply per name. */
#ifndef TUNTAPCTL_SYSFS_H
#define TUNTAPCTL_SYSFS_H

#include <stdbool.h>
#include <stdint.h>

struct tun_sysfs {
	unsigned flags;		/* tun_flags: IFF_TUN/TAP, NO_PI, ... */
	int64_t owner, group;	/* -1: not set */
};

/* Whether device name keeps its IPv6 addresses when taken down (the
 * sysctl keep_addr_on_down, its own or "all"); by default the kernel
 * removes them. */
bool sysfs_ipv6_keeps_addrs(const char *name);
/* Whether deleting the primary IPv4 address of NAME promotes a secondary
 * of its subnet (promote_secondaries) rather than deleting them all. */
bool sysfs_ipv4_promotes(const char *name);
/* IPv6 of device NAME (NULL or a device yet to be made: the default a
 * new one gets): its address generation mode (-1: no IPv6), and
 * whether it has the stable secret that stable_privacy needs. */
int sysfs_ipv6_genmode(const char *name);
bool sysfs_ipv6_has_stable_secret(const char *name);

/* The tun_flags of many devices: sysfs_net_open() once (the directory
 * /sys/devices/virtual/net, where tun/tap devices live, or -errno),
 * then one read per device, name relative to it; -ENOENT when name has
 * no tun_flags.  Close the fd after. */
int sysfs_net_open(void);
int sysfs_tun_flags_at(int netdir, const char *name, unsigned *flags);
/* How device NAME's MAC address came (addr_assign_type: 0 permanent,
 * 1 random, 2 stolen, 3 set by someone), or -errno. */
int sysfs_addr_assign_type(const char *name);

/* -ENOENT when NAME has no tun_flags (not a tun/tap device). */
int sysfs_tun_read(const char *name, struct tun_sysfs *out);
/* One device's tun_flags alone. */
int sysfs_tun_flags(const char *name, unsigned *flags);

#endif
