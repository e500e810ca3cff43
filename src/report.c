/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Errors and notes for people, and what the run has reported. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "escape.h"
#include "output.h"
#include "util.h"

static const char *prog = "tuntapctl";
static const char *place_file;
static unsigned long place_line;
static struct strbuf collected, last;

void report_set_prog(const char *name)
{
	prog = name;
}

const char *report_prog(void)
{
	return prog;
}

void report_set_place(const char *file, unsigned long line)
{
	place_file = file;
	place_line = line;
}

const char *report_place(unsigned long *line)
{
	*line = place_line;
	return place_file;
}

void report_collect(void)
{
	collected.len = 0;
	sb_add(&collected, "", 0);
}

const char *report_collected(void)
{
	return sb_str(&collected);
}

const char *report_last(void)
{
	return sb_str(&last);
}

/* One message: built whole, then written with its newline in one go,
 * and kept for the change report. */
static void emit(const char *dev, const char *fmt, va_list ap,
		 const char *tail) __attribute__((format(printf, 2, 0)));

static void emit(const char *dev, const char *fmt, va_list ap,
		 const char *tail)
{
	struct strbuf b = SB_INIT;
	size_t from, msg;
	va_list aq;
	int n;

	sb_addf(&b, "%s: ", prog);
	if (place_file)
		sb_addf(&b, "%s:%lu: ", vis(place_file), place_line);
	from = b.len;
	if (dev)
		sb_addf(&b, "%s: ", vis(dev));
	msg = b.len;
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		char *m = xmalloc((size_t)n + 1);

		vsnprintf(m, (size_t)n + 1, fmt, ap);
		sb_add(&b, m, (size_t)n);
		free(m);
	}
	if (tail)
		sb_add(&b, tail, strlen(tail));
	fflush(stdout);
	if (strncmp(b.s + msg, "warning:", 8) == 0 && out_colour_on(stderr))
		fprintf(stderr, "%.*s%s%.8s%s%s\n", (int)msg, b.s,
			out_hue_start(HUE_WARN), b.s + msg, OUT_HUE_END,
			b.s + msg + 8);
	else
		fprintf(stderr, "%s\n", sb_str(&b));
	/* The report has the place in fields of its own. */
	if (collected.len)
		sb_add(&collected, "\n", 1);
	sb_add(&collected, b.s + from, b.len - from);
	last.len = 0;
	sb_add(&last, b.s + from, b.len - from);
	sb_free(&b);
}

void report(const char *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(dev, fmt, ap, NULL);
	va_end(ap);
}

const char *errno_text(int e)
{
	return e == EPERM || e == EACCES ? "permission denied" : strerror(e);
}

const char *fail_text(const struct fail *f, char *buf, size_t len)
{
	const char *hint = "";

	/* The kernel's own words, when it gave some, say more than any
	 * guess from the errno. */
	if (!f->ext[0]) {
		if (f->err == EPERM)
			hint = " (this needs CAP_NET_ADMIN: run as root)";
		else if (f->err == ENODEV)
			hint = " (the device no longer exists)";
	}
	snprintf(buf, len, "%s%s%s%s%s", errno_text(f->err),
		 f->ext[0] ? " (" : "", f->ext, f->ext[0] ? ")" : "", hint);
	return buf;
}

void report_fail(const char *dev, const struct fail *f, const char *fmt, ...)
{
	char reason[320], tail[330];
	va_list ap;

	if (f->err == FAIL_SAID)
		return;
	snprintf(tail, sizeof(tail), ": %s", fail_text(f, reason, sizeof(reason)));
	va_start(ap, fmt);
	emit(dev, fmt, ap, tail);
	va_end(ap);
}

int report_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, fmt, ap, NULL);
	va_end(ap);
	if (!place_file)
		fprintf(stderr, "Try '%s %s%s--help' for more information.\n",
			prog, cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}
