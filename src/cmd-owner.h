/* SPDX-License-Identifier: GPL-2.0-or-later */
/* set-owner and persist: changes made through an attached fd. */
#ifndef TUNTAPCTL_CMD_OWNER_H
#define TUNTAPCTL_CMD_OWNER_H

#include "spec.h"

int cmd_set_owner(struct device_spec *s);
int cmd_persist(struct device_spec *s);

#endif
