/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show: list tun/tap devices. */
#ifndef TUNTAPCTL_CMD_SHOW_H
#define TUNTAPCTL_CMD_SHOW_H

#include "run.h"
#include "spec.h"

int cmd_show(struct device_spec *s, struct run *run);

#endif
