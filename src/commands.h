/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table and the dispatch of one command line, for the ways
 * in (main.c, batch.c) and the grammar's listings. */
#ifndef TUNTAPCTL_COMMANDS_H
#define TUNTAPCTL_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "spec.h"

extern const struct command commands[];
extern const size_t n_commands;

/* Exact name, an alias (list, lst, delete), or a unique prefix.  NULL
 * with a message in err. */
const struct command *command_find(const char *word, char *err, size_t len);

/* The options given before the command, for every command of the run. */
struct globals {
	bool details, json, pretty, names_only, brief, exist_ok, dry_run;
	bool timestamps, tree;
	const char *layout;	/* show --layout, NULL: not given */
};
void commands_set_globals(const struct globals *g);

/* Parse one command line (argv[0] the command name) into *c and s; no
 * system calls.  0 (for help and front ends, only *c is set), or
 * EXIT_USAGE with the message in err and *c NULL when the command
 * itself is unknown.  s is to be freed either way. */
int command_parse(int argc, char **argv, const struct command **c,
		  struct device_spec *s, char *err, size_t len);
/* Run one command: argv[0] is the command name.  With --json its
 * results go into the change report (changes.h): the batch's, or one
 * printed for this command alone. */
int command_run(int argc, char **argv);
/* A batch file's check of one command before the file's first change:
 * parsed and checked as command_run would, and a command that changes
 * devices run as a dry run whose result the commands checked after it
 * see (state.h, sim_*); nothing printed on stdout, nothing recorded in
 * the change report.  *name: the command's name, for the report;
 * device: the device a one-device command failed on, for the report
 * too ("" when there is none).  0, 1 or EXIT_USAGE, as the run would
 * end. */
int command_check(int argc, char **argv, const char **name,
		  char device[IFNAMSIZ]);
/* The device names a command line gives (a batch file's --prune keeps
 * them), to fn: its names, and the new name of set's rename.  -1 when
 * it may make a device whose name it does not give (an add with a
 * pattern or no name; tunctl's command line), else 0 (a line that does
 * not parse names nothing). */
int command_names(int argc, char **argv,
		  void (*fn)(const char *name, void *arg), void *arg);
/* --prune: delete these devices through the command table, as 'del
 * --keep-held' (force: 'del --force') deletes them, without a place in
 * the file.  0, or 1 if any was not deleted or kept. */
int command_prune(const char *const *names, size_t n, bool force);
/* Whether the run's options ask for JSON (and pretty JSON, a dry run). */
bool commands_globals_json(bool *pretty, bool *dry_run);
void commands_usage(FILE *f);
void command_usage(const struct command *c, FILE *f);

#endif
