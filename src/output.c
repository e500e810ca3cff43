/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one printing layer: listings as aligned text or JSON, fields
 * given once with their key and header. */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "escape.h"
#include "util.h"

#ifndef JSON_C_TO_STRING_NOSLASHESCAPE
#define JSON_C_TO_STRING_NOSLASHESCAPE 0
#endif

void out_begin(struct out *o, FILE *f, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->json = json;
	o->pretty = pretty;
}

void out_row(struct out *o)
{
	o->col = 0;
	if (o->json)
		o->obj = json_object_new_object();
}

static bool stdout_failed;

/* The change report being collected (see output.h). */
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

void out_stdout_failed_set(void)
{
	stdout_failed = true;
}

bool out_stdout_failed(void)
{
	return stdout_failed;
}

/* The length of the unit of text at s: up to a space outside [...]. */
static size_t help_unit(const char *s)
{
	size_t n = 0;
	int depth = 0;

	for (; s[n] && (s[n] != ' ' || depth > 0); n++)
		depth += s[n] == '[' ? 1 : s[n] == ']' ? -1 : 0;
	return n;
}

void out_help_wrap(FILE *f, size_t at, size_t indent, const char *text)
{
	const char *p = text;
	size_t col = at;
	bool first = true;

	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = help_unit(p);
		if (!first && col + 1 + n > HELP_WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += n;
		p += n;
		first = false;
	}
	fputc('\n', f);
}

void out_help_item(FILE *f, size_t lead, size_t col, const char *left,
		   const char *text)
{
	size_t w = lead + strlen(left);

	fprintf(f, "%*s%s", (int)lead, "", left);
	if (w + 1 > col) {
		fprintf(f, "\n%*s", (int)col, "");
	} else {
		fprintf(f, "%*s", (int)(col - w), "");
	}
	out_help_wrap(f, col, col, text);
}

struct cell {
	char *text;
	size_t width;
};

void json_put_text(struct json_object *obj, const char *key, const char *s)
{
	char *e, flag[64];

	if (!s || text_is_utf8(s)) {
		json_object_object_add(obj, key, s ? json_object_new_string(s) :
				       NULL);
		return;
	}
	e = escape_dup(s);
	json_object_object_add(obj, key, json_object_new_string(e));
	snprintf(flag, sizeof(flag), "%s_escaped", key);
	json_object_object_add(obj, flag, json_object_new_boolean(1));
	free(e);
}

static void cell(struct out *o, const char *header, const char *text)
{
	struct strbuf b = SB_INIT;
	struct cell *c;

	if (o->rows == 0 && o->col < ARRAY_SIZE(o->headers)) {
		o->headers[o->col] = header;
		o->ncols = o->col + 1;
	}
	xgrow((void **)&o->cells, &o->capcells, o->ncells, sizeof(*o->cells));
	c = &o->cells[o->ncells++];
	c->width = escape_append(&b, text ? text : "-");
	c->text = sb_take(&b);
	o->col++;
}

void out_str(struct out *o, const char *key, const char *header,
	     const char *val)
{
	if (o->json && key)
		json_put_text(o->obj, key, val);
	else if (!o->json && header)
		cell(o, header, val);
}

void out_opt_u64(struct out *o, const char *key, const char *header,
		 bool present, uint64_t val)
{
	char buf[24];

	if (o->json && key) {
		json_object_object_add(o->obj, key, present ?
				       json_object_new_int64((int64_t)val) :
				       NULL);
	} else if (!o->json && header) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)val);
		cell(o, header, present ? buf : NULL);
	}
}

void out_u64(struct out *o, const char *key, const char *header,
	     uint64_t val)
{
	out_opt_u64(o, key, header, true, val);
}

void out_bool(struct out *o, const char *key, bool val)
{
	if (o->json && key)
		json_object_object_add(o->obj, key,
				       json_object_new_boolean(val));
}

void out_strs(struct out *o, const char *key, const char *header,
	      const char *const *v, size_t n)
{
	size_t i;

	if (o->json && key) {
		struct json_object *a = json_object_new_array();

		/* Addresses, written by us: always plain text. */
		for (i = 0; i < n; i++)
			json_object_array_add(a, json_object_new_string(v[i]));
		json_object_object_add(o->obj, key, a);
	} else if (!o->json && header) {
		struct strbuf b = SB_INIT;

		for (i = 0; i < n; i++) {
			if (i)
				sb_add(&b, ",", 1);
			sb_add(&b, v[i], strlen(v[i]));
		}
		cell(o, header, n ? sb_str(&b) : NULL);
		sb_free(&b);
	}
}

void out_json(struct out *o, const char *key, struct json_object *v)
{
	if (o->json && key)
		json_object_object_add(o->obj, key, v);
	else
		json_object_put(v);
}

struct json_object *out_row_take(struct out *o)
{
	struct json_object *row = o->taken;

	o->taken = NULL;
	return row;
}

void out_row_end(struct out *o)
{
	if (o->json && o->keep) {
		json_object_put(o->taken);
		o->taken = o->obj;
		o->obj = NULL;
	} else if (o->json && results_take_listing()) {
		results_listing_row(o->obj);
		o->obj = NULL;
	} else if (o->json) {
		int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
			    (o->pretty ? JSON_C_TO_STRING_PRETTY |
			     JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN);
		const char *s = json_object_to_json_string_ext(o->obj, flags);

		fputs(o->rows ? (o->pretty ? ",\n" : ",") :
		      (o->pretty ? "[\n" : "["), o->f);
		if (o->pretty) {
			/* Indent the object one level inside the array. */
			fputs("  ", o->f);
			for (; *s; s++) {
				fputc(*s, o->f);
				if (*s == '\n')
					fputs("  ", o->f);
			}
		} else {
			fputs(s, o->f);
		}
		json_object_put(o->obj);
		o->obj = NULL;
	}
	o->rows++;
}

/* One cell padded to its column's width (by terminal columns, not
 * bytes: a name of wide characters takes two columns each). */
static void put_cell(FILE *f, const char *text, size_t w, size_t col_w,
		     bool last)
{
	fputs(text, f);
	if (last) {
		fputc('\n', f);
		return;
	}
	for (; w < col_w + 2; w++)
		fputc(' ', f);
}

int out_end(struct out *o)
{
	size_t width[32] = { 0 }, i, c;

	if (o->json && o->keep) {
		json_object_put(o->taken);
		o->taken = NULL;
	} else if (o->json && results_take_listing()) {
		/* The rows went into the change report. */
	} else if (o->json) {
		fputs(o->rows ? (o->pretty ? "\n]\n" : "]\n") : "[]\n", o->f);
	} else if (o->rows && o->ncols) {
		for (c = 0; c < o->ncols; c++)
			width[c] = o->no_header ? 0 : strlen(o->headers[c]);
		for (i = 0; i < o->ncells; i++)
			if (o->cells[i].width > width[i % o->ncols])
				width[i % o->ncols] = o->cells[i].width;
		for (c = 0; c < o->ncols && !o->no_header; c++)
			put_cell(o->f, o->headers[c], strlen(o->headers[c]),
				 width[c], c + 1 == o->ncols);
		for (i = 0; i < o->ncells; i++) {
			c = i % o->ncols;
			put_cell(o->f, o->cells[i].text, o->cells[i].width,
				 width[c], c + 1 == o->ncols);
		}
	}
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i].text);
	free(o->cells);
	o->cells = NULL;
	o->ncells = o->capcells = 0;
	return ferror(o->f) ? -1 : 0;
}

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
	if (!strcmp(command, "show")) {
		rep.listing = new_result();
		json_object_object_add(rep.listing, "devices",
				       json_object_new_array());
	}
}

bool results_take_listing(void)
{
	return rep.on && rep.listing;
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

/* A value for JSON; a string that is not UTF-8 (an alias another tool
 * set, a path typed) is given escaped, and *escaped says so. */
static struct json_object *json_val(const struct val *v, bool *escaped)
{
	struct json_object *a;
	size_t i;

	switch (v ? v->kind : V_NULL) {
	case V_STR:
		if (v->s && !text_is_utf8(v->s)) {
			char *e = escape_dup(v->s);

			a = json_object_new_string(e);
			free(e);
			*escaped = true;
			return a;
		}
		return v->s ? json_object_new_string(v->s) : NULL;
	case V_U64:
		return json_object_new_int64((int64_t)v->u);
	case V_BOOL:
		return json_object_new_boolean(v->b);
	case V_STRS:
		a = json_object_new_array();
		for (i = 0; i < v->n; i++)
			json_object_array_add(a, json_object_new_string(v->v[i]));
		return a;
	case V_NULL:
		break;
	}
	return NULL;
}

struct json_object *out_change(const struct val *old,
			       const struct val *new_val)
{
	struct json_object *c = json_object_new_object();
	bool old_esc = false, new_esc = false;

	/* Each value says for itself whether it is escaped, so that each
	 * reads back to its exact bytes ("C:\x41" as typed is not "C:A"). */
	json_object_object_add(c, "old", json_val(old, &old_esc));
	json_object_object_add(c, "new", json_val(new_val, &new_esc));
	if (old_esc)
		json_object_object_add(c, "old_escaped",
				       json_object_new_boolean(1));
	if (new_esc)
		json_object_object_add(c, "new_escaped",
				       json_object_new_boolean(1));
	return c;
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
}

int results_print(FILE *f, bool pretty)
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
	if (fflush(f) != 0 || ferror(f)) {
		if (!errno)
			errno = EIO;
		out_stdout_failed_set();
		return -1;
	}
	return 0;
}
