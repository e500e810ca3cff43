/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A dry run's simulated devices (see dryrun.c). */
#ifndef TUNTAPCTL_DRYRUN_H
#define TUNTAPCTL_DRYRUN_H

#include <stdbool.h>
#include <stddef.h>

struct devstate;

/* A dry run of several lines: what each line would leave, which the
 * lines after it read instead of the kernel (devices.c, selection.c and
 * plan.c ask here first).  sim_get: NULL when the kernel's word stands
 * (exists false: deleted by an earlier line).  Only while sim_use(true):
 * the dry-run lines of a batch see it; the others see the kernel, and
 * sim_forget() drops what they may have made untrue. */
void sim_use(bool on);
bool sim_in_use(void);
const struct devstate *sim_get(const char *name);
void sim_put(const char *name, const struct devstate *st);
size_t sim_count(void);
const struct devstate *sim_at(size_t i);
void sim_forget(void);

#endif
