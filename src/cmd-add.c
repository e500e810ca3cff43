/* SPDX-License-Identifier: GPL-2.0-or-later */
/* add: create a device and configure it in one step; nothing half-made
 * remains.  The device stays non-persistent, held only by our fd, until
 * every step has succeeded, so any failure (or our death) removes it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd-add.h"
#include "converge.h"
#include "create.h"
#include "devices.h"
#include "escape.h"
#include "fields.h"
#include "ids.h"
#include "move.h"
#include "output.h"
#include "plan.h"
#include "report.h"
#include "selection.h"
#include "state.h"
#include "tunfd.h"
#include "util.h"

/* Settings that go through netlink (the MAC address goes through our
 * fd, at creation). */
static bool wants_link(const struct device_spec *s)
{
	return s->mtu >= 0 || fields_spec_gives(s, FIELD_LINK) || s->master ||
	       s->updown ||
	       s->n_addrs || s->alias || s->addrgenmode >= 0;
}

/* A converged device's name, said as a created one's is; r passed on. */
static int said(const struct device_spec *s, const struct run *run, int r)
{
	if (!r && !run->quiet)
		printf("%s\n", vis(s->names[0]));
	return r;
}

static int describe_existing(const char *name)
{
	struct fail f = { 0, "" };
	struct linkinfo li;

	if (device_lookup(name, &li, &f) == 0) {
		if (li.tun)
			report(name, "cannot create the device: it already exists as %s (use --exist-ok to keep it and converge it, or delete it first)",
			       device_kind_phrase(&li));
		else
			report(name, "cannot create the device: the name is taken by %s",
			       device_kind_phrase(&li));
	} else {
		report(name, "cannot create the device: the name is taken (by a tun/tap device attached elsewhere or one just created)");
	}
	return 1;
}

/* The line's name is taken by a device that exists: --exist-ok
 * converges it (with m's move), else the line is refused. */
static int exists(const struct device_spec *s, struct run *run, int master,
		  const struct move *m)
{
	return s->exist_ok ? said(s, run, converge_device(s, run, master, m)) :
	       describe_existing(s->names[0]);
}

/* Link settings and addresses of the new device; the plan's last step
 * (bridge, up) is left to the caller.  0, or 1 after reporting. */
static int configure_new(const struct device_spec *s, const struct newdev *d,
			 int master, struct plan *p, int *ifindex)
{
	struct linkinfo li;
	char tail[64];

	memset(p, 0, sizeof(*p));
	if (create_read_back(d, &li))
		return 1;
	*ifindex = li.ifindex;
	snprintf(tail, sizeof(tail), "%s was removed", vis(d->name));
	if (plan_build(p, s, &li, master, PLAN_NEW, tail))
		return 1;
	return plan_apply(p, d->name, li.ifindex, tail);
}

/* The plan checked against the device as the kernel will make it,
 * before it is made: limits the kernel decides (the MTU's range, IPv6's
 * least MTU) refuse the line with nothing made, as the dry run does.
 * The bridge of a moved device is found there, and checked there. */
static int refused_by_plan(const struct device_spec *s, const char *name,
			   const char *label, int master, bool moves)
{
	struct device_spec c = *s;
	struct devstate st;
	struct plan p;
	int r;

	/* Where the device goes, its address generation mode is checked
	 * there (move_prepare): this namespace's IPv6 says nothing. */
	if (moves)
		c.addrgenmode = -1;
	create_state(&st, name && !strchr(name, '%') ? name : label,
		     s->mode == MODE_TAP);
	r = plan_build(&p, &c, &st.li, moves ? -1 : master, PLAN_NEW,
		       "nothing was made");
	plan_free(&p);
	devstate_free(&st);
	return r;
}

/* The device made in d (whose turn the caller took), configured and
 * kept; 0, or 1 after reporting with nothing made. */
static int create(const struct device_spec *s, struct run *run,
		  struct newdev *d, const char *name, const char *label,
		  int master, const struct move *m)
{
	const struct device_spec *here = &m->here;
	bool moves = m->fd >= 0;
	char tail[64];
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct plan p;
	int ifindex = 0, r;

	memset(&p, 0, sizeof(p));
	/* The early refusals are about a new device: one of that name is
	 * looked for first (only then: a boot file of thousands of lines
	 * would pay a netlink round trip per line; TUNSETIFF says EBUSY). */
	if ((s->ifindex || s->addrgenmode == 2) && name && !strchr(name, '%') &&
	    device_lookup(name, &li, &f) == 0)
		return exists(s, run, master, m);
	if (create_refused(s, name, label, moves) ||
	    refused_by_plan(s, name, label, master, moves))
		return 1;
	r = create_attach(d, s, name, label);
	if (r == CREATE_EXISTS)
		return exists(s, run, master, m);
	if (r)
		return 1;
	/* What the move undoes is given there, after it. */
	if ((wants_link(here) || moves) &&
	    configure_new(here, d, master, &p, &ifindex)) {
		plan_free(&p);
		return create_undo(d, NULL, NULL);
	}
	snprintf(tail, sizeof(tail), "%s was removed", vis(d->name));
	if (move_finish(m, d->name, ifindex, tail, run)) {
		plan_free(&p);
		return create_undo(d, NULL, NULL);
	}
	/* The caller must learn the name (the kernel may have picked it):
	 * a device whose name could not be written is not kept. */
	if (!run->quiet && (printf("%s\n", vis(d->name)) < 0 || fflush(stdout) != 0)) {
		f.err = errno ? errno : EIO;
		f.ext[0] = '\0';
		out_stdout_failed_set();
		plan_free(&p);
		return create_undo(d, &f, "write the device name");
	}
	/* Joining the bridge comes last: little can fail after it.  (A
	 * moved device went up there.) */
	if (wants_link(here) && !moves) {
		if (plan_joins_bridge(&p))
			create_bridge_joins(d, master);
		if (plan_finish(&p, d->name, ifindex, tail)) {
			plan_free(&p);
			return create_undo(d, NULL, NULL);
		}
	}
	plan_free(&p);
	if (create_keep(d))
		return 1;
	memcpy(run->created, d->name, IFNAMSIZ);
	tunfd_warn_clone_access(d->name, s, run);
	return 0;
}

/* The name a pattern gives: its lowest free number, as the kernel
 * picks it. */
static void predict_name(const char *pattern, char out[IFNAMSIZ])
{
	const char *pct = strstr(pattern, "%d");
	struct linkset ls;
	struct fail f = { 0, "" };
	unsigned i;

	memset(&ls, 0, sizeof(ls));
	linkset_load(&ls, &f);
	for (i = 0;; i++) {
		snprintf(out, IFNAMSIZ, "%.*s%u%s", (int)(pct - pattern), pattern,
			 i, pct + 2);
		if (!linkset_by_name(&ls, out))
			break;
	}
	linkset_free(&ls);
}

/* What a refused add made: nothing, and a dry run says that it is one
 * (a batch file's check is the run itself, not yet begun). */
static const char *nothing_made(const struct device_spec *s,
				const struct run *run)
{
	return s->dry_run && !run->checking ? "nothing was made (a dry run)" :
	       "nothing was made";
}

/* A dry run of add: every check a real one makes, in its order, from
 * reads alone; the new device as it would be in run->predict. */
static int create_dry(const struct device_spec *s, struct run *run,
		      const char *name, const char *label, int master,
		      const struct move *m)
{
	struct devstate *st = run->predict;
	char actual[IFNAMSIZ], tail[64];
	const unsigned char *mac;
	unsigned char macbuf[6];
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct plan p;
	int r;

	if (create_check_may(label, nothing_made(s, run)))
		return 1;
	if (name && !strchr(name, '%')) {
		if (device_lookup(name, &li, &f) == 0)
			return exists(s, run, master, m);
		snprintf(actual, sizeof(actual), "%s", name);
	} else {
		predict_name(name ? name : label, actual);
	}
	if (create_refused(s, actual, label, m->fd >= 0))
		return 1;
	create_state(st, actual, s->mode == MODE_TAP);
	st->li.pi = s->pi;
	st->li.vnet_hdr = s->vnet_hdr;
	st->li.one_queue = s->one_queue;
	st->li.one_queue_read = true;
	st->li.multi_queue = s->multi_queue;
	st->li.persist = true;
	if (s->user.text)
		st->li.owner = s->user.id;
	if (s->group.text)
		st->li.tgroup = s->group.id;
	/* 'address random': the kernel's, which no one can know yet. */
	mac = create_mac(s, actual, macbuf);
	st->li.has_mac = mac != NULL;
	if (mac)
		memcpy(st->li.mac, mac, 6);
	if (s->ifindex)
		st->li.ifindex = (int)s->ifindex;
	snprintf(tail, sizeof(tail), "%s", nothing_made(s, run));
	r = plan_build(&p, s, &st->li, master, PLAN_NEW, tail);
	if (!r)
		plan_predict(&p, st);
	plan_free(&p);
	if (r)
		return 1;
	move_finish(m, actual, 0, NULL, run);
	memcpy(run->created, actual, IFNAMSIZ);
	tunfd_warn_clone_access(actual, s, run);
	return 0;
}

int cmd_add(struct device_spec *s, struct run *run)
{
	const char *name = s->n_names ? s->names[0] : NULL;
	const char *label = name ? name : s->mode == MODE_TAP ? "tap%d" : "tun%d";
	bool fixed = name && !strchr(name, '%');
	struct newdev d;
	struct move m;
	int master = -1, r;

	if (ids_resolve(s, label))
		return 1;
	if (s->master &&
	    device_find_bridge(label, s->master, nothing_made(s, run), &master))
		return 1;
	r = move_prepare(&m, s, label, fixed ? name : NULL, "nothing was made");
	/* A device of that name there already: --exist-ok converges it
	 * there. */
	if (r == MOVE_TAKEN && s->exist_ok) {
		r = said(s, run, converge_there(s, run, &m));
	} else if (r == MOVE_TAKEN) {
		r = 1, report(name, "cannot create the device: network namespace %s has a device of that name (use --exist-ok to converge it there, or delete it there first); nothing was made",
			      vis(s->netns));
	} else if (!r && run->predict) {
		r = create_dry(s, run, name, label, master, &m);
	} else if (!r) {
		/* A pattern cannot clash: the kernel picks a free name. */
		create_init(&d);
		r = fixed && create_take_turn(&d, name);
		if (!r)
			r = create(s, run, &d, name, label, master, &m);
		create_end(&d);
	}
	move_end(&m);
	return r;
}
