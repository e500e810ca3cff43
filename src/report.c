/* Wording errors for people.  Only the command layer calls these. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "escape.h"
#include "util.h"

static void prefix(const char *dev)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", ctx.prog);
	if (ctx.batch_name)
		fprintf(stderr, "%s:%lu: ", ctx.batch_name, ctx.batch_line);
	if (dev)
		fprintf(stderr, "%s: ", vis(dev));
}

void report(const char *dev, const char *fmt, ...)
{
	va_list ap;

	prefix(dev);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
	snprintf(buf, len, "%s%s%s%s%s", strerror(f->err),
		 f->ext[0] ? " (" : "", f->ext, f->ext[0] ? ")" : "", hint);
	return buf;
}

void report_fail(const char *dev, const struct fail *f, const char *fmt, ...)
{
	char reason[320];
	va_list ap;

	prefix(dev);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", fail_text(f, reason, sizeof(reason)));
}

int report_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	prefix(NULL);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (!ctx.batch_name)
		fprintf(stderr, "Try '%s %s%s--help' for more information.\n",
			ctx.prog, cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}
