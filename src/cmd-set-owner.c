/* SPDX-License-Identifier: GPL-2.0-or-later */
/* set-owner: a change only the tun driver can make, so it needs an fd
 * attached to the device: our own, re-attached with the device's exact
 * flags (a held single-queue device takes none). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd-set-owner.h"
#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "holders.h"
#include "report.h"
#include "state.h"
#include "tun.h"
#include "tunfd.h"
#include "util.h"

/* A dry run of set-owner: refused where a real one would be (a held
 * single-queue device takes no second attach), else the new owner. */
static int predict_owner(const struct device_spec *s, const struct run *run,
			 const struct linkinfo *li)
{
	const struct holder *v;
	struct holders h;
	size_t n;
	bool busy;

	holders_scan(&h);
	busy = tunfd_held(li, &h, &v, &n) && !li->multi_queue;
	holders_free(&h);
	if (busy) {
		tunfd_report_busy(li->name, "cannot change the owner");
		return 1;
	}
	if (s->user.text)
		run->predict->li.owner = s->user.id;
	if (s->group.text)
		run->predict->li.tgroup = s->group.id;
	tunfd_warn_clone_access(li->name, s, run);
	return 0;
}

int cmd_set_owner(struct device_spec *s, struct run *run)
{
	const char *name = s->names[0];
	struct fail f = { 0, "" };
	struct linkinfo li;
	int fd;

	if (s->user.none || s->group.none) {
		report(name, "cannot clear the %s: the kernel cannot unset a device's owner or group once set; delete and re-add the device instead (tuntapctl del %s, then tuntapctl add)",
		       s->user.none ? "user" : "group", vis(name));
		return 1;
	}
	if (ids_resolve(s, name) || device_find_tun(name, "not changed", &li))
		return 1;
	if (run->predict)
		return predict_owner(s, run, &li);
	fd = tunfd_reattach(name, li.ifindex, "cannot change the owner");
	if (fd < 0)
		return 1;
	if (s->user.text && tun_set_owner(fd, s->user.id, &f) < 0) {
		report_fail(name, &f, "cannot set user %s", vis(s->user.text));
		close(fd);
		return 1;
	}
	if (s->group.text && tun_set_group(fd, s->group.id, &f) < 0) {
		report_fail(name, &f, "cannot set group %s%s",
			    vis(s->group.text),
			    s->user.text ? " (the user was set)" : "");
		close(fd);
		return 1;
	}
	close(fd);
	tunfd_warn_clone_access(name, s, run);
	return 0;
}
