/* SPDX-License-Identifier: GPL-2.0-or-later */
/* set-owner: a change only the tun driver can make, so it needs an fd
 * attached to the device: our own, re-attached with the device's exact
 * flags (a held single-queue device takes none). */
#include "config.h"

#include "cmd-set-owner.h"
#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "report.h"
#include "tunfd.h"

int cmd_set_owner(struct device_spec *s, struct run *run)
{
	const char *name = s->names[0];
	struct linkinfo li;

	if (s->user.none || s->group.none) {
		report(name, "cannot clear the %s: the kernel cannot unset a device's owner or group once set; delete and re-add the device instead (tuntapctl del %s, then tuntapctl add)",
		       s->user.none ? "user" : "group", vis(name));
		return 1;
	}
	if (ids_resolve(s, name) || device_find_tun(name, "not changed", &li))
		return 1;
	if (tunfd_set_owner(name, &li, &s->user, &s->group, run->predict))
		return 1;
	tunfd_warn_clone_access(name, s, run);
	return 0;
}
