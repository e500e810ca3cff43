/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one printing layer: each field is given once, with
 * its JSON key and its text column header, so text and JSON cannot
 * drift apart.  JSON is streamed object by object; text is buffered to
 * align columns. */
#ifndef TUNTAPCTL_OUTPUT_H
#define TUNTAPCTL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;
struct cell;

struct out {
	FILE *f;
	bool json, pretty;
	bool no_header;		/* text without the header line */
	size_t rows;
	/* text: escaped cells, with their widths in terminal columns */
	struct cell *cells;
	size_t ncells, capcells, ncols, col;
	const char *headers[32];
	/* json */
	struct json_object *obj;
	bool keep;		/* rows are taken (out_row_take), not printed */
	struct json_object *taken;
};

void out_begin(struct out *o, FILE *f, bool json, bool pretty);
void out_row(struct out *o);
/* A string; NULL prints as JSON null and text "-".  key NULL: text
 * only; header NULL: JSON only.  Text is escaped (escape.h) and
 * aligned by its width on a terminal; nothing is ever cut short. */
void out_str(struct out *o, const char *key, const char *header,
	     const char *val);
void out_u64(struct out *o, const char *key, const char *header,
	     uint64_t val);
/* A number, or JSON null / text "-" when absent. */
void out_opt_u64(struct out *o, const char *key, const char *header,
		 bool present, uint64_t val);
void out_bool(struct out *o, const char *key, bool val);
/* An array of strings: JSON array, text joined with commas. */
void out_strs(struct out *o, const char *key, const char *header,
	      const char *const *v, size_t n);
/* A prepared JSON value (ownership passes to the listing). */
void out_json(struct out *o, const char *key, struct json_object *v);
void out_row_end(struct out *o);
/* With keep set: the last row's JSON object, not printed (the caller
 * owns it). */
struct json_object *out_row_take(struct out *o);
/* Print what is buffered; 0, or -1 if writing failed. */
int out_end(struct out *o);

/* A write to standard output failed and was reported already: the
 * check at exit says no more. */
void out_stdout_failed_set(void);
bool out_stdout_failed(void);

/* Help text within HELP_WIDTH columns.  out_help_item: "  left  text"
 * with text from column col (on the next line when left reaches it),
 * wrapped there; out_help_wrap: text from column at (where the cursor
 * is), wrapped to column indent.  Both break at spaces outside [...],
 * so that a synopsis' "[mode tun|tap]" stays whole, and end the line. */
#define HELP_WIDTH 79
void out_help_item(FILE *f, size_t lead, size_t col, const char *left,
		   const char *text);
void out_help_wrap(FILE *f, size_t at, size_t indent, const char *text);

/* The change report: with --json, every command but show (alone), and
 * every batch, prints one JSON document at the end of the run:
 *
 *   {"changed": BOOL, "dry_run": BOOL, "results": [RESULT...]}
 *
 * A RESULT is one device a command handled: {"command", "device",
 * "action" (created, changed, unchanged, deleted, failed), "changes"
 * {FIELD: {"old", "new"}}, "error", "file", "line"}; a show line of a
 * batch gives {"command": "show", "devices": [its listing]} instead.
 * The schema is contrib/change-report.schema.json. */

/* A value of a field: null, a string, a number, a boolean, or a list
 * of strings. */
enum val_kind { V_NULL, V_STR, V_U64, V_BOOL, V_STRS };
struct val {
	enum val_kind kind;
	const char *s;
	uint64_t u;
	bool b;
	const char *const *v;
	size_t n;
};

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
/* Print the document (and forget it); -1 if writing failed. */
int results_print(FILE *f, bool pretty);
/* Whether a listing's rows go into the current result (a show line of
 * a batch, with --json). */
bool results_take_listing(void);

/* {"old": old, "new": new} for one changed field. */
struct json_object *out_change(const struct val *old,
			       const struct val *new_val);

/* Add key: s to a JSON object, exactly when s is UTF-8 (JSON holds
 * nothing else); otherwise escaped as in text, with key_escaped: true
 * beside it, so that no name passes for another. */
void json_put_text(struct json_object *obj, const char *key, const char *s);

#endif
