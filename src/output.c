/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one printing layer: listings as aligned text or JSON, fields
 * given once with their key and header. */
#include "config.h"

#include "output.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
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

size_t out_terminal_width(FILE *f)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;
	unsigned long n;
	char *end;

	if (!isatty(fileno(f)))
		return 0;
	if (cols && *cols) {
		errno = 0;
		n = strtoul(cols, &end, 10);
		if (!*end && !errno && n > 0 && n <= 100000)
			return n;
	}
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

void out_cut(struct out *o)
{
	o->cut_next = true;
}

static enum out_colour_when colour_when = COLOUR_AUTO;

void out_colour_set(enum out_colour_when when)
{
	colour_when = when;
}

bool out_colour_on(FILE *f)
{
	const char *no = getenv("NO_COLOR");

	if (colour_when != COLOUR_AUTO)
		return colour_when == COLOUR_ALWAYS;
	return !(no && *no) && isatty(fileno(f));
}

const char *out_hue_start(enum out_hue h)
{
	/* ip -c's choices where it has them: names cyan, up green, down
	 * red; yellow for what is half there and for warnings. */
	static const char *const sgr[] = {
		[HUE_NONE] = "", [HUE_NAME] = "\033[36m",
		[HUE_UP] = "\033[32m", [HUE_PARTLY] = "\033[33m",
		[HUE_DOWN] = "\033[31m", [HUE_WARN] = "\033[1;33m",
	};

	return (size_t)h < ARRAY_SIZE(sgr) ? sgr[h] : "";
}

void out_hue(struct out *o, enum out_hue h)
{
	o->hue_next = h;
}

void out_row(struct out *o)
{
	o->col = 0;
	if (o->json)
		o->obj = json_object_new_object();
}

static bool stdout_failed;

/* Where JSON rows go instead of being printed (out_rows_to). */
static void (*row_sink)(struct json_object *row);

void out_rows_to(void (*take)(struct json_object *row))
{
	row_sink = take;
}

bool out_rows_taken(void)
{
	return row_sink != NULL;
}

void out_stdout_failed_set(void)
{
	stdout_failed = true;
}

bool out_stdout_failed(void)
{
	return stdout_failed;
}

struct cell {
	char *text;
	size_t width;
	enum out_hue hue;
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

/* A text cell: its items escaped, with '\n' between them (no escaped
 * text holds one); its width is theirs joined with commas. */
static void cell_items(struct out *o, const char *header,
		       const char *const *v, size_t n)
{
	struct strbuf b = SB_INIT;
	struct cell *c;
	size_t i, w = 0;

	if (o->rows == 0 && o->col < ARRAY_SIZE(o->headers)) {
		o->headers[o->col] = header;
		o->ncols = o->col + 1;
	}
	if (o->cut_next && o->col < 32)
		o->cuttable |= (uint32_t)1 << o->col;
	o->cut_next = false;
	xgrow((void **)&o->cells, &o->capcells, o->ncells, sizeof(*o->cells));
	c = &o->cells[o->ncells++];
	if (!n)
		w = escape_append(&b, "-");
	for (i = 0; i < n; i++) {
		if (i) {
			sb_add(&b, "\n", 1);
			w++;
		}
		w += escape_append(&b, v[i]);
	}
	c->width = w;
	c->text = sb_take(&b);
	c->hue = o->colour ? o->hue_next : HUE_NONE;
	o->hue_next = HUE_NONE;
	o->col++;
}

static void cell(struct out *o, const char *header, const char *text)
{
	const char *v = text ? text : "-";

	cell_items(o, header, &v, 1);
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
		cell_items(o, header, v, n);
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
	o->cut_next = false;
	o->hue_next = HUE_NONE;
	if (o->json && o->keep) {
		json_object_put(o->taken);
		o->taken = o->obj;
		o->obj = NULL;
	} else if (o->json && row_sink) {
		row_sink(o->obj);
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

/* Cells shorter than this are not cut; nor below their header. */
#define CUT_MIN 8
#define CUT_MARK "\\..."

/* text (a cell's, items joined with sep) in at most max columns: as
 * it is when it fits, else cut with CUT_MARK, keeping a trailing
 * "(N)" (a user's or process's id) when there is room for it. */
static void fitted(struct strbuf *b, const char *text, size_t w, size_t max,
		   char sep)
{
	struct strbuf t = SB_INIT;
	const char *paren;
	size_t keep = 0, room, pw, n, i;

	sb_add(&t, text, strlen(text));
	for (i = 0; i < t.len; i++)
		if (t.s[i] == '\n')
			t.s[i] = sep;
	b->len = 0;
	sb_add(b, "", 0);
	paren = strrchr(sb_str(&t), '(');
	if (w > max && max >= 4) {
		if (paren && t.s[t.len - 1] == ')' &&
		    strspn(paren + 1, "0123456789") == strlen(paren) - 2 &&
		    max >= strlen(paren) + 4 + 1)
			keep = strlen(paren);
		room = max - 4 - keep;
		n = escape_prefix_fit(sb_str(&t), room, &pw);
		sb_add(b, t.s, n);
		sb_add(b, CUT_MARK, 4);
		if (keep)
			sb_add(b, paren, keep);
	} else {
		sb_add(b, t.s, t.len);
	}
	sb_free(&t);
}

/* Text's width in columns once fitted into max. */
static size_t fitted_width(size_t w, size_t max)
{
	return w > max && max >= 4 ? max : w;
}

/* text in hue h (escape sequences take no columns). */
static void put_hued(FILE *f, enum out_hue h, const char *text)
{
	if (h != HUE_NONE)
		fprintf(f, "%s%s%s", out_hue_start(h), text, OUT_HUE_END);
	else
		fputs(text, f);
}

/* One cell padded to its column's width (by terminal columns, not
 * bytes: a name of wide characters takes two columns each). */
static void put_cell(struct out *o, size_t c, const struct cell *cl,
		     size_t col_w, bool last)
{
	struct strbuf b = SB_INIT;
	size_t w = cl->width;

	if (o->cuttable & ((uint32_t)1 << c)) {
		fitted(&b, cl->text, w, col_w, ',');
		w = fitted_width(w, col_w);
	} else {
		fitted(&b, cl->text, w, (size_t)-1, ',');
	}
	put_hued(o->f, cl->hue, sb_str(&b));
	sb_free(&b);
	if (last) {
		fputc('\n', o->f);
		return;
	}
	for (; w < col_w + 2; w++)
		fputc(' ', o->f);
}

static void put_header(FILE *f, const char *h, size_t col_w, bool last)
{
	size_t w;

	fputs(h, f);
	if (last) {
		fputc('\n', f);
		return;
	}
	for (w = strlen(h); w < col_w + 2; w++)
		fputc(' ', f);
}

static size_t table_width(const size_t *width, size_t ncols)
{
	size_t c, t = 0;

	for (c = 0; c < ncols; c++)
		t += width[c] + (c + 1 < ncols ? 2 : 0);
	return t;
}

/* Narrow the widest cuttable column, one column at a time, until the
 * table fits o->width or nothing more can be cut. */
static void fit_columns(const struct out *o, size_t *width)
{
	while (o->width && table_width(width, o->ncols) > o->width) {
		size_t c, best = o->ncols, min;

		for (c = 0; c < o->ncols; c++) {
			min = strlen(o->headers[c]);
			if (min < CUT_MIN)
				min = CUT_MIN;
			if ((o->cuttable & ((uint32_t)1 << c)) && width[c] > min &&
			    (best == o->ncols || width[c] > width[best]))
				best = c;
		}
		if (best == o->ncols)
			return;
		width[best]--;
	}
}

static void put_table(struct out *o, size_t *width)
{
	size_t i, c;

	fit_columns(o, width);
	for (c = 0; c < o->ncols && !o->no_header; c++)
		put_header(o->f, o->headers[c], width[c], c + 1 == o->ncols);
	for (i = 0; i < o->ncells; i++) {
		c = i % o->ncols;
		put_cell(o, c, &o->cells[i], width[c], c + 1 == o->ncols);
	}
}

/* A block per row: "CELL0: CELL1", then "    key value" for each other
 * column, its key the header in lower case, each item on a line. */
static void lower_key(char *key, size_t size, const char *header)
{
	size_t i;

	for (i = 0; header[i] && i + 1 < size; i++)
		key[i] = (char)tolower((unsigned char)header[i]);
	key[i] = '\0';
}

static void put_blocks(struct out *o)
{
	struct strbuf b = SB_INIT, one = SB_INIT;
	char key[32];
	size_t keyw = 0, r, c, k, nrows = o->ncells / o->ncols;

	for (c = 2; c < o->ncols; c++)
		if (strlen(o->headers[c]) > keyw)
			keyw = strlen(o->headers[c]);
	for (r = 0; r < nrows; r++) {
		const struct cell *row = &o->cells[r * o->ncols];

		fitted(&b, row[0].text, row[0].width, (size_t)-1, ',');
		put_hued(o->f, row[0].hue, sb_str(&b));
		if (o->ncols > 1) {
			fitted(&b, row[1].text, row[1].width, (size_t)-1, ',');
			fputs(": ", o->f);
			put_hued(o->f, row[1].hue, sb_str(&b));
		}
		fputc('\n', o->f);
		for (c = 2; c < o->ncols; c++) {
			const char *item = row[c].text;
			bool cut = o->width && (o->cuttable & ((uint32_t)1 << c)) &&
				   o->width > 4 + keyw + 1 + CUT_MIN;
			size_t max = cut ? o->width - 4 - keyw - 1 : (size_t)-1;

			lower_key(key, sizeof(key), o->headers[c]);
			for (k = 0; item; k++) {
				const char *nl = strchr(item, '\n');
				size_t n = nl ? (size_t)(nl - item) : strlen(item), w;

				one.len = 0;
				sb_add(&one, item, n);
				escape_prefix_fit(sb_str(&one), (size_t)-1, &w);
				fitted(&b, sb_str(&one), w, max, ',');
				fprintf(o->f, "    %-*s ", (int)keyw, k ? "" : key);
				put_hued(o->f, row[c].hue, sb_str(&b));
				fputc('\n', o->f);
				item = nl ? nl + 1 : NULL;
			}
		}
	}
	sb_free(&b);
	sb_free(&one);
}

int out_end(struct out *o)
{
	size_t width[32] = { 0 }, i, c;

	if (o->json && o->keep) {
		json_object_put(o->taken);
		o->taken = NULL;
	} else if (o->json && row_sink) {
		/* The rows went to row_sink. */
	} else if (o->json) {
		fputs(o->rows ? (o->pretty ? "\n]\n" : "]\n") : "[]\n", o->f);
	} else if (o->rows && o->ncols) {
		for (c = 0; c < o->ncols; c++)
			width[c] = o->no_header ? 0 : strlen(o->headers[c]);
		for (i = 0; i < o->ncells; i++)
			if (o->cells[i].width > width[i % o->ncols])
				width[i % o->ncols] = o->cells[i].width;
		if (o->layout == OUT_BLOCKS ||
		    (o->layout == OUT_FIT && o->width &&
		     table_width(width, o->ncols) > o->width))
			put_blocks(o);
		else
			put_table(o, width);
	}
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i].text);
	free(o->cells);
	o->cells = NULL;
	o->ncells = o->capcells = 0;
	return ferror(o->f) ? -1 : 0;
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
