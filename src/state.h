/* A device's state as the change report sees it (link facts, tun facts,
 * addresses), read from the kernel, and the difference between two. */
#ifndef TUNTAPCTL_STATE_H
#define TUNTAPCTL_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "link.h"
#include "spec.h"

/* addrs leaves out IPv6 link-local addresses, which the kernel makes
 * and removes with the carrier. */
struct devstate {
	bool exists;
	struct linkinfo li;
	char master[IFNAMSIZ];		/* its bridge's name, "" for none */
	struct cidr *addrs;		/* sorted */
	size_t n_addrs, cap_addrs;
};

/* Read device name (or ifindex, when not 0) as it is now; a device that
 * does not exist gives exists false.  0, or -1 with f set. */
int devstate_read(struct devstate *st, const char *name, int ifindex,
		  struct fail *f);
void devstate_free(struct devstate *st);

/* created, deleted, changed or unchanged, from before to after (NULL,
 * or exists false: no device). */
const char *devstate_action(const struct devstate *before,
			    const struct devstate *after);
/* Record device dev's result in the change report: the action and each
 * field that differs, with its old and new value. */
void devstate_record(const char *dev, const struct devstate *before,
		     const struct devstate *after);

#endif
