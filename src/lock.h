/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Locks between tuntapctl runs in one network namespace: one per device
 * name (runs that create or converge the same device take turns) and
 * one per netdev group a del uses for batch deletion (so that a later
 * run can tell a killed del's leftovers from a del at work).  Only runs
 * of the same user take turns: root's locks are files in LOCK_DIR, which
 * nobody else can enter, so no other user can hold or delay them.
 * Nothing here prints. */
#ifndef TUNTAPCTL_LOCK_H
#define TUNTAPCTL_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "spec.h"

/* Root's lock directory (the unit's RuntimeDirectory=); another user's
 * runs use /run/user/UID/tuntapctl, and run unlocked without one. */
#define LOCK_DIR "/run/tuntapctl"

/* A lock taken: fd, -1 when none; file, its name in the directory. */
struct lock {
	int fd;
	char file[80];
};
#define LOCK_NONE { -1, "" }

/* How long to wait for another run that holds a device name. */
#define DEVLOCK_WAIT_MS 10000

/* Take the lock on device name, waiting while another run holds it.
 * 0 with *l the lock (l->fd -1 when runs here cannot lock: see LOCK_DIR).
 * -1 on timeout: f->err ETIMEDOUT, *holder the holding pid (0 if it
 * cannot be told). */
int devlock_take(const char *name, struct lock *l, int *holder,
		 struct fail *f);

/* Take the lock on netdev group g without waiting: 1 taken (*l),
 * 0 another run holds it, -1 it cannot be told (runs cannot lock). */
int grouplock_try(uint32_t g, struct lock *l);

/* The netdev groups this namespace's group lock files name, in *groups
 * (malloc'd, *groups NULL when none): a del at work holds its file, and
 * a killed del left its own behind, so a device can be left in one of
 * our groups only if its group is here.  The count, or -1 when it
 * cannot be told (runs here cannot lock, or not as root: another user's
 * lock directory cannot hold root's files). */
int grouplock_list(uint32_t **groups);

/* Let go of l (nothing if none was taken). */
void lock_release(struct lock *l);

#endif
