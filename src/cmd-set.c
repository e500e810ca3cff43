/* SPDX-License-Identifier: GPL-2.0-or-later */
/* set: change an existing tun/tap device.  Everything is checked before
 * the first change; link settings go in one change, then addresses,
 * then carrier (through the fd of the program holding the device). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd-set.h"
#include "devices.h"
#include "escape.h"
#include "move.h"
#include "plan.h"
#include "holders.h"
#include "report.h"
#include "state.h"
#include "tun.h"
#include "tunfd.h"
#include "util.h"

/* The new name must be free here (where the device is going, the move
 * looks). */
static int check_new_name(const struct device_spec *s)
{
	struct fail f = { 0, "" };
	struct linkinfo other;

	if (s->newname && device_lookup(s->newname, &other, &f) == 0) {
		report(s->names[0], "cannot rename the device to %s: %s has that name; nothing changed",
		       vis(s->newname), device_kind_phrase(&other));
		return 1;
	}
	return 0;
}

int cmd_set(struct device_spec *s, struct run *run)
{
	const char *name = s->names[0];
	struct holders h = { NULL, 0, 0 };
	const struct holder *held = NULL;
	const char *newname = s->newname ? s->newname : name;
	struct move m;
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct plan p;
	size_t n = 0;
	int master = -1, fd = -1, r;

	if (device_find_tun(name, "not changed (set changes only TUN/TAP devices)",
		     &li))
		return 1;
	if (s->master &&
	    device_find_bridge(name, s->master, "nothing changed", &master))
		return 1;
	if (check_new_name(s))
		return 1;
	/* What the move would undo is given there, after it. */
	r = move_prepare(&m, s, name, newname, "nothing changed");
	if (r == MOVE_TAKEN)
		report(name, "cannot move the device into network namespace %s: a device named %s is there already; nothing changed",
		       vis(s->netns), vis(newname));
	if (r) {
		move_end(&m);
		return 1;
	}
	if (s->carrier >= 0) {
		holders_scan(&h);
		held = holders_of(&h, name, &n);
		/* The kernel knows it is held when we cannot see by whom:
		 * the holder is another user's, or in another pid namespace. */
		/* The cause a user can act on comes first: without root,
		 * another user's program is neither seen nor reached. */
		if (!n && (li.queues_known ? li.queues > 0 : li.carrier) &&
		    geteuid() != 0) {
			report(name, "cannot set carrier: permission denied (a program of another user holds the device: taking its fd needs root, or being that program's user)");
			goto refused;
		}
		if (!n && (li.queues_known ? li.queues > 0 : li.carrier)) {
			report(name, "cannot set carrier: a program holds the device, but it is not visible from here (one in another PID namespace: run this from there)");
			goto refused;
		}
		if (!n) {
			report(name, "cannot set carrier: no program holds the device open; the kernel turns carrier on when a program attaches and off when the last one detaches");
			goto refused;
		}
		/* A dry run goes no further: taking a holder's fd changes
		 * nothing, but it is no reading either. */
		fd = s->dry_run ? -2 : tunfd_borrow(name, held, n, &f);
		if (fd < 0 && (f.err == EPERM || f.err == EACCES)) {
			struct strbuf who = SB_INIT;

			report(name, "cannot set carrier: permission denied taking the device's fd from %s (this needs root, or being that program's user)",
			       holders_describe(held, n, &who));
			sb_free(&who);
			goto refused;
		}
		if (fd == -1) {
			report_fail(name, &f, "cannot set carrier: cannot reach the fd of the program holding the device");
			goto refused;
		}
	}
	holders_free(&h);
	r = plan_build(&p, &m.here, &li, master, PLAN_SET, "nothing changed");
	if (!r && run->predict)
		plan_predict(&p, run->predict);
	else if (!r)
		r = plan_apply(&p, name, li.ifindex, NULL);
	if (!r && fd >= 0 && tun_set_carrier(fd, s->carrier, &f) < 0) {
		report_fail(name, &f, "cannot set carrier %s (everything else was applied)",
			    s->carrier ? "on" : "off");
		r = 1;
	}
	if (fd >= 0)
		close(fd);
	plan_free(&p);
	if (s->newname)
		snprintf(run->created, sizeof(run->created), "%s", s->newname);
	if (!r)
		r = move_finish(&m, newname, li.ifindex, NULL, run);
	move_end(&m);
	return r;

refused:
	holders_free(&h);
	move_end(&m);
	return 1;
}
