/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tun driver's ioctls on the clone device.  Nothing here prints. */
#ifndef TUNTAPCTL_TUN_H
#define TUNTAPCTL_TUN_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "spec.h"

#define TUN_CLONE_DEFAULT "/dev/net/tun"

struct stat;
/* The character device 10:200, the tun driver's clone device. */
bool tun_is_clone_node(const struct stat *st);

/* Whether this process has CAP_NET_ADMIN, which creating a device needs
 * (for a dry run, which creates nothing to find out). */
bool tun_may_create(void);
/* Open the clone device; returns an fd or -errno (-ENOTTY when the path
 * is not the tun character device). */
int tun_open(const char *path, struct fail *f);
/* TUNSETIFF.  flags are IFF_TUN/IFF_TAP and feature flags; excl refuses
 * an existing device.  actual receives the kernel's name. */
int tun_attach(int fd, const char *name, unsigned flags, bool excl,
	       char actual[IFNAMSIZ], struct fail *f);
/* TUNSETIFINDEX: the index the device created by the next TUNSETIFF
 * gets (Linux 3.6 and later). */
int tun_set_ifindex(int fd, uint32_t ifindex, struct fail *f);
int tun_set_owner(int fd, uint32_t uid, struct fail *f);
int tun_set_group(int fd, uint32_t gid, struct fail *f);
int tun_set_persist(int fd, bool on, struct fail *f);
int tun_set_carrier(int fd, bool on, struct fail *f);
/* The Ethernet address of the tap an fd is attached to. */
int tun_set_hwaddr(int fd, const unsigned char mac[6], struct fail *f);
/* The name of the device an fd is attached to, "" if none. */
int tun_attached_name(int fd, char name[IFNAMSIZ]);
/* Flags to re-attach with: the type and feature bits of tun_flags. */
unsigned tun_reattach_flags(unsigned tun_flags);
/* A duplicate of another process's fd (pidfd_getfd), or -errno. */
int tun_fd_from_process(int pid, int fd);

#endif
