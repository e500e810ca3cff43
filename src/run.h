/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct run: one command's run, beside its request (struct
 * device_spec): what the dispatcher gives the command, and what the
 * command tells it back. */
#ifndef TUNTAPCTL_RUN_H
#define TUNTAPCTL_RUN_H

#include <net/if.h>
#include <stdbool.h>

struct devstate;

struct run {
	/* --dry-run: check everything as for real, change nothing; the
	 * changes go into *predict (the device as it would be) instead,
	 * where the dispatcher gives one (commands on one device). */
	struct devstate *predict;
	/* With a change report: the device before and after.  A command
	 * that acts in another namespace (netns) fills them itself, from
	 * there, and sets elsewhere; for the others, the dispatcher reads
	 * them here. */
	struct devstate *was, *now;
	/* A batch file's check before its first change: a dry run that
	 * prints nothing of its own and says "nothing was made" plainly. */
	bool checking;
	bool quiet;		/* add, persist: print nothing (tunctl and the
				 * change report speak instead) */
	bool elsewhere;		/* see was and now */
	char created[IFNAMSIZ];	/* add, set: the name the device has now */
};

/* A run with nothing given: no prediction, no report, not quiet. */
void run_init(struct run *r);

#endif
