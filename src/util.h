/* Small helpers shared by every layer: allocation that cannot fail
 * silently, strict number parsing, and byte-safe string rendering. */
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

/* Parse an unsigned decimal number with no sign, no base prefix, no
 * leading or trailing junk, between min and max.  Returns 0 or -1. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Render bytes for a terminal: control bytes and DEL become \xHH. */
const char *str_visible(const char *s, char *buf, size_t len);
/* Copy s into buf as valid UTF-8, invalid sequences as U+FFFD. */
const char *str_utf8(const char *s, char *buf, size_t len);

/* Edit distance, capped: used for "did you mean" hints. */
unsigned str_distance(const char *a, const char *b);

#endif
