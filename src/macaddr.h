/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MAC addresses for new taps that never move a bridge and survive
 * re-creation: derived from the machine id and the device name. */
#ifndef TUNTAPCTL_MACADDR_H
#define TUNTAPCTL_MACADDR_H

#include <stdbool.h>

/* The address for a tap named name: first octet 0xfe (unicast, locally
 * administered, above every vendor address, so a bridge never adopts
 * it), the other five from a keyed hash of the name.  Returns true when
 * it is stable (a machine id was found); false when it is random
 * (neither /etc/machine-id nor /var/lib/dbus/machine-id is usable). */
bool mac_for_name(const char *name, unsigned char mac[6]);
/* mac as text, "02:00:00:00:00:05", into out (18 bytes); returns out. */
const char *mac_text(const unsigned char mac[6], char out[18]);

/* SipHash-2-4 of msg under a 16-byte key. */
unsigned long long siphash24(const unsigned char key[16], const void *msg,
			     unsigned long len);

#endif
