/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The netdev groups del moves devices into to delete them in one kernel
 * batch, that deletion, and the devices a killed del leaves in one, put
 * back (with a note) where a run that changes devices starts. */
#ifndef TUNTAPCTL_DELGROUP_H
#define TUNTAPCTL_DELGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "link.h"
#include "lock.h"
#include "selection.h"

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
 * ours: 1 put back (li updated), 0 nothing to do (a del is at work with
 * that group, or has just deleted li), -1 it could not be done (f says
 * why). */
int delgroup_repair(struct nlctx *nl, struct linkinfo *li, struct fail *f);

/* The tun/tap devices killed dels left in their groups (their locks
 * free), each put back into the default group with a note (or a note
 * saying why it cannot be); in a dry run (sim_in_use), only a note
 * saying what a real run would do.  For a run that changes devices, as
 * it starts; once a run.  The links are read only when a group lock
 * file of this namespace (grouplock_list) says a device can be in a
 * group; the files of killed dels are removed after the repair. */
void delgroup_repair_leftovers(void);

/* What became of each device delgroup_delete was given: deleted, or
 * not (failed), the reason reported already (report.h). */
struct delgroup_outcome {
	void (*deleted)(const char *name, void *arg);
	void (*failed)(const char *name, void *arg);
	void *arg;
};

/* Delete the devices of sel (sel->all: every link there is): those of
 * the default group in one kernel batch, through a group of ours
 * (delgroup_pick) checked to hold exactly them, locked meanwhile; the
 * others, and a batch of one, one by one.  Each device's end goes to
 * out, in turn.  0, or 1 when one was not deleted; sel->v is left in
 * another order, and shorter. */
int delgroup_delete(struct selection *sel, const struct delgroup_outcome *out);

#endif
