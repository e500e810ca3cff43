/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Creating a tun/tap device for add: the clone device opened, the device
 * attached and given its identity (index, flags, MAC, owner, group),
 * then kept (persistent) or removed; nothing half-made remains. */
#ifndef TUNTAPCTL_CREATE_H
#define TUNTAPCTL_CREATE_H

#include <net/if.h>
#include <stdbool.h>

#include "lock.h"
#include "spec.h"

struct devstate;
struct linkinfo;

/* A device in the making.  It stays non-persistent, held only by our fd,
 * until create_keep(), so any failure (or our death) removes it. */
struct newdev {
	struct lock turn;	/* runs making this name take turns */
	int fd;			/* -1: none */
	char name[IFNAMSIZ];	/* the kernel's */
	/* The bridge it joins, as it was: a bridge whose own address was
	 * never set takes the lowest of its ports' and takes another when
	 * one leaves (none left: 00:00:00:00:00:00), so a rollback after
	 * the device joined must give the bridge its address back. */
	int bridge;
	bool bridge_known;
	unsigned char bridge_mac[6];
};

/* create_attach's answer when the name is taken (nothing made, nothing
 * said). */
#define CREATE_EXISTS 2

void create_init(struct newdev *d);
/* Runs of the same boot file at once (a unit and an ifupdown hook) take
 * turns per device name, so that none sees another's half-made device:
 * the turn on name, until create_end().  0, or 1 after reporting. */
int create_take_turn(struct newdev *d, const char *name);
/* What the kernel would refuse once the device is made, refused before:
 * a taken index, and stable_privacy with no secret for the new device
 * to take from default (moves: checked where it moves to).  0, or 1
 * after reporting. */
int create_refused(const struct device_spec *s, const char *name,
		   const char *label, bool moves);
/* A dry run's check that a device could be made: the clone device
 * opens, and we may create (CAP_NET_ADMIN); once yes, yes for the rest
 * of the process.  0, or 1 after reporting (ending with tail). */
int create_check_may(const char *label, const char *tail);
/* st: device name as the kernel makes a new tun (or tap) device. */
void create_state(struct devstate *st, const char *name, bool tap);
/* The new tap's address: the one asked for, else one derived from the
 * machine id and the name (see macaddr.h), unless 'address random';
 * NULL for none. */
const unsigned char *create_mac(const struct device_spec *s, const char *name,
				unsigned char buf[6]);
/* Make device name (a pattern, or NULL: label's) as s asks: attached
 * with s's flags and index, carrier off, its MAC, user and group.  0
 * with d->name the kernel's; CREATE_EXISTS when a fixed name is taken;
 * or 1 after reporting (nothing remains). */
int create_attach(struct newdev *d, const struct device_spec *s,
		  const char *name, const char *label);
/* The new device read back.  0, or 1 after reporting (the caller drops
 * it). */
int create_read_back(const struct newdev *d, struct linkinfo *li);
/* The device is joining bridge master: its address is remembered. */
void create_bridge_joins(struct newdev *d, int master);
/* The device removed, after a failure at step said now ("cannot STEP:
 * REASON; NAME was removed"), or (f and step NULL) said already; the
 * bridge given its address back.  Returns 1. */
int create_undo(struct newdev *d, const struct fail *f, const char *step);
/* The device kept: made persistent, our fd closed.  0, or 1 after
 * removing it. */
int create_keep(struct newdev *d);
/* The turn ended. */
void create_end(struct newdev *d);

#endif
