/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Converging an existing device to a line's request (--exist-ok). */
#ifndef TUNTAPCTL_CONVERGE_H
#define TUNTAPCTL_CONVERGE_H

#include "move.h"
#include "run.h"
#include "spec.h"

/* The device s->names[0], which exists here, brought to what s asks
 * (a dry run: run->predict changed instead); with a move m (move.h;
 * NULL: none) moved as the last step.  0, or 1 after reporting.  Prints
 * nothing. */
int converge_device(const struct device_spec *s, struct run *run, int master,
		    const struct move *m);
/* The same for a device that is in m's namespace already (s->netns):
 * converged there, the change report's states read there. */
int converge_there(const struct device_spec *s, struct run *run,
		   const struct move *m);

#endif
