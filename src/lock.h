/* One tuntapctl at a time per device name: serialises the runs that
 * create or converge the same device (a boot unit and an ifupdown hook
 * racing at boot).  Nothing here prints. */
#ifndef TUNTAPCTL_LOCK_H
#define TUNTAPCTL_LOCK_H

#include "spec.h"

/* How long to wait for another run that holds the name. */
#define DEVLOCK_WAIT_MS 10000

/* Take the lock on name in this network namespace, waiting while
 * another run holds it.  0 with *fd the lock (close it to release), or
 * *fd -1 when the name is held by a process of another user, whose lock
 * is not honoured (so that no unprivileged user can stall a boot).  -1
 * on timeout: f->err ETIMEDOUT, *holder the holding pid. */
int devlock_take(const char *name, int *fd, int *holder, struct fail *f);
void devlock_release(int fd);

#endif
