/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Floor for listing: one RTM_GETLINK dump on a bare netlink socket,
 * counting the links.  It asks, as tuntapctl does, for no statistics
 * (-s asks for them, as ip does).  Prints the count. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)
#endif

int main(int argc, char **argv)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		struct rtattr rta;
		unsigned int mask;
	} req;
	static char buf[64 * 1024];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	long links = 0;

	if (fd < 0) {
		perror("netlink");
		return 1;
	}
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.ifi.ifi_family = AF_UNSPEC;
	req.rta.rta_type = IFLA_EXT_MASK;
	req.rta.rta_len = RTA_LENGTH(sizeof(req.mask));
	req.mask = argc > 1 && !strcmp(argv[1], "-s") ? 0 :
		   RTEXT_FILTER_SKIP_STATS;
	if (send(fd, &req, sizeof(req), 0) < 0) {
		perror("send");
		return 1;
	}
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (len < 0) {
			perror("recv");
			return 1;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)len);
		     nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				printf("%ld\n", links);
				return 0;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				fprintf(stderr, "dump failed\n");
				return 1;
			}
			links += nh->nlmsg_type == RTM_NEWLINK;
		}
	}
}
