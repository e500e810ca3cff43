/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Floor for creating persistent taps: the bare ioctls, one process,
 * nothing else.  What a tap made by tuntapctl has, the floor makes too:
 * its owner, its carrier off and a MAC address of its own.
 * Usage: floor-add PREFIX N UID  (creates PREFIX0..N-1). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if_tun.h>

int main(int argc, char **argv)
{
	struct ifreq ifr;
	char name[64];
	unsigned long uid;
	long i, n;
	int off = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: %s PREFIX N UID\n", argv[0]);
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	uid = strtoul(argv[3], NULL, 10);
	for (i = 0; i < n; i++) {
		int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

		if (fd < 0) {
			perror("/dev/net/tun");
			return 1;
		}
		if ((size_t)snprintf(name, sizeof(name), "%s%ld", argv[1], i) >=
		    IFNAMSIZ) {
			fprintf(stderr, "%s: name too long\n", name);
			return 1;
		}
		memset(&ifr, 0, sizeof(ifr));
		memcpy(ifr.ifr_name, name, strlen(name));
		/* The flags ip and tuntapctl use for a plain tap. */
		ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
		if (ioctl(fd, TUNSETIFF, &ifr) < 0 ||
		    ioctl(fd, TUNSETCARRIER, &off) < 0) {
			perror(ifr.ifr_name);
			return 1;
		}
		memset(&ifr.ifr_hwaddr, 0, sizeof(ifr.ifr_hwaddr));
		ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
		memcpy(ifr.ifr_hwaddr.sa_data, "\xfe\x00\x00", 3);
		memcpy(ifr.ifr_hwaddr.sa_data + 3, &i, 3);
		if (ioctl(fd, SIOCSIFHWADDR, &ifr) < 0 ||
		    ioctl(fd, TUNSETOWNER, uid) < 0 ||
		    ioctl(fd, TUNSETPERSIST, 1UL) < 0) {
			perror(ifr.ifr_name);
			return 1;
		}
		close(fd);
	}
	return 0;
}
