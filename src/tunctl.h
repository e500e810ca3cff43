/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tunctl front end: uml-utilities' tunctl command line. */
#ifndef TUNTAPCTL_TUNCTL_H
#define TUNTAPCTL_TUNCTL_H

#include <stdio.h>

struct device_spec;

int tunctl_main(int argc, char **argv);
void tunctl_usage(FILE *f);
/* For a batch file's check: the command tunctl's command line runs, an
 * add or (-d) persist off, into *s and *cmd_id (0: none, for -h);
 * EXIT_USAGE with err.  spec_free() ends *s. */
int tunctl_spec(int argc, char **argv, struct device_spec *s,
		unsigned *cmd_id, char *err, size_t len);

#endif
