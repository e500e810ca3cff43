/* tuntapctl: create, configure, list and delete TUN/TAP devices. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cmd.h"
#include "config.h"
#include "netns.h"
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
	if (bad && ctx.stdout_failed)
		_exit(1);
	if (bad && e != EPIPE) {
		fprintf(stderr, "%s: write error: %s\n", ctx.prog,
			e ? strerror(e) : "unknown error");
		_exit(1);
	}
}

static void list_keywords(const char *name, bool opts)
{
	const struct command *c;
	char err[160];
	size_t i;

	c = command_find(name, err, sizeof(err));
	if (!c) {
		report_usage(NULL, "%s", err);
		exit(EXIT_USAGE);
	}
	if (opts) {
		for (i = 0; i < n_options; i++)
			if ((options[i].where & c->id) && !options[i].hidden)
				printf("--%s\n", options[i].lname);
		return;
	}
	for (i = 0; i < n_keywords; i++)
		if (keywords[i].cmds & c->id)
			printf("%s%s%s\n", keywords[i].name,
			       keywords[i].arg ? " " : "",
			       keywords[i].arg ? keywords[i].arg : "");
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

int main(int argc, char **argv)
{
	struct option longopts[32];
	char shortopts[64] = "+:";
	const char *netns = NULL, *batch = NULL;
	bool keep_going = false;
	size_t i, nl = 0, ns = 2;
	int c, r;

	guard_std_fds();
	atexit(close_stdout);
	if (!strcmp(basename(argv[0]), "tunctl"))
		return tunctl_main(argc, argv);
	for (i = 0; i < n_options && nl + 1 < ARRAY_SIZE(longopts); i++) {
		const struct option_def *o = &options[i];

		if (!(o->where & C_GLOBAL))
			continue;
		longopts[nl].name = o->lname;
		longopts[nl].has_arg = o->arg ? required_argument : no_argument;
		longopts[nl].flag = NULL;
		longopts[nl].val = 256 + (int)o->id;
		nl++;
		if (o->sname) {
			shortopts[ns++] = o->sname;
			if (o->arg)
				shortopts[ns++] = ':';
		}
	}
	memset(&longopts[nl], 0, sizeof(longopts[nl]));
	shortopts[ns] = '\0';
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		enum opt_id id = 0;

		for (i = 0; i < n_options && c > 0 && c < 256; i++)
			if (options[i].sname == c && (options[i].where & C_GLOBAL))
				id = options[i].id;
		if (c >= 256)
			id = (enum opt_id)(c - 256);
		switch (id) {
		case O_DETAILS: ctx.details = true; break;
		case O_JSON: ctx.json = true; break;
		case O_PRETTY: ctx.pretty = true; break;
		case O_NETNS: netns = optarg; break;
		case O_BATCH: batch = optarg; break;
		case O_KEEPGOING: keep_going = true; break;
		case O_TUNDEV: ctx.clone_path = optarg; break;
		case O_EXIST_OK: ctx.exist_ok = true; break;
		case O_HELP:
			usage_all(stdout);
			return 0;
		case O_VERSION:
			printf("tuntapctl %s\n", PACKAGE_VERSION);
			return 0;
		case O_LIST_COMMANDS:
			for (i = 0; i < n_commands; i++)
				printf("%s\n", commands[i].name);
			return 0;
		case O_LIST_KEYWORDS:
		case O_LIST_OPTIONS:
			list_keywords(optarg, id == O_LIST_OPTIONS);
			return 0;
		default:
			if (c == ':')
				return report_usage(NULL, "option '%s' needs a value",
						    vis(argv[optind - 1]));
			if (optopt > 0 && optopt < 256) {
				char opt[3] = { '-', (char)optopt, '\0' };

				return report_usage(NULL, "unknown option '%s'",
						    vis(opt));
			}
			return report_usage(NULL, "unknown option '%s'",
					    vis(argv[optind - 1]));
		}
	}
	if (keep_going && !batch)
		return report_usage(NULL, "--keep-going works only with --batch");
	if (batch && optind < argc)
		return report_usage(NULL, "--batch reads commands from the file; '%s' is extra",
				    vis(argv[optind]));
	if (!batch && optind >= argc)
		return report_usage(NULL, "no command given");
	if (netns && enter_netns(netns))
		return 1;
	if (batch)
		r = run_batch(batch, keep_going);
	else if (!strcmp(argv[optind], "tunctl"))
		r = tunctl_main(argc - optind, argv + optind);
	else
		r = run_command(argc - optind, argv + optind);
	nlctx_close(ctx.nl);
	ids_forget();
	return r;
}
