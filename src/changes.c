/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The change report (--json): results collected device by device,
 * recorded from a device's state before and after a command, and
 * printed as one JSON document at the end of the run. */
#include "config.h"

#include "changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "output.h"
#include "report.h"
#include "state.h"
#include "util.h"

#ifndef JSON_C_TO_STRING_NOSLASHESCAPE
#define JSON_C_TO_STRING_NOSLASHESCAPE 0
#endif

/* The change report being collected (see changes.h). */
static struct {
	bool on, dry_run, changed;
	struct json_object *results;	/* the array */
	struct json_object *cur;	/* the current device's result */
	struct json_object *listing;	/* a show line's result */
	const char *command, *file;
	unsigned long line;
	bool failed;			/* a failed result for this line */
} rep;

static void results_listing_row(struct json_object *row);

void results_enable(bool dry_run)
{
	rep.on = true;
	rep.dry_run = dry_run;
	rep.results = json_object_new_array();
}

bool results_enabled(void)
{
	return rep.on;
}

/* A new result object, with where it came from. */
static struct json_object *new_result(void)
{
	struct json_object *r = json_object_new_object();

	json_object_object_add(r, "command", json_object_new_string(rep.command));
	if (rep.file) {
		json_put_text(r, "file", rep.file);
		json_object_object_add(r, "line",
				       json_object_new_int64((int64_t)rep.line));
	}
	json_object_array_add(rep.results, r);
	return r;
}

void results_line(const char *command, const char *file, unsigned long line)
{
	if (!rep.on)
		return;
	rep.command = command;
	rep.file = file;
	rep.line = line;
	rep.cur = NULL;
	rep.listing = NULL;
	rep.failed = false;
	if (!strcmp(command, "show") || !strcmp(command, "save")) {
		rep.listing = new_result();
		json_object_object_add(rep.listing, "devices",
				       json_object_new_array());
	}
	/* A show line's listing goes into its result, and a save
	 * line's entries. */
	out_rows_to(rep.listing ? results_listing_row : NULL);
}

static void results_listing_row(struct json_object *row)
{
	json_object_array_add(json_object_object_get(rep.listing, "devices"),
			      row);
}

void results_device(const char *dev, const char *action)
{
	if (!rep.on)
		return;
	rep.cur = new_result();
	json_put_text(rep.cur, "device", dev);
	json_object_object_add(rep.cur, "action", json_object_new_string(action));
	json_object_object_add(rep.cur, "changes", json_object_new_object());
	json_object_object_add(rep.cur, "error", NULL);
	if (!strcmp(action, "failed"))
		rep.failed = true;
	else if (strcmp(action, "unchanged") != 0)
		rep.changed = true;
}

void results_field(const char *field, const struct val *old,
		   const struct val *new_val)
{
	if (!rep.on || !rep.cur)
		return;
	json_object_object_add(json_object_object_get(rep.cur, "changes"),
			       field, out_change(old, new_val));
	/* A command that failed after some of its changes still made them. */
	rep.changed = true;
}

void results_fail(const char *message)
{
	if (!rep.on)
		return;
	if (!rep.cur) {
		rep.cur = new_result();
		json_object_object_add(rep.cur, "device", NULL);
		json_object_object_add(rep.cur, "changes",
				       json_object_new_object());
	}
	json_object_object_add(rep.cur, "action",
			       json_object_new_string("failed"));
	json_put_text(rep.cur, "error", message && *message ? message : "failed");
	rep.failed = true;
}

void results_line_end(int status, const char *message)
{
	if (!rep.on)
		return;
	if (status && !rep.failed) {
		rep.cur = NULL;
		results_fail(message);
	}
	rep.cur = NULL;
	rep.listing = NULL;
	out_rows_to(NULL);
}

void results_line_end_on(const char *dev, int status, const char *message)
{
	if (rep.on && status && !rep.failed && *dev) {
		results_device(dev, "failed");
		results_fail(message);
	}
	results_line_end(status, message);
}

/* Print the document (and forget it); -1 if writing failed. */
static int results_print(FILE *f, bool pretty)
{
	struct json_object *doc = json_object_new_object();
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
		     JSON_C_TO_STRING_PLAIN);

	json_object_object_add(doc, "changed",
			       json_object_new_boolean(rep.changed));
	json_object_object_add(doc, "dry_run",
			       json_object_new_boolean(rep.dry_run));
	json_object_object_add(doc, "results", rep.results);
	/* Flushed here: a report that cannot be written must be known
	 * while its devices can still be removed. */
	errno = 0;
	fprintf(f, "%s\n", json_object_to_json_string_ext(doc, flags));
	json_object_put(doc);
	memset(&rep, 0, sizeof(rep));
	out_rows_to(NULL);
	if (fflush(f) != 0 || ferror(f)) {
		if (!errno)
			errno = EIO;
		out_stdout_failed_set();
		return -1;
	}
	return 0;
}

void results_record_field(const char *key, const struct val *o,
			  const struct val *n, void *arg)
{
	(void)arg;
	results_field(key, o, n);
}

void results_record(const char *dev, const struct devstate *before,
		    const struct devstate *after)
{
	/* Without a report there is nothing to word (a batch's check of
	 * its lines before the first change). */
	if (!rep.on)
		return;
	results_device(dev, devstate_action(before, after));
	devstate_diff(before, after, results_record_field, NULL);
}

/* The devices this run made here, for the change report that names
 * them (a pattern's name is known only from it). */
static struct made {
	char name[IFNAMSIZ];
	int ifindex;
} *made;
static size_t n_made, cap_made;

static void remember_made(const char *name, int ifindex)
{
	xgrow((void **)&made, &cap_made, n_made, sizeof(*made));
	snprintf(made[n_made].name, IFNAMSIZ, "%s", name);
	made[n_made++].ifindex = ifindex;
}

int results_print_report(bool pretty)
{
	int r = results_print(stdout, pretty), e = errno;
	struct fail f = { 0, "" };
	char reason[320];
	size_t i;

	/* As when add cannot write the name it printed: a device whose
	 * name could not be told is not kept. */
	for (i = 0; r < 0 && i < n_made; i++) {
		if (device_remove(made[i].name, made[i].ifindex, &f) < 0)
			report(made[i].name, "cannot write the change report: %s; cannot remove %s either: %s",
			       errno_text(e), vis(made[i].name),
			       fail_text(&f, reason, sizeof(reason)));
		else
			report(made[i].name, "cannot write the change report: %s; %s was removed",
			       errno_text(e), vis(made[i].name));
	}
	free(made);
	made = NULL;
	n_made = cap_made = 0;
	return r;
}

int results_run(int (*fn)(struct device_spec *s, struct run *run),
		struct device_spec *s, struct run *run)
{
	const char *name = s->n_names ? s->names[0] : NULL;
	struct devstate before, after, gone;
	struct fail f = { 0, "" };
	int r;

	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	memset(&gone, 0, sizeof(gone));
	/* A pattern names no device yet.  A dry run keeps what the kernel
	 * said of the name, so the line's own lookups ask no more. */
	if (name && !strchr(name, '%') &&
	    device_state_read(&before, name, 0, &f) == 0 && s->dry_run &&
	    !sim_get(name))
		sim_put(name, &before);
	/* A dry run changes the copy instead of the device. */
	if (s->dry_run) {
		if (before.exists)
			devstate_copy(&after, &before);
		run->predict = &after;
	}
	run->was = &before;
	run->now = &after;
	/* The report, or the dry run's line, is the output. */
	run->quiet = true;
	r = fn(s, run);
	if (r) {
		results_device(name, "failed");
		/* What a failed run of a device that stays did before it
		 * failed (the rest of a convergence, around an owner a
		 * holder keeps) is in its report too. */
		devstate_free(&after);
		if (!s->dry_run && !run->elsewhere && before.exists &&
		    device_state_read(&after, name, 0, &f) == 0 && after.exists)
			devstate_diff(&before, &after, results_record_field,
				      NULL);
		results_fail(report_collected());
	} else {
		if (run->created[0])
			name = run->created;
		if (s->dry_run || run->elsewhere ||
		    device_state_read(&after, name, 0, &f) == 0) {
			if (run->created[0] && !before.exists && !s->dry_run &&
			    !run->elsewhere)
				remember_made(name, after.li.ifindex);
			results_record(name, &before, &after);
			/* The next lines of a dry run see this one's result;
			 * a device in another namespace is not here. */
			if (s->dry_run)
				sim_put(name, run->elsewhere ? &gone : &after);
			if (s->dry_run && s->newname)
				sim_put(s->names[0], &gone);
			if (s->dry_run && !run->checking && !results_enabled()) {
				struct strbuf line = SB_INIT;

				devstate_describe(name, &before, &after, &line);
				printf("%s\n", sb_str(&line));
				sb_free(&line);
			}
		}
	}
	/* The pointers into this frame end with it. */
	run->was = run->now = run->predict = NULL;
	devstate_free(&before);
	devstate_free(&after);
	return r;
}
