/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The uml-utilities tunctl front end: its options and its messages,
 * with our safety (no silent truncation, no touching devices of another
 * kind, clear errors, non-zero exit statuses).  Like uml-utilities'
 * tunctl, it re-owns an existing device of its kind (its ifupdown hook
 * runs "tunctl -u USER -t IFACE" at every ifup). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd-add.h"
#include "delgroup.h"
#include "devices.h"
#include "escape.h"
#include "report.h"
#include "tunctl.h"
#include "tunfd.h"
#include "util.h"

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

static int usage(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int usage(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
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

struct tunctl_args {
	const char *name, *del, *user, *group;
	bool brief, help;
	enum tt_mode mode;
};

static int tunctl_option(const struct option_def *o, const char *value,
			 void *arg)
{
	struct tunctl_args *t = arg;

	switch (o->id) {
	case O_T_BRIEF: t->brief = true; break;
	case O_T_DELETE: t->del = value; break;
	case O_TUNDEV: tunfd_set_clone(value); break;
	case O_T_GROUP: t->group = value; break;
	case O_T_TUN: t->mode = MODE_TUN; break;
	case O_T_TAP: t->mode = MODE_TAP; break;
	case O_T_NAME: t->name = value; break;
	case O_T_USER: t->user = value; break;
	case O_HELP: t->help = true; break;
	default: break;
	}
	return 0;
}

/* tunctl's command line, into *t and the add it asks for into *s
 * (names and all, which spec_free() ends); EXIT_USAGE with err. */
static int parse(int argc, char **argv, struct tunctl_args *t,
		 struct device_spec *s, char *err, size_t len)
{
	int i;

	spec_init(s);
	/* Options end at the first other word, as with getopt's "+". */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (argv[i][0] != '-' || !argv[i][1])
			break;
		if (option_word(argc, argv, &i, C_TUNCTL, NULL, tunctl_option,
				t, err, len))
			return EXIT_USAGE;
		if (t->help)
			return 0;
	}
	s->mode = t->mode;
	if (i < argc)
		return usage(err, len, "unexpected argument '%s'", vis(argv[i]));
	if (t->del && (t->name || t->user || t->group || t->brief))
		return usage(err, len, "-d takes only a device name (and -f)");
	if (t->del)
		return args_check_ifname(t->del, false, err, len) ? EXIT_USAGE :
		       0;
	if (t->name && args_check_ifname(t->name, true, err, len))
		return EXIT_USAGE;
	if (t->name) {
		xgrow((void **)&s->names, &s->cap_names, 1, sizeof(*s->names));
		s->names[s->n_names++] = t->name;
		/* An existing tun/tap device of the kind asked for is
		 * re-owned and made persistent, as uml-utilities does. */
		s->exist_ok = !strchr(t->name, '%');
	}
	if (t->user && args_parse_id(&s->user, t->user, "user", err, len))
		return EXIT_USAGE;
	if (t->group && args_parse_id(&s->group, t->group, "group", err, len))
		return EXIT_USAGE;
	if ((t->user && s->user.none) || (t->group && s->group.none))
		return usage(err, len,
			     "'none' is not an owner here: leave -u or -g out");
	/* tunctl gives the device to its caller unless told otherwise. */
	if (!t->user && !t->group) {
		s->user.numeric = true;
		s->user.id = (uint32_t)geteuid();
		s->user.text = "";
	}
	return 0;
}

int tunctl_spec(int argc, char **argv, struct device_spec *s,
		unsigned *cmd_id, char *err, size_t len)
{
	struct tunctl_args t = { NULL, NULL, NULL, NULL, false, false, MODE_TAP };
	int r = parse(argc, argv, &t, s, err, len);

	*cmd_id = r || t.help ? 0 : t.del ? C_PERSIST : C_ADD;
	if (!r && t.del) {
		xgrow((void **)&s->names, &s->cap_names, 1, sizeof(*s->names));
		s->names[s->n_names++] = t.del;
		s->persist = 0;
	}
	return r;
}

int tunctl_main(int argc, char **argv)
{
	struct tunctl_args t = { NULL, NULL, NULL, NULL, false, false, MODE_TAP };
	struct device_spec s;
	struct run run;
	char err[256];
	int r;

	report_set_prog("tunctl");
	r = parse(argc, argv, &t, &s, err, sizeof(err));
	if (r) {
		spec_free(&s);
		return bad("%s", err);
	}
	if (t.help) {
		spec_free(&s);
		tunctl_usage(stdout);
		return 0;
	}
	/* What killed dels left in their groups goes back first. */
	delgroup_repair_leftovers();
	if (t.del) {
		struct persist_result res = { false, 0, SB_INIT };
		char bytes[IFNAMSIZ];

		spec_free(&s);
		t.del = device_typed_name(t.del, bytes, sizeof(bytes));
		r = tunfd_set_persist(t.del, false, &res, NULL);
		sb_free(&res.who);
		if (!r)
			printf("Set '%s' nonpersistent\n", vis(t.del));
		return r;
	}
	/* tunctl's messages speak instead of add's. */
	run_init(&run);
	run.quiet = true;
	r = cmd_add(&s, &run);
	if (r)
		;
	else if (t.brief)
		printf("%s\n", run.created);
	else if (s.user.text && s.group.text)
		printf("Set '%s' persistent and owned by uid %u gid %u\n",
		       vis(run.created), s.user.id, s.group.id);
	else if (s.user.text)
		printf("Set '%s' persistent and owned by uid %u\n",
		       vis(run.created), s.user.id);
	else
		printf("Set '%s' persistent and owned by gid %u\n",
		       vis(run.created), s.group.id);
	spec_free(&s);
	return r;
}
