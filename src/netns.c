/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Network namespaces given by name, path or pid: opening one, entering
 * it for good (with a sysfs of it in a mount namespace of our own), or
 * for a while and back. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/nsfs.h>

#include "netns.h"

static int fail(struct netns_fail *nf, enum netns_step step, int err)
{
	nf->step = step;
	nf->err = err;
	return -1;
}

int netns_open(const char *ns, struct netns_fail *nf)
{
	int fd, type;

	nf->path[0] = '\0';
	if (!*ns)
		return fail(nf, NETNS_EMPTY, 0);
	if (strchr(ns, '/'))
		snprintf(nf->path, sizeof(nf->path), "%s", ns);
	else if (!strcmp(ns, ".") || !strcmp(ns, ".."))
		return fail(nf, NETNS_NOT_NAME, 0);
	else if (strspn(ns, "0123456789") == strlen(ns))
		snprintf(nf->path, sizeof(nf->path), "/proc/%s/ns/net", ns);
	else
		snprintf(nf->path, sizeof(nf->path), "/run/netns/%s", ns);
	fd = open(nf->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(nf, NETNS_OPEN, errno);
	/* Any file opens; only a network namespace will do.  (Linux 4.11
	 * and later say which kind a namespace file is; any other file
	 * does not know the request.) */
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type < 0 ? errno == ENOTTY : type != CLONE_NEWNET) {
		close(fd);
		return fail(nf, NETNS_SETNS, EINVAL);
	}
	return fd;
}

bool netns_is_here(int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat("/proc/self/ns/net", &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int netns_switch(int to, struct netns_fail *nf)
{
	int here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (here < 0)
		return fail(nf, NETNS_OPEN, errno);
	if (setns(to, CLONE_NEWNET) < 0) {
		int e = errno;

		close(here);
		return fail(nf, NETNS_SETNS, e);
	}
	return here;
}

void netns_back(int from)
{
	/* Acting on from here on in the wrong namespace would be worse
	 * than stopping. */
	if (setns(from, CLONE_NEWNET) < 0)
		abort();
	close(from);
}

int netns_enter(const char *ns, struct netns_fail *nf)
{
	int fd = netns_open(ns, nf);

	if (fd < 0)
		return -1;
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
