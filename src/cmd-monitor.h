/* SPDX-License-Identifier: GPL-2.0-or-later */
/* monitor: tun/tap devices live, one line per event. */
#ifndef TUNTAPCTL_CMD_MONITOR_H
#define TUNTAPCTL_CMD_MONITOR_H

#include "run.h"
#include "spec.h"

int cmd_monitor(struct device_spec *s, struct run *run);

#endif
