/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The grammar: parsing a command's keywords, values and options into a
 * struct device_spec, and each command's check of what they add up to. */
#include "config.h"

#include "args.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fields.h"
#include "link.h"
#include "output.h"
#include "util.h"

enum kw_id {
	K_DEV, K_MODE, K_USER, K_GROUP, K_PI, K_VNET_HDR, K_MULTI_QUEUE,
	K_ONE_QUEUE, K_MTU, K_ADDRESS, K_ADDR, K_DELADDR, K_UP, K_DOWN,
	K_TXQLEN, K_MASTER, K_NOMASTER, K_CARRIER, K_ON, K_OFF, K_ALIAS,
	K_ADDRGENMODE, K_INDEX, K_NETNS, K_NEWNAME, K_PEER,
};

static int seterr(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int seterr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* Prefix a value check's message with the command; returns r. */
static int with_cmd(int r, const char *cmd, char *err, size_t len)
{
	char tmp[256];

	snprintf(tmp, sizeof(tmp), "%s: %s", cmd, err);
	snprintf(err, len, "%s", tmp);
	return r;
}

enum tt_mode args_mode_from_name(const char *name)
{
	if (!strncmp(name, "tun", 3))
		return MODE_TUN;
	if (!strncmp(name, "tap", 3))
		return MODE_TAP;
	return MODE_ANY;
}

/* The words args_spelled() gave, for the command being parsed. */
static struct {
	const char **v;
	size_t n, cap;
} spelled;

void args_spelled(char *const *words, const bool *flags, int n)
{
	int i;

	spelled.n = 0;
	for (i = 0; i < n; i++) {
		if (!flags[i])
			continue;
		xgrow((void **)&spelled.v, &spelled.cap, spelled.n + 1,
		      sizeof(*spelled.v));
		spelled.v[spelled.n++] = words[i];
	}
	if (!n) {
		free(spelled.v);
		memset(&spelled, 0, sizeof(spelled));
	}
}

/* Whether w is one of those words (the word itself, not a copy). */
static bool is_spelled(const char *w)
{
	size_t i;

	for (i = 0; i < spelled.n; i++)
		if (spelled.v[i] == w)
			return true;
	return false;
}

static int check_literal_ifname(const char *name, bool creating, char *err,
				size_t len)
{
	const char *shown;
	const char *p, *pct;
	size_t n = strlen(name);

	shown = vis(name);
	if (n == 0)
		return seterr(err, len, "device name is empty");
	if (n >= IFNAMSIZ)
		return seterr(err, len,
			      "device name '%s' is %zu bytes long; the kernel allows at most %d",
			      shown, n, IFNAMSIZ - 1);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return seterr(err, len, "'%s' is not a valid device name", shown);
	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		/* The kernel refuses '/', ':' and whitespace (its isspace()
		 * includes 0xa0). */
		if (c == '/' || c == ':')
			return seterr(err, len,
				      "device name '%s' must not contain '%c'",
				      shown, c);
		if (isspace(c) || c == 0xa0)
			return seterr(err, len,
				      "device name '%s' must not contain whitespace",
				      shown);
	}
	/* What printing would have to escape, we do not create as typed,
	 * so that a stray byte cannot make a name that prints other than it
	 * was typed.  A boot file may spell such bytes with $'...' (as save
	 * writes them), to make again a device another tool made.  Devices
	 * with such names can always be shown, changed and deleted. */
	switch (creating && !is_spelled(name) ? text_flaw(name) : TEXT_PLAIN) {
	case TEXT_NOT_UTF8:
		return seterr(err, len, "device name '%s' is not valid UTF-8",
			      shown);
	case TEXT_CONTROL:
		return seterr(err, len,
			      "device name '%s' must not contain control characters",
			      shown);
	case TEXT_INVISIBLE:
		return seterr(err, len,
			      "device name '%s' must not contain invisible or unassigned characters",
			      shown);
	case TEXT_PLAIN:
		break;
	}
	pct = strchr(name, '%');
	if (pct) {
		if (!creating)
			return seterr(err, len,
				      "device name '%s' must not contain '%%' here (patterns such as vm%%d are only for add)",
				      shown);
		if (pct[1] != 'd' || strchr(pct + 1, '%'))
			return seterr(err, len,
				      "device name '%s': a pattern may hold one '%%d' and no other '%%'",
				      shown);
	}
	return 0;
}

/* A name that is not valid as typed may be a name as show prints it,
 * escaped (escape.h): that names the device of the bytes it encodes. */
int args_check_ifname(const char *name, bool creating, char *err, size_t len)
{
	char bytes[IFNAMSIZ];
	int r = check_literal_ifname(name, creating, err, len);

	if (r && !creating && escape_decode(name, bytes, sizeof(bytes)) &&
	    check_literal_ifname(bytes, false, NULL, 0) == 0)
		return 0;
	return r;
}

int args_parse_id(struct id_arg *a, const char *v, const char *what,
		 char *err, size_t len)
{
	uint64_t id;

	memset(a, 0, sizeof(*a));
	a->text = v;
	if (!*v)
		return seterr(err, len, "empty %s name", what);
	if (!strcmp(v, "none")) {
		a->none = true;
		return 0;
	}
	if (v[0] >= '0' && v[0] <= '9') {
		bool digits = strspn(v, "0123456789") == strlen(v);

		/* (uid_t)-1 means "unset" to the kernel, so it is no id. */
		if (digits && parse_u64(v, 0, 4294967294u, &id) == 0) {
			a->numeric = true;
			a->id = (uint32_t)id;
			return 0;
		}
		if (digits)
			return seterr(err, len,
				      "%s id '%s' is out of range (0-4294967294)",
				      what, vis(v));
	}
	return 0;
}

static int add_name(struct device_spec *s, const char *v, char *err,
		    size_t len)
{
	int r = args_check_ifname(v, s->cmd_id == C_ADD, err, len);

	if (r)
		return r;
	xgrow((void **)&s->names, &s->cap_names, s->n_names,
	      sizeof(*s->names));
	s->names[s->n_names++] = v;
	return 0;
}

static int kw_mode(struct device_spec *s, const char *v, char *err,
		   size_t len)
{
	if (!strcmp(v, "tun"))
		s->mode = MODE_TUN;
	else if (!strcmp(v, "tap"))
		s->mode = MODE_TAP;
	else
		return seterr(err, len, "invalid mode '%s': expected tun or tap",
			      vis(v));
	return 0;
}

static int kw_user(struct device_spec *s, const char *v, char *err,
		   size_t len)
{
	return args_parse_id(&s->user, v, "user", err, len);
}

static int kw_group(struct device_spec *s, const char *v, char *err,
		    size_t len)
{
	return args_parse_id(&s->group, v, "group", err, len);
}

static int kw_flag(struct device_spec *s, const char *v, char *err,
		   size_t len)
{
	(void)err;
	(void)len;
	if (!strcmp(v, "pi"))
		s->pi = true;
	else if (!strcmp(v, "vnet_hdr"))
		s->vnet_hdr = true;
	else if (!strcmp(v, "multi_queue"))
		s->multi_queue = true;
	else if (!strcmp(v, "one_queue"))
		s->one_queue = true;
	else if (!strcmp(v, "up"))
		s->updown = 1;
	else if (!strcmp(v, "down"))
		s->updown = -1;
	else if (!strcmp(v, "nomaster"))
		s->nomaster = true;
	else if (!strcmp(v, "on"))
		s->persist = 1;
	else if (!strcmp(v, "off"))
		s->persist = 0;
	return 0;
}

/* Keyword what's value v, a number from min to max, in *n. */
static int number(const char *what, const char *v, uint64_t min,
		  uint64_t max, uint64_t *n, char *err, size_t len)
{
	if (parse_u64(v, min, max, n))
		return seterr(err, len,
			      "invalid %s '%s': expected a number from %" PRIu64 " to %" PRIu64,
			      what, vis(v), min, max);
	return 0;
}

static int kw_mtu(struct device_spec *s, const char *v, char *err,
		  size_t len)
{
	uint64_t n;

	/* 68 is the IPv4 minimum every Ethernet-like device enforces; the
	 * device's own range is checked against what the kernel reports. */
	if (number("mtu", v, 68, 65535, &n, err, len))
		return EXIT_USAGE;
	s->mtu = (int)n;
	return 0;
}

/* A keyword with no parser of its own: a number setting of the device
 * field table (its canonical name the field's key), in the field's
 * range. */
static int kw_number(const struct keyword *k, struct device_spec *s,
		     const char *v, char *err, size_t len)
{
	const char *key = k->alias_of ? k->alias_of : k->name;
	const struct field *f = fields_find(key);
	uint64_t n;

	if (!f || !(f->flags & FIELD_NUMBER))
		return seterr(err, len,
			      "internal error: keyword '%s' has no parser", key);
	if (number(key, v, f->min, f->max, &n, err, len))
		return EXIT_USAGE;
	fields_spec_set_num(f, s, (int64_t)n);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int kw_mac(struct device_spec *s, const char *v, char *err,
		  size_t len)
{
	const char *shown;
	const char *p = v;
	int i;

	shown = vis(v);
	if (!strcmp(v, "random")) {
		if (s->cmd_id != C_ADD)
			return seterr(err, len,
				      "'address random' is only for add (it keeps the random address the kernel gives a new tap)");
		s->mac_random = true;
		return 0;
	}
	for (i = 0; i < 6; i++) {
		int hi = hexval(p[0]), lo;

		if (hi < 0)
			goto bad;
		lo = hexval(p[1]);
		if (lo >= 0) {
			s->mac[i] = (unsigned char)(hi << 4 | lo);
			p += 2;
		} else {
			s->mac[i] = (unsigned char)hi;
			p += 1;
		}
		if (i < 5) {
			if (*p != ':')
				goto bad;
			p++;
		}
	}
	if (*p)
		goto bad;
	if (s->mac[0] & 1)
		return seterr(err, len,
			      "invalid MAC address '%s': a %s address cannot be a device's address",
			      shown,
			      memcmp(s->mac, "\xff\xff\xff\xff\xff\xff", 6) ?
			      "multicast" : "broadcast");
	if (!memcmp(s->mac, "\0\0\0\0\0\0", 6))
		return seterr(err, len,
			      "invalid MAC address '%s': the all-zero address is not allowed",
			      shown);
	s->has_mac = true;
	return 0;
bad:
	return seterr(err, len,
		      "invalid MAC address '%s': expected six hex bytes such as 02:00:00:00:00:01",
		      shown);
}

static int parse_cidr(struct cidr *c, const char *v, char *err, size_t len)
{
	const char *shown;
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(v, '/');
	size_t alen = slash ? (size_t)(slash - v) : strlen(v);
	uint64_t prefix;

	memset(c, 0, sizeof(*c));
	shown = vis(v);
	if (alen == 0)
		return seterr(err, len,
			      "invalid address '%s': the address is missing",
			      shown);
	if (alen >= sizeof(buf))
		goto bad;
	memcpy(buf, v, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, c->addr) == 1)
		c->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, c->addr) == 1)
		c->family = AF_INET6;
	else
		goto bad;
	if (!memcmp(c->addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16))
		return seterr(err, len,
			      "invalid address '%s': the unspecified address cannot be assigned to a device",
			      shown);
	c->prefix = c->family == AF_INET ? 32 : 128;
	if (slash) {
		if (parse_u64(slash + 1, 0, c->prefix, &prefix))
			return seterr(err, len,
				      "invalid address '%s': the prefix length must be 0-%u",
				      shown, c->prefix);
		c->prefix = (unsigned)prefix;
		c->has_prefix = true;
	}
	cidr_set_text(c);
	return 0;
bad:
	return seterr(err, len,
		      "invalid address '%s': expected IPv4 or IPv6 address with optional /PREFIX",
		      shown);
}

static int push_cidr(struct cidr **arr, size_t *n, size_t *cap,
		     const char *kw, const char *v, char *err, size_t len)
{
	struct cidr c;
	size_t i;
	int r = parse_cidr(&c, v, err, len);

	if (r)
		return r;
	/* An IPv4 address may be had with two prefix lengths (the kernel
	 * keeps both); an IPv6 address only once. */
	for (i = 0; i < *n; i++)
		if ((*arr)[i].family == c.family &&
		    !memcmp((*arr)[i].addr, c.addr, 16) &&
		    (c.family != AF_INET || (*arr)[i].prefix == c.prefix ||
		     !(*arr)[i].has_prefix || !c.has_prefix))
			return seterr(err, len, "%s %s given twice", kw,
				      c.text);
	xgrow((void **)arr, cap, *n, sizeof(**arr));
	(*arr)[(*n)++] = c;
	return 0;
}

static int kw_addr(struct device_spec *s, const char *v, char *err,
		   size_t len)
{
	return push_cidr(&s->addrs, &s->n_addrs, &s->cap_addrs, "addr", v, err,
			 len);
}

static int kw_deladdr(struct device_spec *s, const char *v, char *err,
		      size_t len)
{
	return push_cidr(&s->deladdrs, &s->n_deladdrs, &s->cap_deladdrs,
			 "deladdr", v, err, len);
}

/* "addr LOCAL peer PEER[/PREFIX]" (or deladdr's): the peer of the
 * address just given, with the prefix length, as ip takes it. */
static int kw_peer(struct device_spec *s, const char *v, char *err,
		   size_t len)
{
	struct cidr p, *c;
	char local[INET6_ADDRSTRLEN];
	int r;

	if (s->last_kw == K_ADDR && s->n_addrs)
		c = &s->addrs[s->n_addrs - 1];
	else if (s->last_kw == K_DELADDR && s->n_deladdrs)
		c = &s->deladdrs[s->n_deladdrs - 1];
	else
		return seterr(err, len,
			      "'peer %s' must follow an address: addr LOCAL peer PEER[/PREFIX]",
			      vis(v));
	r = parse_cidr(&p, v, err, len);
	if (r)
		return r;
	inet_ntop(c->family, c->addr, local, sizeof(local));
	if (p.family != c->family)
		return seterr(err, len,
			      "address %s peer %s: the peer must be of the same family",
			      local, vis(v));
	if (c->has_prefix)
		return seterr(err, len,
			      "address %s peer %s: with a peer, the prefix length goes with the peer (addr %s peer PEER/%u)",
			      c->text, vis(v), local, c->prefix);
	/* A peer that is the address itself is no peer (as for ip). */
	c->has_peer = memcmp(p.addr, c->addr, 16) != 0;
	memcpy(c->peer, p.addr, 16);
	c->prefix = p.prefix;
	c->has_prefix = true;
	cidr_set_text(c);
	return 0;
}

static int kw_master(struct device_spec *s, const char *v, char *err,
		     size_t len)
{
	int r = args_check_ifname(v, false, err, len);

	if (!r)
		s->master = v;
	return r;
}

static int kw_carrier(struct device_spec *s, const char *v, char *err,
		      size_t len)
{
	if (!strcmp(v, "on"))
		s->carrier = 1;
	else if (!strcmp(v, "off"))
		s->carrier = 0;
	else
		return seterr(err, len, "invalid carrier '%s': expected on or off",
			      vis(v));
	return 0;
}

/* The interface alias: at most 255 bytes (IFALIASZ less its NUL), and
 * nothing that printing would have to escape unless spelled with $'...',
 * as for the names we create. */
static int kw_alias(struct device_spec *s, const char *v, char *err,
		    size_t len)
{
	size_t n = strlen(v);

	if (n > 255)
		return seterr(err, len,
			      "alias is %zu bytes long; the kernel allows at most 255",
			      n);
	switch (is_spelled(v) ? TEXT_PLAIN : text_flaw(v)) {
	case TEXT_NOT_UTF8:
		return seterr(err, len, "alias '%s' is not valid UTF-8", vis(v));
	case TEXT_CONTROL:
		return seterr(err, len,
			      "alias '%s' must not contain control characters",
			      vis(v));
	case TEXT_INVISIBLE:
		return seterr(err, len,
			      "alias '%s' must not contain invisible or unassigned characters",
			      vis(v));
	case TEXT_PLAIN:
		break;
	}
	s->alias = v;
	return 0;
}

static int kw_alias_glob(struct device_spec *s, const char *v, char *err,
			 size_t len)
{
	(void)err;
	(void)len;
	s->alias_glob = v;
	return 0;
}

static int kw_addrgenmode(struct device_spec *s, const char *v, char *err,
			  size_t len)
{
	s->addrgenmode = addrgenmode_from_name(v);
	if (s->addrgenmode < 0)
		return seterr(err, len,
			      "invalid addrgenmode '%s': expected none, eui64, stable_privacy or random",
			      vis(v));
	return 0;
}

static int kw_index(struct device_spec *s, const char *v, char *err,
		    size_t len)
{
	uint64_t n;

	/* The kernel takes 0 as "any", and an index is a positive int. */
	if (number("index", v, 1, 2147483647, &n, err, len))
		return EXIT_USAGE;
	s->ifindex = (uint32_t)n;
	return 0;
}

static int kw_netns(struct device_spec *s, const char *v, char *err,
		    size_t len)
{
	if (!*v)
		return seterr(err, len,
			      "the network namespace name is empty (give a name from /run/netns, a path or a pid)");
	if (!strcmp(v, ".") || !strcmp(v, ".."))
		return seterr(err, len,
			      "network namespace '%s' is not a name in /run/netns",
			      v);
	s->netns = v;
	return 0;
}

/* set's 'name': before the device, the device (as in ip tuntap); after
 * it, the new name (as in ip link set DEV name NEW). */
static int kw_newname(struct device_spec *s, const char *v, char *err,
		      size_t len)
{
	int r;

	if (!s->n_names)
		return add_name(s, v, err, len);
	if (s->newname)
		return seterr(err, len, "the new name is given twice ('%s' and '%s')",
			      vis(s->newname), vis(v));
	r = args_check_ifname(v, true, err, len);
	if (r)
		return r;
	if (strchr(v, '%'))
		return seterr(err, len,
			      "the new name '%s' cannot be a pattern", vis(v));
	s->newname = v;
	return 0;
}

#define FILTERS (C_DEL | C_SHOW | C_MONITOR | C_SAVE)
#define LINKCFG (C_ADD | C_SET)

const struct keyword keywords[] = {
	{ "dev", K_DEV, "NAME", C_ADD | C_SET | C_SETOWNER | C_PERSIST |
	  FILTERS, FILTERS, NULL, NULL,
	  "the device; a word that is no keyword names it too", add_name },
	{ "name", K_DEV, "NAME", C_ADD | C_SETOWNER | C_PERSIST | FILTERS,
	  FILTERS, "dev", NULL,
	  "same as dev", add_name },
	{ "name", K_NEWNAME, "NEWNAME", C_SET, C_SET, NULL, NULL,
	  "after the device: rename it to NEWNAME (before it: same as dev)",
	  kw_newname },
	{ "mode", K_MODE, "tun|tap", C_ADD | FILTERS, 0, NULL, NULL,
	  "tun (layer 3) or tap (Ethernet)", kw_mode },
	{ "user", K_USER, "USER", C_ADD | C_SETOWNER | FILTERS, 0, NULL, NULL,
	  "owning user, a name or a numeric uid", kw_user },
	{ "group", K_GROUP, "GROUP", C_ADD | C_SETOWNER | FILTERS, 0, NULL, NULL,
	  "owning group, a name or a numeric gid", kw_group },
	{ "pi", K_PI, NULL, C_ADD, 0, NULL, NULL,
	  "prefix packets with the 4-byte packet information header", kw_flag },
	{ "vnet_hdr", K_VNET_HDR, NULL, C_ADD, 0, NULL, NULL,
	  "prefix packets with a virtio-net header (QEMU vhost)", kw_flag },
	{ "multi_queue", K_MULTI_QUEUE, NULL, C_ADD, 0, NULL, NULL,
	  "allow several queues (file descriptors) per device", kw_flag },
	{ "one_queue", K_ONE_QUEUE, NULL, C_ADD, 0, NULL, NULL,
	  "legacy flag, accepted and recorded; the kernel ignores it", kw_flag },
	{ "mtu", K_MTU, "N", LINKCFG, 0, NULL, NULL,
	  "maximum transmission unit", kw_mtu },
	{ "address", K_ADDRESS, "MAC|random", LINKCFG, 0, NULL, NULL,
	  "Ethernet address of a tap device (add: 'random' keeps the kernel's)",
	  kw_mac },
	{ "mac", K_ADDRESS, "MAC|random", LINKCFG, 0, "address", NULL,
	  "same as address", kw_mac },
	{ "addr", K_ADDR, "CIDR", LINKCFG, LINKCFG, NULL, NULL,
	  "add an IPv4 or IPv6 address (ADDR[/PREFIX]); repeatable", kw_addr },
	{ "deladdr", K_DELADDR, "CIDR", C_SET, C_SET, NULL, NULL,
	  "remove an address; repeatable", kw_deladdr },
	{ "peer", K_PEER, "PEER[/PREFIX]", LINKCFG, LINKCFG, NULL, NULL,
	  "after addr or deladdr: the point-to-point peer of that address",
	  kw_peer },
	{ "up", K_UP, NULL, LINKCFG, 0, NULL, "down", "bring the link up", kw_flag },
	{ "down", K_DOWN, NULL, LINKCFG, 0, NULL, "up", "take the link down",
	  kw_flag },
	{ "txqueuelen", K_TXQLEN, "N", LINKCFG, 0, NULL, NULL, NULL, NULL },
	{ "txqlen", K_TXQLEN, "N", LINKCFG, 0, "txqueuelen", NULL,
	  "same as txqueuelen", NULL },
	{ "master", K_MASTER, "BRIDGE", LINKCFG | FILTERS, 0, NULL, "nomaster",
	  "bridge the device is a port of", kw_master },
	{ "nomaster", K_NOMASTER, NULL, C_SET, 0, NULL, "master",
	  "remove the device from its bridge", kw_flag },
	{ "carrier", K_CARRIER, "on|off", C_SET, 0, NULL, NULL,
	  "carrier of a device a program holds open", kw_carrier },
	{ "on", K_ON, NULL, C_PERSIST, 0, NULL, "off", "make the device persistent",
	  kw_flag },
	{ "off", K_OFF, NULL, C_PERSIST, 0, NULL, "on",
	  "remove persistence: the device goes when no program holds it",
	  kw_flag },
	{ "alias", K_ALIAS, "TEXT", LINKCFG, 0, NULL, NULL,
	  "the interface alias, a description of up to 255 bytes ('' clears it)",
	  kw_alias },
	{ "alias", K_ALIAS, "GLOB", FILTERS, 0, NULL, NULL,
	  "interface alias matching the shell pattern GLOB", kw_alias_glob },
	{ "addrgenmode", K_ADDRGENMODE, "none|eui64|stable_privacy|random",
	  LINKCFG, 0, NULL, NULL,
	  "how IPv6 makes the link-local address (none: no IPv6 link-local)",
	  kw_addrgenmode },
	{ "index", K_INDEX, "N", C_ADD, 0, NULL, NULL,
	  "the interface index the new device gets", kw_index },
	{ "netns", K_NETNS, "NETNS", LINKCFG, 0, NULL, NULL,
	  "move the device into network namespace NETNS (a name, path or pid)",
	  kw_netns },
};
const size_t n_keywords = ARRAY_SIZE(keywords);

/* A keyword's help: its own, or (NULL there) its device field's. */
static const char *keyword_help(const struct keyword *k)
{
	const struct field *f = k->help ? NULL : fields_find(k->name);

	return f ? f->help : k->help;
}

#define SHOWOPT (C_GLOBAL | C_SHOW)
#define JSONOPT (C_GLOBAL | C_ADD | C_DEL | C_SHOW | C_SET | C_SETOWNER | \
		 C_PERSIST | C_MONITOR | C_SAVE)
#define PRETTYOPT (C_GLOBAL | C_ADD | C_DEL | C_SHOW | C_SET | C_SETOWNER | \
		   C_PERSIST | C_SAVE)
#define CHANGING (C_ADD | C_DEL | C_SET | C_SETOWNER | C_PERSIST)
#define ALLCMDS (C_ADD | C_DEL | C_SHOW | C_SET | C_SETOWNER | C_PERSIST | \
		 C_HELP | C_TUNCTL | C_MONITOR | C_SAVE)

const struct option_def options[] = {
	{ "details", "details", O_DETAILS, SHOWOPT, 'd', false, NULL,
	  "show details: addresses, bridge, queues, processes" },
	{ "json", "json", O_JSON, JSONOPT, 'j', false, NULL,
	  "print JSON: show's listing, monitor's events, or a report of what the command changed" },
	{ "pretty", "pretty", O_PRETTY, PRETTYOPT, 'p', false, NULL,
	  "indent JSON for people" },
	{ "names", NULL, O_NAMES, C_GLOBAL | C_SHOW, 'N', false, NULL,
	  "print device names only, one per line" },
	{ "brief", "brief", O_BRIEF, SHOWOPT, 0, false, NULL,
	  "one short line per device: name, type, state, addresses" },
	{ "layout", NULL, O_LAYOUT, SHOWOPT, 0, false, "table|blocks",
	  "a table, or a block per device (-d: blocks if the table is wider)" },
	{ "tree", NULL, O_TREE, SHOWOPT, 0, false, NULL,
	  "bridges with their ports and holders, then devices on no bridge" },
	{ "color", "color", O_COLOR, C_GLOBAL, 'c', false,
	  "[=auto|always|never]",
	  "colour state, names and warnings (auto: on a terminal; default)" },
	{ "force", NULL, O_FORCE, C_GLOBAL | C_DEL, 0, false, NULL,
	  "del, --prune: delete devices even while a program holds them open" },
	{ "keep-held", NULL, O_KEEP_HELD, C_DEL, 0, false, NULL,
	  "keep devices a program holds, with a note, instead of failing" },
	{ "timestamp", "timestamp", O_TIMESTAMP, C_GLOBAL | C_MONITOR, 't',
	  false, NULL, "monitor: begin each event with its time (ISO 8601)" },
	{ "dry-run", NULL, O_DRY_RUN, C_GLOBAL | CHANGING, 0, false, NULL,
	  "say what would change, and change nothing" },
	{ "prune", NULL, O_PRUNE, C_GLOBAL, 0, false, NULL,
	  "with --exist-ok --batch: delete the tun/tap devices the file does not name" },
	{ "exist-ok", NULL, O_EXIST_OK, C_GLOBAL | C_ADD, 0, false, NULL,
	  "add: converge an existing device of the same mode and multi_queue" },
	{ "netns", "netns", O_NETNS, C_GLOBAL, 'n', false, "NETNS",
	  "act in network namespace NETNS (a name in /run/netns or a path)" },
	{ "batch", "batch", O_BATCH, C_GLOBAL, 'b', false, "FILE",
	  "read commands from FILE, one per line ('-' for standard input)" },
	{ "keep-going", "force", O_KEEPGOING, C_GLOBAL, 'k', false, NULL,
	  "with --batch: no check of the whole file first; go on after a failed line" },
	{ "tun-device", NULL, O_TUNDEV, C_GLOBAL, 'f', false, "PATH",
	  "clone device to open (default /dev/net/tun)" },
	{ "help", "help", O_HELP, C_GLOBAL | ALLCMDS, 'h', false, NULL,
	  "show this help and exit" },
	{ "version", "Version", O_VERSION, C_GLOBAL, 'V', false, NULL,
	  "show the version and exit" },
	/* uml-utilities' tunctl, as its front end takes them. */
	{ NULL, NULL, O_T_BRIEF, C_TUNCTL, 'b', false, NULL,
	  "brief output: print only the device name" },
	{ NULL, NULL, O_T_USER, C_TUNCTL, 'u', false, "OWNER",
	  "owner (a name or uid; default: the caller, unless -g is given)" },
	{ NULL, NULL, O_T_GROUP, C_TUNCTL, 'g', false, "GROUP",
	  "group (a name or gid)" },
	{ NULL, NULL, O_T_NAME, C_TUNCTL, 't', false, "NAME",
	  "device name (default: the kernel picks tapN or tunN)" },
	{ NULL, NULL, O_T_TAP, C_TUNCTL, 'p', false, NULL,
	  "create a tap device (the default)" },
	{ NULL, NULL, O_T_TUN, C_TUNCTL, 'n', false, NULL,
	  "create a tun device" },
	{ NULL, NULL, O_T_DELETE, C_TUNCTL, 'd', false, "NAME",
	  "turn persistence off: the device goes when no program holds it" },
	{ NULL, NULL, O_TUNDEV, C_TUNCTL, 'f', false, "PATH",
	  "clone device (default /dev/net/tun)" },
	{ "list-commands", NULL, O_LIST_COMMANDS, C_GLOBAL, 0, true, NULL,
	  "list command names (for completion)" },
	{ "list-keywords", NULL, O_LIST_KEYWORDS, C_GLOBAL, 0, true, "COMMAND",
	  "list a command's keywords (for completion)" },
	{ "list-options", NULL, O_LIST_OPTIONS, C_GLOBAL, 0, true, "COMMAND",
	  "list a command's options (for completion)" },
};
const size_t n_options = ARRAY_SIZE(options);

const struct keyword *keyword_find(const char *word, unsigned cmd_id)
{
	const struct keyword *first = NULL;
	size_t i;

	for (i = 0; i < n_keywords; i++) {
		if (strcmp(keywords[i].name, word) != 0)
			continue;
		if (keywords[i].cmds & cmd_id)
			return &keywords[i];
		if (!first)
			first = &keywords[i];
	}
	return first;
}

const char *keyword_suggest(const char *word, unsigned cmd_id)
{
	const char *best = NULL;
	unsigned best_d = 3, d;
	size_t i;

	for (i = 0; i < n_keywords; i++) {
		if (!(keywords[i].cmds & cmd_id))
			continue;
		d = str_distance(word, keywords[i].name);
		/* Short words are too easily near something. */
		if (d < best_d && 2 * (size_t)d <= strlen(keywords[i].name)) {
			best_d = d;
			best = keywords[i].name;
		}
	}
	return best;
}

static const char *cmds_taking(const struct command *table, size_t n,
			       unsigned cmds, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if ((cmds & table[i].id) && !table[i].hidden)
			o += (size_t)snprintf(buf + o, o < len ? len - o : 0,
					      "%s%s", o ? ", " : "", table[i].name);
	return buf;
}

/* An option of `where` by its long name: exact, or a unique prefix (as
 * getopt_long allows).  *ambiguous is set when several match. */
static const struct option_def *by_long(const char *name, size_t n,
					unsigned where, bool *ambiguous)
{
	const struct option_def *found = NULL;
	size_t i;

	*ambiguous = false;
	for (i = 0; i < n_options; i++) {
		const struct option_def *o = &options[i];

		if (!(o->where & where) || !o->lname ||
		    strncmp(o->lname, name, n) != 0)
			continue;
		if (!o->lname[n])
			return o;
		*ambiguous = found != NULL;
		found = o;
	}
	return *ambiguous ? NULL : found;
}

static const struct option_def *by_short(char c, unsigned where)
{
	size_t i;

	for (i = 0; i < n_options; i++)
		if (options[i].sname == c && (options[i].where & where))
			return &options[i];
	return NULL;
}

/* ip's spelling: a single dash and a word of which the option's ip
 * name begins with (iproute2's matches()), at least two letters long so
 * that "-d" stays the short option. */
static const struct option_def *by_ipname(const char *w, unsigned where)
{
	size_t i, n = strcspn(w, "=");

	if (n < 2)
		return NULL;
	for (i = 0; i < n_options; i++)
		if (options[i].ipname && (options[i].where & where) &&
		    strncmp(options[i].ipname, w, n) == 0 &&
		    (!w[n] || (options[i].arg && options[i].arg[0] == '[')))
			return &options[i];
	return NULL;
}

/* "CMD: " in front of an option error, when there is a command. */
#define CMD_PREFIX(cmd) (cmd) ? (cmd) : "", (cmd) ? ": " : ""

/* The value of option o: the rest of the word (inline, may be NULL) or
 * the next word. */
static bool value_optional(const struct option_def *o)
{
	return o->arg && o->arg[0] == '[';
}

static int take_value(const struct option_def *o, const char *inline_v,
		      const char *shown, int argc, char **argv, int *i,
		      const char *cmd, const char **v, char *err, size_t len)
{
	*v = NULL;
	if (!o->arg || value_optional(o))
		return 0;
	if (inline_v) {
		*v = inline_v;
		return 0;
	}
	if (*i + 1 >= argc) {
		return seterr(err, len, "%s%soption '%s' needs a value",
			      CMD_PREFIX(cmd), vis(shown));
	}
	*v = argv[++*i];
	return 0;
}

int option_word(int argc, char **argv, int *i, unsigned where,
		const char *cmd, option_fn fn, void *arg, char *err,
		size_t len)
{
	const char *w = argv[*i], *v, *p;
	const struct option_def *o;
	bool ambiguous;
	char one[3] = "-";
	int r;

	if (w[1] == '-') {
		const char *eq = strchr(w + 2, '=');
		size_t n = eq ? (size_t)(eq - w - 2) : strlen(w + 2);

		ambiguous = false;
		o = n ? by_long(w + 2, n, where, &ambiguous) : NULL;
		if (!o)
			return seterr(err, len, "%s%s%s option '%s'",
				      CMD_PREFIX(cmd),
				      ambiguous ? "ambiguous" : "unknown",
				      vis(w));
		if (eq && !o->arg)
			return seterr(err, len, "%s%soption '--%s' takes no value",
				      CMD_PREFIX(cmd), o->lname);
		if (value_optional(o))
			return fn(o, eq ? eq + 1 : NULL, arg);
		r = take_value(o, eq ? eq + 1 : NULL, w, argc, argv, i, cmd, &v,
			       err, len);
		return r ? r : fn(o, v, arg);
	}
	o = by_ipname(w + 1, where);
	if (o) {
		const char *eq = strchr(w, '=');

		/* ip's -color=never */
		if (value_optional(o))
			return fn(o, eq ? eq + 1 : NULL, arg);
		r = take_value(o, NULL, w, argc, argv, i, cmd, &v, err, len);
		return r ? r : fn(o, v, arg);
	}
	/* A cluster of short options, such as -dj; one that takes a value
	 * ends it, with the rest of the word or the next word. */
	for (p = w + 1; *p; p++) {
		one[1] = *p;
		o = by_short(*p, where);
		/* A word that does not start with a short option is one
		 * unknown option, such as ip's -oneline. */
		if (!o && p == w + 1)
			return seterr(err, len, "%s%sunknown option '%s'",
				      CMD_PREFIX(cmd), vis(w));
		if (!o)
			return seterr(err, len, "%s%sunknown option '%s' in '%s'",
				      CMD_PREFIX(cmd), vis(one),
				      vis(w));
		r = take_value(o, p[1] ? p + 1 : NULL, one, argc, argv, i, cmd,
			       &v, err, len);
		if (!r)
			r = fn(o, v, arg);
		if (r || o->arg)
			return r;
	}
	return 0;
}

static int set_option(const struct option_def *o, const char *value,
		      void *arg)
{
	struct device_spec *s = arg;

	(void)value;
	switch (o->id) {
	case O_DETAILS: s->details = true; break;
	case O_JSON: s->json = true; break;
	case O_PRETTY: s->pretty = true; break;
	case O_NAMES: s->names_only = true; break;
	case O_BRIEF: s->brief = true; break;
	case O_LAYOUT: s->layout = value; break;
	case O_TREE: s->tree = true; break;
	case O_FORCE: s->force = true; break;
	case O_KEEP_HELD: s->keep_held = true; break;
	case O_DRY_RUN: s->dry_run = true; break;
	case O_TIMESTAMP: s->timestamps = true; break;
	case O_EXIST_OK: s->exist_ok = true; break;
	case O_HELP: s->help = true; break;
	default: break;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A name given twice; sorting keeps this linear-logarithmic for a
 * del of thousands of names. */
static int check_twice(struct device_spec *s, char *err, size_t len)
{
	const char **v;
	size_t i;
	int r = 0;

	if (s->n_names < 2)
		return 0;
	v = xmalloc(s->n_names * sizeof(*v));
	memcpy(v, s->names, s->n_names * sizeof(*v));
	qsort(v, s->n_names, sizeof(*v), name_cmp);
	for (i = 1; i < s->n_names && !r; i++) {
		if (!strcmp(v[i - 1], v[i])) {
			r = seterr(err, len, "device '%s' given twice",
				   vis(v[i]));
		}
	}
	free(v);
	return r;
}

/* What every command's words must add up to. */
static int check_common(const struct command *c, struct device_spec *s,
			char *err, size_t len)
{
	size_t i, j;

	if (check_twice(s, err, len))
		return with_cmd(EXIT_USAGE, c->name, err, len);
	for (i = 0; i < s->n_addrs; i++)
		for (j = 0; j < s->n_deladdrs; j++)
			if (s->addrs[i].family == s->deladdrs[j].family &&
			    !memcmp(s->addrs[i].addr, s->deladdrs[j].addr, 16))
				return seterr(err, len,
					      "%s: address %s is both added and removed",
					      c->name, s->addrs[i].text);
	return 0;
}

int args_check_add(struct device_spec *s, char *err, size_t len)
{
	size_t i;

	if (s->n_names && s->mode == MODE_ANY)
		s->mode = args_mode_from_name(s->names[0]);
	if (s->mode == MODE_ANY)
		return seterr(err, len,
			      "add: 'mode tun' or 'mode tap' is needed unless the name begins with tun or tap");
	if (s->mtu >= 0 && s->mtu < IPV6_MIN_MTU) {
		for (i = 0; i < s->n_addrs; i++)
			if (s->addrs[i].family == AF_INET6)
				return seterr(err, len,
					      "add: address %s: IPv6 needs an MTU of at least %d, and mtu %d is lower",
					      s->addrs[i].text, IPV6_MIN_MTU, s->mtu);
	}
	if (s->mode == MODE_TUN && (s->has_mac || s->mac_random))
		return seterr(err, len,
			      "add: tun devices have no MAC address; drop 'address' or use mode tap");
	if (s->exist_ok && !s->n_names)
		return seterr(err, len,
			      "add: --exist-ok needs a device name: without one, every run makes a new device, which cannot be converged");
	if (s->exist_ok && strchr(s->names[0], '%'))
		return seterr(err, len,
			      "add: --exist-ok needs a fixed device name: the pattern '%s' makes a new device on every run, which cannot be converged",
			      vis(s->names[0]));
	if (s->netns && s->master)
		return seterr(err, len,
			      "add: 'master' and 'netns' conflict: a bridge port cannot leave its bridge's namespace");
	if (s->user.none)
		s->user.text = NULL;
	if (s->group.none)
		s->group.text = NULL;
	return 0;
}

int args_check_del(struct device_spec *s, char *err, size_t len)
{
	if (!s->n_names && !s->mode && !s->user.text && !s->group.text &&
	    !s->master && !s->alias_glob)
		return seterr(err, len,
			      "del: name the devices to delete, or give a filter (mode, user, group, master, alias)");
	if (s->force && s->keep_held)
		return seterr(err, len, "del: '--force' and '--keep-held' conflict");
	return 0;
}

int args_check_show(struct device_spec *s, char *err, size_t len)
{
	if (s->brief && (s->details || s->names_only))
		return seterr(err, len, "show: '--brief' and '%s' conflict",
			      s->details ? "--details" : "--names");
	if (s->names_only && s->details)
		return seterr(err, len, "show: '--names' and '--details' conflict (a list of names has no details)");
	if (s->tree && (s->brief || s->names_only || s->details || s->layout))
		return seterr(err, len, "show: '--tree' and '%s' conflict",
			      s->brief ? "--brief" : s->names_only ? "--names" :
			      s->details ? "--details" : "--layout");
	if (s->layout && strcmp(s->layout, "table") != 0 &&
	    strcmp(s->layout, "blocks") != 0)
		return seterr(err, len,
			      "show: --layout is 'table' or 'blocks', not '%s'",
			      vis(s->layout));
	if (s->layout && (s->json || s->names_only))
		return seterr(err, len, "show: '--layout' and '%s' conflict",
			      s->json ? "--json" : "--names");
	return 0;
}

/* The commands that act on one device must be told which. */
static int one_device(const struct device_spec *s, const char *cmd,
		      char *err, size_t len)
{
	return s->n_names ? 0 : seterr(err, len, "%s: no device named", cmd);
}

int args_check_set(struct device_spec *s, char *err, size_t len)
{
	if (one_device(s, "set", err, len))
		return EXIT_USAGE;
	if (s->mtu < 0 && !s->has_mac && !s->n_addrs && !s->n_deladdrs &&
	    !s->updown && !fields_spec_gives(s, 0) && !s->master &&
	    !s->nomaster &&
	    s->carrier < 0 && !s->alias && s->addrgenmode < 0 && !s->netns &&
	    !s->newname)
		return seterr(err, len, "set: nothing to change");
	if (s->netns && s->master)
		return seterr(err, len,
			      "set: 'master' and 'netns' conflict: a bridge port cannot leave its bridge's namespace");
	if (s->netns && s->n_deladdrs)
		return seterr(err, len,
			      "set: 'deladdr' and 'netns' conflict: the move drops every address");
	if (s->newname && !strcmp(s->newname, s->names[0]))
		return seterr(err, len, "set: the new name '%s' is the device's name",
			      vis(s->newname));
	return 0;
}

int args_check_set_owner(struct device_spec *s, char *err, size_t len)
{
	if (one_device(s, "set-owner", err, len))
		return EXIT_USAGE;
	if (!s->user.text && !s->group.text)
		return seterr(err, len,
			      "set-owner: give 'user USER', 'group GROUP' or both");
	return 0;
}

int args_check_persist(struct device_spec *s, char *err, size_t len)
{
	if (one_device(s, "persist", err, len))
		return EXIT_USAGE;
	if (s->persist < 0)
		return seterr(err, len, "persist: say 'on' or 'off'");
	return 0;
}

static int unknown_word(const struct command *table, size_t n,
			const char *w, unsigned cmd_id, const char *cmd,
			char *err, size_t len)
{
	const char *shown;
	const struct keyword *kw = keyword_find(w, cmd_id);
	const char *hint;
	char buf[80];

	shown = vis(w);
	if (kw) {
		unsigned cmds = 0;
		size_t i;

		/* Every command the word means something to. */
		for (i = 0; i < n_keywords; i++)
			if (!strcmp(keywords[i].name, w))
				cmds |= keywords[i].cmds;
		return seterr(err, len, "%s: '%s' is not valid here (it is for: %s)",
			      cmd, shown,
			      cmds_taking(table, n, cmds, buf, sizeof(buf)));
	}
	hint = keyword_suggest(w, cmd_id);
	if (hint)
		return seterr(err, len,
			      "%s: unknown keyword '%s' (did you mean '%s'?)",
			      cmd, shown, hint);
	return seterr(err, len, "%s: unknown keyword '%s'", cmd, shown);
}

int args_parse_words(const struct command *table, size_t n,
		const struct command *c, int argc, char **argv,
		struct device_spec *s, char *err, size_t len)
{
	const char *cmd = c->name;
	unsigned cmd_id = c->id;
	bool opts_done = false;
	bool many = cmd_id & FILTERS;
	int i, r;

	s->cmd_id = cmd_id;
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];
		const struct keyword *kw;

		if (!opts_done && w[0] == '-' && w[1]) {
			if (!strcmp(w, "--")) {
				opts_done = true;
				continue;
			}
			r = option_word(argc, argv, &i, cmd_id, cmd, set_option,
					s, err, len);
			if (r)
				return r;
			continue;
		}
		kw = keyword_find(w, cmd_id);
		if (kw && (kw->cmds & cmd_id)) {
			const char *v = w;

			if ((s->seen >> kw->id & 1) && !(kw->repeat & cmd_id))
				return seterr(err, len, "%s: '%s' given twice",
					      cmd, kw->alias_of ? kw->alias_of :
					      kw->name);
			if (kw->against) {
				const struct keyword *o = keyword_find(kw->against,
								       cmd_id);

				if (o && (s->seen >> o->id & 1))
					return seterr(err, len,
						      "%s: '%s' and '%s' conflict", cmd,
						      o < kw ? o->name : kw->name,
						      o < kw ? kw->name : o->name);
			}
			s->seen |= UINT64_C(1) << kw->id;
			if (kw->arg) {
				if (i + 1 >= argc)
					return seterr(err, len,
						      "%s: '%s' needs a value (%s)",
						      cmd, w, kw->arg);
				v = argv[++i];
			}
			if (kw->id == K_DEV && !many && s->n_names)
				return seterr(err, len,
					      "%s: device name given twice ('%s' and '%s')",
					      cmd, vis(s->names[0]),
					      vis(v));
			r = kw->parse ? kw->parse(s, v, err, len) :
					kw_number(kw, s, v, err, len);
			if (r)
				return with_cmd(r, cmd, err, len);
			s->last_kw = kw->id;
			continue;
		}
		if (kw || (!many && s->n_names) ||
		    !(cmd_id & (C_ADD | C_DEL | C_SHOW | C_SET | C_SETOWNER |
				C_PERSIST | C_MONITOR | C_SAVE)))
			return unknown_word(table, n, w, cmd_id, cmd, err, len);
		r = add_name(s, w, err, len);
		if (r)
			return with_cmd(r, cmd, err, len);
		s->last_kw = K_DEV;
	}
	if (s->help)
		return 0;
	r = check_common(c, s, err, len);
	return r ? r : c->check ? c->check(s, err, len) : 0;
}

#define HELP_WIDTH 80

/* "  LEFT  TEXT": LEFT in a column col wide, TEXT after it broken at
 * blanks to fit HELP_WIDTH, its further lines under its first. */
static void help_entry(FILE *f, const char *left, int col, const char *text)
{
	size_t at = (size_t)fprintf(f, "  %-*s", col, left), start = at + 1;

	while (*text) {
		size_t n = strcspn(text, " ");

		if (at > start && at + 1 + n > HELP_WIDTH) {
			fprintf(f, "\n%*s", (int)start - 1, "");
			at = start - 1;
		}
		fprintf(f, " %.*s", (int)n, text);
		at += 1 + n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

void keywords_synopsis(unsigned cmd_id, FILE *f, size_t at, size_t indent)
{
	char word[128];
	size_t i;

	for (i = 0; i < n_keywords; i++) {
		const struct keyword *k = &keywords[i];
		size_t n;

		/* The name, and persist's on|off, are in the command's own
		 * synopsis. */
		if (!(k->cmds & cmd_id) || k->alias_of || k->id == K_DEV ||
		    k->id == K_ON || k->id == K_OFF)
			continue;
		if (k->arg)
			snprintf(word, sizeof(word), "[%s %s]%s", k->name, k->arg,
				 k->repeat & cmd_id ? "..." : "");
		else
			snprintf(word, sizeof(word), "[%s]", k->name);
		n = strlen(word);
		if (at + 1 + n > HELP_WIDTH && at > indent) {
			fprintf(f, "\n%*s", (int)indent, "");
			at = indent;
		}
		fprintf(f, " %s", word);
		at += 1 + n;
	}
}

void keywords_help(unsigned cmd_id, FILE *f)
{
	size_t i;
	bool any = false;

	for (i = 0; i < n_keywords; i++) {
		const struct keyword *k = &keywords[i];
		char left[64], also[64] = "", text[320];
		size_t j;

		if (!(k->cmds & cmd_id) || k->alias_of)
			continue;
		if (!any)
			fputs("\nKeywords:\n", f);
		any = true;
		snprintf(left, sizeof(left), "%s%s%s", k->name, k->arg ? " " : "",
			 k->arg ? k->arg : "");
		for (j = 0; j < n_keywords; j++)
			if (keywords[j].alias_of &&
			    !strcmp(keywords[j].alias_of, k->name))
				snprintf(also + strlen(also),
					 sizeof(also) - strlen(also), "%s%s",
					 also[0] ? ", " : " (also: ",
					 keywords[j].name);
		snprintf(text, sizeof(text), "%s%s%s", keyword_help(k), also,
			 also[0] ? ")" : "");
		help_entry(f, left, 22, text);
	}
}

/* An option's help; -j's says what JSON the command gives. */
static const char *option_help_text(const struct option_def *o,
				    unsigned where)
{
	if (o->id != O_JSON || where == C_GLOBAL)
		return o->help;
	if (where == C_SHOW)
		return "print the listing as JSON";
	if (where == C_MONITOR)
		return "print each event as a JSON object, one per line";
	return "print a JSON report of what the command changed";
}

void options_help(unsigned where, FILE *f)
{
	size_t i;

	for (i = 0; i < n_options; i++) {
		const struct option_def *o = &options[i];
		char left[64];

		if (!(o->where & where) || o->hidden)
			continue;
		if (o->sname && !o->lname)
			snprintf(left, sizeof(left), "-%c%s%s", o->sname,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else if (o->sname)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->sname,
				 o->lname, o->arg && !value_optional(o) ? " " : "",
				 o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->lname,
				 o->arg && !value_optional(o) ? " " : "",
				 o->arg ? o->arg : "");
		help_entry(f, left, 24, option_help_text(o, where));
	}
}


/* The slot a keyword fills: its canonical name, shared by its aliases
 * and by the keyword it contradicts (up and down fill one slot). */
static const char *keyword_slot(const struct keyword *k, unsigned cmd_id)
{
	const struct keyword *o;

	if (k->alias_of)
		return k->alias_of;
	o = k->against ? keyword_find(k->against, cmd_id) : NULL;
	return o && o < k ? o->name : k->name;
}

void keywords_list(unsigned cmd_id, FILE *f)
{
	size_t i;

	for (i = 0; i < n_keywords; i++) {
		const struct keyword *k = &keywords[i];

		if (k->cmds & cmd_id)
			fprintf(f, "%s\t%s\t%s\t%d\t%s\n", k->name,
				k->arg ? k->arg : "", keyword_slot(k, cmd_id),
				!!(k->repeat & cmd_id), keyword_help(k));
	}
}

void options_list(unsigned where, FILE *f)
{
	size_t i;

	for (i = 0; i < n_options; i++) {
		const struct option_def *o = &options[i];

		if (!(o->where & where) || o->hidden)
			continue;
		fprintf(f, "%s%s\t", o->lname ? "--" : "",
			o->lname ? o->lname : "");
		if (o->sname)
			fprintf(f, "-%c", o->sname);
		/* A value only after '=' takes no word of its own: the
		 * completions read "=CHOICES" (no brackets) so, and a plain
		 * metavariable as the next word's. */
		fprintf(f, "\t%s%s\t", o->ipname ? "-" : "",
			o->ipname ? o->ipname : "");
		if (o->arg && value_optional(o))
			fprintf(f, "%.*s", (int)strlen(o->arg) - 2, o->arg + 1);
		else if (o->arg)
			fputs(o->arg, f);
		fprintf(f, "\t%s\n", o->help);
	}
}
