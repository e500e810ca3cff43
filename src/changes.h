/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The change report (--json): collected result by result, recorded
 * from device states, printed once at the end of the run. */
#ifndef TUNTAPCTL_CHANGES_H
#define TUNTAPCTL_CHANGES_H

#include <stdbool.h>

#include "output.h"
#include "run.h"
#include "spec.h"

struct devstate;

/* The change report: with --json, every command but show (alone), and
 * every batch, prints one JSON document at the end of the run:
 *
 *   {"changed": BOOL, "dry_run": BOOL, "results": [RESULT...]}
 *
 * A RESULT is one device a command handled: {"command", "device",
 * "action" (created, changed, unchanged, deleted, failed), "changes"
 * {FIELD: {"old", "new"}}, "error", "file", "line"}; a show or save
 * line of a batch gives {"command": "show" or "save", "devices": [its
 * listing, or save -j's entries]} instead.
 * The schema is contrib/change-report.schema.json. */

/* Collect results (--json): once, before the first command. */
void results_enable(bool dry_run);
bool results_enabled(void);
/* A command line starts: its command, and where it came from (file
 * NULL: the command line). */
void results_line(const char *command, const char *file, unsigned long line);
/* A result for device dev (NULL: none could be named). */
void results_device(const char *dev, const char *action);
/* A changed field of the current result. */
void results_field(const char *field, const struct val *old,
		   const struct val *new_val);
/* The current result failed, with message (one or more lines). */
void results_fail(const char *message);
/* The line ended with status: a failed line whose command recorded no
 * failed result gets one, with message. */
void results_line_end(int status, const char *message);
/* The same, the failure put on device dev when it is not "" (a line a
 * batch's check refused: it names its device, and changed nothing). */
void results_line_end_on(const char *dev, int status, const char *message);

/* A field_diff_fn that records the field in the change report. */
void results_record_field(const char *key, const struct val *o,
			  const struct val *n, void *arg);
/* Record device dev's result in the change report: the action and each
 * field that differs, with its old and new value. */
void results_record(const char *dev, const struct devstate *before,
		    const struct devstate *after);
/* Print the change report on stdout; if it cannot be written, remove
 * the devices the run made here, saying so.  0 or -1. */
int results_print_report(bool pretty);
/* Run a command of one named device (add, set, set-owner, persist)
 * on run with its result recorded: the device read before, fn changes
 * it (or, in a dry run, run->predict), and the result is what differs after; a
 * dry run's result is what the lines after it see (dryrun.h), and,
 * without --json, its line for people on stdout.  run's status. */
int results_run(int (*fn)(struct device_spec *s, struct run *run),
		struct device_spec *s, struct run *run);

#endif
