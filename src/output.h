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
/* Print what is buffered; 0, or -1 if writing failed. */
int out_end(struct out *o);

/* A write to standard output failed and was reported already: the
 * check at exit says no more. */
void out_stdout_failed_set(void);
bool out_stdout_failed(void);

/* Add key: s to a JSON object, exactly when s is UTF-8 (JSON holds
 * nothing else); otherwise escaped as in text, with key_escaped: true
 * beside it, so that no name passes for another. */
void json_put_text(struct json_object *obj, const char *key, const char *s);

#endif
