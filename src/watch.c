/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's events for monitor: the link and address notifications
 * (link.h), the dumps that say how the devices are, and the makers: the
 * tools seen holding a device they make, each watched through a pidfd
 * until it ends. */
#include "config.h"

#include "watch.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices.h"
#include "sysfs.h"
#include "util.h"

/* A configuration tool's run (tuntapctl, tunctl, ip) seen holding a
 * device it is making: its fd on it, and a pidfd that says when it
 * ends. */
struct maker {
	int pid, fd, pidfd;
};
#define MAX_MAKERS 32

struct watch {
	struct linkwatch *lw;
	struct watch_fns fns;
	struct maker makers[MAX_MAKERS];
	size_t n_makers;
};

int watch_open(struct watch **w, const struct watch_fns *fns,
	       struct fail *f)
{
	struct watch *nw = xcalloc(1, sizeof(*nw));

	nw->fns = *fns;
	if (linkwatch_open(&nw->lw, true, f) < 0) {
		free(nw);
		*w = NULL;
		return -1;
	}
	*w = nw;
	return 0;
}

void watch_close(struct watch *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n_makers; i++)
		close(w->makers[i].pidfd);
	linkwatch_close(w->lw);
	free(w);
}

int watch_wait(struct watch *w, int out_fd)
{
	struct pollfd pf[2 + MAX_MAKERS];
	size_t i;

	pf[0].fd = linkwatch_fd(w->lw);
	pf[0].events = POLLIN;
	pf[1].fd = out_fd;
	pf[1].events = 0;
	/* A maker's end, without a message after it, tells what it made. */
	for (i = 0; i < w->n_makers; i++) {
		pf[2 + i].fd = w->makers[i].pidfd;
		pf[2 + i].events = POLLIN;
	}
	if (poll(pf, 2 + w->n_makers, -1) < 0)
		return -1;
	return (pf[1].revents & (POLLERR | POLLHUP)) ? 0 : 1;
}

static void on_link(const struct linkinfo *li, bool deleted, uint32_t sender,
		    void *arg)
{
	struct watch *w = arg;

	(void)sender;
	w->fns.link(li, deleted, w->fns.arg);
}

static void on_addr(int ifindex, const struct cidr *a, bool deleted,
		    void *arg)
{
	struct watch *w = arg;

	w->fns.addr(ifindex, a, deleted, w->fns.arg);
}

int watch_read(struct watch *w, struct fail *f)
{
	return linkwatch_drain(w->lw, on_link, on_addr, w, f);
}

void watch_discard(struct watch *w)
{
	linkwatch_discard(w->lw);
}

static void dump_link(const struct linkinfo *li, void *arg)
{
	/* NULL: the dump restarts; what it sends again is told again. */
	if (li)
		on_link(li, false, 0, arg);
}

static void dump_addr(int ifindex, const struct cidr *a, void *arg)
{
	on_addr(ifindex, a, false, arg);
}

int watch_dump(struct watch *w, int *genmode, struct fail *f)
{
	int r;

	*genmode = sysfs_ipv6_genmode(NULL);
	r = link_dump(device_nl(), dump_link, w, f);
	if (r == 0) {
		if (w->fns.links_read)
			w->fns.links_read(w->fns.arg);
		r = addr_dump(device_nl(), 0, dump_addr, w, f);
	}
	return r;
}

bool watch_link(int ifindex, struct linkinfo *li)
{
	struct fail f = { 0, "" };

	return link_get(device_nl(), NULL, ifindex, li, &f) == 0;
}

/* The programs that configure devices and then let go of them: a new
 * device one of them holds is in the making.  A process is named by its
 * comm, which its own program chooses; only a process with CAP_NET_ADMIN
 * here can make a device, so no other user can pass for a maker. */
static bool is_tool(const char *comm)
{
	return !strcmp(comm, "tuntapctl") || !strcmp(comm, "tunctl") ||
	       !strcmp(comm, "ip");
}

static struct maker *maker_find(struct watch *w, int pid)
{
	size_t i;

	for (i = 0; i < w->n_makers; i++)
		if (w->makers[i].pid == pid)
			return &w->makers[i];
	return NULL;
}

/* The maker of that pid, now holding the device on fd; NULL when it
 * cannot be watched (no pidfd, or too many at once). */
static struct maker *maker_get(struct watch *w, int pid, int fd)
{
	struct maker *mk = maker_find(w, pid);
	int pidfd;

	if (mk) {
		mk->fd = fd;
		return mk;
	}
	if (w->n_makers == MAX_MAKERS || (pidfd = holders_pidfd(pid)) < 0)
		return NULL;
	mk = &w->makers[w->n_makers++];
	mk->pid = pid;
	mk->fd = fd;
	mk->pidfd = pidfd;
	return mk;
}

int watch_maker_among(struct watch *w, const struct holder *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is_tool(v[i].comm))
			return maker_get(w, v[i].pid, v[i].fd) ? v[i].pid : -1;
	return 0;
}

int watch_maker_holding(struct watch *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->n_makers; i++)
		if (holders_still(w->makers[i].pid, w->makers[i].fd, name))
			return w->makers[i].pid;
	return 0;
}

bool watch_maker_holds(struct watch *w, int pid, const char *name)
{
	const struct maker *mk = pid ? maker_find(w, pid) : NULL;

	return mk && holders_still(mk->pid, mk->fd, name);
}

void watch_makers_reap(struct watch *w)
{
	struct pollfd pf[MAX_MAKERS];
	size_t i, k = 0;

	if (!w->n_makers)
		return;
	for (i = 0; i < w->n_makers; i++) {
		pf[i].fd = w->makers[i].pidfd;
		pf[i].events = POLLIN;
		pf[i].revents = 0;
	}
	if (poll(pf, w->n_makers, 0) <= 0)
		return;
	for (i = 0; i < w->n_makers; i++) {
		if (pf[i].revents) {
			close(w->makers[i].pidfd);
			continue;
		}
		w->makers[k++] = w->makers[i];
	}
	w->n_makers = k;
}
