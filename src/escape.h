/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one rule for printing text that came from outside (device, user,
 * group and process names, file lines, paths, words typed): used by
 * every writer of text.  JSON output keeps strings exact instead. */
#ifndef TUNTAPCTL_ESCAPE_H
#define TUNTAPCTL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Append s to b as people may safely see it, and return its width in
 * terminal columns.  A backslash is written \\; each byte of a
 * character that is not plain text is written \xHH: control characters
 * (C0, DEL and the C1 range, which terminals obey), format characters
 * (bidirectional overrides and the like), line and paragraph
 * separators, private-use and unassigned code points, and every byte
 * that is not part of valid UTF-8.  All else is as is.  The result
 * reads back to exactly the same bytes, so no two strings print alike. */
size_t escape_append(struct strbuf *b, const char *s);
/* Of text as escape_append wrote it: how many bytes of it fit in cols
 * terminal columns, ending at a character's or an escape's end; their
 * width in *width. */
size_t escape_prefix_fit(const char *esc, size_t cols, size_t *width);
/* The escaped copy, malloc'd. */
char *escape_dup(const char *s);

/* What a name would need escaped, for refusing it where we create it. */
enum text_flaw {
	TEXT_PLAIN,
	TEXT_NOT_UTF8,
	TEXT_CONTROL,		/* C0, DEL, C1 */
	TEXT_INVISIBLE,		/* format, separators, private, unassigned */
};
enum text_flaw text_flaw(const char *s);

/* For messages: s escaped, in one of a few rotating buffers (enough
 * for the words of one message).  Past 200 bytes it is cut at a
 * character's end and "\..." follows, which no escaped text contains
 * (its backslashes are \\ or \xHH), so a shortened word cannot pass
 * for another. */
const char *vis(const char *s);
/* Free the buffers (at exit). */
void vis_forget(void);

/* The bytes that s, as escape_append writes it, stands for: true when
 * s holds at least one escape (\\ or \xHH), holds no backslash that
 * starts neither, encodes no NUL, and the bytes fit in out (size bytes
 * with the NUL).  Otherwise false, and out is not to be used. */
bool escape_decode(const char *s, char *out, size_t size);
/* A hex digit's value, or -1. */
int escape_hex_digit(int c);

/* Whether s is valid UTF-8, so that JSON can hold it exactly. */
bool text_is_utf8(const char *s);

#endif
