/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What only an fd attached to a device can do, for the commands, with
 * errors worded for people. */
#ifndef TUNTAPCTL_TUNFD_H
#define TUNTAPCTL_TUNFD_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"
#include "spec.h"
#include "util.h"

struct holder;

/* The clone device to open (-f), TUN_CLONE_DEFAULT unless set. */
void tunfd_set_clone(const char *path);
/* Open the clone device, saying what to do when it fails (the message
 * ending with tail, when given); -1 then. */
int tunfd_open_clone(const char *dev, const char *tail);
/* Re-attach to the existing device (name, ifindex) with its own flags
 * (from sysfs); the fd, or -1 after reporting. */
int tunfd_reattach(const char *name, int ifindex, const char *why);
/* The same with pi, vnet_hdr and one_queue as given (-1: the device's
 * own); with busy_ok, a held device returns -EBUSY unreported. */
int tunfd_reattach_flags(const char *name, int ifindex, int pi, int vnet_hdr,
		   int one_queue, bool busy_ok, const char *why);
struct holders;
struct linkinfo;
struct devstate;
/* Whether a program holds device li: one /proc shows (in h; its
 * entries and count in *v and *n), or one only the kernel counts (the
 * queues of a multi_queue device, or the carrier an attach turns on). */
bool tunfd_held(const struct linkinfo *li, const struct holders *h,
		 const struct holder **v, size_t *n);
/* "WHY: the device is in use by ...; stop it first". */
void tunfd_report_busy(const char *name, const char *why);
/* A duplicate of a holder's fd on device name (pidfd_getfd), or -1. */
int tunfd_borrow(const char *name, const struct holder *v, size_t n,
	      struct fail *f);

/* What tunfd_set_persist found: already so, or the programs holding it. */
struct persist_result {
	bool already;
	size_t holders;
	struct strbuf who;	/* them, escaped; the caller frees it */
};
/* Persistence on or off: through a holder's fd, or our own attach; with
 * predict (a dry run), into *predict instead. */
int tunfd_set_persist(const char *name, bool on, struct persist_result *res,
		struct devstate *predict);

/* set's carrier, before anything changes: the fd of the program holding
 * device name (li), borrowed; a dry run takes none (-2).  -1 after
 * reporting why carrier cannot be set. */
int tunfd_carrier_borrow(const char *name, const struct linkinfo *li,
			 bool dry_run);
/* ... then carrier on or off through that fd, which is closed.  0, or 1
 * after reporting. */
int tunfd_carrier_set(int fd, const char *name, bool on);

/* set-owner: device name's (li) user and group, those given, through
 * our own attach; with predict (a dry run), into *predict instead,
 * refused where a real one would be (a held single-queue device takes
 * no second attach).  0, or 1 after reporting. */
int tunfd_set_owner(const char *name, const struct linkinfo *li,
		    const struct id_arg *user, const struct id_arg *group,
		    struct devstate *predict);

/* Warn when the device's owner (the user, or the group's members)
 * cannot open the clone device: their programs could not attach. */
void tunfd_warn_clone_access(const char *dev, const struct device_spec *s,
			     const struct run *run);

#endif
