/* SPDX-License-Identifier: GPL-2.0-or-later */
/* save: print a boot file that makes the persistent devices again. */
#ifndef TUNTAPCTL_CMD_SAVE_H
#define TUNTAPCTL_CMD_SAVE_H

#include "run.h"
#include "spec.h"

int cmd_save(struct device_spec *s, struct run *run);

#endif
