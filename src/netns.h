/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Network namespaces: opening one by name, path or pid; entering one as
 * ip -n does (setns, then a private mount namespace with a sysfs of
 * that namespace); or for a while and back.  Nothing here prints. */
#ifndef TUNTAPCTL_NETNS_H
#define TUNTAPCTL_NETNS_H

#include <limits.h>
#include <stdbool.h>

enum netns_step {
	NETNS_EMPTY,		/* the name is empty */
	NETNS_NOT_NAME,		/* "." or "..": no name in /run/netns */
	NETNS_OPEN,		/* opening path failed (err) */
	NETNS_SETNS,		/* setns failed (err; EINVAL: no netns) */
	NETNS_UNSHARE,		/* a private mount namespace (err) */
	NETNS_SYSFS,		/* mounting its sysfs (err) */
};

struct netns_fail {
	enum netns_step step;
	int err;
	char path[PATH_MAX];	/* the file opened: ns, or /run/netns/ns */
};

/* Open network namespace ns: a name under /run/netns, a path (with a
 * slash), or a pid (digits).  An fd, or -1 with what failed in *nf. */
int netns_open(const char *ns, struct netns_fail *nf);
/* Whether namespace fd is the one we are in. */
bool netns_is_here(int fd);
/* Enter ns for good.  0, or -1 with what failed in *nf. */
int netns_enter(const char *ns, struct netns_fail *nf);
/* Enter namespace fd to for a while: an fd of the one we were in, to
 * give netns_back(), or -1 with what failed in *nf.  Sockets made in
 * between belong to the namespace entered; /sys still shows the old. */
int netns_switch(int to, struct netns_fail *nf);
void netns_back(int from);

#endif
