/* Entering a network namespace, as ip -n does: setns, then a private
 * mount namespace with a sysfs of that namespace.  Nothing here prints. */
#ifndef TUNTAPCTL_NETNS_H
#define TUNTAPCTL_NETNS_H

#include <limits.h>

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

/* Enter network namespace ns (a name under /run/netns, or a path with
 * a slash).  0, or -1 with what failed in *nf. */
int netns_enter(const char *ns, struct netns_fail *nf);

#endif
