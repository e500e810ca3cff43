/* Entering a network namespace given by name or path, and mounting a
 * sysfs of it in a mount namespace of our own. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

#include "netns.h"

static int fail(struct netns_fail *nf, enum netns_step step, int err)
{
	nf->step = step;
	nf->err = err;
	return -1;
}

int netns_enter(const char *ns, struct netns_fail *nf)
{
	int fd;

	nf->path[0] = '\0';
	if (!*ns)
		return fail(nf, NETNS_EMPTY, 0);
	if (strchr(ns, '/'))
		snprintf(nf->path, sizeof(nf->path), "%s", ns);
	else if (!strcmp(ns, ".") || !strcmp(ns, ".."))
		return fail(nf, NETNS_NOT_NAME, 0);
	else
		snprintf(nf->path, sizeof(nf->path), "/run/netns/%s", ns);
	fd = open(nf->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(nf, NETNS_OPEN, errno);
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;

		close(fd);
		return fail(nf, NETNS_SETNS, e);
	}
	close(fd);
	/* sysfs shows the namespace it was mounted from: mount a fresh one,
	 * privately, or /sys/class/net would still list the old devices. */
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
		return fail(nf, NETNS_UNSHARE, errno);
	umount2("/sys", MNT_DETACH);
	if (mount(ns, "/sys", "sysfs", 0, NULL) < 0)
		return fail(nf, NETNS_SYSFS, errno);
	return 0;
}
