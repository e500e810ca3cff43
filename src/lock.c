/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Locks between runs as abstract AF_UNIX socket names: the kernel scopes
 * them to the network namespace and frees one when its holder exits,
 * however it exits, so no file and no cleanup is needed. */
#include "config.h"

#include "lock.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t lock_addr(const char *name, struct sockaddr_un *a)
{
	int n;

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	/* sun_path[0] is NUL: the abstract namespace. */
	n = snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "tuntapctl/%s",
		     name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   (size_t)n);
}

/* Who holds the name: 1 and its pid and uid, or 0 when it cannot be
 * told now (bound but not yet listening, or its queue is full). */
static int holder_of(const struct sockaddr_un *a, socklen_t len, int *pid,
		     uid_t *uid)
{
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int r = 0;

	if (fd < 0)
		return 0;
	if (connect(fd, (const struct sockaddr *)a, len) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0) {
		*pid = cred.pid;
		*uid = cred.uid;
		r = 1;
	}
	close(fd);
	return r;
}

/* One attempt: 1 taken (*fd), 0 held by another, -1 no AF_UNIX here. */
static int lock_try(const struct sockaddr_un *a, socklen_t len, int *fd)
{
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -1;
	/* Listening lets a waiter ask who holds the name. */
	if (bind(s, (const struct sockaddr *)a, len) == 0 && listen(s, 1) == 0) {
		*fd = s;
		return 1;
	}
	close(s);
	return errno == EADDRINUSE ? 0 : -1;
}

int devlock_take(const char *name, int *fd, int *holder, struct fail *f)
{
	static uid_t me = (uid_t)-1;
	struct sockaddr_un a;
	char what[64];
	struct timespec pause = { 0, 1000000 };
	long waited_ms = 0;
	uid_t uid;
	int r, pid = 0;

	snprintf(what, sizeof(what), "device/%s", name);
	*fd = -1;
	*holder = 0;
	for (;;) {
		socklen_t len = lock_addr(what, &a);

		r = lock_try(&a, len, fd);
		if (r != 0)
			return 0;	/* taken, or no AF_UNIX: go on unlocked */
		if (me == (uid_t)-1)
			me = geteuid();
		if (holder_of(&a, len, &pid, &uid)) {
			*holder = pid;
			if (uid != 0 && uid != me)
				return 0;
		}
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

int grouplock_try(uint32_t g, int *fd)
{
	struct sockaddr_un a;
	char what[32];

	snprintf(what, sizeof(what), "delgroup/%08x", g);
	*fd = -1;
	return lock_try(&a, lock_addr(what, &a), fd);
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
