/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by every layer: allocation that cannot fail
 * silently, growing strings, strict number parsing. */
#ifndef TUNTAPCTL_UTIL_H
#define TUNTAPCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (holding *cap elements of size) so that index `need` fits. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);

/* Read a small file (path relative to dirfd, or AT_FDCWD) into buf,
 * NUL-terminated: 0, or -errno. */
int read_small(int dirfd, const char *path, char *buf, size_t len);

/* Parse an unsigned decimal number with no sign, no base prefix, no
 * leading or trailing junk, between min and max.  Returns 0 or -1. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* A growing string: no fixed cap on what is built in it. */
struct strbuf {
	char *s;		/* NUL-terminated once anything was added */
	size_t len, cap;
};
#define SB_INIT { NULL, 0, 0 }
void sb_add(struct strbuf *b, const char *p, size_t n);
void sb_addf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The string ("" when empty); it stays b's. */
const char *sb_str(const struct strbuf *b);
/* The string, now the caller's to free; b is empty again. */
char *sb_take(struct strbuf *b);
void sb_free(struct strbuf *b);

/* Edit distance, capped: used for "did you mean" hints. */
unsigned str_distance(const char *a, const char *b);

#endif
