/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Locks between runs as flock(2) on files in a directory only their user
 * can enter (root's: /run/tuntapctl), named by the network namespace and
 * the device name or group; the kernel frees a lock when its holder
 * exits, however it exits. */
#include "config.h"

#include "lock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "util.h"

/* The lock directory: an fd on it, or -1 when runs here cannot lock
 * (no such directory can be had: a read-only /run, a sandbox without
 * RuntimeDirectory=, a user without a runtime directory). */
static int lockdir(void)
{
	static int dfd = -2;
	char path[64];
	struct stat st;
	uid_t me;
	int fd;

	if (dfd != -2)
		return dfd;
	dfd = -1;
	me = geteuid();
	if (me == 0) {
		snprintf(path, sizeof(path), "%s", LOCK_DIR);
		/* The unit's RuntimeDirectory= makes it; elsewhere the
		 * first run does (only root can, in /run). */
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return dfd;
	} else {
		/* Another user's runs lock among themselves only, in their
		 * own runtime directory (never one the environment names:
		 * it must be theirs). */
		snprintf(path, sizeof(path), "/run/user/%u", (unsigned)me);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return dfd;
		if (fstat(fd, &st) < 0 || st.st_uid != me ||
		    (mkdirat(fd, "tuntapctl", 0700) < 0 && errno != EEXIST)) {
			close(fd);
			return dfd;
		}
		close(fd);
		snprintf(path, sizeof(path), "/run/user/%u/tuntapctl",
			 (unsigned)me);
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return dfd;
	/* Ours and closed to everyone else, or no lock is worth having. */
	if (fstat(fd, &st) < 0 || st.st_uid != me ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		close(fd);
		return dfd;
	}
	dfd = fd;
	return dfd;
}

/* The file's name: what it locks, scoped to this network namespace by
 * the namespace's identity (what `ip netns identify` compares).  0, or
 * -1 when the namespace cannot be told. */
static int lock_file(const char *what, char *file, size_t size)
{
	struct stat ns;
	int n;

	if (stat("/proc/thread-self/ns/net", &ns) < 0 &&
	    stat("/proc/self/ns/net", &ns) < 0)
		return -1;
	n = snprintf(file, size, "%ju.%ju.%s", (uintmax_t)ns.st_dev,
		     (uintmax_t)ns.st_ino, what);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* One attempt: 1 taken (l->fd), 0 held by another (*pid its holder, 0
 * if unknown), -1 cannot lock here. */
static int lock_try(const char *what, struct lock *l, int *pid)
{
	int dfd = lockdir(), fd;
	struct stat a, b;
	char buf[24];
	ssize_t n;

	l->fd = -1;
	*pid = 0;
	if (dfd < 0 || lock_file(what, l->file, sizeof(l->file)) < 0)
		return -1;
	for (;;) {
		fd = openat(dfd, l->file,
			    O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int e = errno;

			n = pread(fd, buf, sizeof(buf) - 1, 0);
			if (n > 0) {
				buf[n] = '\0';
				*pid = (int)strtol(buf, NULL, 10);
			}
			close(fd);
			return e == EWOULDBLOCK ? 0 : -1;
		}
		/* The holder before us removes the file as it lets go: a
		 * lock on a file no longer in the directory locks nothing,
		 * so take the one that is there now. */
		if (fstat(fd, &a) == 0 &&
		    fstatat(dfd, l->file, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		close(fd);
	}
	/* Who holds it, for a waiter to name. */
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) < 0) {
		/* The pid is for messages only. */
	}
	l->fd = fd;
	return 1;
}

int devlock_take(const char *name, struct lock *l, int *holder,
		 struct fail *f)
{
	char what[32];
	struct timespec pause = { 0, 1000000 };
	long waited_ms = 0;
	int r;

	snprintf(what, sizeof(what), "dev.%s", name);
	for (;;) {
		r = lock_try(what, l, holder);
		if (r != 0)
			return 0;	/* taken, or cannot lock: go on unlocked */
		if (waited_ms >= DEVLOCK_WAIT_MS) {
			f->err = ETIMEDOUT;
			f->ext[0] = '\0';
			return -1;
		}
		nanosleep(&pause, NULL);
		waited_ms += pause.tv_nsec / 1000000;
		if (pause.tv_nsec < 50000000)
			pause.tv_nsec *= 2;
	}
}

int grouplock_try(uint32_t g, struct lock *l)
{
	char what[32];
	int pid;

	snprintf(what, sizeof(what), "delgroup.%08x", g);
	return lock_try(what, l, &pid);
}

int grouplock_list(uint32_t **groups)
{
	int dfd = lockdir(), fd;
	char prefix[80];
	size_t len, n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	*groups = NULL;
	if (dfd < 0 || geteuid() != 0 ||
	    lock_file("delgroup.", prefix, sizeof(prefix)) < 0)
		return -1;
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	len = strlen(prefix);
	while ((e = readdir(d))) {
		char *end;
		unsigned long g;

		if (strncmp(e->d_name, prefix, len) != 0)
			continue;
		errno = 0;
		g = strtoul(e->d_name + len, &end, 16);
		if (errno || *end || end == e->d_name + len || g > UINT32_MAX)
			continue;
		xgrow((void **)groups, &cap, n, sizeof(**groups));
		(*groups)[n++] = (uint32_t)g;
	}
	closedir(d);
	return (int)n;
}

void lock_release(struct lock *l)
{
	int dfd = lockdir();

	if (l->fd < 0)
		return;
	/* Removed while still held, so that nobody takes the lock on a
	 * file about to go; see lock_try. */
	if (dfd >= 0)
		unlinkat(dfd, l->file, 0);
	close(l->fd);
	l->fd = -1;
}
