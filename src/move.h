/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving a device into another network namespace (add and set's
 * netns), and finishing it there: the kernel takes the link down, drops
 * its addresses and resets its address generation mode on the way. */
#ifndef TUNTAPCTL_MOVE_H
#define TUNTAPCTL_MOVE_H

#include "run.h"
#include "spec.h"

/* A line's move into another network namespace (netns): the namespace,
 * and the line split around the move. */
struct move {
	int fd;			/* the namespace; -1: no move */
	/* What is given before the move, here (without a move: all of
	 * the line), and what after it, there: specs sharing the line's
	 * strings (nothing to free). */
	struct device_spec here, there;
};

/* move_prepare's answer when the name is taken there (the caller words
 * it; m->fd stays open until move_end). */
#define MOVE_TAKEN 2

/* Everything of s's netns that comes before the first change, for
 * device dev: the namespace opened (none given, or the one we are in:
 * no move), the name the device will have there (name; NULL: none to
 * look for) looked for there, what only that namespace can refuse
 * checked (stable_privacy takes its secret from there), and s split
 * into m->here and m->there.  0, MOVE_TAKEN, or 1 after reporting
 * (ending with tail).  move_end() ends it, whatever it returned. */
int move_prepare(struct move *m, const struct device_spec *s, const char *dev,
		 const char *name, const char *tail);
/* After the changes here, the move (nothing without one): device name
 * (ifindex) moved into the namespace and given there what m->there asks
 * and the move undid (its address generation mode, addresses, up), the
 * change report's run->now read there; in a dry run, run->predict
 * becomes the device as it would be there.  run->elsewhere is set.  0,
 * or 1 after reporting what was and was not done (tail, when given,
 * instead of the account). */
int move_finish(const struct move *m, const char *name, int ifindex,
		const char *tail, struct run *run);
/* The namespace closed. */
void move_end(struct move *m);
/* Run fn(arg) inside namespace fd (ns as given), with the run's
 * netlink socket of that namespace, and come back: fn's result, or 1
 * after reporting. */
int move_visit(int fd, const char *ns, const char *dev,
	       int (*fn)(void *arg), void *arg);

#endif
