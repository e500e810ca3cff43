/* The one printing layer: listings as aligned text or JSON, fields
 * given once with their key and header. */
#include "config.h"

#include "output.h"

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

void out_row_end(struct out *o)
{
	if (o->json) {
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

	if (o->json) {
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
