/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch files: read a line at a time, in bounded memory, split into
 * words, and each line run as a command. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "commands.h"
#include "escape.h"
#include "output.h"
#include "report.h"
#include "util.h"

int batch_split(char *line, size_t len, char ***words, size_t *cap,
		char *err, size_t errlen)
{
	size_t n = 0;
	char *p = line, *end = line + len;

	if (memchr(line, '\0', len)) {
		snprintf(err, errlen, "the line holds a NUL byte");
		return -1;
	}
	if (len && line[len - 1] == '\r') {
		snprintf(err, errlen,
			 "the line ends with a carriage return (DOS line endings; convert the file with dos2unix)");
		return -1;
	}
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p == '#')
			break;
		xgrow((void **)words, cap, n + 1, sizeof(**words));
		(*words)[n++] = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (p < end)
			*p++ = '\0';
	}
	if (n)
		(*words)[n] = NULL;
	return (int)n;
}

/* One line of at most BATCH_MAX_LINE bytes, without its newline, into
 * buf (BATCH_MAX_LINE + 1 bytes): memory stays bounded whatever the
 * input (/dev/zero, a pipe that never sends a newline).  1 a line, 0
 * the end, -1 a read error, -2 a line over the limit. */
static int read_line(FILE *f, char *buf, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (c == '\n')
			break;
		if (n == BATCH_MAX_LINE)
			return -2;
		buf[n++] = (char)c;
	}
	if (c == EOF && ferror(f))
		return -1;
	buf[n] = '\0';
	*len = n;
	return c != EOF || n > 0;
}

int run_batch(const char *path, bool keep_going)
{
	bool std = !strcmp(path, "-");
	FILE *f = std ? stdin : fopen(path, "re");
	char *line, **words = NULL, err[160];
	size_t wcap = 0, len;
	struct stat st;
	unsigned long line_no;
	bool pretty, dry_run;
	int failed = 0, r;

	if (!f) {
		report(NULL, "cannot open batch file %s: %s", vis(path),
		       errno_text(errno));
		return 1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		report(NULL, "cannot read batch file %s: it is a directory",
		       vis(path));
		fclose(f);
		return 1;
	}
	line = xmalloc(BATCH_MAX_LINE + 1);
	if (globals_json(&pretty, &dry_run))
		results_enable(dry_run);
	for (line_no = 1;; line_no++) {
		int n;

		report_set_place(std ? "<stdin>" : path, line_no);
		r = read_line(f, line, &len);
		if (r <= 0)
			break;
		n = batch_split(line, len, &words, &wcap, err, sizeof(err));
		if (n == 0)
			continue;
		if (n < 0) {
			report(NULL, "%s", err);
			results_line("batch", std ? "<stdin>" : path, line_no);
			results_line_end(1, report_last());
			r = 1;
		} else {
			r = run_command(n, words);
		}
		if (r) {
			failed = 1;
			if (!keep_going)
				break;
		}
	}
	/* The line that cannot be read ends the file, even with -k: what
	 * follows it cannot be told from it. */
	if (r == -2) {
		report(NULL, "the line is longer than %d bytes; nothing after it was read",
		       BATCH_MAX_LINE);
		results_line("batch", std ? "<stdin>" : path, line_no);
		results_line_end(1, report_last());
		failed = 1;
	}
	report_set_place(NULL, 0);
	if (r == -1) {
		report(NULL, "cannot read batch file %s: %s",
		       std ? "<stdin>" : vis(path), errno_text(errno));
		results_line("batch", NULL, 0);
		results_line_end(1, report_last());
		failed = 1;
	}
	free(line);
	free(words);
	if (!std)
		fclose(f);
	if (results_enabled() && print_change_report(pretty) < 0)
		failed = 1;
	return failed;
}
