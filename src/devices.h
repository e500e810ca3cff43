/* Finding the devices commands act on, with errors worded for people. */
#ifndef TUNTAPCTL_DEVICES_H
#define TUNTAPCTL_DEVICES_H

#include "link.h"

/* The run's netlink socket, opened on first use; NULL after reporting. */
struct nlctx *nl_get(void);
/* Close it (at exit). */
void nl_done(void);
/* Look name up; unless it is a tun/tap device, say so (ending with
 * why) and return 1. */
int find_tun(const char *name, const char *why, struct linkinfo *li);
/* The bridge named for master of device dev: must exist and be a
 * bridge; 1 after reporting. */
int find_bridge(const char *dev, const char *name, int *ifindex);
/* "a tap device", "a bridge", "the loopback device", ... */
const char *kind_phrase(const struct linkinfo *li);
/* A tun/tap device a killed del left in its group: put it back in the
 * default group, with a note (or say why it cannot be). */
void repair_leftover(struct linkinfo *li);

#endif
