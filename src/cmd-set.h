/* SPDX-License-Identifier: GPL-2.0-or-later */
/* set: change an existing device. */
#ifndef TUNTAPCTL_CMD_SET_H
#define TUNTAPCTL_CMD_SET_H

#include "run.h"
#include "spec.h"

int cmd_set(struct device_spec *s, struct run *run);

#endif
