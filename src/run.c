/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct run: one command's run, beside its request. */
#include "config.h"

#include "run.h"

#include <string.h>

void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
}
