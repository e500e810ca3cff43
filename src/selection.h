/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing devices for show and del: one link dump, names and filters
 * (mode, user, group, master) combined with AND. */
#ifndef TUNTAPCTL_SELECTION_H
#define TUNTAPCTL_SELECTION_H

#include "link.h"
#include "spec.h"

struct linkset {
	struct linkinfo *v;	/* sorted by ifindex */
	size_t n, cap;
	struct linkinfo **by_name;	/* sorted by name */
};

int linkset_load(struct linkset *ls, struct fail *f);
struct linkinfo *linkset_by_index(const struct linkset *ls, int ifindex);
struct linkinfo *linkset_by_name(const struct linkset *ls, const char *name);
void linkset_free(struct linkset *ls);

/* The addresses of a set's tun/tap devices, from one dump: grouped by
 * device, each device's in kernel order (primaries before the IPv4
 * secondaries of their subnet). */
struct addrset {
	struct cidr *v;
	int *ifindex;		/* v[i]'s device */
	size_t n;
};

int addrset_load(struct addrset *as, const struct linkset *ls,
		 struct fail *f);
/* Device ifindex's addresses: a pointer into as, and their count. */
const struct cidr *addrset_of(const struct addrset *as, int ifindex,
			      size_t *n);
void addrset_free(struct addrset *as);

struct selection {
	struct linkset all;
	struct linkinfo **v;	/* the chosen tun/tap devices */
	size_t n, cap;
	char **errors;		/* problems with named devices, for later */
	size_t n_errors, cap_errors;
	int status;		/* 0, 1 (some name failed), 2 (usage) */
};

/* Whether device li passes s's filters (mode, user, group, alias, and
 * master, as an ifindex: -1 for none). */
bool selection_matches(const struct device_spec *s, const struct linkinfo *li,
		       int master);
/* why: what happens to a named device that is not tun/tap ("not
 * deleted").  strict: a named device that fails a filter is an error
 * rather than silently left out. */
int selection_make(struct device_spec *s, const char *why, bool strict,
		   struct selection *sel);
/* Print the collected errors about named devices. */
void selection_report(struct selection *sel);
void selection_free(struct selection *sel);

/* The chosen devices' one_queue (IFF_ONE_QUEUE), which only sysfs's
 * tun_flags tells: one read per device. */
void selection_read_one_queue(struct selection *sel);

#endif
