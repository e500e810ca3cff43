/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct device_spec: what one command line (or batch line) asks for.
 * Every way in produces one; the command layer acts on it. */
#ifndef TUNTAPCTL_SPEC_H
#define TUNTAPCTL_SPEC_H

#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXIT_USAGE 2

/* The smallest MTU a link may have and carry IPv6 (RFC 8200). */
#define IPV6_MIN_MTU 1280

/* Why a lower layer failed: the errno and, when the kernel gave one,
 * its extended-ack text.  The command layer turns it into words. */
struct fail {
	int err;
	char ext[200];
};
/* f.err of a failure said already (the netlink socket's open, which
 * device_nl reports): report_fail says nothing more. */
#define FAIL_SAID (-1)

enum tt_mode { MODE_ANY = 0, MODE_TUN, MODE_TAP };

/* A user or group as given on the command line. */
struct id_arg {
	const char *text;	/* NULL: not given */
	bool numeric;		/* given as a number: used as is */
	bool none;		/* the word "none" */
	uint32_t id;		/* resolved id */
};

/* An address of a device: the local one, and on a point-to-point
 * link its peer (the kernel's IFA_LOCAL and IFA_ADDRESS; without a
 * peer both are the local address).  The prefix length then goes with
 * the peer, as ip's "LOCAL peer PEER/PREFIX" says. */
struct cidr {
	int family;
	unsigned char addr[16];
	bool has_peer;
	unsigned char peer[16];
	unsigned prefix;
	/* read back: the IFA_F_* flags an administrator sets (ip addr
	 * add ... noprefixroute), which add does not take */
	unsigned set_flags;
	bool has_prefix;	/* given as ADDR/PREFIX, not a bare ADDR */
	bool secondary;		/* IPv4: another address holds its subnet */
	bool kernel_made;	/* read back: the kernel made it by itself */
	bool expires;		/* read back: it has a valid lifetime */
	/* canonical "addr/prefix" or "addr peer peer/prefix" */
	char text[2 * INET6_ADDRSTRLEN + 16];
};

/* Write c's canonical text from its other fields. */
void cidr_set_text(struct cidr *c);
/* The same address: local, peer and prefix length. */
bool cidr_same(const struct cidr *a, const struct cidr *b);
/* The same local address (whatever its peer and prefix). */
bool cidr_same_local(const struct cidr *a, const struct cidr *b);

/* IPv6 link-local addresses (fe80::/10) come and go with the carrier,
 * made by the kernel: they are no setting of the device. */
static inline bool cidr_link_local(const struct cidr *a)
{
	return a->family == AF_INET6 && a->addr[0] == 0xfe &&
	       (a->addr[1] & 0xc0) == 0x80;
}

struct device_spec {
	/* (Fields by size, largest first: no padding.) */
	const char **names;	/* positional names and "dev NAME" */
	size_t n_names, cap_names;
	uint64_t seen;		/* bit per keyword id already given */
	struct cidr *addrs, *deladdrs;
	size_t n_addrs, cap_addrs, n_deladdrs, cap_deladdrs;
	int64_t txqlen;		/* -1: not given */
	const char *master;
	const char *alias;	/* add, set: NULL not given, "" clears */
	const char *alias_glob;	/* filters: NULL not given */
	const char *netns;	/* add, set: the namespace to move into */
	const char *newname;	/* set: rename to this */
	const char *layout;	/* show --layout: "table", "blocks", NULL */
	/* Names given escaped, decoded (names[] and master point here). */
	char **decoded;
	size_t n_decoded, cap_decoded;
	struct id_arg user, group;

	unsigned cmd_id;
	enum tt_mode mode;
	int mtu;		/* -1: not given */
	unsigned last_kw;	/* the keyword just parsed (peer follows
				 * addr or deladdr) */
	int updown;		/* 1 up, -1 down, 0 not given */
	int carrier;		/* -1: not given */
	int persist;		/* -1: not given */
	int addrgenmode;	/* -1: not given */
	uint32_t ifindex;	/* add's index; 0: not given */

	bool pi, vnet_hdr, multi_queue, one_queue;
	bool has_mac;
	bool mac_random;	/* "address random": keep the kernel's MAC */
	bool nomaster;
	bool details, json, pretty, names_only, brief, force, keep_held;
	bool exist_ok, help;
	bool timestamps;	/* monitor -t */
	bool tree;		/* show --tree */
	bool dry_run;		/* see struct run's predict (run.h) */
	unsigned char mac[6];
};

void spec_init(struct device_spec *s);
void spec_free(struct device_spec *s);

#endif
