/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the devices commands act on, with errors worded for people. */
#ifndef TUNTAPCTL_DEVICES_H
#define TUNTAPCTL_DEVICES_H

#include <stdbool.h>

#include "link.h"

/* The run's netlink socket (link.h, nlctx_shared); NULL after
 * reporting. */
struct nlctx *device_nl(void);
/* Read device name (or ifindex, when not 0) as it is now, or as a dry
 * run's earlier lines left it; a device that does not exist gives
 * exists false.  0, or -1 with f set. */
struct devstate;
int device_state_read(struct devstate *st, const char *name, int ifindex,
		  struct fail *f);
/* One device by name, as link_get gives it, or as a dry run's earlier
 * lines left it (-ENODEV: deleted). */
int device_lookup(const char *name, struct linkinfo *li, struct fail *f);
/* The device name typed means: itself when a device has that name,
 * else, when typed holds escapes as show prints them (\xHH, \\), the
 * bytes they encode if a device has those.  The name, or buf (size
 * bytes) holding the decoded one. */
const char *device_typed_name(const char *typed, char *buf, size_t size);
/* The same for each device name of s (names and master): decoded
 * names are kept in s. */
void device_resolve_names(struct device_spec *s);
/* Look name up; unless it is a tun/tap device, say so (ending with
 * why) and return 1. */
int device_find_tun(const char *name, const char *why, struct linkinfo *li);
/* The bridge named for master of device dev: must exist and be a
 * bridge; 1 after reporting, the message ending with tail ("nothing
 * changed"). */
int device_find_bridge(const char *dev, const char *name, const char *tail,
		int *ifindex);
/* Delete device name, one this run made (its ifindex, when known, makes
 * sure it is the same).  0, or -1 with f set. */
int device_remove(const char *name, int ifindex, struct fail *f);
/* Read li's one_queue from sysfs, unless read already (a tun/tap
 * device's; nothing for others).  Where sysfs no longer has the device,
 * li keeps the one it has. */
void device_read_one_queue(struct linkinfo *li);
/* The same with netdir from sysfs_net_open, for many devices. */
void device_read_one_queue_at(int netdir, struct linkinfo *li);
/* "a tap device", "a bridge", "the loopback device", ... */
const char *device_kind_phrase(const struct linkinfo *li);

#endif
