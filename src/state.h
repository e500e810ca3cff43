/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A device's state as the change report sees it (link facts, tun facts,
 * addresses), read from the kernel, and the difference between two. */
#ifndef TUNTAPCTL_STATE_H
#define TUNTAPCTL_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "link.h"
#include "spec.h"
#include "util.h"

/* addrs leaves out IPv6 link-local addresses, which the kernel makes
 * and removes with the carrier. */
struct devstate {
	bool exists;
	struct linkinfo li;
	char master[IFNAMSIZ];		/* its bridge's name, "" for none */
	struct cidr *addrs;		/* sorted */
	size_t n_addrs, cap_addrs;
	const char *netns;		/* moved into this namespace; NULL:
					 * here */
	bool all_addrs;			/* keep link-local addresses too */
};

void devstate_free(struct devstate *st);

/* A deep copy of src into dst. */
void devstate_copy(struct devstate *dst, const struct devstate *src);
/* A device as the kernel makes it (tun or tap, its default MTU, queue
 * length and MTU range, the address generation mode genmode), for a dry
 * run's prediction. */
void devstate_new(struct devstate *st, const char *name, bool tap,
		  int genmode);
/* Add or remove an address of a state (IPv6 link-local ones are not
 * kept: see above). */
void devstate_add_addr(struct devstate *st, const struct cidr *a);
void devstate_del_addr(struct devstate *st, const struct cidr *a);

/* Each field that differs from before to after (NULL, or exists
 * false: no device), addresses last, to fn (when not NULL), by its key
 * in the change report; whether any does. */
struct val;
typedef void (*field_diff_fn)(const char *key, const struct val *old,
			      const struct val *new_val, void *arg);
bool devstate_diff(const struct devstate *before,
		   const struct devstate *after, field_diff_fn fn, void *arg);
/* A new device for people: "tap, vnet_hdr, user alice, mtu 9000, up"
 * (what differs from what the kernel gives any new device; genmode is
 * the namespace's default address generation mode, read by the caller:
 * reading it waits for the kernel's lock, which a burst keeps busy). */
void devstate_say_new(struct strbuf *b, const struct devstate *st,
		      int genmode);
/* The changes for people: "mtu 1500 -> 9000, up, add 192.0.2.1/24". */
void devstate_say_changes(struct strbuf *b, const struct devstate *before,
			  const struct devstate *after);

/* created, deleted, changed or unchanged, from before to after (NULL,
 * or exists false: no device). */
const char *devstate_action(const struct devstate *before,
			    const struct devstate *after);
/* A dry run's line for people, into b: "create tap0: tap, user 1000,
 * mtu 9000, up", "change tap1: mtu 1500 -> 9000, add 192.0.2.1/24",
 * "delete tap2", "unchanged tap3". */
void devstate_describe(const char *dev, const struct devstate *before,
		       const struct devstate *after, struct strbuf *b);

#endif
