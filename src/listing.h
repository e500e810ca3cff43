/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One device's row of show's listing, the same for show and monitor:
 * each field once, with its JSON key and its text column. */
#ifndef TUNTAPCTL_LISTING_H
#define TUNTAPCTL_LISTING_H

#include <stdbool.h>
#include <stddef.h>

#include "link.h"
#include "output.h"
#include "holders.h"

struct listing_opts {
	bool details;		/* -d: MAC, master, queues, processes, ... */
	bool brief;		/* --brief: name, type, state, addresses */
};

/* master: the bridge's name (NULL: none); addrs: the device's
 * addresses in kernel order; h: the processes holding devices (read
 * only with details). */
void listing_row(struct out *o, const struct listing_opts *lo,
		 const struct linkinfo *li, const char *master,
		 const struct cidr *addrs, size_t n_addrs,
		 const struct holders *h);

/* The STATE word, one for both facts: "down" (set down), "up" (up,
 * with carrier: for a tun/tap device, a program holds it), "no-carrier"
 * (up, without). */
const char *listing_state(const struct linkinfo *li);
/* Its colour. */
enum out_hue listing_state_hue(const struct linkinfo *li);
/* The processes holding device li: JSON "processes" (objects with
 * pid and comm), text PROCESSES (one item each, comm(pid)); when the
 * kernel counts a queue but no holder can be seen from here, JSON null
 * and text "?". */
void listing_processes(struct out *o, const struct holders *h,
		       const struct linkinfo *li);

#endif
