#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

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

struct json_object *json_str(const char *s)
{
	char buf[1024];

	return json_object_new_string(str_utf8(s, buf, sizeof(buf)));
}

static void cell(struct out *o, const char *header, const char *text)
{
	char vis[1024];

	if (o->rows == 0 && o->col < ARRAY_SIZE(o->headers)) {
		o->headers[o->col] = header;
		o->ncols = o->col + 1;
	}
	xgrow((void **)&o->cells, &o->capcells, o->ncells, sizeof(char *));
	o->cells[o->ncells++] = xstrdup(text ? str_visible(text, vis,
							    sizeof(vis)) : "-");
	o->col++;
}

void out_str(struct out *o, const char *key, const char *header,
	     const char *val)
{
	if (o->json && key)
		json_object_object_add(o->obj, key, val ? json_str(val) : NULL);
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

		for (i = 0; i < n; i++)
			json_object_array_add(a, json_str(v[i]));
		json_object_object_add(o->obj, key, a);
	} else if (!o->json && header) {
		char buf[1024];
		size_t len = 0;

		buf[0] = '\0';
		for (i = 0; i < n && len < sizeof(buf); i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s", i ? "," : "", v[i]);
		cell(o, header, n ? buf : NULL);
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

int out_end(struct out *o)
{
	size_t width[32] = { 0 }, i, c;

	if (o->json) {
		fputs(o->rows ? (o->pretty ? "\n]\n" : "]\n") : "[]\n", o->f);
	} else if (o->rows && o->ncols) {
		for (c = 0; c < o->ncols; c++)
			width[c] = o->no_header ? 0 : strlen(o->headers[c]);
		for (i = 0; i < o->ncells; i++) {
			size_t l = strlen(o->cells[i]);

			if (l > width[i % o->ncols])
				width[i % o->ncols] = l;
		}
		for (c = 0; c < o->ncols && !o->no_header; c++)
			fprintf(o->f, "%-*s%s", c + 1 < o->ncols ?
				(int)width[c] : 0, o->headers[c],
				c + 1 < o->ncols ? "  " : "\n");
		for (i = 0; i < o->ncells; i++) {
			c = i % o->ncols;
			fprintf(o->f, "%-*s%s", c + 1 < o->ncols ?
				(int)width[c] : 0, o->cells[i],
				c + 1 < o->ncols ? "  " : "\n");
		}
	}
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	o->cells = NULL;
	o->ncells = o->capcells = 0;
	return ferror(o->f) ? -1 : 0;
}
