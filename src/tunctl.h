/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tunctl front end: uml-utilities' tunctl command line. */
#ifndef TUNTAPCTL_TUNCTL_H
#define TUNTAPCTL_TUNCTL_H

#include <stdio.h>

int tunctl_main(int argc, char **argv);
void tunctl_usage(FILE *f);

#endif
