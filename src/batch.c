/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch files: read a command at a time, in bounded memory, split into
 * words as a shell does, and each command run. */
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

void batch_open(struct batch_in *in, FILE *f)
{
	in->f = f;
	/* A word's bytes and its NUL come from as many bytes of the file,
	 * and the last word's NUL may stand for the end of the file. */
	in->buf = xmalloc(BATCH_MAX_LINE + 2);
	in->line = 0;
	in->next = 1;
}

void batch_close(struct batch_in *in)
{
	free(in->buf);
	in->buf = NULL;
}

/* How far a command has been read. */
struct split {
	size_t len, n;		/* bytes in buf, words */
	bool word;		/* inside a word */
};

static void put(struct batch_in *in, struct split *sp, char ***words,
		size_t *cap, int c)
{
	if (!sp->word) {
		xgrow((void **)words, cap, sp->n + 1, sizeof(**words));
		(*words)[sp->n++] = in->buf + sp->len;
		sp->word = true;
	}
	if (c >= 0)
		in->buf[sp->len++] = (char)c;
}

static void end_word(struct batch_in *in, struct split *sp)
{
	if (sp->word)
		in->buf[sp->len++] = '\0';
	sp->word = false;
}

/* One command, or one line without words (0). */
static int read_command(struct batch_in *in, char ***words, size_t *cap,
			char *err, size_t errlen)
{
	struct split sp = { 0, 0, false };
	bool esc = false, comment = false, nul = false, cr = false;
	unsigned long qline = 0;
	size_t raw = 0;
	int quote = 0, prev = 0, c;

	in->line = in->next;
	for (;;) {
		c = getc(in->f);
		if (c == EOF)
			break;
		if (c == '\n') {
			in->next++;
			if (prev == '\r')
				cr = true;
			if (!esc && !quote)
				break;
		}
		if (++raw > BATCH_MAX_LINE)
			return BATCH_LONG;
		prev = c;
		if (c == '\0')
			nul = true;
		if (comment)
			continue;
		if (esc) {
			/* A backslash and a newline vanish together. */
			esc = false;
			if (c != '\n')
				put(in, &sp, words, cap, c);
		} else if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else
				put(in, &sp, words, cap, c);
		} else if (quote == '"') {
			if (c == '"')
				quote = 0;
			else if (c == '\\')
				esc = true;
			else
				put(in, &sp, words, cap, c);
		} else if (c == ' ' || c == '\t') {
			end_word(in, &sp);
		} else if (c == '\\') {
			esc = true;
		} else if (c == '\'' || c == '"') {
			quote = c;
			qline = in->next;
			put(in, &sp, words, cap, -1);
		} else if (c == '#' && !sp.word) {
			comment = true;
		} else {
			put(in, &sp, words, cap, c);
		}
	}
	if (c == EOF) {
		if (ferror(in->f))
			return BATCH_EIO;
		if (prev == '\r')
			cr = true;
		if (!raw)
			return BATCH_END;
	}
	end_word(in, &sp);
	if (nul) {
		snprintf(err, errlen, "the line holds a NUL byte");
		return BATCH_BAD;
	}
	if (cr) {
		snprintf(err, errlen,
			 "the line ends with a carriage return (DOS line endings; convert the file with dos2unix)");
		return BATCH_BAD;
	}
	if (quote) {
		snprintf(err, errlen,
			 "the %c opened on line %lu is not closed before the end of the file",
			 quote, qline);
		return BATCH_BAD;
	}
	if (sp.n)
		(*words)[sp.n] = NULL;
	return (int)sp.n;
}

int batch_next(struct batch_in *in, char ***words, size_t *cap, char *err,
	       size_t errlen)
{
	int n;

	while ((n = read_command(in, words, cap, err, errlen)) == 0)
		;
	return n;
}

int run_batch(const char *path, bool keep_going)
{
	bool std = !strcmp(path, "-");
	FILE *f = std ? stdin : fopen(path, "re");
	const char *name = std ? "<stdin>" : path;
	char **words = NULL, err[160];
	struct batch_in in;
	size_t wcap = 0;
	struct stat st;
	bool pretty, dry_run;
	int failed = 0, n, r = 0;

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
	batch_open(&in, f);
	if (globals_json(&pretty, &dry_run))
		results_enable(dry_run);
	for (;;) {
		n = batch_next(&in, &words, &wcap, err, sizeof(err));
		report_set_place(name, in.line);
		if (n == BATCH_END || n == BATCH_LONG || n == BATCH_EIO)
			break;
		if (n == BATCH_BAD) {
			report(NULL, "%s", err);
			results_line("batch", name, in.line);
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
	/* The command that cannot be read ends the file, even with -k:
	 * what follows it cannot be told from it. */
	if (n == BATCH_LONG) {
		if (in.next > in.line)
			report(NULL, "the command (with the lines it continues on) is longer than %d bytes; nothing after it was read",
			       BATCH_MAX_LINE);
		else
			report(NULL, "the line is longer than %d bytes; nothing after it was read",
			       BATCH_MAX_LINE);
		results_line("batch", name, in.line);
		results_line_end(1, report_last());
		failed = 1;
	}
	report_set_place(NULL, 0);
	if (n == BATCH_EIO) {
		report(NULL, "cannot read batch file %s: %s",
		       std ? "<stdin>" : vis(path), errno_text(errno));
		results_line("batch", NULL, 0);
		results_line_end(1, report_last());
		failed = 1;
	}
	batch_close(&in);
	free(words);
	if (!std)
		fclose(f);
	if (results_enabled() && print_change_report(pretty) < 0)
		failed = 1;
	return failed;
}
