/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Locks between tuntapctl runs in one network namespace: one per device
 * name (runs that create or converge the same device take turns) and
 * one per netdev group a del uses for batch deletion (so that a later
 * run can tell a killed del's leftovers from a del at work).  Nothing
 * here prints. */
#ifndef TUNTAPCTL_LOCK_H
#define TUNTAPCTL_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "spec.h"

/* How long to wait for another run that holds a device name. */
#define DEVLOCK_WAIT_MS 10000

/* Take the lock on device name, waiting while another run holds it.
 * 0 with *fd the lock (close it to release), or *fd -1 when the name is
 * held by a process of another user, whose lock is not honoured (so
 * that no unprivileged user can stall a boot).  -1 on timeout: f->err
 * ETIMEDOUT, *holder the holding pid. */
int devlock_take(const char *name, int *fd, int *holder, struct fail *f);

/* Take the lock on netdev group g without waiting: 1 taken (*fd),
 * 0 another process holds it, -1 it cannot be told (no AF_UNIX). */
int grouplock_try(uint32_t g, int *fd);

void lock_release(int fd);

#endif
