/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch files: one command per line, in the normal grammar. */
#ifndef TUNTAPCTL_BATCH_H
#define TUNTAPCTL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The most bytes one command may take in the file, its continuation
 * lines and quoted newlines included (its last newline not). */
#define BATCH_MAX_LINE 65536

/* Reading a batch file one command at a time, in bounded memory
 * whatever the input (/dev/zero, a pipe that never sends a newline). */
struct batch_in {
	FILE *f;
	char *buf;		/* the words, each ended by a NUL byte */
	unsigned long line;	/* where the command last read began */
	unsigned long next;	/* the next line to read */
	bool *spelled;		/* per word: written with $'...' escapes */
	size_t spelled_cap;
};

enum {
	BATCH_END = -1,		/* no more commands */
	BATCH_BAD = -2,		/* this command is wrong (err says why); the
				 * next one can be read */
	BATCH_LONG = -3,	/* over BATCH_MAX_LINE: nothing after it can be
				 * told from it */
	BATCH_EIO = -4,		/* a read error (errno) */
};

void batch_open(struct batch_in *in, FILE *f);
void batch_close(struct batch_in *in);
/* The next command, as a shell splits it: blanks separate words; '...'
 * keeps every byte up to the next '; "..." too, except that a backslash
 * takes the next byte as it is; $'...' as bash reads it, its backslash
 * escapes spelling bytes (\n, \t, \xHH, \NNN in octal, \e, \\, \'
 * ...); outside quotes a backslash takes the next byte as it is, and a
 * backslash before a newline joins the next line; a word that begins
 * with # begins a comment, to the end of the line; quoted and unquoted
 * parts next to each other are one word.  Lines without words are
 * skipped.  The number of words (at least one), into *words
 * (NULL-terminated, pointing into in->buf), or BATCH_*; in->spelled[i]
 * says whether word i has a $'...' part. */
int batch_next(struct batch_in *in, char ***words, size_t *cap, char *err,
	       size_t errlen);
/* Run every command of path ("-": standard input): checked whole
 * before the first runs, or with keep_going each as it is read.  With
 * pruning (--prune), once every command ran, the persistent tun/tap
 * devices here that no command names are deleted, those a program holds
 * kept unless force.  0, 1 if any failed, EXIT_USAGE if the check found
 * only usage errors. */
int batch_run(const char *path, bool keep_going, bool pruning, bool force);

#endif
