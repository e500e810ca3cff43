#include "config.h"

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

	/* Every message names the namespace as it was given. */
	if (!*ns) {
		report(NULL, "the network namespace name is empty (give a name from /run/netns or a path)");
		return 1;
	}
	if (strchr(ns, '/'))
		snprintf(path, sizeof(path), "%s", ns);
	else if (!strcmp(ns, ".") || !strcmp(ns, "..")) {
		report(NULL, "network namespace '%s' is not a name in /run/netns", vis(ns));
		return 1;
	} else
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && strchr(ns, '/'))
			report(NULL, "network namespace %s does not exist", vis(ns));
		else if (errno == ENOENT)
			report(NULL, "network namespace %s does not exist (no %s)",
			       vis(ns), vis(path));
		else
			report(NULL, "cannot open network namespace %s: %s",
			       vis(ns), strerror(errno));
		return 1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;

		close(fd);
		if (e == EINVAL && strchr(ns, '/'))
			report(NULL, "%s is not a network namespace", vis(ns));
		else if (e == EINVAL)
			report(NULL, "network namespace %s: %s is not a network namespace",
			       vis(ns), vis(path));
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
