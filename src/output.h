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

/* How text is laid out: a table (one line per row under a header), a
 * block per row (the first two cells, then a "key value" line for each
 * other column, each item of a list on a line of its own, as ip -d
 * link prints), or a block per row only where the table is wider than
 * width. */
enum out_layout { OUT_TABLE, OUT_BLOCKS, OUT_FIT };

/* Colour (-c, --color[=WHEN]): auto colours what goes to a terminal,
 * unless NO_COLOR is set (and not empty); always and never whatever the
 * stream is. */
enum out_colour_when { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };
void out_colour_set(enum out_colour_when when);
/* Whether what goes to f is coloured. */
bool out_colour_on(FILE *f);
/* What a colour says: a device's name, a state that is up, one with
 * something missing (no carrier), one that is down, a warning. */
enum out_hue { HUE_NONE, HUE_NAME, HUE_UP, HUE_PARTLY, HUE_DOWN, HUE_WARN };
/* The escape sequence that starts hue h, and the one that ends any. */
const char *out_hue_start(enum out_hue h);
#define OUT_HUE_END "\033[0m"

struct out {
	FILE *f;
	bool json, pretty;
	bool no_header;		/* text without the header line */
	enum out_layout layout;
	/* Text: the columns to fit in (a terminal's), 0: no limit.  Cells
	 * of the columns marked with out_cut are cut short to fit, with
	 * "\..." where they are cut (no escaped text holds it). */
	size_t width;
	uint32_t cuttable;	/* bit per column */
	bool cut_next;
	bool colour;		/* text: cells in their hues (out_hue) */
	enum out_hue hue_next;
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
/* The width to fit text in when f is a terminal: COLUMNS if set to a
 * number, else the terminal's, else 80.  0 when f is no terminal. */
size_t out_terminal_width(FILE *f);
/* The next text column may be cut short to fit (a trailing "(N)", an
 * id, is kept). */
void out_cut(struct out *o);
/* The next text cell's colour, where o->colour is on. */
void out_hue(struct out *o, enum out_hue h);
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
/* An array of strings: JSON array, text joined with commas in a table
 * and one per line in a block. */
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

/* Where the rows of JSON listings go instead of being printed (the
 * change report takes a batch's show line's); NULL: printed. */
void out_rows_to(void (*take)(struct json_object *row));
/* Whether JSON rows go there now (a show or save line of a batch). */
bool out_rows_taken(void);

/* A write to standard output failed and was reported already: the
 * check at exit says no more. */
void out_stdout_failed_set(void);
bool out_stdout_failed(void);

/* A value of a field (the change report's, monitor's): null, a string,
 * a number, a boolean, or a list of strings. */
enum val_kind { V_NULL, V_STR, V_U64, V_BOOL, V_STRS };
struct val {
	enum val_kind kind;
	const char *s;
	uint64_t u;
	bool b;
	const char *const *v;
	size_t n;
};

/* {"old": old, "new": new} for one changed field. */
struct json_object *out_change(const struct val *old,
			       const struct val *new_val);

/* Add key: s to a JSON object, exactly when s is UTF-8 (JSON holds
 * nothing else); otherwise escaped as in text, with key_escaped: true
 * beside it, so that no name passes for another. */
void json_put_text(struct json_object *obj, const char *key, const char *s);

#endif
