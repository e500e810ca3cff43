/* SPDX-License-Identifier: GPL-2.0-or-later */
/* add: create a device and configure it, or converge it (--exist-ok). */
#ifndef TUNTAPCTL_CMD_ADD_H
#define TUNTAPCTL_CMD_ADD_H

#include "run.h"
#include "spec.h"

int cmd_add(struct device_spec *s, struct run *run);

#endif
