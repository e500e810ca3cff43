/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one table of commands (name, synopsis, check, handler) and the
 * dispatch of one command line through it; help from the table. */
#include "config.h"

#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "cmd-add.h"
#include "cmd-del.h"
#include "cmd-monitor.h"
#include "cmd-persist.h"
#include "cmd-save.h"
#include "cmd-set-owner.h"
#include "cmd-set.h"
#include "cmd-show.h"
#include "delgroup.h"
#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "report.h"
#include "tunctl.h"
#include "util.h"

static struct globals globals;

void commands_set_globals(const struct globals *g)
{
	globals = *g;
}

bool commands_globals_json(bool *pretty, bool *dry_run)
{
	*pretty = globals.pretty;
	*dry_run = globals.dry_run;
	return globals.json;
}

static int cmd_help(struct device_spec *s, struct run *run);

static const char owner_note[] =
	"A process may attach to a device when it has CAP_NET_ADMIN, or when\n"
	"it matches the device's owner: with only a user set, its uid must\n"
	"match; with only a group set, one of its groups; with both set, both\n"
	"must match.  A device with neither set can be attached by anyone who\n"
	"can open /dev/net/tun.  The kernel cannot clear an owner once set.\n";

const struct command commands[] = {
	{ "add", "[NAME]",
	  "create a persistent tun or tap device and configure it",
	  "NAME may be a pattern such as vm%d, or left out; the kernel then\n"
	  "picks tunN or tapN.  mode may be left out when NAME begins with tun\n"
	  "or tap.  An existing NAME is an error unless --exist-ok is given and\n"
	  "it is a tun/tap device of the same mode and multi_queue setting:\n"
	  "then it is brought to what the line asks (owner, group, mtu,\n"
	  "address, addresses, up or down, master; pi, vnet_hdr and one_queue\n"
	  "unless a program holds it) and nothing else is changed.  If any step\n"
	  "fails, the device is removed again.  A new device shows no carrier\n"
	  "until a program attaches; a new tap gets a MAC address from the\n"
	  "machine id and its name.  Prints the device's name on success.\n",
	  args_check_add, cmd_add, NULL, NULL, false, C_ADD },
	{ "del", "[NAME...]",
	  "delete tun/tap devices by name or by filter",
	  "Only tun and tap devices are deleted.  With several names or a\n"
	  "filter, the devices go in one kernel batch.  A device a program\n"
	  "holds open is refused unless --force is given.\n",
	  args_check_del, cmd_del, NULL, NULL, false, C_DEL },
	{ "show", "[NAME...]",
	  "list tun/tap devices",
	  "Filters combine with AND.  With -d: MAC address, addresses, master,\n"
	  "transmit queue length, queues, IPv6 address generation mode, alias\n"
	  "and the processes holding the device.\n",
	  args_check_show, cmd_show, NULL, NULL, false, C_SHOW },
	{ "set", "NAME",
	  "change an existing device's link settings and addresses",
	  "Link settings are applied in one change, then addresses.  If the\n"
	  "kernel refuses part, the error says what was and was not applied.\n"
	  "carrier works only while a program holds the device: the kernel\n"
	  "turns carrier on when a program attaches and off when the last one\n"
	  "detaches.\n",
	  args_check_set, cmd_set, NULL, NULL, false, C_SET },
	{ "set-owner", "NAME",
	  "change the user and/or group allowed to attach", owner_note,
	  args_check_set_owner, cmd_set_owner, NULL, NULL, false, C_SETOWNER },
	{ "persist", "NAME on|off",
	  "make a device persistent, or not",
	  "'off' removes a device no program holds at once; a held device goes\n"
	  "when the last program closes it.  'on' keeps a device created by a\n"
	  "running program after it exits.\n",
	  args_check_persist, cmd_persist, NULL, NULL, false, C_PERSIST },
	{ "monitor", "[NAME...]",
	  "print tun/tap device events as they happen, until interrupted",
	  "One line per event: created, deleted, moved (to another network\n"
	  "namespace), attached and detached (a program took or released a\n"
	  "queue: the kernel turns the carrier on and off, and only while the\n"
	  "link is up), and changed (owner, group, flags, MTU, MAC, addresses,\n"
	  "state, master, name, alias).  Filters as for show.  -t puts the\n"
	  "time first; -j prints one JSON object per line, with the fields of\n"
	  "show -j.  The kernel announces no change of owner, group, persist,\n"
	  "alias or addrgenmode while the link is down: such a change is told\n"
	  "with the device's next event.\n",
	  NULL, cmd_monitor, NULL, NULL, false, C_MONITOR },
	{ "save", "[NAME...]",
	  "print a boot file that makes the persistent devices again",
	  "One add line per persistent tun/tap device, names sorted: type,\n"
	  "flags, owner, group, MTU, MAC address (a tap's, unless it is the one\n"
	  "add would give it), transmit queue length, master, alias,\n"
	  "addrgenmode, up or down, and the addresses given to it (not those the\n"
	  "kernel made).  tuntapctl -b makes the devices again where they are\n"
	  "missing; tuntapctl --exist-ok -b changes nothing where they are.\n"
	  "A device that is not persistent, or that add does not create, is\n"
	  "named in a comment line; so are a held device's pi, vnet_hdr and\n"
	  "one_queue, which its program chose.  Filters as for show.  -j prints\n"
	  "the same as JSON.\n",
	  NULL, cmd_save, NULL, NULL, false, C_SAVE },
	{ "help", "[COMMAND]", "show help for a command", NULL,
	  NULL, cmd_help, NULL, NULL, false, C_HELP },
	/* uml-utilities' tunctl: its options, its front end. */
	{ "tunctl", "", "uml-utilities' tunctl command line", NULL,
	  NULL, NULL, tunctl_main, tunctl_usage, true, C_TUNCTL },
};
const size_t n_commands = ARRAY_SIZE(commands);

/* ip tuntap's other names for its commands. */
static const struct {
	const char *name, *of;
} command_aliases[] = {
	{ "list", "show" }, { "lst", "show" }, { "delete", "del" },
};

static const struct command *by_name(const char *name)
{
	size_t i;

	for (i = 0; i < n_commands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* The command of a C_* id. */
static const struct command *command_of(unsigned id)
{
	size_t i;

	for (i = 0; i < n_commands; i++)
		if (commands[i].id == id)
			return &commands[i];
	return NULL;
}

const struct command *command_find(const char *word, char *err, size_t len)
{
	const struct command *found = NULL, *c;
	size_t i, n = 0, wl = strlen(word);
	char list[128] = "";

	if ((c = by_name(word)))
		return c;
	for (i = 0; i < ARRAY_SIZE(command_aliases); i++)
		if (!strcmp(command_aliases[i].name, word))
			return by_name(command_aliases[i].of);
	/* A unique prefix of the names and aliases: "l" is show, "de" del. */
	for (i = 0; i < n_commands + ARRAY_SIZE(command_aliases) && wl; i++) {
		const char *name = i < n_commands ? commands[i].name :
				   command_aliases[i - n_commands].name;

		c = i < n_commands ? &commands[i] :
		    by_name(command_aliases[i - n_commands].of);
		if (!c || strncmp(name, word, wl) != 0 || c == found)
			continue;
		found = c;
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", n ? ", " : "", c->name);
		n++;
	}
	if (n == 1)
		return found;
	if (n > 1)
		snprintf(err, len, "ambiguous command '%s': %s", vis(word), list);
	else
		snprintf(err, len, "unknown command '%s'", vis(word));
	return NULL;
}

/* "  tuntapctl add [NAME] [mode tun|tap] ...", wrapped under its
 * first argument. */
static void synopsis(const struct command *c, FILE *f)
{
	int at = fprintf(f, "  tuntapctl %s %s", c->name, c->args);

	keywords_synopsis(c->id, f, at > 0 ? (size_t)at : 0,
			  strlen(c->name) + 12);
	fputc('\n', f);
}

void commands_usage(FILE *f)
{
	size_t i;

	fputs("Usage: tuntapctl [OPTIONS] COMMAND [ARGUMENTS]\n"
	      "       tuntapctl [OPTIONS] --batch FILE\n"
	      "\nCreate, configure, list and delete TUN/TAP devices.\n"
	      "\nCommands:\n", f);
	for (i = 0; i < n_commands; i++)
		if (!commands[i].hidden)
			fprintf(f, "  %-10s %s\n", commands[i].name,
				commands[i].summary);
	fputs("\nOptions:\n", f);
	options_help(C_GLOBAL, f);
	fputs("\nRun 'tuntapctl help COMMAND' for a command's keywords.\n"
	      "Exit status: 0 success, 1 failure, 2 usage error.\n", f);
}

void command_usage(const struct command *c, FILE *f)
{
	fputs("Usage:\n", f);
	synopsis(c, f);
	fprintf(f, "\n%c%s.\n", c->summary[0] - 'a' + 'A', c->summary + 1);
	if (c->notes)
		fprintf(f, "\n%s", c->notes);
	keywords_help(c->id, f);
	fputs("\nOptions:\n", f);
	options_help(c->id, f);
}

static int cmd_help(struct device_spec *s, struct run *run)
{
	(void)s, (void)run;
	commands_usage(stdout);
	return 0;
}

static int help_for(int argc, char **argv)
{
	const struct command *c;
	char err[160];

	if (argc < 2) {
		commands_usage(stdout);
		return 0;
	}
	if (argc > 2)
		return report_usage("help", "help takes one command name");
	c = command_find(argv[1], err, sizeof(err));
	if (!c)
		return report_usage(NULL, "%s", err);
	if (c->usage)
		c->usage(stdout);
	else
		command_usage(c, stdout);
	return 0;
}

int command_parse(int argc, char **argv, const struct command **c,
		  struct device_spec *s, char *err, size_t len)
{
	spec_init(s);
	*c = command_find(argv[0], err, len);
	if (!*c)
		return EXIT_USAGE;
	if ((*c)->id == C_HELP || (*c)->main)
		return 0;
	s->details = globals.details;
	s->json = globals.json;
	s->pretty = globals.pretty;
	s->names_only = globals.names_only;
	s->brief = globals.brief;
	s->exist_ok = globals.exist_ok;
	s->dry_run = globals.dry_run && (*c)->id != C_SHOW;
	s->timestamps = globals.timestamps;
	s->layout = globals.layout;
	s->tree = globals.tree;
	return args_parse_words(commands, n_commands, *c, argc - 1, argv + 1, s,
			   err, len);
}

/* Options before the command that it cannot honour: refused on the
 * command line (in a batch they are for the lines that take them). */
static int check_globals(const struct command *c,
			 const struct device_spec *s, char *err, size_t len)
{
	unsigned long line;

	if (s->pretty && !s->json)
		return snprintf(err, len, "--pretty is for JSON output (-j)"),
		       EXIT_USAGE;
	if (report_place(&line))
		return 0;
	if (c->id == C_HELP && globals.json)
		return snprintf(err, len, "help has no JSON form"), EXIT_USAGE;
	if (c->id != C_SHOW && (globals.details || globals.names_only ||
				globals.brief || globals.tree))
		return snprintf(err, len, "%s: %s is for show", c->name,
				globals.details ? "--details" :
				globals.names_only ? "--names" :
				globals.brief ? "--brief" : "--tree"),
		       EXIT_USAGE;
	if (c->id != C_SHOW && globals.layout)
		return snprintf(err, len, "%s: --layout is for show", c->name),
		       EXIT_USAGE;
	if (c->id != C_ADD && globals.exist_ok)
		return snprintf(err, len, "%s: --exist-ok is for add", c->name),
		       EXIT_USAGE;
	if ((c->id & (C_SHOW | C_HELP | C_MONITOR | C_SAVE)) && globals.dry_run)
		return snprintf(err, len,
				"%s: --dry-run is for the commands that change devices",
				c->name), EXIT_USAGE;
	if (c->id != C_MONITOR && globals.timestamps)
		return snprintf(err, len, "%s: --timestamp is for monitor",
				c->name), EXIT_USAGE;
	if (c->id == C_MONITOR && globals.pretty)
		return snprintf(err, len,
				"monitor: --pretty is not for monitor, whose JSON is one event per line"),
		       EXIT_USAGE;
	return 0;
}

/* The commands that act on one named device, whose result the change
 * report takes from the device as it was before and is after; del
 * records its own. */
#define ONE_DEVICE (C_ADD | C_SET | C_SETOWNER | C_PERSIST)

/* A command of the change report: anything but show (and help). */
static bool reports_changes(const struct command *c)
{
	return c->run && !(c->id & (C_SHOW | C_HELP | C_MONITOR | C_SAVE));
}

/* check: the options before the command checked against it (not for
 * the commands a batch file's --prune runs itself). */
static int dispatch(int argc, char **argv, bool check)
{
	const struct command *c;
	struct device_spec s;
	struct run run;
	char err[320];
	const char *file;
	unsigned long line;
	bool own_report = false;
	int r;

	run_init(&run);
	r = command_parse(argc, argv, &c, &s, err, sizeof(err));
	if (!r && c && !c->main && check)
		r = check_globals(c, &s, err, sizeof(err));
	if (!r && c->main) {
		spec_free(&s);
		return c->main(argc, argv);
	}
	if (r || c->id == C_HELP) {
		spec_free(&s);
		if (!r)
			return help_for(argc, argv);
		r = report_usage(c ? c->name : NULL, "%s", err);
		/* A batch's report says which line was wrong. */
		file = report_place(&line);
		results_line(c ? c->name : "unknown", file, line);
		results_line_end(r, report_last());
		return r;
	}
	if (s.help) {
		command_usage(c, stdout);
		spec_free(&s);
		return 0;
	}
	/* One command with --json: its own change report (a batch's is
	 * the batch's). */
	if (s.json && reports_changes(c) && !results_enabled()) {
		results_enable(s.dry_run);
		own_report = true;
	}
	/* A real change makes what dry-run lines before it foresaw
	 * untrue. */
	sim_use(s.dry_run);
	if (!s.dry_run && reports_changes(c))
		sim_forget();
	file = report_place(&line);
	results_line(c->name, file, line);
	report_collect();
	device_resolve_names(&s);
	/* A run that changes devices first puts back what killed dels
	 * left in their groups. */
	if (reports_changes(c))
		delgroup_repair_leftovers();
	if ((results_enabled() || s.dry_run) && (c->id & ONE_DEVICE))
		r = results_run(c->run, &s, &run);
	else if (c->run)
		r = c->run(&s, &run);
	else	/* the table gives every command run or main */
		r = 1;
	results_line_end(r, report_collected());
	spec_free(&s);
	if (own_report && results_print_report(s.pretty) < 0)
		r = 1;
	return r;
}

int command_run(int argc, char **argv)
{
	return dispatch(argc, argv, true);
}

int command_names(int argc, char **argv,
		  void (*fn)(const char *name, void *arg), void *arg)
{
	const struct command *c;
	struct device_spec s;
	char err[320];
	size_t i;
	int r = 0;

	if (command_parse(argc, argv, &c, &s, err, sizeof(err)) == 0) {
		if (c->main ||
		    (c->id == C_ADD && !s.help &&
		     (!s.n_names || strchr(s.names[0], '%'))))
			r = -1;
		for (i = 0; i < s.n_names; i++)
			fn(s.names[i], arg);
		if (s.newname)
			fn(s.newname, arg);
	}
	spec_free(&s);
	return r;
}

int command_prune(const char *const *names, size_t n, bool force)
{
	char **argv = xcalloc(2 * n + 3, sizeof(*argv));
	size_t i, k = 0;
	int r;

	/* "dev NAME": a name is never read as a keyword or an option. */
	argv[k++] = (char *)"del";
	argv[k++] = (char *)(force ? "--force" : "--keep-held");
	for (i = 0; i < n; i++) {
		argv[k++] = (char *)"dev";
		argv[k++] = (char *)names[i];
	}
	r = dispatch((int)k, argv, false);
	free(argv);
	return r;
}

int command_check(int argc, char **argv, const char **name,
		  char device[IFNAMSIZ])
{
	const struct command *c;
	struct device_spec s;
	struct run run;
	char err[320];
	int r;

	run_init(&run);
	device[0] = '\0';
	report_collect();
	r = command_parse(argc, argv, &c, &s, err, sizeof(err));
	*name = c ? c->name : "unknown";
	if (!r && c && !c->main)
		r = check_globals(c, &s, err, sizeof(err));
	/* tunctl's command line is its own, for an add or a persist off. */
	if (!r && c && c->id == C_TUNCTL) {
		unsigned id;

		r = tunctl_spec(argc, argv, &s, &id, err, sizeof(err));
		if (!r && id)
			c = command_of(id);
	}
	if (r) {
		spec_free(&s);
		return report_usage(c ? c->name : NULL, "%s", err);
	}
	/* What changes nothing is only parsed, and so is a line that is a
	 * dry run itself: the lines after it do not see what it foresaw. */
	if (c->main || s.help || !reports_changes(c) ||
	    (s.dry_run && !globals.dry_run)) {
		spec_free(&s);
		return 0;
	}
	s.dry_run = run.checking = true;
	s.json = false;
	sim_use(true);
	if (c->id & ONE_DEVICE) {
		r = results_run(c->run, &s, &run);
		if (r && s.n_names)
			snprintf(device, IFNAMSIZ, "%s", s.names[0]);
	} else {
		r = c->run(&s, &run);
	}
	spec_free(&s);
	return r;
}
