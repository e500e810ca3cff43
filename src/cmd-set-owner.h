/* SPDX-License-Identifier: GPL-2.0-or-later */
/* set-owner: change a device's owning user and group. */
#ifndef TUNTAPCTL_CMD_SET_OWNER_H
#define TUNTAPCTL_CMD_SET_OWNER_H

#include "run.h"
#include "spec.h"

int cmd_set_owner(struct device_spec *s, struct run *run);

#endif
