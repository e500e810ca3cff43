/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Link facts and link changes through libnl-route.  Nothing here
 * prints: every call fills a struct fail on error. */
#ifndef TUNTAPCTL_LINK_H
#define TUNTAPCTL_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "spec.h"

struct nlctx;

/* What one RTM_NEWLINK message says about a link. */
struct linkinfo {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[16];		/* IFLA_INFO_KIND, "" when none */
	unsigned ifflags;	/* IFF_UP, ... */
	unsigned short arptype;
	unsigned char operstate;
	bool carrier;
	bool has_mac;
	unsigned char mac[6];
	uint32_t mtu, min_mtu, max_mtu;	/* min/max 0: not reported */
	uint32_t txqlen;
	int master;		/* ifindex, 0: none */
	uint32_t group;		/* netdev group */
	char alias[256];	/* IFLA_IFALIAS, "" when none */
	int addrgenmode;	/* IN6_ADDR_GEN_MODE_*, -1: no IPv6 */
	bool moved;		/* a deletion that is a move to another
				 * namespace (IFLA_NEW_NETNSID) */

	/* IFLA_INFO_DATA of kind "tun" */
	bool tun;		/* kind is "tun" */
	bool tun_data;		/* the kernel sent the tun attributes */
	bool tap, pi, vnet_hdr, persist, multi_queue;
	/* IFF_ONE_QUEUE: no effect since Linux 3.8, but kept in tun_flags
	 * and set by QEMU.  Only sysfs tells it, so it is read where it is
	 * shown or compared (device_read_one_queue), one_queue_read then. */
	bool one_queue, one_queue_read;
	int64_t owner, tgroup;	/* -1: not set */
	/* The kernel counts queues only for multi_queue devices. */
	bool queues_known;
	uint32_t queues, disabled_queues;
};

int nlctx_open(struct nlctx **out, struct fail *f);
void nlctx_close(struct nlctx *c);
/* The run's socket, opened on first use; NULL with f set when it cannot
 * be.  Closed with nlctx_shared_close (at exit, and around a visit to
 * another namespace: a socket belongs to the one it was made in). */
struct nlctx *nlctx_shared(struct fail *f);
void nlctx_shared_close(void);

/* Dump every link; fn is called per link.  On a dump the kernel had to
 * restart, fn(NULL, arg) is called before the links are sent again. */
typedef void (*link_fn)(const struct linkinfo *li, void *arg);
int link_dump(struct nlctx *c, link_fn fn, void *arg, struct fail *f);
/* One link by name (ifindex 0) or by ifindex. -ENODEV if none. */
int link_get(struct nlctx *c, const char *name, int ifindex,
	     struct linkinfo *li, struct fail *f);

/* Addresses of one link (ifindex > 0) or of all (0). */
typedef void (*addr_fn)(int ifindex, const struct cidr *a, void *arg);
int addr_dump(struct nlctx *c, int ifindex, addr_fn fn, void *arg,
	      struct fail *f);

struct link_change {
	int mtu;		/* -1: keep */
	const unsigned char *mac;	/* NULL: keep */
	int64_t txqlen;		/* -1: keep */
	int master;		/* -1: keep, 0: none */
	int up;			/* -1: keep, 0 down, 1 up */
	int64_t group;		/* -1: keep */
	const char *name;	/* NULL: keep; else rename */
	const char *alias;	/* NULL: keep; "" clears it */
	int addrgenmode;	/* -1: keep */
	int netns_fd;		/* -1: stay; else move into that namespace */
};
#define LINK_CHANGE_NONE { -1, NULL, -1, -1, -1, -1, NULL, NULL, -1, -1 }

/* The IPv6 address generation modes, by the names ip uses; -1 for a
 * name that is none of them. */
int addrgenmode_from_name(const char *name);
const char *addrgenmode_name(int mode);

int link_change(struct nlctx *c, int ifindex, const struct link_change *lc,
		struct fail *f);
/* Add (NLM_F_EXCL: an existing address is EEXIST) or delete one. */
int addr_change(struct nlctx *c, int ifindex, const struct cidr *a,
		bool add, struct fail *f);
int link_delete(struct nlctx *c, int ifindex, struct fail *f);
/* Delete every link in netdev group g in one kernel batch. */
int link_delete_group(struct nlctx *c, uint32_t g, struct fail *f);

/* Link notifications (RTNLGRP_LINK) on a socket of their own, read
 * without waiting: fn gets each link, whether it was deleted, and the
 * netlink port of the request that caused it (0: none or unknown). */
struct linkwatch;
typedef void (*watch_fn)(const struct linkinfo *li, bool deleted,
			 uint32_t sender, void *arg);
/* An address notification: added (or deleted), on link ifindex. */
typedef void (*addrwatch_fn)(int ifindex, const struct cidr *a, bool deleted,
			     void *arg);
/* addrs: also watch IPv4 and IPv6 addresses. */
int linkwatch_open(struct linkwatch **w, bool addrs, struct fail *f);
/* The socket, for poll(). */
int linkwatch_fd(const struct linkwatch *w);
/* Read what has arrived, without waiting.  afn may be NULL.  ENOBUFS
 * in f->err: the kernel dropped notifications (the buffer overflowed),
 * and those already read were delivered. */
int linkwatch_drain(struct linkwatch *w, watch_fn fn, addrwatch_fn afn,
		    void *arg, struct fail *f);
/* Throw away what has arrived (after a loss, before reading afresh:
 * what is queued is older than what a dump will say). */
void linkwatch_discard(struct linkwatch *w);
void linkwatch_close(struct linkwatch *w);

const char *operstate_name(unsigned char state);

#endif
