/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keeps existing taps open, as a VM would, so that "show -d" has
 * processes to find.  Usage: tap-hold READYFILE NAME...; it creates
 * READYFILE once every tap is attached and then sleeps until killed. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <net/if.h>
#include <linux/if_tun.h>

int main(int argc, char **argv)
{
	struct ifreq ifr;
	int i, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: %s READYFILE NAME...\n", argv[0]);
		return 2;
	}
	/* Die with the benchmark, which would otherwise leave us holding
	 * its namespace alive. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
		return 1;
	for (i = 2; i < argc; i++) {
		fd = open("/dev/net/tun", O_RDWR);
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[i]);
		ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
		if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
			perror(argv[i]);
			return 1;
		}
	}
	fd = open(argv[1], O_WRONLY | O_CREAT, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	close(fd);
	for (;;)
		pause();
}
