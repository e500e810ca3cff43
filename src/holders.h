/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which processes hold tun/tap devices open: one pass over /proc. */
#ifndef TUNTAPCTL_HOLDERS_H
#define TUNTAPCTL_HOLDERS_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

struct holder {
	char ifname[IFNAMSIZ];
	int pid;
	int fd;			/* one of its fds on the device */
	char comm[32];
};

struct holders {
	struct holder *v;
	size_t n, cap;
};

/* Every process in our network namespace with a tun fd attached to a
 * device, sorted by device name then pid.  Processes that vanish or
 * cannot be read are skipped. */
void holders_scan(struct holders *h);
void holders_free(struct holders *h);
/* The holders of one device: a pointer into h and their count. */
const struct holder *holders_of(const struct holders *h, const char *name,
				size_t *count);
/* Whether fd of process pid is (still) a tun fd attached to device
 * name: one read of its fdinfo. */
bool holders_still(int pid, int fd, const char *name);
/* A pidfd for process pid, which poll() finds readable once the process
 * has ended; -1 when there is no such process or the kernel has no
 * pidfds (before Linux 5.3). */
int holders_pidfd(int pid);
/* "qemu-system-x86 (pid 4242), ..." for messages, escaped, into b;
 * with n 0, "a program not visible from here".  Returns the text. */
struct strbuf;
const char *holders_describe(const struct holder *v, size_t n,
			     struct strbuf *b);

#endif
