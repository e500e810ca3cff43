#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* setns, unshare */
#endif
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

#include "cmd.h"

int enter_netns(const char *ns)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(ns, '/'))
		snprintf(path, sizeof(path), "%s", ns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			report(NULL, "network namespace %s does not exist (no %s)",
			       vis(ns), vis(path));
		else
			report(NULL, "cannot open network namespace %s: %s",
			       vis(path), strerror(errno));
		return 1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;

		close(fd);
		if (e == EINVAL)
			report(NULL, "%s is not a network namespace", vis(path));
		else if (e == EPERM)
			report(NULL, "cannot enter network namespace %s: permission denied (this needs CAP_SYS_ADMIN: run as root)",
			       vis(ns));
		else
			report(NULL, "cannot enter network namespace %s: %s",
			       vis(ns), strerror(e));
		return 1;
	}
	close(fd);
	/* sysfs shows the namespace it was mounted from: mount a fresh one,
	 * privately, or /sys/class/net would still list the old devices. */
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) {
		report(NULL, "cannot make a private mount namespace for %s: %s",
		       vis(ns), strerror(errno));
		return 1;
	}
	umount2("/sys", MNT_DETACH);
	if (mount(ns, "/sys", "sysfs", 0, NULL) < 0) {
		report(NULL, "cannot mount sysfs for network namespace %s: %s",
		       vis(ns), strerror(errno));
		return 1;
	}
	return 0;
}
