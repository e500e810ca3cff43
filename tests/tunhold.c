/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: attach to a tun/tap device the way a program such as
 * QEMU does, as whatever user it runs as, and optionally hold it open.
 *
 *   tunhold [-f CLONE] [-c] [-m tun|tap] [-o FLAGS] [-q N] [-r FILE] [-H]
 *           [-N COMM] NAME
 *
 * -c creates the device (not persistent) instead of attaching to an
 * existing one; -m and -o give its type and flags (pi,vnet_hdr,
 * multi_queue), otherwise they are read from sysfs tun_flags.  -q opens
 * N queues.  -r touches FILE once attached; -H holds the device until
 * SIGTERM.  -N sets the process name (prctl PR_SET_NAME, as any program
 * may: the kernel keeps its first 15 bytes); \xHH in COMM stands for
 * byte HH.  Exit status 0 when attached, 1 when the kernel refused
 * (with the reason on stderr), 2 on misuse. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <net/if.h>
#include <linux/if_tun.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned sysfs_flags(const char *name)
{
	char path[128], buf[32];
	FILE *f;
	unsigned v = 0;

	snprintf(path, sizeof(path), "/sys/class/net/%s/tun_flags", name);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		fprintf(stderr, "tunhold: %s: cannot read tun_flags\n", name);
		exit(2);
	}
	fclose(f);
	v = (unsigned)strtoul(buf, NULL, 16);
	return v & (IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_ONE_QUEUE |
		    IFF_VNET_HDR | IFF_MULTI_QUEUE);
}

/* COMM with \xHH turned into bytes. */
static void set_comm(const char *arg)
{
	char name[16];
	size_t n = 0;

	while (*arg && n < sizeof(name) - 1) {
		char hex[3] = { 0 }, *end;

		if (arg[0] == '\\' && arg[1] == 'x' && arg[2] && arg[3]) {
			memcpy(hex, arg + 2, 2);
			name[n++] = (char)strtoul(hex, &end, 16);
			arg += *end ? 1 : 4;
		} else {
			name[n++] = *arg++;
		}
	}
	name[n] = '\0';
	prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}

int main(int argc, char **argv)
{
	const char *clone = "/dev/net/tun", *ready = NULL, *mode = NULL;
	const char *opts = "";
	unsigned flags;
	bool create = false, hold = false;
	int c, queues = 1, i;

	while ((c = getopt(argc, argv, "f:cm:o:q:r:HN:")) != -1) {
		switch (c) {
		case 'f': clone = optarg; break;
		case 'c': create = true; break;
		case 'm': mode = optarg; break;
		case 'o': opts = optarg; break;
		case 'q': queues = (int)strtol(optarg, NULL, 10); break;
		case 'r': ready = optarg; break;
		case 'H': hold = true; break;
		case 'N': set_comm(optarg); break;
		default: return 2;
		}
	}
	if (optind + 1 != argc || queues < 1 || queues > 64 || !clone)
		return 2;
	if (mode) {
		flags = (strcmp(mode, "tun") ? IFF_TAP : IFF_TUN) |
			(strstr(opts, "pi") ? 0 : IFF_NO_PI) |
			(strstr(opts, "vnet_hdr") ? IFF_VNET_HDR : 0) |
			(strstr(opts, "multi_queue") ? IFF_MULTI_QUEUE : 0);
	} else {
		flags = sysfs_flags(argv[optind]);
	}
	if (create)
		flags |= IFF_TUN_EXCL;
	for (i = 0; i < queues; i++) {
		struct ifreq ifr;
		int fd = open(clone, O_RDWR);

		if (fd < 0) {
			fprintf(stderr, "tunhold: %s: %s\n", clone, strerror(errno));
			return 1;
		}
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[optind]);
		ifr.ifr_flags = (short)(i ? flags & ~IFF_TUN_EXCL : flags);
		if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
			fprintf(stderr, "tunhold: %s: %s\n", argv[optind],
				strerror(errno));
			return 1;
		}
	}
	if (ready) {
		int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0)
			close(fd);
	}
	if (hold) {
		signal(SIGTERM, on_term);
		signal(SIGINT, on_term);
		while (!stop)
			pause();
	}
	return 0;
}
