/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's events for monitor: link and address notifications, the
 * devices as they are (a dump), a link read afresh, and the tools seen
 * making devices (tuntapctl, tunctl, ip), watched until they end. */
#ifndef TUNTAPCTL_WATCH_H
#define TUNTAPCTL_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "holders.h"
#include "link.h"
#include "spec.h"

/* What the events go to, with arg: each link message (deleted: the
 * link's last), each address added or deleted, and, in watch_dump,
 * the end of the links before the addresses come. */
struct watch_fns {
	void (*link)(const struct linkinfo *li, bool deleted, void *arg);
	void (*addr)(int ifindex, const struct cidr *a, bool deleted,
		     void *arg);
	void (*links_read)(void *arg);
	void *arg;
};

struct watch;

/* Listen to the link and address notifications (first: then read the
 * devices, and nothing falls between).  0, or -1 with f set. */
int watch_open(struct watch **w, const struct watch_fns *fns,
	       struct fail *f);
/* Stop listening, and stop watching the makers. */
void watch_close(struct watch *w);

/* Wait until a notification comes or a maker ends (1), or until nobody
 * reads out_fd any more (0: a pipe whose reader has gone says so without
 * our writing); -1 with errno (EINTR: a signal came). */
int watch_wait(struct watch *w, int out_fd);
/* Read what has arrived, without waiting, into the fns.  0, or -1 with
 * f set: ENOBUFS, the kernel dropped notifications (those read were
 * told). */
int watch_read(struct watch *w, struct fail *f);
/* After a loss, throw away what has arrived: it is older than what a
 * dump says. */
void watch_discard(struct watch *w);

/* The devices as they are: *genmode, the address generation mode a new
 * device gets; each link (fns.link, not deleted); links_read; each
 * address (fns.addr, not deleted).  0, or -1 with f set (after a failed
 * link dump, neither links_read nor the addresses). */
int watch_dump(struct watch *w, int *genmode, struct fail *f);
/* Link ifindex as the kernel has it now; false when it is gone or
 * cannot be read. */
bool watch_link(int ifindex, struct linkinfo *li);

/* Of the processes holding a new device (v, n of them), the first
 * configuration tool is its maker, watched from now on: its pid; -1
 * when it cannot be watched (ended already, no pidfds, or too many at
 * once); 0 when none of them is a tool. */
int watch_maker_among(struct watch *w, const struct holder *v, size_t n);
/* The pid of a watched maker that holds device name now, 0 if none. */
int watch_maker_holding(struct watch *w, const char *name);
/* Whether maker pid (0: none) is watched and still holds device name. */
bool watch_maker_holds(struct watch *w, int pid, const char *name);
/* Stop watching the makers that have ended. */
void watch_makers_reap(struct watch *w);

#endif
