/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch files: one command per line, in the normal grammar. */
#ifndef TUNTAPCTL_BATCH_H
#define TUNTAPCTL_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#define BATCH_MAX_LINE 65536

/* Split one line (without its newline, at most BATCH_MAX_LINE bytes)
 * into words, in place: blanks separate words, a word starting with '#'
 * starts a comment.  Returns the number of words, or -1 with a message
 * in err. */
int batch_split(char *line, size_t len, char ***words, size_t *cap,
		char *err, size_t errlen);
/* Run every line of path ("-": standard input).  0, or 1 if any line
 * failed. */
int run_batch(const char *path, bool keep_going);

#endif
