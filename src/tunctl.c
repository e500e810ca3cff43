/* The uml-utilities tunctl front end: its options and its messages,
 * with our safety (no silent truncation, no re-owning an existing
 * device, clear errors, non-zero exit statuses). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"

void tunctl_usage(FILE *f)
{
	fputs("Create: tunctl [-b] [-u owner] [-g group] [-t device-name] [-p|-n] [-f tun-clone-device]\n"
	      "Delete: tunctl -d device-name [-f tun-clone-device]\n"
	      "\n"
	      "  -b  brief output: print only the device name\n"
	      "  -u  owner (a name or uid; default: the caller, unless -g is given)\n"
	      "  -g  group (a name or gid)\n"
	      "  -t  device name (default: the kernel picks tapN or tunN)\n"
	      "  -p  create a tap device (the default)\n"
	      "  -n  create a tun device\n"
	      "  -d  turn persistence off: the device goes when no program holds it\n"
	      "  -f  clone device (default /dev/net/tun)\n"
	      "\n"
	      "This is tuntapctl's tunctl front end; see tuntapctl(8).\n", f);
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad(const char *fmt, ...)
{
	va_list ap;

	fputs("tunctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'tunctl -h' for more information.\n", stderr);
	return EXIT_USAGE;
}

int tunctl_main(int argc, char **argv)
{
	const char *name = NULL, *del = NULL, *user = NULL, *group = NULL;
	struct device_spec s;
	char err[256];
	bool brief = false;
	int c, r;

	ctx.prog = "tunctl";
	spec_init(&s);
	s.mode = MODE_TAP;
	optind = 0;
	opterr = 0;
	while ((c = getopt(argc, argv, "+bd:f:g:hnpt:u:")) != -1) {
		switch (c) {
		case 'b': brief = true; break;
		case 'd': del = optarg; break;
		case 'f': ctx.clone_path = optarg; break;
		case 'g': group = optarg; break;
		case 'n': s.mode = MODE_TUN; break;
		case 'p': s.mode = MODE_TAP; break;
		case 't': name = optarg; break;
		case 'u': user = optarg; break;
		case 'h':
			tunctl_usage(stdout);
			return 0;
		default: {
			char opt[3] = { '-', (char)optopt, '\0' };

			if (optopt && strchr("dfgtu", optopt))
				return bad("option '%s' needs a value", opt);
			return bad("unknown option '%s'",
				   vis(optopt ? opt : argv[optind - 1]));
		}
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", vis(argv[optind]));
	if (del && (name || user || group || brief))
		return bad("%s", "-d takes only a device name (and -f)");
	if (del) {
		if (check_ifname(del, false, err, sizeof(err)))
			return bad("%s", err);
		r = set_persist(del, false, false);
		if (!r)
			printf("Set '%s' nonpersistent\n", vis(del));
		return r;
	}
	if (name && check_ifname(name, true, err, sizeof(err)))
		return bad("%s", err);
	if (name) {
		s.names = &name;
		s.n_names = 1;
	}
	if (user && parse_id_arg(&s.user, user, "user", err, sizeof(err)))
		return bad("%s", err);
	if (group && parse_id_arg(&s.group, group, "group", err, sizeof(err)))
		return bad("%s", err);
	if ((user && s.user.none) || (group && s.group.none))
		return bad("%s", "'none' is not an owner here: leave -u or -g out");
	/* tunctl gives the device to its caller unless told otherwise. */
	if (!user && !group) {
		s.user.numeric = true;
		s.user.id = (uint32_t)geteuid();
		s.user.text = "";
	}
	s.quiet = true;
	r = cmd_add(&s);
	if (r)
		return r;
	if (brief)
		printf("%s\n", s.created);
	else if (s.user.text && s.group.text)
		printf("Set '%s' persistent and owned by uid %u gid %u\n",
		       vis(s.created), s.user.id, s.group.id);
	else if (s.user.text)
		printf("Set '%s' persistent and owned by uid %u\n",
		       vis(s.created), s.user.id);
	else
		printf("Set '%s' persistent and owned by gid %u\n",
		       vis(s.created), s.group.id);
	return 0;
}
