/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Link settings and addresses for one device: checked against the
 * device before anything changes, then applied, with an exact account
 * of what was and was not applied when the kernel refuses part. */
#ifndef TUNTAPCTL_CONFIGURE_H
#define TUNTAPCTL_CONFIGURE_H

#include "link.h"
#include "spec.h"

enum plan_mode {
	PLAN_NEW,	/* a device we just created */
	PLAN_SET,	/* explicit change: adding a present address is an error */
	PLAN_CONVERGE,	/* idempotent: present addresses are kept */
};

struct plan {
	const struct device_spec *s;
	enum plan_mode mode;
	struct link_change lc;
	struct cidr *add, *del;
	size_t n_add, n_del, cap_add, cap_del;
};

/* Check s against the device as it is (cur) and work out the changes;
 * master is the bridge's ifindex (-1: none asked).  Reports problems,
 * ending with tail when given, and returns 1; 0 when the plan is ready. */
int plan_build(struct plan *p, const struct device_spec *s,
	       const struct linkinfo *cur, int master, enum plan_mode mode,
	       const char *tail);
bool plan_empty(const struct plan *p);
/* Apply the plan to the device.  On failure the error names the step;
 * tail (when given) replaces the account of what was applied.  For a
 * new device (PLAN_NEW) it stops before the last step, joining the
 * bridge and going up, which plan_finish takes: the caller does what
 * can still fail in between, so that a rollback rarely has a bridge to
 * put right (a bridge's MAC address and offload limits follow its
 * ports). */
int plan_apply(struct plan *p, const char *name, int ifindex,
	       const char *tail);
int plan_finish(struct plan *p, const char *name, int ifindex,
		const char *tail);
/* The plan makes the device a bridge port. */
bool plan_joins_bridge(const struct plan *p);
/* A dry run: the device as the whole plan would leave it. */
struct devstate;
void plan_predict(const struct plan *p, struct devstate *st);
void plan_free(struct plan *p);

#endif
