/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The netdev groups del moves devices into to delete them in one kernel
 * batch, and the devices a killed del leaves in one.  Nothing here
 * prints. */
#ifndef TUNTAPCTL_DELGROUP_H
#define TUNTAPCTL_DELGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "link.h"
#include "lock.h"

/* Groups 0xc7000000 to 0xc7ffffff: only devices of the default group
 * (0) go into one, so a device found in one (its lock free: no del at
 * work) was in the default group before a del that was killed. */
#define DELGROUP_FIRST 0xc7000000u
#define DELGROUP_LAST 0xc7ffffffu

bool delgroup_is(uint32_t g);

/* A group for batch deletion that no link uses (links: n of them), its
 * lock taken: *lock (its fd -1 when locks cannot be had here). */
uint32_t delgroup_pick(const struct linkinfo *links, size_t n,
		       struct lock *lock);

/* Put li back into the default group if a killed del left it in one of
 * ours: 1 put back (li updated), 0 nothing to do (or a del is at work
 * with that group), -1 it could not be done (f says why). */
int delgroup_repair(struct nlctx *nl, struct linkinfo *li, struct fail *f);

#endif
