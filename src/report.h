/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Errors and notes for people, on standard error, one line each:
 * "PROG: [FILE:LINE: ][DEV: ]message". */
#ifndef TUNTAPCTL_REPORT_H
#define TUNTAPCTL_REPORT_H

#include <stddef.h>

#include "spec.h"

/* The program's name in messages: tuntapctl, or tunctl for its front
 * end. */
void report_set_prog(const char *prog);
const char *report_prog(void);
/* The batch file and line being run (file NULL: none). */
void report_set_place(const char *file, unsigned long line);
const char *report_place(unsigned long *line);

void report(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* report(), then ": " and the reason f gives. */
void report_fail(const char *dev, const struct fail *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A usage error, with the hint to --help (outside batch files); returns
 * EXIT_USAGE.  cmd: the command whose help to point to, or NULL. */
int report_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The reason f gives: the kernel's words, or errno's with a hint. */
const char *fail_text(const struct fail *f, char *buf, size_t len);
/* An errno in our words: strerror's, but EPERM and EACCES are both
 * "permission denied", as every message of ours says it. */
const char *errno_text(int e);

/* The messages reported since report_collect(), one per line (for the
 * change report), or "" when none; the last one alone. */
void report_collect(void);
const char *report_collected(void);
const char *report_last(void);

#endif
