/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The words for a network namespace that cannot be opened or entered:
 * add's and set's netns, and the run's -n. */
#include "config.h"

#include "nsfail.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "netns.h"
#include "report.h"

int nsfail_report(const char *dev, const char *ns, const struct netns_fail *nf,
		  const char *tail)
{
	bool path = strchr(ns, '/') != NULL;
	char msg[PATH_MAX + 200];

	switch (nf->step) {
	case NETNS_EMPTY:
		snprintf(msg, sizeof(msg), "the network namespace name is empty (give a name from /run/netns, a path or a pid)");
		break;
	case NETNS_NOT_NAME:
		snprintf(msg, sizeof(msg), "network namespace '%s' is not a name in /run/netns",
			 vis(ns));
		break;
	case NETNS_OPEN:
		if (nf->err == ENOENT && path)
			snprintf(msg, sizeof(msg), "network namespace %s does not exist",
				 vis(ns));
		else if (nf->err == ENOENT)
			snprintf(msg, sizeof(msg), "network namespace %s does not exist (no %s)",
				 vis(ns), vis(nf->path));
		else
			snprintf(msg, sizeof(msg), "cannot open network namespace %s: %s",
				 vis(ns), errno_text(nf->err));
		break;
	case NETNS_SETNS:
		if (nf->err == EINVAL && path)
			snprintf(msg, sizeof(msg), "%s is not a network namespace",
				 vis(ns));
		else if (nf->err == EINVAL)
			snprintf(msg, sizeof(msg), "network namespace %s: %s is not a network namespace",
				 vis(ns), vis(nf->path));
		else if (nf->err == EPERM)
			snprintf(msg, sizeof(msg), "cannot enter network namespace %s: permission denied (this needs CAP_SYS_ADMIN: run as root)",
				 vis(ns));
		else
			snprintf(msg, sizeof(msg), "cannot enter network namespace %s: %s",
				 vis(ns), errno_text(nf->err));
		break;
	case NETNS_UNSHARE:
		snprintf(msg, sizeof(msg), "cannot make a private mount namespace for %s: %s",
			 vis(ns), errno_text(nf->err));
		break;
	case NETNS_SYSFS:
		snprintf(msg, sizeof(msg), "cannot mount sysfs for network namespace %s: %s",
			 vis(ns), errno_text(nf->err));
		break;
	}
	report(dev, "%s%s%s", msg, tail ? "; " : "", tail ? tail : "");
	return 1;
}
