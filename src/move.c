/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving a device into another network namespace and finishing it
 * there (add and set's netns), and the words for a namespace that
 * cannot be opened or entered. */
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
#include "plan.h"
#include "report.h"
#include "state.h"
#include "sysfs.h"

int move_netns_report(const char *dev, const char *ns, const struct netns_fail *nf,
		 const char *tail)
{
	bool path = strchr(ns, '/') != NULL;
	char msg[PATH_MAX + 200];

	switch (nf->step) {
	case NETNS_EMPTY:
		snprintf(msg, sizeof(msg), "the network namespace name is empty (give a name from /run/netns, a path or a pid)");
		break;
	case NETNS_NOT_NAME:
		snprintf(msg, sizeof(msg), "network namespace '%s' is not a name in /run/netns",
			 vis(ns));
		break;
	case NETNS_OPEN:
		if (nf->err == ENOENT && path)
			snprintf(msg, sizeof(msg), "network namespace %s does not exist",
				 vis(ns));
		else if (nf->err == ENOENT)
			snprintf(msg, sizeof(msg), "network namespace %s does not exist (no %s)",
				 vis(ns), vis(nf->path));
		else
			snprintf(msg, sizeof(msg), "cannot open network namespace %s: %s",
				 vis(ns), errno_text(nf->err));
		break;
	case NETNS_SETNS:
		if (nf->err == EINVAL && path)
			snprintf(msg, sizeof(msg), "%s is not a network namespace",
				 vis(ns));
		else if (nf->err == EINVAL)
			snprintf(msg, sizeof(msg), "network namespace %s: %s is not a network namespace",
				 vis(ns), vis(nf->path));
		else if (nf->err == EPERM)
			snprintf(msg, sizeof(msg), "cannot enter network namespace %s: permission denied (this needs CAP_SYS_ADMIN: run as root)",
				 vis(ns));
		else
			snprintf(msg, sizeof(msg), "cannot enter network namespace %s: %s",
				 vis(ns), errno_text(nf->err));
		break;
	case NETNS_UNSHARE:
		snprintf(msg, sizeof(msg), "cannot make a private mount namespace for %s: %s",
			 vis(ns), errno_text(nf->err));
		break;
	case NETNS_SYSFS:
		snprintf(msg, sizeof(msg), "cannot mount sysfs for network namespace %s: %s",
			 vis(ns), errno_text(nf->err));
		break;
	}
	report(dev, "%s%s%s", msg, tail ? "; " : "", tail ? tail : "");
	return 1;
}

int move_open(const struct device_spec *s, const char *dev, const char *tail,
	      int *fd)
{
	struct netns_fail nf;

	*fd = -1;
	if (!s->netns)
		return 0;
	*fd = netns_open(s->netns, &nf);
	if (*fd < 0)
		return move_netns_report(dev, s->netns, &nf, tail);
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
		return move_netns_report(dev, ns, &nf, "nothing changed");
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

int move_name_taken(int fd, const char *ns, const char *name)
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

int move_check_there(int fd, const struct device_spec *s, const char *dev,
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

void move_split(const struct device_spec *s, struct device_spec *before,
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
	move_split(fi->s, &unused, &post);
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

int move_device(int fd, const struct device_spec *s, const char *name,
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

void move_predict(const struct device_spec *s, struct devstate *st)
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
