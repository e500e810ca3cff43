/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving a device into another network namespace (add and set's
 * netns), and finishing it there: the kernel takes the link down, drops
 * its addresses and resets its address generation mode on the way. */
#ifndef TUNTAPCTL_MOVE_H
#define TUNTAPCTL_MOVE_H

#include "spec.h"

struct devstate;

/* Report why namespace ns could not be opened or entered, for dev (NULL:
 * the run's -n), as nf says; ends with tail when given.  Returns 1. */
struct netns_fail;
int move_netns_report(const char *dev, const char *ns, const struct netns_fail *nf,
		 const char *tail);

/* The namespace s->netns for device dev, in *fd: -1 when none is given
 * or it is the one we are in (nothing to move).  0, or 1 after
 * reporting (ending with tail). */
int move_open(const struct device_spec *s, const char *dev, const char *tail,
	      int *fd);
/* What only the namespace fd can refuse, checked before anything is
 * changed: stable_privacy takes its secret from there.  0, or 1 after
 * reporting (ending with tail). */
int move_check_there(int fd, const struct device_spec *s, const char *dev,
		     const char *tail);
/* Whether a link named name exists in namespace fd (ns as given):
 * 1, 0, or -1 after reporting. */
int move_name_taken(int fd, const char *ns, const char *name);
/* Run fn(arg) inside namespace fd (ns as given), with the run's
 * netlink socket of that namespace, and come back: fn's result, or 1
 * after reporting. */
int move_visit(int fd, const char *ns, const char *dev,
	       int (*fn)(void *arg), void *arg);
/* Move device name (ifindex) into namespace fd as s->netns says, then
 * give it there what s asks and the move undid: its address generation
 * mode, addresses, up.  after (when not NULL) receives the device as it
 * is there.  0, or 1 after reporting what was and was not done (tail,
 * when given, instead of the account). */
int move_device(int fd, const struct device_spec *s, const char *name,
		int ifindex, const char *tail, struct devstate *after);
/* What s asks for that belongs after the move (as above), and what
 * before it: two specs sharing s's strings (nothing to free). */
void move_split(const struct device_spec *s, struct device_spec *before,
		struct device_spec *after);
/* A dry run of the move: st becomes the device as it would be there. */
void move_predict(const struct device_spec *s, struct devstate *st);

#endif
