/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User and group names for the commands: the names given resolved to
 * ids, and the kernel's ids labelled with names. */
#ifndef TUNTAPCTL_IDS_H
#define TUNTAPCTL_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec.h"

/* Resolve s's user and group names; 1 after reporting an unknown one
 * (dev, when given, names the device in the message). */
int ids_resolve(struct device_spec *s, const char *dev);
/* "alice(1000)", "1000" when the id has no name, NULL when unset. */
const char *ids_user_label(int64_t uid, char *buf, size_t len);
const char *ids_group_label(int64_t gid, char *buf, size_t len);
/* The bare user or group name, NULL when unset or unresolvable. */
const char *ids_name(int64_t id, bool user);
/* Free what the lookups keep (at exit). */
void ids_forget(void);

#endif
