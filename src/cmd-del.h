/* SPDX-License-Identifier: GPL-2.0-or-later */
/* del: delete tun/tap devices by name or filter. */
#ifndef TUNTAPCTL_CMD_DEL_H
#define TUNTAPCTL_CMD_DEL_H

#include "run.h"
#include "spec.h"

int cmd_del(struct device_spec *s, struct run *run);

#endif
