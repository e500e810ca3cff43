/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Converging: bring an existing tun/tap device to what a line asks
 * (--exist-ok), here or in the namespace it was moved to, or refuse
 * before changing anything when it is not the device the line
 * describes.  Its mode and multi_queue are what it is: never changed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "converge.h"
#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "move.h"
#include "plan.h"
#include "holders.h"
#include "report.h"
#include "state.h"
#include "tun.h"
#include "tunfd.h"
#include "util.h"

/* "pi on, vnet_hdr off": the flags among pi, vnet_hdr and one_queue
 * that differ between the device and the line, with the values of one
 * side. */
static const char *flag_values(const struct linkinfo *li,
			       const struct device_spec *s, bool line,
			       char *buf, size_t len)
{
	const struct {
		const char *key;
		bool dev, want;
	} f[] = { { "pi", li->pi, s->pi },
		  { "vnet_hdr", li->vnet_hdr, s->vnet_hdr },
		  { "one_queue", li->one_queue, s->one_queue } };
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(f) && o < len; i++)
		if (f[i].dev != f[i].want)
			o += (size_t)snprintf(buf + o, len - o, "%s%s %s",
					      o ? ", " : "", f[i].key,
					      (line ? f[i].want : f[i].dev) ?
					      "on" : "off");
	return buf;
}

/* converge_tun of a dry run: the device as it would be; 1 where a real
 * run could not change the owner (a held single-queue device). */
static int predict_tun(const struct device_spec *s, const struct run *run,
		       const struct linkinfo *li, bool held, bool owner_differs)
{
	struct linkinfo *p = &run->predict->li;

	if (held && !li->multi_queue && owner_differs)
		return 1;
	if (!held) {
		p->pi = s->pi;
		p->vnet_hdr = s->vnet_hdr;
		p->one_queue = s->one_queue;
	}
	if (s->user.text)
		p->owner = s->user.id;
	if (s->group.text)
		p->tgroup = s->group.id;
	p->persist = true;
	return 0;
}

/* 'user none' or 'group none' on a device that has one: the kernel
 * cannot unset an owner or group (TUNSETOWNER takes no -1), so the
 * line cannot be reached; everything else is converged.  1 after
 * saying so. */
static int refuse_unset_ids(const struct device_spec *s,
			    const struct run *run, const struct linkinfo *li)
{
	bool user = s->user.none && li->owner >= 0;
	bool group = s->group.none && li->tgroup >= 0;
	char ubuf[96], gbuf[96];

	if (!user && !group)
		return 0;
	report(s->names[0], "cannot clear the %s (%s%s%s): the kernel cannot unset a device's owner or group once set; everything else %s converged (delete and re-add the device to have none)",
	       user && group ? "user and group" : user ? "user" : "group",
	       user ? vis(ids_user_label(li->owner, ubuf, sizeof(ubuf))) : "",
	       user && group ? ", " : "",
	       group ? vis(ids_group_label(li->tgroup, gbuf, sizeof(gbuf))) : "",
	       run->predict ? "would be" : "was");
	return 1;
}

/* --exist-ok, the tun driver's part: owner, group, persistence, and pi
 * and vnet_hdr, which the last program to attach rewrites (QEMU asks for
 * vnet_hdr, some VPNs for pi), so they describe that program more than
 * the device.  All of it needs an attached fd, and every attach blips
 * the carrier: attach only when something differs.  A device no program
 * holds gets the line's pi and vnet_hdr.  A held one keeps its holder's;
 * a multi_queue device takes one more queue for the rest, which leaves
 * them alone, while a single-queue one takes no second attach. */
static int converge_tun(const struct device_spec *s, const struct run *run,
			const struct linkinfo *li)
{
	const char *name = s->names[0];
	bool flags_differ = li->pi != s->pi || li->vnet_hdr != s->vnet_hdr ||
			    li->one_queue != s->one_queue;
	bool user_differs = s->user.text && li->owner != s->user.id;
	bool group_differs = s->group.text && li->tgroup != s->group.id;
	struct fail f = { 0, "" };
	const struct holder *v;
	struct holders h;
	struct strbuf who = SB_INIT;
	char have[64], want[64];
	size_t n;
	bool held;
	int fd = -1, r = 0;

	if (!flags_differ && !user_differs && !group_differs && li->persist)
		return refuse_unset_ids(s, run, li);
	holders_scan(&h);
	held = tunfd_held(li, &h, &v, &n);
	if (run->predict) {
		r = predict_tun(s, run, li, held, user_differs || group_differs);
	} else if (!held || li->multi_queue) {
		fd = tunfd_reattach_flags(name, li->ifindex, held ? -1 : s->pi,
				    held ? -1 : s->vnet_hdr,
				    held ? -1 : s->one_queue, true,
				    "cannot converge the device");
		if (fd == -EBUSY)
			held = true;
		else if (fd < 0)
			r = 1;
	}
	holders_describe(v, n, &who);
	if (run->predict) {
		if (r)
			report(name, "cannot change the %s: %s holds the device, and a held device takes no second attach; everything else would be converged (stop it and run again)",
			       user_differs && group_differs ? "owner and group" :
			       user_differs ? "owner" : "group", sb_str(&who));
	} else if (fd >= 0) {
		/* Before Linux 6.0 our attach turned the carrier on; nothing
		 * else is there to see it (ignored before Linux 4.19). */
		if (!held)
			tun_set_carrier(fd, false, &f);
		if ((user_differs && tun_set_owner(fd, s->user.id, &f) < 0) ||
		    (group_differs && tun_set_group(fd, s->group.id, &f) < 0) ||
		    (!li->persist && tun_set_persist(fd, true, &f) < 0)) {
			report_fail(name, &f, "cannot converge the owner, group or persistence");
			r = 1;
		}
		close(fd);
	} else if (held) {
		if (user_differs || group_differs) {
			report(name, "cannot change the %s: %s holds the device, and a held device takes no second attach; everything else was converged (stop it and run again)",
			       user_differs && group_differs ? "owner and group" :
			       user_differs ? "owner" : "group", sb_str(&who));
			r = 1;
		}
		if (!li->persist) {
			struct persist_result res = { false, 0, SB_INIT };

			r |= tunfd_set_persist(name, true, &res, NULL);
			sb_free(&res.who);
		}
	}
	r |= refuse_unset_ids(s, run, li);
	/* one_queue does nothing: a holder's is kept without a word. */
	if (held && (li->pi != s->pi || li->vnet_hdr != s->vnet_hdr)) {
		bool one = !strchr(flag_values(li, s, false, have,
					       sizeof(have)), ',');

		report(name, "note: keeps %s, as %s set %s on attaching (the line asks for %s); a run while no program holds the device converges %s",
		       have, sb_str(&who), one ? "it" : "them",
		       flag_values(li, s, true, want, sizeof(want)),
		       one ? "it" : "them");
	}
	sb_free(&who);
	holders_free(&h);
	return r;
}

int converge_device(const struct device_spec *s, struct run *run, int master,
		    const struct move *m)
{
	const char *name = s->names[0];
	const struct device_spec *here = m ? &m->here : s;
	struct linkinfo li;
	struct plan p;
	int r;

	if (device_find_tun(name, "nothing changed", &li))
		return 1;
	device_read_one_queue(&li);
	if (li.tap != (s->mode == MODE_TAP) || li.multi_queue != s->multi_queue) {
		report(name, "exists as '%s%s', but the line asks for '%s%s'; nothing changed (delete it to re-create it)",
		       li.tap ? "tap" : "tun", li.multi_queue ? " multi_queue" : "",
		       s->mode == MODE_TAP ? "tap" : "tun",
		       s->multi_queue ? " multi_queue" : "");
		return 1;
	}
	if (s->ifindex && (uint32_t)li.ifindex != s->ifindex) {
		report(name, "exists with index %d, but the line asks for index %u; nothing changed (the index is given at creation only: delete the device to re-create it)",
		       li.ifindex, s->ifindex);
		return 1;
	}
	if (plan_build(&p, here, &li, master, PLAN_CONVERGE, "nothing changed")) {
		plan_free(&p);
		return 1;
	}
	/* Everything else is converged even when the owner cannot be. */
	r = converge_tun(here, run, &li);
	if (run->predict)
		plan_predict(&p, run->predict);
	else
		r |= plan_apply(&p, name, li.ifindex, NULL);
	plan_free(&p);
	if (r)
		return 1;
	if (m && move_finish(m, name, li.ifindex, NULL, run))
		return 1;
	tunfd_warn_clone_access(name, s, run);
	snprintf(run->created, sizeof(run->created), "%s", name);
	return 0;
}

/* --exist-ok on a device that is in the move's namespace already: converged
 * there, the change report's states read there. */
struct there {
	const struct device_spec *s;
	struct run *run;
	struct device_spec local;
};

static int converge_in(void *arg)
{
	struct there *t = arg;
	const struct device_spec *s = t->s;
	struct run *run = t->run;
	struct fail f = { 0, "" };
	const char *name = s->names[0];
	int r;

	if (run->was) {
		devstate_free(run->was);
		device_state_read(run->was, name, 0, &f);
		run->was->netns = s->netns;
	}
	if (run->predict) {
		devstate_free(run->predict);
		device_state_read(run->predict, name, 0, &f);
		run->predict->netns = s->netns;
	}
	r = converge_device(&t->local, run, -1, NULL);
	if (!r && !run->predict && run->now && device_state_read(run->now, name, 0, &f) == 0)
		run->now->netns = s->netns;
	return r;
}

int converge_there(const struct device_spec *s, struct run *run,
		   const struct move *m)
{
	struct there t = { s, run, *s };

	/* There, the line asks for no move. */
	t.local.netns = NULL;
	run->elsewhere = true;
	return move_visit(m->fd, s->netns, s->names[0], converge_in, &t);
}
