/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which processes hold tun/tap devices open: one pass over /proc. */
#include "config.h"

#include "holders.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "escape.h"
#include "tun.h"
#include "util.h"

static bool same_netns(int pid, const struct stat *ours)
{
	char path[64];
	struct stat st;

	/* fdinfo names the device but not its namespace: a tap0 held in
	 * another namespace is not ours.  The holder's own namespace is
	 * the one the device was created in, unless it moved since. */
	snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	if (stat(path, &st) < 0)
		return false;
	return st.st_dev == ours->st_dev && st.st_ino == ours->st_ino;
}

/* The device a tun fd is attached to, from its fdinfo "iff:" line. */
static bool fd_device(int pid, const char *fd, char name[IFNAMSIZ])
{
	char path[320], buf[512], *p, *e;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%s", pid, fd);
	if (read_small(AT_FDCWD, path, buf, sizeof(buf)) < 0)
		return false;
	p = strstr(buf, "\niff:\t");
	if (!p)
		return false;
	p += 6;
	e = strchr(p, '\n');
	if (!e || e == p || (size_t)(e - p) >= IFNAMSIZ)
		return false;
	memcpy(name, p, (size_t)(e - p));
	name[e - p] = '\0';
	return true;
}

static bool is_tun_fd(int dirfd, const char *ent)
{
	char target[256];
	ssize_t n = readlinkat(dirfd, ent, target, sizeof(target) - 1);
	struct stat st;
	const char *base;

	if (n <= 0)
		return false;
	target[n] = '\0';
	/* Only stat what is named like a tun node: stat on an arbitrary
	 * file (a hung NFS mount) could block. */
	base = strrchr(target, '/');
	if (target[0] != '/' || !base || strcmp(base, "/tun") != 0)
		return false;
	if (fstatat(dirfd, ent, &st, 0) < 0)
		return false;
	return tun_is_clone_node(&st);
}

static void scan_pid(struct holders *h, int pid, const struct stat *ours)
{
	char path[64], name[IFNAMSIZ], comm[32];
	size_t first = h->n, i, n;
	int r;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		bool dup = false;

		if (!isdigit((unsigned char)de->d_name[0]) ||
		    !is_tun_fd(dirfd(d), de->d_name) ||
		    !fd_device(pid, de->d_name, name))
			continue;
		for (i = first; i < h->n; i++)
			dup |= !strcmp(h->v[i].ifname, name);
		if (dup)
			continue;
		xgrow((void **)&h->v, &h->cap, h->n, sizeof(*h->v));
		memset(&h->v[h->n], 0, sizeof(h->v[h->n]));
		memcpy(h->v[h->n].ifname, name, IFNAMSIZ);
		h->v[h->n].pid = pid;
		h->v[h->n].fd = (int)strtol(de->d_name, NULL, 10);
		h->n++;
	}
	closedir(d);
	if (h->n == first)
		return;
	if (!same_netns(pid, ours)) {
		h->n = first;
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	r = read_small(AT_FDCWD, path, comm, sizeof(comm));
	/* Gone since its fds were read: it holds nothing now (a monitor
	 * would tell an attach by "?" of a maker that has just ended). */
	if (r == -ENOENT || r == -ESRCH) {
		h->n = first;
		return;
	}
	if (r < 0)
		snprintf(comm, sizeof(comm), "?");
	/* The kernel ends it with a newline; a program may have put more
	 * newlines in the name itself. */
	n = strlen(comm);
	if (n && comm[n - 1] == '\n')
		comm[n - 1] = '\0';
	for (i = first; i < h->n; i++)
		memcpy(h->v[i].comm, comm, sizeof(comm));
}

static int holder_cmp(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;
	int c = strcmp(x->ifname, y->ifname);

	return c ? c : (x->pid > y->pid) - (x->pid < y->pid);
}

void holders_scan(struct holders *h)
{
	struct stat ours;
	struct dirent *de;
	DIR *proc;

	memset(h, 0, sizeof(*h));
	if (stat("/proc/self/ns/net", &ours) < 0)
		return;
	proc = opendir("/proc");
	if (!proc)
		return;
	while ((de = readdir(proc))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		scan_pid(h, (int)strtol(de->d_name, NULL, 10), &ours);
	}
	closedir(proc);
	if (h->n > 1)
		qsort(h->v, h->n, sizeof(*h->v), holder_cmp);
}

void holders_free(struct holders *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}

const struct holder *holders_of(const struct holders *h, const char *name,
				size_t *count)
{
	size_t lo = 0, hi = h->n, end;

	*count = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(h->v[mid].ifname, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < h->n && !strcmp(h->v[end].ifname, name); end++)
		;
	*count = end - lo;
	return *count ? &h->v[lo] : NULL;
}

bool holders_still(int pid, int fd, const char *name)
{
	char fds[16], now[IFNAMSIZ];

	snprintf(fds, sizeof(fds), "%d", fd);
	return fd_device(pid, fds, now) && !strcmp(now, name);
}

int holders_pidfd(int pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

const char *holders_describe(const struct holder *v, size_t n,
			     struct strbuf *b)
{
	size_t i;

	if (!n)
		sb_addf(b, "a program not visible from here");
	for (i = 0; i < n; i++) {
		if (i)
			sb_add(b, ", ", 2);
		escape_append(b, v[i].comm);
		sb_addf(b, " (pid %d)", v[i].pid);
	}
	return sb_str(b);
}
