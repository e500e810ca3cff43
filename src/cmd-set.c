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
#include "report.h"
#include "state.h"
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
	const char *newname = s->newname ? s->newname : name;
	struct move m;
	struct linkinfo li;
	struct plan p;
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
	/* carrier goes through the fd of the program holding the device. */
	if (s->carrier >= 0 &&
	    (fd = tunfd_carrier_borrow(name, &li, s->dry_run)) == -1) {
		move_end(&m);
		return 1;
	}
	r = plan_build(&p, &m.here, &li, master, PLAN_SET, "nothing changed");
	if (!r && run->predict)
		plan_predict(&p, run->predict);
	else if (!r)
		r = plan_apply(&p, name, li.ifindex, NULL);
	if (!r && fd >= 0)
		r = tunfd_carrier_set(fd, name, s->carrier);
	else if (fd >= 0)
		close(fd);
	plan_free(&p);
	if (s->newname)
		snprintf(run->created, sizeof(run->created), "%s", s->newname);
	if (!r)
		r = move_finish(&m, newname, li.ifindex, NULL, run);
	move_end(&m);
	return r;
}
