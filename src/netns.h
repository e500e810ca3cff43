#ifndef TUNTAPCTL_NETNS_H
#define TUNTAPCTL_NETNS_H

/* Enter network namespace ns (a name under /run/netns, or a path) and
 * give this process a sysfs of that namespace, as ip -n does.
 * Reports failures; returns 0 or 1. */
int enter_netns(const char *ns);

#endif
