/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Link facts and link changes through libnl-route: the run's socket,
 * dumps, lookups, changes, addresses, deletion, and link
 * notifications. */
#include "config.h"

#include "link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <linux/if_link.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/link.h>
#include <netlink/route/addr.h>

#include "util.h"

#ifndef IFLA_NEW_NETNSID
#define IFLA_NEW_NETNSID 45
#endif
#ifndef IFLA_INET6_ADDR_GEN_MODE
#define IFLA_INET6_ADDR_GEN_MODE 8
#endif

#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)
#endif

struct nlctx {
	struct nl_sock *sk;
	int err;		/* errno from the last NLMSG_ERROR */
	char ext[200];		/* its extended ack message */
};

/* libnl's NLE_* codes lose the errno, so keep the kernel's own answer
 * and its extended-ack text from the error message itself. */
static int error_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlctx *c = arg;
	struct nlmsghdr *outer = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off = sizeof(*e);

	(void)who;
	c->err = -e->error;
	c->ext[0] = '\0';
	if (!(outer->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((outer->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    NLMSG_HDRLEN + off < outer->nlmsg_len) {
		struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

		if (nla_parse(tb, NLMSGERR_ATTR_MAX,
			      (struct nlattr *)((char *)e + NLMSG_ALIGN(off)),
			      (int)(outer->nlmsg_len - NLMSG_HDRLEN -
				    NLMSG_ALIGN(off)), NULL) == 0 &&
		    tb[NLMSGERR_ATTR_MSG])
			nla_strlcpy(c->ext, tb[NLMSGERR_ATTR_MSG],
				    sizeof(c->ext));
	}
	return NL_STOP;
}

static void begin(struct nlctx *c)
{
	c->err = 0;
	c->ext[0] = '\0';
}

/* Turn a libnl return value into our failure record. */
static int finish(struct nlctx *c, int r, struct fail *f)
{
	if (r >= 0)
		return 0;
	f->err = c->err ? c->err : EIO;
	if (c->err)
		snprintf(f->ext, sizeof(f->ext), "%s", c->ext);
	else
		snprintf(f->ext, sizeof(f->ext), "netlink: %s",
			 nl_geterror(r));
	return -f->err;
}

/* Read each message with one system call: by default libnl peeks at
 * a message's size before reading it, two calls where one will do. */
static void read_in_one_go(struct nl_sock *sk)
{
	nl_socket_disable_msg_peek(sk);
	nl_socket_set_msg_buf_size(sk, (size_t)64 << 10);
}

/* nl_connect, with the cause of a failure: libnl words a failed
 * socket() (EMFILE, ENFILE, ENOBUFS) as "Unspecific failure", and the
 * errno says what it was.  0, or -errno with f set. */
static int connect_route(struct nl_sock *sk, struct fail *f)
{
	int r, e;

	errno = 0;
	r = nl_connect(sk, NETLINK_ROUTE);
	if (r == 0)
		return 0;
	e = errno;
	f->err = r == -NLE_PERM ? EPERM : e ? e : EIO;
	if (f->err == EIO)
		snprintf(f->ext, sizeof(f->ext), "netlink: %s", nl_geterror(r));
	else
		f->ext[0] = '\0';
	return -f->err;
}

int nlctx_open(struct nlctx **out, struct fail *f)
{
	struct nlctx *c = xcalloc(1, sizeof(*c));
	int one = 1, r;

	c->sk = nl_socket_alloc();
	if (!c->sk) {
		free(c);
		f->err = ENOMEM;
		return -ENOMEM;
	}
	r = connect_route(c->sk, f);
	if (r < 0) {
		nl_socket_free(c->sk);
		free(c);
		return -f->err;
	}
	/* Large dumps arrive faster with a large receive buffer. */
	nl_socket_set_buffer_size(c->sk, 4 << 20, 0);
	read_in_one_go(c->sk);
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK,
		   NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	nl_socket_modify_err_cb(c->sk, NL_CB_CUSTOM, error_cb, c);
	*out = c;
	return 0;
}

void nlctx_close(struct nlctx *c)
{
	if (!c)
		return;
	nl_socket_free(c->sk);
	free(c);
}

/* One socket for the whole run: a batch of a thousand lines opens it
 * once. */
static struct nlctx *shared;

struct nlctx *nlctx_shared(struct fail *f)
{
	if (!shared && nlctx_open(&shared, f) < 0)
		return NULL;
	return shared;
}

void nlctx_shared_close(void)
{
	nlctx_close(shared);
	shared = NULL;
}

struct request {
	bool done;
	void (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
};

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;

	rq->parse(nlmsg_hdr(msg), rq->arg);
	return NL_OK;
}

static int done_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;

	(void)msg;
	rq->done = true;
	return NL_STOP;
}

/* Send msg and feed every reply to parse, until the dump's end or the
 * request's acknowledgement. */
static int request(struct nlctx *c, struct nl_msg *msg,
		   void (*parse)(struct nlmsghdr *, void *), void *arg,
		   struct fail *f)
{
	struct request rq = { false, parse, arg };
	struct nl_cb *base = nl_socket_get_cb(c->sk);
	struct nl_cb *cb = nl_cb_clone(base);
	int r;

	nl_cb_put(base);
	if (!cb) {
		f->err = ENOMEM;
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &rq);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_cb, &rq);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, done_cb, &rq);
	begin(c);
	r = nl_send_auto(c->sk, msg);
	while (r >= 0 && !rq.done)
		r = nl_recvmsgs(c->sk, cb);
	nl_cb_put(cb);
	if (r == -NLE_DUMP_INTR) {
		f->err = EAGAIN;
		f->ext[0] = '\0';
		return -EAGAIN;
	}
	return finish(c, r, f);
}

static struct nla_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_MIN_MTU] = { .type = NLA_U32 },
	[IFLA_MAX_MTU] = { .type = NLA_U32 },
	[IFLA_TXQLEN] = { .type = NLA_U32 },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_GROUP] = { .type = NLA_U32 },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_CARRIER] = { .type = NLA_U8 },
	[IFLA_LINKINFO] = { .type = NLA_NESTED },
	[IFLA_IFALIAS] = { .type = NLA_STRING },
	[IFLA_AF_SPEC] = { .type = NLA_NESTED },
	[IFLA_NEW_NETNSID] = { .type = NLA_S32 },
};

static struct nla_policy info_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = NLA_STRING },
	[IFLA_INFO_DATA] = { .type = NLA_NESTED },
};

static struct nla_policy tun_policy[IFLA_TUN_MAX + 1] = {
	[IFLA_TUN_OWNER] = { .type = NLA_U32 },
	[IFLA_TUN_GROUP] = { .type = NLA_U32 },
	[IFLA_TUN_TYPE] = { .type = NLA_U8 },
	[IFLA_TUN_PI] = { .type = NLA_U8 },
	[IFLA_TUN_VNET_HDR] = { .type = NLA_U8 },
	[IFLA_TUN_PERSIST] = { .type = NLA_U8 },
	[IFLA_TUN_MULTI_QUEUE] = { .type = NLA_U8 },
	[IFLA_TUN_NUM_QUEUES] = { .type = NLA_U32 },
	[IFLA_TUN_NUM_DISABLED_QUEUES] = { .type = NLA_U32 },
};

static void parse_tun(struct nlattr *data, struct linkinfo *li)
{
	struct nlattr *tb[IFLA_TUN_MAX + 1];

	if (!data || nla_parse_nested(tb, IFLA_TUN_MAX, data, tun_policy) < 0)
		return;
	li->tun_data = true;
	li->tap = tb[IFLA_TUN_TYPE] &&
		  nla_get_u8(tb[IFLA_TUN_TYPE]) == 2 /* IFF_TAP */;
	li->pi = tb[IFLA_TUN_PI] && nla_get_u8(tb[IFLA_TUN_PI]);
	li->vnet_hdr = tb[IFLA_TUN_VNET_HDR] &&
		       nla_get_u8(tb[IFLA_TUN_VNET_HDR]);
	li->persist = tb[IFLA_TUN_PERSIST] && nla_get_u8(tb[IFLA_TUN_PERSIST]);
	li->multi_queue = tb[IFLA_TUN_MULTI_QUEUE] &&
			  nla_get_u8(tb[IFLA_TUN_MULTI_QUEUE]);
	if (tb[IFLA_TUN_OWNER])
		li->owner = nla_get_u32(tb[IFLA_TUN_OWNER]);
	if (tb[IFLA_TUN_GROUP])
		li->tgroup = nla_get_u32(tb[IFLA_TUN_GROUP]);
	if (tb[IFLA_TUN_NUM_QUEUES]) {
		li->queues_known = true;
		li->queues = nla_get_u32(tb[IFLA_TUN_NUM_QUEUES]);
	}
	if (tb[IFLA_TUN_NUM_DISABLED_QUEUES])
		li->disabled_queues =
			nla_get_u32(tb[IFLA_TUN_NUM_DISABLED_QUEUES]);
}

/* IPv6's part of IFLA_AF_SPEC: the address generation mode. */
static void parse_af_spec(struct nlattr *spec, struct linkinfo *li)
{
	struct nlattr *af;
	int rem;

	nla_for_each_nested(af, spec, rem) {
		struct nlattr *m;

		if (nla_type(af) != AF_INET6)
			continue;
		m = nla_find(nla_data(af), nla_len(af),
			     IFLA_INET6_ADDR_GEN_MODE);
		if (m && nla_len(m) >= 1)
			li->addrgenmode = nla_get_u8(m);
	}
}

static const char *const genmodes[] = {
	"eui64", "none", "stable_privacy", "random",
};

int addrgenmode_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(genmodes); i++)
		if (!strcmp(name, genmodes[i]))
			return (int)i;
	return -1;
}

const char *addrgenmode_name(int mode)
{
	return mode >= 0 && (size_t)mode < ARRAY_SIZE(genmodes) ?
	       genmodes[mode] : NULL;
}

static int parse_link(struct nlmsghdr *nlh, struct linkinfo *li)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg *ifi;

	if ((nlh->nlmsg_type != RTM_NEWLINK &&
	     nlh->nlmsg_type != RTM_DELLINK) ||
	    nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, link_policy) < 0 ||
	    !tb[IFLA_IFNAME])
		return -1;
	ifi = nlmsg_data(nlh);
	memset(li, 0, sizeof(*li));
	li->ifindex = ifi->ifi_index;
	li->ifflags = ifi->ifi_flags;
	li->arptype = ifi->ifi_type;
	li->owner = li->tgroup = -1;
	nla_strlcpy(li->name, tb[IFLA_IFNAME], sizeof(li->name));
	if (tb[IFLA_MTU])
		li->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MIN_MTU])
		li->min_mtu = nla_get_u32(tb[IFLA_MIN_MTU]);
	if (tb[IFLA_MAX_MTU])
		li->max_mtu = nla_get_u32(tb[IFLA_MAX_MTU]);
	if (tb[IFLA_TXQLEN])
		li->txqlen = nla_get_u32(tb[IFLA_TXQLEN]);
	if (tb[IFLA_MASTER])
		li->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_GROUP])
		li->group = nla_get_u32(tb[IFLA_GROUP]);
	if (tb[IFLA_OPERSTATE])
		li->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_CARRIER])
		li->carrier = nla_get_u8(tb[IFLA_CARRIER]);
	else
		li->carrier = li->ifflags & IFF_LOWER_UP;
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == 6 &&
	    li->arptype == ARPHRD_ETHER) {
		li->has_mac = true;
		memcpy(li->mac, nla_data(tb[IFLA_ADDRESS]), 6);
	}
	if (tb[IFLA_IFALIAS])
		nla_strlcpy(li->alias, tb[IFLA_IFALIAS], sizeof(li->alias));
	li->addrgenmode = -1;
	if (tb[IFLA_AF_SPEC])
		parse_af_spec(tb[IFLA_AF_SPEC], li);
	li->moved = nlh->nlmsg_type == RTM_DELLINK && tb[IFLA_NEW_NETNSID];
	if (tb[IFLA_LINKINFO]) {
		struct nlattr *info[IFLA_INFO_MAX + 1];

		if (nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO],
				     info_policy) == 0 && info[IFLA_INFO_KIND]) {
			nla_strlcpy(li->kind, info[IFLA_INFO_KIND],
				    sizeof(li->kind));
			if (!strcmp(li->kind, "tun")) {
				li->tun = true;
				parse_tun(info[IFLA_INFO_DATA], li);
			}
		}
	}
	return 0;
}

static struct nl_msg *link_request(int flags, int ifindex, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, flags);

	if (!msg)
		return NULL;
	/* Statistics are never shown; not collecting them makes large
	 * dumps markedly cheaper for the kernel. */
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0 ||
	    (name && nla_put_string(msg, IFLA_IFNAME, name) < 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct dump_arg {
	link_fn fn;
	void *arg;
};

static void dump_one(struct nlmsghdr *nlh, void *arg)
{
	struct dump_arg *d = arg;
	struct linkinfo li;

	if (parse_link(nlh, &li) == 0)
		d->fn(&li, d->arg);
}

int link_dump(struct nlctx *c, link_fn fn, void *arg, struct fail *f)
{
	struct dump_arg d = { fn, arg };
	int tries, r = -EAGAIN;

	for (tries = 0; tries < 5 && r == -EAGAIN; tries++) {
		struct nl_msg *msg = link_request(NLM_F_DUMP, 0, NULL);

		if (!msg) {
			f->err = ENOMEM;
			return -ENOMEM;
		}
		if (tries)
			fn(NULL, arg);
		r = request(c, msg, dump_one, &d, f);
		nlmsg_free(msg);
	}
	return r;
}

struct get_arg {
	struct linkinfo *li;
	bool found;
};

static void get_one(struct nlmsghdr *nlh, void *arg)
{
	struct get_arg *g = arg;

	if (parse_link(nlh, g->li) == 0)
		g->found = true;
}

int link_get(struct nlctx *c, const char *name, int ifindex,
	     struct linkinfo *li, struct fail *f)
{
	struct get_arg g = { NULL, false };
	struct nl_msg *msg = link_request(0, ifindex, ifindex ? NULL : name);
	int r;

	memset(li, 0, sizeof(*li));
	g.li = li;
	if (!msg) {
		f->err = ENOMEM;
		return -ENOMEM;
	}
	r = request(c, msg, get_one, &g, f);
	nlmsg_free(msg);
	if (r == 0 && !g.found) {
		f->err = ENODEV;
		f->ext[0] = '\0';
		r = -ENODEV;
	}
	return r;
}

struct addr_arg {
	addr_fn fn;
	void *arg;
};

/* Whether the kernel tells who made an address (IFA_PROTO, Linux 6.1
 * on): it then marks the ones it makes itself, and an address without
 * the mark is one someone gave. */
static bool kernel_tells_proto(void)
{
	static int known = -1;
	struct utsname u;
	unsigned long major, minor = 0;
	char *end;

	if (known < 0) {
		known = 0;
		if (uname(&u) == 0) {
			major = strtoul(u.release, &end, 10);
			if (*end == '.')
				minor = strtoul(end + 1, NULL, 10);
			known = major > 6 || (major == 6 && minor >= 1);
		}
	}
	return known;
}

/* An address the kernel made by itself, not one an administrator gave:
 * the IPv6 link-local address addrgenmode derived (IFAPROT_KERNEL_LL),
 * one from a router advertisement (IFAPROT_KERNEL_RA, and not
 * permanent), a temporary one.  Without IFA_PROTO, every link-local
 * address counts as the kernel's. */
static bool kernel_made(const struct ifaddrmsg *ifa, struct nlattr **tb,
			const struct cidr *c)
{
	unsigned proto = tb[IFA_PROTO] && nla_len(tb[IFA_PROTO]) >= 1 ?
			 nla_get_u8(tb[IFA_PROTO]) : 0;

	/* (IFA_F_TEMPORARY is IPv4's IFA_F_SECONDARY.) */
	if ((proto >= 1 && proto <= 3) ||	/* IFAPROT_KERNEL_LO, _RA, _LL */
	    (c->family == AF_INET6 && (ifa->ifa_flags & IFA_F_TEMPORARY)))
		return true;
	if (proto || kernel_tells_proto())
		return false;
	return cidr_link_local(c) ||
	       (c->family == AF_INET6 && !(ifa->ifa_flags & IFA_F_PERMANENT));
}

/* The address flags an administrator gives (ip addr add ... nodad,
 * home, mngtmpaddr, noprefixroute, autojoin), and a lifetime that does
 * not end (the kernel's INFINITY_LIFE_TIME). */
#define ADDR_SET_FLAGS (IFA_F_NODAD | IFA_F_HOMEADDRESS | \
			IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE | \
			IFA_F_MCAUTOJOIN)
#define LIFE_FOREVER 0xffffffffu

/* One RTM_NEWADDR or RTM_DELADDR message: 0, or -1 for another
 * family or a message without the address. */
static int parse_addr(struct nlmsghdr *nlh, int *ifindex, struct cidr *c)
{
	static struct nla_policy pol[IFA_MAX + 1];
	struct nlattr *tb[IFA_MAX + 1], *at, *peer;
	struct ifaddrmsg *ifa;
	size_t alen;

	if (nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, pol) < 0)
		return -1;
	ifa = nlmsg_data(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return -1;
	/* The interface's own address is IFA_LOCAL and the peer of a
	 * point-to-point address IFA_ADDRESS; IPv4 sends both always (the
	 * same without a peer), IPv6 IFA_LOCAL only with a peer. */
	at = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	peer = tb[IFA_LOCAL] ? tb[IFA_ADDRESS] : NULL;
	alen = ifa->ifa_family == AF_INET ? 4 : 16;
	if (!at || (size_t)nla_len(at) != alen)
		return -1;
	memset(c, 0, sizeof(*c));
	c->family = ifa->ifa_family;
	memcpy(c->addr, nla_data(at), alen);
	if (peer && (size_t)nla_len(peer) == alen &&
	    memcmp(nla_data(peer), c->addr, alen) != 0) {
		c->has_peer = true;
		memcpy(c->peer, nla_data(peer), alen);
	}
	c->prefix = ifa->ifa_prefixlen;
	c->secondary = ifa->ifa_flags & IFA_F_SECONDARY;
	c->kernel_made = kernel_made(ifa, tb, c);
	/* IFA_FLAGS has all 32 bits; ifa_flags only the first 8. */
	c->set_flags = (tb[IFA_FLAGS] && nla_len(tb[IFA_FLAGS]) >= 4 ?
			nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags) &
		       ADDR_SET_FLAGS;
	if (tb[IFA_CACHEINFO] &&
	    (size_t)nla_len(tb[IFA_CACHEINFO]) >= sizeof(struct ifa_cacheinfo)) {
		const struct ifa_cacheinfo *ci = nla_data(tb[IFA_CACHEINFO]);

		c->expires = ci->ifa_valid != LIFE_FOREVER;
	}
	cidr_set_text(c);
	*ifindex = (int)ifa->ifa_index;
	return 0;
}

static void addr_one(struct nlmsghdr *nlh, void *arg)
{
	struct addr_arg *a = arg;
	struct cidr c;
	int ifindex;

	if (nlh->nlmsg_type == RTM_NEWADDR && parse_addr(nlh, &ifindex, &c) == 0)
		a->fn(ifindex, &c, a->arg);
}

int addr_dump(struct nlctx *c, int ifindex, addr_fn fn, void *arg,
	      struct fail *f)
{
	/* With strict checking the kernel filters the dump by ifa_index. */
	struct ifaddrmsg ifa = { .ifa_family = AF_UNSPEC,
				 .ifa_index = (unsigned)ifindex };
	struct addr_arg a = { fn, arg };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_DUMP);
	int r;

	if (!msg || nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		f->err = ENOMEM;
		return -ENOMEM;
	}
	r = request(c, msg, addr_one, &a, f);
	nlmsg_free(msg);
	return r;
}

/* What libnl does not put as the kernel wants it: the alias without a
 * terminating NUL (with one, 255 bytes would be one too many), and the
 * IPv6 address generation mode. */
static int put_extra(struct nl_msg *msg, const struct link_change *lc)
{
	if (lc->alias &&
	    nla_put(msg, IFLA_IFALIAS, (int)strlen(lc->alias), lc->alias) < 0)
		return -1;
	if (lc->addrgenmode >= 0) {
		struct nlattr *spec = nla_nest_start(msg, IFLA_AF_SPEC), *v6;

		if (!spec || !(v6 = nla_nest_start(msg, AF_INET6)) ||
		    nla_put_u8(msg, IFLA_INET6_ADDR_GEN_MODE,
			       (uint8_t)lc->addrgenmode) < 0)
			return -1;
		nla_nest_end(msg, v6);
		nla_nest_end(msg, spec);
	}
	return 0;
}

static void ignore(struct nlmsghdr *nlh, void *arg);

int link_change(struct nlctx *c, int ifindex, const struct link_change *lc,
		struct fail *f)
{
	/* Both objects are fresh: a cached tun link carries its kind, which
	 * makes the kernel refuse the change (see the design notes). */
	struct rtnl_link *orig = rtnl_link_alloc(), *chg = rtnl_link_alloc();
	struct nl_addr *mac = NULL;
	struct nl_msg *msg = NULL;
	int r;

	if (!orig || !chg) {
		rtnl_link_put(orig);
		rtnl_link_put(chg);
		f->err = ENOMEM;
		return -ENOMEM;
	}
	rtnl_link_set_ifindex(orig, ifindex);
	if (lc->mtu >= 0)
		rtnl_link_set_mtu(chg, (unsigned)lc->mtu);
	if (lc->mac) {
		mac = nl_addr_build(AF_LLC, lc->mac, 6);
		rtnl_link_set_addr(chg, mac);
	}
	if (lc->txqlen >= 0)
		rtnl_link_set_txqlen(chg, (unsigned)lc->txqlen);
	if (lc->master >= 0)
		rtnl_link_set_master(chg, lc->master);
	if (lc->group >= 0)
		rtnl_link_set_group(chg, (uint32_t)lc->group);
	if (lc->up == 1)
		rtnl_link_set_flags(chg, IFF_UP);
	else if (lc->up == 0)
		rtnl_link_unset_flags(chg, IFF_UP);
	if (lc->name)
		rtnl_link_set_name(chg, lc->name);
	if (lc->netns_fd >= 0)
		rtnl_link_set_ns_fd(chg, lc->netns_fd);
	begin(c);
	r = rtnl_link_build_change_request(orig, chg, 0, &msg);
	if (r == 0 && put_extra(msg, lc) < 0)
		r = -NLE_NOMEM;
	nl_addr_put(mac);
	rtnl_link_put(orig);
	rtnl_link_put(chg);
	if (r < 0) {
		nlmsg_free(msg);
		return finish(c, r, f);
	}
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	r = request(c, msg, ignore, NULL, f);
	nlmsg_free(msg);
	return r;
}

static void ignore(struct nlmsghdr *nlh, void *arg);

/* The request is built by hand, as ip does: libnl's address object
 * takes a prefix length of 0 for "unset" and leaves it out, which the
 * kernel refuses, though /0 is a prefix like any other. */
int addr_change(struct nlctx *c, int ifindex, const struct cidr *a,
		bool add, struct fail *f)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (unsigned char)a->family,
		.ifa_prefixlen = (unsigned char)a->prefix,
		.ifa_index = (unsigned)ifindex,
	};
	int len = a->family == AF_INET ? 4 : 16, r;
	struct nl_msg *msg = nlmsg_alloc_simple(add ? RTM_NEWADDR : RTM_DELADDR,
						add ? NLM_F_CREATE | NLM_F_EXCL : 0);

	if (!msg || nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, IFA_LOCAL, len, a->addr) < 0 ||
	    nla_put(msg, IFA_ADDRESS, len, a->has_peer ? a->peer : a->addr) < 0) {
		nlmsg_free(msg);
		f->err = ENOMEM;
		return -ENOMEM;
	}
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	r = request(c, msg, ignore, NULL, f);
	nlmsg_free(msg);
	return r;
}

int link_delete(struct nlctx *c, int ifindex, struct fail *f)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int r;

	if (!l) {
		f->err = ENOMEM;
		return -ENOMEM;
	}
	rtnl_link_set_ifindex(l, ifindex);
	begin(c);
	r = rtnl_link_delete(c->sk, l);
	rtnl_link_put(l);
	return finish(c, r, f);
}

static void ignore(struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
}

int link_delete_group(struct nlctx *c, uint32_t g, struct fail *f)
{
	/* libnl's delete request needs an ifindex or a name; deletion by
	 * group is built with its message helpers instead. */
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_DELLINK, 0);
	int r;

	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, IFLA_GROUP, g) < 0) {
		nlmsg_free(msg);
		f->err = ENOMEM;
		return -ENOMEM;
	}
	r = request(c, msg, ignore, NULL, f);
	nlmsg_free(msg);
	return r;
}

struct linkwatch {
	struct nl_sock *sk;
	watch_fn fn;
	addrwatch_fn afn;
	void *arg;
};

int linkwatch_open(struct linkwatch **out, bool addrs, struct fail *f)
{
	struct linkwatch *w = xcalloc(1, sizeof(*w));
	int size = 64 << 20, r;

	w->sk = nl_socket_alloc();
	if (!w->sk) {
		free(w);
		f->err = ENOMEM;
		return -ENOMEM;
	}
	nl_socket_disable_seq_check(w->sk);
	r = connect_route(w->sk, f);
	if (r < 0) {
		nl_socket_free(w->sk);
		free(w);
		return r;
	}
	r = addrs ? nl_socket_add_memberships(w->sk, RTNLGRP_LINK,
						      RTNLGRP_IPV4_IFADDR,
						      RTNLGRP_IPV6_IFADDR, 0) :
			    nl_socket_add_membership(w->sk, RTNLGRP_LINK);
	if (r == 0)
		r = nl_socket_set_nonblocking(w->sk);
	if (r < 0) {
		nl_socket_free(w->sk);
		free(w);
		f->err = EIO;
		snprintf(f->ext, sizeof(f->ext), "netlink: %s", nl_geterror(r));
		return -EIO;
	}
	/* Thousands of deletions are announced at once: a small buffer
	 * would drop some, and then nothing can be told apart.  Without
	 * CAP_NET_ADMIN the buffer is as large as net.core.rmem_max
	 * allows. */
	if (setsockopt(nl_socket_get_fd(w->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		nl_socket_set_buffer_size(w->sk, size, 0);
	read_in_one_go(w->sk);
	*out = w;
	return 0;
}

int linkwatch_fd(const struct linkwatch *w)
{
	return nl_socket_get_fd(w->sk);
}

static int watch_one(struct nl_msg *msg, void *arg)
{
	struct linkwatch *w = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct linkinfo li;

	if (nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR) {
		struct cidr c;
		int ifindex;

		if (w->afn && parse_addr(nlh, &ifindex, &c) == 0)
			w->afn(ifindex, &c, nlh->nlmsg_type == RTM_DELADDR,
			       w->arg);
		return NL_OK;
	}
	/* Only the messages of no family (AF_UNSPEC) describe the device
	 * itself.  The bridge sends its own (AF_BRIDGE) about a port: when
	 * it joins, when its port attributes change, and an RTM_DELLINK
	 * when it leaves the bridge, while the device lives on. */
	if (!nlmsg_valid_hdr(nlh, sizeof(struct ifinfomsg)) ||
	    ((struct ifinfomsg *)nlmsg_data(nlh))->ifi_family != AF_UNSPEC)
		return NL_OK;
	if (parse_link(nlh, &li) == 0)
		w->fn(&li, nlh->nlmsg_type == RTM_DELLINK, nlh->nlmsg_pid,
		      w->arg);
	return NL_OK;
}

static int any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int linkwatch_drain(struct linkwatch *w, watch_fn fn, addrwatch_fn afn,
		    void *arg, struct fail *f)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int r;

	if (!cb) {
		f->err = ENOMEM;
		return -ENOMEM;
	}
	w->fn = fn;
	w->afn = afn;
	w->arg = arg;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, watch_one, w);
	/* Notifications carry the sequence numbers of other sockets'
	 * requests, or none. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	do
		r = nl_recvmsgs(w->sk, cb);
	while (r >= 0);
	nl_cb_put(cb);
	if (r == -NLE_AGAIN)
		return 0;
	/* libnl reports the socket's ENOBUFS (notifications lost) as
	 * NLE_NOMEM. */
	if (r == -NLE_NOMEM) {
		f->err = ENOBUFS;
		f->ext[0] = '\0';
		return -ENOBUFS;
	}
	f->err = EIO;
	snprintf(f->ext, sizeof(f->ext), "netlink: %s", nl_geterror(r));
	return -EIO;
}

static int discard(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

void linkwatch_discard(struct linkwatch *w)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, discard, NULL);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	/* Until the queue is empty (or fails again). */
	while (nl_recvmsgs(w->sk, cb) >= 0)
		;
	nl_cb_put(cb);
}

void linkwatch_close(struct linkwatch *w)
{
	if (!w)
		return;
	nl_socket_free(w->sk);
	free(w);
}

const char *operstate_name(unsigned char state)
{
	static const char *const names[] = {
		"unknown", "notpresent", "down", "lowerlayerdown",
		"testing", "dormant", "up",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "unknown";
}
