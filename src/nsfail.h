/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The words for a network namespace that cannot be opened or entered. */
#ifndef TUNTAPCTL_NSFAIL_H
#define TUNTAPCTL_NSFAIL_H

struct netns_fail;

/* Report why namespace ns could not be opened or entered, for dev (NULL:
 * the run's -n), as nf says; ends with tail when given.  Returns 1. */
int nsfail_report(const char *dev, const char *ns, const struct netns_fail *nf,
		  const char *tail);

#endif
