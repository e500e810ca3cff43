/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persist: turn a device's persistence on or off (through the persist
 * service, which attaches or borrows a holder's fd), and say what
 * becomes of the device. */
#include "config.h"

#include <stdio.h>

#include "cmd-persist.h"
#include "escape.h"
#include "tunfd.h"
#include "util.h"

int cmd_persist(struct device_spec *s, struct run *run)
{
	const char *name = s->names[0];
	bool on = s->persist == 1;
	struct persist_result res = { false, 0, SB_INIT };
	int r = tunfd_set_persist(name, on, &res, run->predict);

	if (run->quiet)
		;
	else if (!r && res.already)
		printf("%s is already %spersistent\n", vis(name), on ? "" : "not ");
	else if (!r && on)
		printf("%s is now persistent%s%s\n", vis(name),
		       res.holders ? "; held by " : "",
		       res.holders ? sb_str(&res.who) : "");
	else if (!r && res.holders)
		printf("%s is no longer persistent; it is removed when %s close%s it\n",
		       vis(name), sb_str(&res.who), res.holders > 1 ? "" : "s");
	else if (!r)
		printf("%s is no longer persistent; no program held it, so it was removed\n",
		       vis(name));
	sb_free(&res.who);
	return r;
}
