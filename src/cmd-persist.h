/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persist: turn a device's persistence on or off. */
#ifndef TUNTAPCTL_CMD_PERSIST_H
#define TUNTAPCTL_CMD_PERSIST_H

#include "run.h"
#include "spec.h"

int cmd_persist(struct device_spec *s, struct run *run);

#endif
