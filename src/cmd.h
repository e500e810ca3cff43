/* The command layer: the command table, the run context, and the only
 * code that words errors for people. */
#ifndef TUNTAPCTL_CMD_H
#define TUNTAPCTL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "escape.h"
#include "link.h"
#include "spec.h"

struct command {
	const char *name;
	unsigned id;
	int (*run)(struct device_spec *s);
	const char *args;	/* how the device names are given */
	const char *summary;	/* one line for --help */
	const char *notes;	/* more for 'help COMMAND' */
};

extern const struct command commands[];
extern const size_t n_commands;

/* Exact name, or a unique prefix.  NULL with a message in err. */
const struct command *command_find(const char *word, char *err, size_t len);

struct context {
	const char *prog;	/* "tuntapctl", or "tunctl" for the front end */
	const char *clone_path;
	const char *batch_name;	/* set while running a batch file */
	unsigned long batch_line;
	bool details, json, pretty, names_only, brief, exist_ok;
	bool stdout_failed;	/* a write error on stdout was reported */
	struct nlctx *nl;	/* opened on first use, kept for a batch */
};
extern struct context ctx;

/* Parse one command line (argv[0] the command name) into *c and s,
 * with the global options in ctx; no system calls.  0 (for help, only
 * *c is set), or EXIT_USAGE with the message in err and *c NULL when
 * the command itself is unknown.  s is to be freed either way. */
int command_parse(int argc, char **argv, const struct command **c,
		  struct device_spec *s, char *err, size_t len);
/* Run one command: argv[0] is the command name. */
int run_command(int argc, char **argv);
void usage_all(FILE *f);
void usage_command(const struct command *c, FILE *f);

/* Errors: "tuntapctl: [FILE:LINE: ][DEV: ]message". */
void report(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_fail(const char *dev, const struct fail *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A usage error, with the hint to --help; returns EXIT_USAGE. */
int report_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *fail_text(const struct fail *f, char *buf, size_t len);

/* Shared by the commands. */
struct nlctx *nl_get(void);
int resolve_ids(struct device_spec *s, const char *dev);
/* Free what the lookups of user and group names keep (at exit). */
void ids_forget(void);
/* A tun/tap device a killed del left in its group: put it back in the
 * default group, with a note (or say why it cannot be). */
void repair_leftover(struct linkinfo *li);
/* Look NAME up; unless it is a tun/tap device, say so and return -1. */
int find_tun(const char *name, const char *why, struct linkinfo *li);
const char *kind_phrase(const struct linkinfo *li);
/* The bridge named for master: must exist and be a bridge. */
int find_bridge(const char *dev, const char *name, int *ifindex);
/* Open the clone device, saying what to do when it fails. */
int open_clone(const char *dev);
/* Re-attach to the existing device (name, ifindex) with its own flags
 * (from sysfs); the fd, or -1 after reporting. */
int reattach(const char *name, int ifindex, const char *why);
/* The same with pi and vnet_hdr as given (-1: the device's own); with
 * busy_ok, a held device returns -EBUSY unreported. */
int reattach_flags(const char *name, int ifindex, int pi, int vnet_hdr,
		   bool busy_ok, const char *why);
/* Warn when the device's owner (the user, or the group's members)
 * cannot open the clone device: their programs could not attach. */
void warn_clone_access(const char *dev, const struct device_spec *s);
/* A duplicate of a holder's fd on device name (pidfd_getfd), or -1. */
struct holder;
int borrow_fd(const char *name, const struct holder *v, size_t n,
	      struct fail *f);
const char *user_label(int64_t uid, char *buf, size_t len);
const char *group_label(int64_t gid, char *buf, size_t len);
/* The bare user or group name, NULL when unset or unresolvable. */
const char *id_name(int64_t id, bool user);

/* persist on/off, shared by persist and add --exist-ok. */
int set_persist(const char *name, bool on, bool say);

int cmd_add(struct device_spec *s);
int tunctl_main(int argc, char **argv);
void tunctl_usage(FILE *f);
int cmd_del(struct device_spec *s);
int cmd_show(struct device_spec *s);
int cmd_set(struct device_spec *s);
int cmd_set_owner(struct device_spec *s);
int cmd_persist(struct device_spec *s);
int cmd_help(struct device_spec *s);

#endif
