/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The entry point: the options before the command, -n, a batch file or
 * one command, and the check of standard output at exit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "commands.h"
#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "link.h"
#include "nsfail.h"
#include "netns.h"
#include "output.h"
#include "report.h"
#include "tunfd.h"
#include "util.h"

/* Write errors on stdout (a full disk, a closed pipe to a pager that
 * exited early aside) must not end in a silent success. */
static void close_stdout(void)
{
	bool bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;

	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (bad && out_stdout_failed())
		_exit(1);
	if (bad && e != EPIPE) {
		fprintf(stderr, "%s: write error: %s\n", report_prog(),
			e ? strerror(e) : "unknown error");
		_exit(1);
	}
}

/* --list-keywords COMMAND, --list-options COMMAND|global|tunctl. */
static void list_grammar(const char *name, bool opts)
{
	const struct command *c;
	char err[160];

	if (opts && (!strcmp(name, "global") || !strcmp(name, "tunctl"))) {
		options_list(name[0] == 'g' ? C_GLOBAL : C_TUNCTL, stdout);
		return;
	}
	c = command_find(name, err, sizeof(err));
	if (!c) {
		report_usage(NULL, "%s", err);
		exit(EXIT_USAGE);
	}
	if (opts)
		options_list(c->id, stdout);
	else
		keywords_list(c->id, stdout);
}

/* With fd 0, 1 or 2 closed, the next open() (the clone device, the
 * netlink socket) would take its number, and a message meant for the
 * terminal would be written into a tun device.  Fill the gaps: stdout
 * read-only, so that writing to it still fails as it should. */
static void guard_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY) != fd)
			_exit(1);
	}
}

/* -n NETNS, with every message naming the namespace as it was given. */
static int enter_netns(const char *ns)
{
	struct netns_fail nf;

	return netns_enter(ns, &nf) == 0 ? 0 : nsfail_report(NULL, ns, &nf, NULL);
}

/* What the options before the command ask for. */
struct global {
	struct globals opts;	/* those every command sees */
	const char *netns, *batch;
	const char *colour;	/* --color's WHEN; NULL: not given */
	bool keep_going, prune, force, done;
};

static int global_option(const struct option_def *o, const char *value,
			 void *arg)
{
	struct global *g = arg;
	size_t i;

	switch (o->id) {
	case O_DETAILS: g->opts.details = true; break;
	case O_JSON: g->opts.json = true; break;
	case O_PRETTY: g->opts.pretty = true; break;
	case O_NAMES: g->opts.names_only = true; break;
	case O_BRIEF: g->opts.brief = true; break;
	case O_LAYOUT: g->opts.layout = value; break;
	/* As ip -c and ls --color: without WHEN, always. */
	case O_COLOR: g->colour = value ? value : "always"; break;
	case O_TREE: g->opts.tree = true; break;
	case O_NETNS: g->netns = value; break;
	case O_BATCH: g->batch = value; break;
	case O_KEEPGOING: g->keep_going = true; break;
	case O_PRUNE: g->prune = true; break;
	case O_FORCE: g->force = true; break;
	case O_TUNDEV: tunfd_set_clone(value); break;
	case O_EXIST_OK: g->opts.exist_ok = true; break;
	case O_DRY_RUN: g->opts.dry_run = true; break;
	case O_TIMESTAMP: g->opts.timestamps = true; break;
	/* These answer at once, whatever follows. */
	case O_HELP: commands_usage(stdout); g->done = true; break;
	case O_VERSION:
		printf("tuntapctl %s\n"
		       "License GPL-2.0-or-later: GNU GPL version 2 or later <https://gnu.org/licenses/gpl.html>.\n"
		       "This is free software: you are free to change and redistribute it.\n"
		       "There is NO WARRANTY, to the extent permitted by law.\n",
		       PACKAGE_VERSION);
		g->done = true;
		break;
	case O_LIST_COMMANDS:
		for (i = 0; i < n_commands; i++)
			if (!commands[i].hidden)
				printf("%s\n", commands[i].name);
		g->done = true;
		break;
	case O_LIST_KEYWORDS:
	case O_LIST_OPTIONS:
		list_grammar(value, o->id == O_LIST_OPTIONS);
		g->done = true;
		break;
	default: break;
	}
	return g->done ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct global g = { { false, false, false, false, false, false, false,
			      false, false, NULL }, NULL, NULL, NULL, false, false,
		false, false };
	char err[320];
	int i, r;

	guard_std_fds();
	atexit(close_stdout);
	atexit(vis_forget);
	/* Run as tunctl: the front end's command line, whole. */
	if (!strcmp(basename(argv[0]), "tunctl")) {
		argv[0] = (char *)"tunctl";
		return command_run(argc, argv);
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (argv[i][0] != '-' || !argv[i][1])
			break;
		r = option_word(argc, argv, &i, C_GLOBAL, NULL, global_option, &g,
				err, sizeof(err));
		if (g.done)
			return 0;
		if (r)
			return report_usage(NULL, "%s", err);
	}
	if (g.colour && strcmp(g.colour, "auto") != 0 &&
	    strcmp(g.colour, "always") != 0 && strcmp(g.colour, "never") != 0)
		return report_usage(NULL, "--color is auto, always or never, not '%s'",
				    vis(g.colour));
	if (g.colour)
		out_colour_set(strcmp(g.colour, "always") == 0 ? COLOUR_ALWAYS :
			       strcmp(g.colour, "never") == 0 ? COLOUR_NEVER :
			       COLOUR_AUTO);
	if (g.keep_going && !g.batch)
		return report_usage(NULL, "--keep-going works only with --batch");
	if (g.prune && (!g.batch || !g.opts.exist_ok))
		return report_usage(NULL, "--prune works only with --exist-ok --batch FILE");
	if (g.force && !g.prune)
		return report_usage(NULL, "--force before the command is for --prune (del takes its own: del --force NAME)");
	if (g.batch && i < argc)
		return report_usage(NULL, "--batch reads commands from the file; '%s' is extra",
				    vis(argv[i]));
	if (!g.batch && i >= argc)
		return report_usage(NULL, "no command given");
	commands_set_globals(&g.opts);
	if (g.netns && enter_netns(g.netns))
		return 1;
	if (g.batch)
		r = batch_run(g.batch, g.keep_going, g.prune, g.force);
	else
		r = command_run(argc - i, argv + i);
	nlctx_shared_close();
	ids_forget();
	return r;
}
