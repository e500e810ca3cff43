/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The grammar: one keyword table and one option table for every
 * command.  Parsing is pure (no syscalls), so it can be fuzzed; names
 * of users, groups and bridges are resolved later by the command layer. */
#ifndef TUNTAPCTL_ARGS_H
#define TUNTAPCTL_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"
#include "spec.h"

/* Command ids, as bits so a keyword can say which commands take it. */
enum {
	C_ADD = 1u << 0,
	C_DEL = 1u << 1,
	C_SHOW = 1u << 2,
	C_SET = 1u << 3,
	C_SETOWNER = 1u << 4,
	C_PERSIST = 1u << 5,
	C_HELP = 1u << 6,
	C_TUNCTL = 1u << 7,
	C_MONITOR = 1u << 8,
	C_SAVE = 1u << 9,
	C_GLOBAL = 1u << 15,	/* an option given before the command */
};

struct keyword {
	const char *name;
	unsigned id;		/* aliases share the id of their keyword */
	const char *arg;	/* value's metavariable, NULL for a bare word */
	unsigned cmds;		/* commands taking it */
	unsigned repeat;	/* commands where it may be given again */
	const char *alias_of;	/* canonical name, NULL for the keyword itself */
	const char *against;	/* the keyword it contradicts, or NULL */
	const char *help;	/* NULL: its device field's (fields.c) */
	/* NULL: a number setting of the device field table, parsed in the
	 * field's range */
	int (*parse)(struct device_spec *s, const char *value, char *err,
		     size_t len);
};

enum opt_id {
	O_DETAILS = 1, O_JSON, O_PRETTY, O_NETNS, O_BATCH, O_TUNDEV,
	O_KEEPGOING, O_HELP, O_VERSION, O_NAMES, O_FORCE, O_EXIST_OK,
	O_LIST_COMMANDS, O_LIST_KEYWORDS, O_LIST_OPTIONS, O_BRIEF, O_LAYOUT, O_TREE, O_COLOR, O_KEEP_HELD,
	O_DRY_RUN, O_TIMESTAMP, O_PRUNE,
	/* the tunctl front end's */
	O_T_BRIEF, O_T_DELETE, O_T_GROUP, O_T_TUN, O_T_TAP, O_T_NAME, O_T_USER,
};

struct option_def {
	const char *lname;	/* NULL: short form only (tunctl's) */
	const char *ipname;	/* ip's single-dash spelling, or NULL */
	enum opt_id id;
	unsigned where;		/* C_GLOBAL and/or command bits */
	char sname;		/* 0: long form only */
	bool hidden;		/* not in help or completion lists */
	const char *arg;	/* metavariable, NULL: no value; "[=...]":
				 * a value only after '=' (--color=never) */
	const char *help;
};

extern const struct keyword keywords[];
extern const size_t n_keywords;
extern const struct option_def options[];
extern const size_t n_options;

/* The one option parser, for options before the command (where
 * C_GLOBAL) and after it (the command's bit).  argv[*i] is an option
 * word: "--name", "--name=VALUE", a cluster of short options ("-dj",
 * "-nNS"), or ip's single-dash spelling ("-json", "-netns NS", and any
 * prefix of two letters or more, as ip matches them), which is tried
 * first.  fn gets each option it holds and its value; *i is left on the
 * last word used.  0, fn's non-zero result, or EXIT_USAGE with a
 * message in err (cmd, when given, in front). */
typedef int (*option_fn)(const struct option_def *o, const char *value,
			 void *arg);
int option_word(int argc, char **argv, int *i, unsigned where,
		const char *cmd, option_fn fn, void *arg, char *err,
		size_t len);

/* A command, as the one table of commands (commands.c) holds it: the
 * grammar reads its name, id, synopsis and check; the dispatcher runs
 * its handler.  A front end with options of its own (tunctl) has main
 * and usage instead. */
struct command {
	const char *name;
	const char *args;	/* how the device names are given */
	const char *summary;	/* one line for --help */
	const char *notes;	/* more for 'help COMMAND' */
	/* What the words must add up to, after they parsed (below). */
	int (*check)(struct device_spec *s, char *err, size_t len);
	/* The request s, on the dispatcher's run (run.h). */
	int (*run)(struct device_spec *s, struct run *run);
	int (*main)(int argc, char **argv);
	void (*usage)(FILE *f);
	bool hidden;		/* not in --help, lists or completion */
	unsigned id;
};

/* Parse command c's words (after the command name) into s, table (n
 * commands) being all of them.  Returns 0, or EXIT_USAGE with a message
 * (no program name) in err. */
int args_parse_words(const struct command *table, size_t n,
		const struct command *c, int argc, char **argv,
		struct device_spec *s, char *err, size_t len);

/* Each command's check, for the table. */
int args_check_add(struct device_spec *s, char *err, size_t len);
int args_check_del(struct device_spec *s, char *err, size_t len);
int args_check_show(struct device_spec *s, char *err, size_t len);
int args_check_set(struct device_spec *s, char *err, size_t len);
int args_check_set_owner(struct device_spec *s, char *err, size_t len);
int args_check_persist(struct device_spec *s, char *err, size_t len);

/* Value checks shared with the tunctl front end. */
/* A device name; creating: one we are to create (patterns allowed,
 * and nothing printing would have to escape).  Not creating, a name
 * may also be given escaped as show prints it (\xHH, \\). */
int args_check_ifname(const char *name, bool creating, char *err, size_t len);
/* The words of the command about to be parsed that a boot file spelled
 * with $'...' (spelled[i] for words[i]; NULL, 0 for none): in those, a
 * new device's name or an alias may hold bytes that printing escapes
 * (control bytes, invalid UTF-8, invisible characters), which add
 * refuses as typed, since save writes such bytes so. */
void args_spelled(char *const *words, const bool *spelled, int n);
int args_parse_id(struct id_arg *a, const char *v, const char *what,
		 char *err, size_t len);
enum tt_mode args_mode_from_name(const char *name);

/* Keyword and option lookup for help, completion and suggestions: the
 * entry of word that command cmd_id takes (a word may mean different
 * things to different commands), else its first entry. */
const struct keyword *keyword_find(const char *word, unsigned cmd_id);
const char *keyword_suggest(const char *word, unsigned cmd_id);
/* The keywords of a synopsis, on f's line at column at; a line that
 * would pass 80 columns goes on under column indent. */
void keywords_synopsis(unsigned cmd_id, FILE *f, size_t at, size_t indent);
void keywords_help(unsigned cmd_id, FILE *f);
void options_help(unsigned where, FILE *f);
/* For completion and the drift tests, one line each, fields separated
 * by tabs.  Keywords: NAME VALUE SLOT REPEAT HELP (VALUE the metavariable
 * or empty; keywords of one SLOT exclude each other; REPEAT 1 when it
 * may be given again).  Options: LONG SHORT IP VALUE HELP (the forms
 * that exist; IP is ip's single-dash spelling). */
void keywords_list(unsigned cmd_id, FILE *f);
void options_list(unsigned where, FILE *f);

#endif
