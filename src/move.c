/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving a device into another network namespace and finishing it
 * there (add and set's netns). */
#include "config.h"

#include "move.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "devices.h"
#include "escape.h"
#include "fields.h"
#include "link.h"
#include "netns.h"
#include "nsfail.h"
#include "plan.h"
#include "report.h"
#include "state.h"
#include "sysfs.h"

/* The namespace s->netns for device dev, in *fd: -1 when none is given
 * or it is the one we are in (nothing to move).  0, or 1 after
 * reporting (ending with tail). */
static int open_ns(const struct device_spec *s, const char *dev,
		   const char *tail, int *fd)
{
	struct netns_fail nf;

	*fd = -1;
	if (!s->netns)
		return 0;
	*fd = netns_open(s->netns, &nf);
	if (*fd < 0)
		return nsfail_report(dev, s->netns, &nf, tail);
	if (netns_is_here(*fd)) {
		close(*fd);
		*fd = -1;
	}
	return 0;
}

int move_visit(int fd, const char *ns, const char *dev,
	       int (*fn)(void *arg), void *arg)
{
	struct netns_fail nf;
	int from, r;

	from = netns_switch(fd, &nf);
	if (from < 0)
		return nsfail_report(dev, ns, &nf, "nothing changed");
	/* The run's socket belongs to the namespace it was made in. */
	nlctx_shared_close();
	r = fn(arg);
	nlctx_shared_close();
	netns_back(from);
	return r;
}

struct lookup {
	const char *name;
	int found;
};

static int look(void *arg)
{
	struct lookup *l = arg;
	struct fail f = { 0, "" };
	struct nlctx *nl = device_nl();
	struct linkinfo li;

	if (!nl)
		return 1;
	if (link_get(nl, l->name, 0, &li, &f) == 0)
		l->found = 1;
	else if (f.err != ENODEV) {
		report_fail(l->name, &f, "cannot look for the name in the other network namespace");
		return 1;
	}
	return 0;
}

/* Whether a link named name exists in namespace fd (ns as given):
 * 1, 0, or -1 after reporting. */
static int name_taken(int fd, const char *ns, const char *name)
{
	struct lookup l = { name, 0 };

	if (move_visit(fd, ns, name, look, &l))
		return -1;
	return l.found;
}

static int look_secret(void *arg)
{
	*(bool *)arg = sysfs_ipv6_has_stable_secret(NULL);
	return 0;
}

/* What only the namespace fd can refuse, checked before anything is
 * changed: stable_privacy takes its secret from there.  0, or 1 after
 * reporting (ending with tail). */
static int check_there(int fd, const struct device_spec *s, const char *dev,
		       const char *tail)
{
	bool has = true;

	/* A device that moves gets that namespace's defaults. */
	if (fd < 0 || s->addrgenmode != 2 /* stable_privacy */)
		return 0;
	if (move_visit(fd, s->netns, dev, look_secret, &has))
		return 1;
	if (has)
		return 0;
	report(dev, "cannot set addrgenmode stable_privacy in network namespace %s: it needs a secret, and net.ipv6.conf.default.stable_secret is not set there (ip netns exec NS sysctl -w net.ipv6.conf.default.stable_secret=IPV6-ADDRESS)%s%s",
	       vis(s->netns), tail ? "; " : "", tail ? tail : "");
	return 1;
}

/* What s asks for that belongs after the move (what the move undoes:
 * the address generation mode, addresses, up), and what before it. */
static void split(const struct device_spec *s, struct device_spec *before,
		  struct device_spec *after)
{
	*before = *s;
	before->addrs = NULL;
	before->n_addrs = 0;
	before->updown = 0;
	before->addrgenmode = -1;
	*after = *s;
	after->mtu = -1;
	after->has_mac = false;
	after->mac_random = false;
	fields_spec_drop(after, FIELD_MOVES);
	after->alias = NULL;
	after->newname = NULL;
	after->carrier = -1;
	after->n_deladdrs = 0;
}

/* The device just moved in, as the kernel leaves it: down, without
 * addresses, with the default address generation mode. */
struct finish {
	const struct device_spec *s;
	const char *name;
	const char *tail;
	struct devstate *after;
};

static int finish_there(void *arg)
{
	struct finish *fi = arg;
	struct device_spec post, unused;
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct plan p;
	int r;

	if (!device_nl())
		return 1;
	if (link_get(device_nl(), fi->name, 0, &li, &f) < 0) {
		char reason[320];

		report(fi->name, "cannot find the device in network namespace %s after moving it: %s",
		       vis(fi->s->netns), fail_text(&f, reason, sizeof(reason)));
		return 1;
	}
	split(fi->s, &unused, &post);
	r = plan_build(&p, &post, &li, -1, PLAN_NEW, fi->tail);
	if (!r)
		r = plan_apply(&p, fi->name, li.ifindex, fi->tail);
	if (!r)
		r = plan_finish(&p, fi->name, li.ifindex, fi->tail);
	plan_free(&p);
	if (!r && fi->after && device_state_read(fi->after, fi->name, 0, &f) == 0)
		fi->after->netns = fi->s->netns;
	return r;
}

/* Move device name (ifindex) into namespace fd as s->netns says, then
 * finish it there; after (when not NULL) receives the device as it is
 * there. */
static int move_there(int fd, const struct device_spec *s, const char *name,
		      int ifindex, const char *tail, struct devstate *after)
{
	struct link_change lc = LINK_CHANGE_NONE;
	struct finish fi = { s, name, tail, after };
	struct fail f = { 0, "" };
	char reason[320];

	lc.netns_fd = fd;
	if (link_change(device_nl(), ifindex, &lc, &f) < 0) {
		if (f.err == EEXIST)
			snprintf(reason, sizeof(reason), "a device of that name is there already");
		else
			fail_text(&f, reason, sizeof(reason));
		report(name, "cannot move the device into network namespace %s: %s%s%s",
		       vis(s->netns), reason, tail ? "; " : "", tail ? tail : "");
		return 1;
	}
	return move_visit(fd, s->netns, name, finish_there, &fi);
}

static void drop_all(struct devstate *st)
{
	while (st->n_addrs)
		devstate_del_addr(st, &st->addrs[0]);
}

/* A dry run of the move: st becomes the device as it would be there. */
static void predict(const struct device_spec *s, struct devstate *st)
{
	size_t i;

	st->netns = s->netns;
	st->li.ifflags &= ~(unsigned)IFF_UP;
	drop_all(st);
	if (st->li.addrgenmode >= 0)
		st->li.addrgenmode = s->addrgenmode >= 0 ? s->addrgenmode : 0;
	for (i = 0; i < s->n_addrs; i++)
		devstate_add_addr(st, &s->addrs[i]);
	if (s->updown > 0)
		st->li.ifflags |= IFF_UP;
}

int move_prepare(struct move *m, const struct device_spec *s, const char *dev,
		 const char *name, const char *tail)
{
	int taken = 0;

	m->here = *s;
	if (open_ns(s, dev, tail, &m->fd))
		return 1;
	if (m->fd < 0)
		return 0;
	if (name)
		taken = name_taken(m->fd, s->netns, name);
	if (taken)
		return taken > 0 ? MOVE_TAKEN : 1;
	if (check_there(m->fd, s, dev, tail))
		return 1;
	split(s, &m->here, &m->there);
	return 0;
}

int move_finish(const struct move *m, const char *name, int ifindex,
		const char *tail, struct run *run)
{
	if (m->fd < 0)
		return 0;
	run->elsewhere = true;
	if (run->predict) {
		predict(&m->there, run->predict);
		return 0;
	}
	return move_there(m->fd, &m->there, name, ifindex, tail, run->now);
}

void move_end(struct move *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}
