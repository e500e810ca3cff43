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

#include "args.h"
#include "batch.h"
#include "changes.h"
#include "commands.h"
#include "dryrun.h"
#include "escape.h"
#include "output.h"
#include "report.h"
#include "selection.h"
#include "spec.h"
#include "state.h"
#include "util.h"

void batch_open(struct batch_in *in, FILE *f)
{
	in->f = f;
	/* A word's bytes and its NUL come from as many bytes of the file,
	 * and the last word's NUL may stand for the end of the file. */
	in->buf = xmalloc(BATCH_MAX_LINE + 2);
	in->line = 0;
	in->next = 1;
	in->spelled = NULL;
	in->spelled_cap = 0;
}

void batch_close(struct batch_in *in)
{
	free(in->buf);
	free(in->spelled);
	in->buf = NULL;
	in->spelled = NULL;
	in->spelled_cap = 0;
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
		xgrow((void **)&in->spelled, &in->spelled_cap, sp->n + 1,
		      sizeof(*in->spelled));
		in->spelled[sp->n] = false;
		(*words)[sp->n++] = in->buf + sp->len;
		sp->word = true;
	}
	if (c >= 0)
		in->buf[sp->len++] = (char)c;
}

/* The current word (begun if it was not) marked as spelled with
 * $'...'. */
static void put_spelled(struct batch_in *in, struct split *sp, char ***words,
			size_t *cap)
{
	put(in, sp, words, cap, -1);
	if (in->spelled)
		in->spelled[sp->n - 1] = true;
}

/* Whether the next byte is c (it stays to be read). */
static bool next_is(struct batch_in *in, int c)
{
	int d = getc(in->f);

	if (d != EOF)
		ungetc(d, in->f);
	return d == c;
}

static void end_word(struct batch_in *in, struct split *sp)
{
	if (sp->word)
		in->buf[sp->len++] = '\0';
	sp->word = false;
}

/* The byte a $'...' escape spells, c being the byte after its
 * backslash: as bash reads them, \xH and \xHH in hex, \N to \NNN in
 * octal, and the letters of C; -1 for an escape that spells nothing
 * (its backslash and c stay, as in bash).  The digits read are counted
 * in *raw. */
static int spelled_byte(struct batch_in *in, int c, size_t *raw)
{
	static const char letter[] = "abeEfnrtv\\'\"?";
	static const char byte[] = "\a\b\033\033\f\n\r\t\v\\'\"?";
	const char *p = c > 0 ? strchr(letter, c) : NULL;
	int v, d, k, digit, base = c == 'x' ? 16 : 8, most = c == 'x' ? 2 : 3;

	if (p)
		return (unsigned char)byte[p - letter];
	if (c != 'x' && (c < '0' || c > '7'))
		return -1;
	v = c == 'x' ? 0 : c - '0';
	for (k = c == 'x' ? 0 : 1; k < most; k++) {
		d = getc(in->f);
		digit = d == EOF ? -1 : escape_hex_digit(d);
		if (digit < 0 || digit >= base) {
			if (d != EOF)
				ungetc(d, in->f);
			break;
		}
		++*raw;
		v = v * base + digit;
	}
	if (c == 'x' && k == 0)
		return -1;
	return v & 0xff;
}

/* One command, or one line without words (0). */
static int read_command(struct batch_in *in, char ***words, size_t *cap,
			char *err, size_t errlen)
{
	struct split sp = { 0, 0, false };
	bool esc = false, comment = false, nul = false, cr = false;
	bool nul_spelled = false;
	unsigned long qline = 0;
	size_t raw = 0;
	int quote = 0, prev = 0, c;
	bool esc_spelled = false;

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
		} else if (quote == '$' && esc_spelled) {
			int b = spelled_byte(in, c, &raw);

			esc_spelled = false;
			if (raw > BATCH_MAX_LINE)
				return BATCH_LONG;
			if (b == 0)
				nul_spelled = true;
			if (b < 0)
				put(in, &sp, words, cap, '\\');
			put(in, &sp, words, cap, b < 0 ? c : b);
		} else if (quote == '$') {
			if (c == '\'')
				quote = 0;
			else if (c == '\\')
				esc_spelled = true;
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
		} else if (c == '\'' || c == '"' || (c == '$' && next_is(in, '\''))) {
			if (c == '$') {
				/* The quote after it, read. */
				raw++;
				prev = getc(in->f);
				put_spelled(in, &sp, words, cap);
			}
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
	if (nul_spelled) {
		snprintf(err, errlen,
			 "a $'...' word spells a NUL byte, which no name or value can hold");
		return BATCH_BAD;
	}
	if (cr) {
		snprintf(err, errlen,
			 "the line ends with a carriage return (DOS line endings; convert the file with dos2unix)");
		return BATCH_BAD;
	}
	if (quote) {
		snprintf(err, errlen,
			 "the %s opened on line %lu is not closed before the end of the file",
			 quote == '$' ? "$'" : quote == '"' ? "\"" : "'", qline);
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

/* The commands of a file checked whole, kept for the run that follows
 * the check: their words one after another, each after a byte that says
 * whether it was spelled with $'...' ('1') or not ('0') and ended by
 * NUL.  The whole is bounded, as a line is. */
#define BATCH_MAX_FILE (64 << 20)

struct kept {
	size_t off;		/* of the first word */
	int n;			/* words */
	unsigned long line;
};

struct store {
	struct strbuf words;
	struct kept *v;
	size_t n, cap;
};

static bool keep_command(struct store *st, int n, char **words,
			 const bool *spelled, unsigned long line)
{
	size_t i, size = 0;

	for (i = 0; i < (size_t)n; i++)
		size += strlen(words[i]) + 2;
	if (st->words.len + size + (st->n + 1) * sizeof(*st->v) >
	    BATCH_MAX_FILE)
		return false;
	xgrow((void **)&st->v, &st->cap, st->n, sizeof(*st->v));
	st->v[st->n].off = st->words.len;
	st->v[st->n].n = n;
	st->v[st->n++].line = line;
	for (i = 0; i < (size_t)n; i++) {
		sb_add(&st->words, spelled[i] ? "1" : "0", 1);
		sb_add(&st->words, words[i], strlen(words[i]) + 1);
	}
	return true;
}

/* Kept command i's words, into *words, and whether each was spelled,
 * into *spelled. */
static int kept_words(const struct store *st, size_t i, char ***words,
		      size_t *cap, bool **spelled, size_t *scap)
{
	char *p = st->words.s + st->v[i].off;
	int k;

	xgrow((void **)words, cap, (size_t)st->v[i].n + 1, sizeof(**words));
	xgrow((void **)spelled, scap, (size_t)st->v[i].n + 1,
	      sizeof(**spelled));
	for (k = 0; k < st->v[i].n; k++) {
		(*spelled)[k] = *p++ == '1';
		(*words)[k] = p;
		p += strlen(p) + 1;
	}
	(*words)[k] = NULL;
	return st->v[i].n;
}

/* A line found wrong by the check, for the change report. */
struct bad {
	char *command;
	char device[IFNAMSIZ];	/* "" when none is known */
	unsigned long line;
	int status;
	char *message;
};

struct bads {
	struct bad *v;
	size_t n, cap;
	bool all_usage;		/* every one a usage error */
};

static void bad_line(struct bads *b, const char *command, const char *device,
		     unsigned long line, int status, const char *message)
{
	xgrow((void **)&b->v, &b->cap, b->n, sizeof(*b->v));
	b->v[b->n].command = xstrdup(command);
	snprintf(b->v[b->n].device, sizeof(b->v[b->n].device), "%s",
		 device ? device : "");
	b->v[b->n].line = line;
	b->v[b->n].status = status;
	b->v[b->n++].message = xstrdup(message);
	if (status != EXIT_USAGE)
		b->all_usage = false;
}

/* The command the file cannot go on after (too long, a read error). */
static void unreadable(int n, const struct batch_in *in, const char *name,
		       const char *path, bool std)
{
	if (n == BATCH_LONG) {
		if (in->next > in->line)
			report(NULL, "the command (with the lines it continues on) is longer than %d bytes; nothing after it was read",
			       BATCH_MAX_LINE);
		else
			report(NULL, "the line is longer than %d bytes; nothing after it was read",
			       BATCH_MAX_LINE);
		results_line("batch", name, in->line);
	} else {
		report_set_place(NULL, 0);
		report(NULL, "cannot read batch file %s: %s",
		       std ? "<stdin>" : vis(path), errno_text(errno));
		results_line("batch", NULL, 0);
	}
	results_line_end(1, report_last());
}

/* --prune: the names the file's commands give. */
struct named {
	char **v;
	size_t n, cap;
};

static void name_keep(const char *name, void *arg)
{
	struct named *nm = arg;

	xgrow((void **)&nm->v, &nm->cap, nm->n, sizeof(*nm->v));
	nm->v[nm->n++] = xstrdup(name);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names command words gives, into nm (when pruning); -1 after
 * saying so when --prune cannot know the device it makes. */
static int names_of(struct named *nm, int n, char **words)
{
	if (!nm || command_names(n, words, name_keep, nm) == 0)
		return 0;
	report(NULL, "--prune: this line may make a device without naming it (tunctl's command line, a pattern, no name): name the device in an add line, or leave out --prune");
	return -1;
}

/* The persistent tun/tap devices here that the file does not name go,
 * as del --keep-held (or --force) deletes them, in name order. */
static int prune(struct named *nm, bool force)
{
	struct fail f = { 0, "" };
	struct linkset ls;
	const char **go;
	size_t i, n = 0;
	int r;

	report_set_place(NULL, 0);
	if (linkset_load(&ls, &f) < 0) {
		report_fail(NULL, &f, "--prune: cannot list the devices; nothing was pruned");
		linkset_free(&ls);
		return 1;
	}
	if (nm->n)
		qsort(nm->v, nm->n, sizeof(*nm->v), str_cmp);
	go = xcalloc(ls.n + 1, sizeof(*go));
	for (i = 0; i < ls.n; i++) {
		const struct linkinfo *li = ls.by_name[i];
		const char *key = li->name;

		if (li->tun && li->persist &&
		    !(nm->n && bsearch(&key, nm->v, nm->n, sizeof(*nm->v),
				       str_cmp)))
			go[n++] = li->name;
	}
	r = n ? command_prune(go, n, force) : 0;
	free(go);
	linkset_free(&ls);
	return r;
}

/* With --keep-going: each command run as it is read. */
static int run_streaming(struct batch_in *in, struct named *nm,
			 const char *name, const char *path, bool std)
{
	char **words = NULL, err[160];
	size_t wcap = 0;
	int failed = 0, n, r;

	for (;;) {
		n = batch_next(in, &words, &wcap, err, sizeof(err));
		report_set_place(name, in->line);
		if (n == BATCH_END || n == BATCH_LONG || n == BATCH_EIO)
			break;
		if (n == BATCH_BAD || names_of(nm, n, words) < 0) {
			if (n == BATCH_BAD)
				report(NULL, "%s", err);
			results_line(n == BATCH_BAD ? "batch" : words[0], name,
				     in->line);
			results_line_end(n == BATCH_BAD ? 1 : EXIT_USAGE,
					 report_last());
			r = 1;
		} else {
			args_spelled(words, in->spelled, n);
			r = command_run(n, words);
		}
		failed |= r != 0;
	}
	args_spelled(NULL, NULL, 0);
	/* The command that cannot be read ends the file, even with -k:
	 * what follows it cannot be told from it. */
	if (n == BATCH_LONG || n == BATCH_EIO) {
		unreadable(n, in, name, path, std);
		failed = 1;
	}
	free(words);
	return failed;
}

/* Without --keep-going: every command read and checked (command_check)
 * before the first runs; a bad one, and nothing runs.  *bads gets the
 * bad lines. */
static int check_all(struct batch_in *in, struct store *st,
		     struct bads *bads, struct named *nm, const char *name,
		     const char *path, bool std)
{
	char **words = NULL, err[160], device[IFNAMSIZ];
	const char *command;
	size_t wcap = 0;
	int n, r;

	for (;;) {
		n = batch_next(in, &words, &wcap, err, sizeof(err));
		report_set_place(name, in->line);
		if (n == BATCH_END || n == BATCH_LONG || n == BATCH_EIO)
			break;
		if (n == BATCH_BAD) {
			report(NULL, "%s", err);
			bad_line(bads, "batch", NULL, in->line, 1, report_last());
			continue;
		}
		if (!keep_command(st, n, words, in->spelled, in->line)) {
			report(NULL, "the file holds more than %d MiB of commands, too many to check before the first runs; nothing after this line was read (with --keep-going each runs as it is read)",
			       BATCH_MAX_FILE >> 20);
			bad_line(bads, "batch", NULL, in->line, 1, report_last());
			break;
		}
		if (names_of(nm, n, words) < 0) {
			bad_line(bads, words[0], NULL, in->line, EXIT_USAGE,
				 report_last());
			continue;
		}
		report_hold();
		args_spelled(words, in->spelled, n);
		r = command_check(n, words, &command, device);
		report_release(r != 0);
		if (r)
			bad_line(bads, command, device, in->line, r,
				 report_collected());
	}
	if (n == BATCH_LONG || n == BATCH_EIO) {
		unreadable(n, in, name, path, std);
		bad_line(bads, "batch", NULL, n == BATCH_LONG ? in->line : 0, 1,
			 report_last());
	}
	args_spelled(NULL, NULL, 0);
	sim_forget();
	sim_use(false);
	free(words);
	return bads->n ? -1 : 0;
}

/* The checked commands, stopping at the first that fails (only the
 * kernel could tell: a device busy, an address taken). */
static int run_kept(const struct store *st, const char *name)
{
	char **words = NULL;
	bool *spelled = NULL;
	size_t i, wcap = 0, scap = 0;
	int r = 0;

	for (i = 0; i < st->n && !r; i++) {
		int n = kept_words(st, i, &words, &wcap, &spelled, &scap);

		report_set_place(name, st->v[i].line);
		args_spelled(words, spelled, n);
		r = command_run(n, words);
	}
	args_spelled(NULL, NULL, 0);
	free(spelled);
	/* What was applied, when the file had more than this command. */
	if (r && st->n > 1) {
		size_t before = i - 1, after = st->n - i;
		char was[48], rest[64];

		if (before == 0)
			snprintf(was, sizeof(was), "no command before it ran");
		else
			snprintf(was, sizeof(was), "the %zu command%s before it ran",
				 before, before == 1 ? "" : "s");
		if (after == 0)
			snprintf(rest, sizeof(rest), "it was the last");
		else
			snprintf(rest, sizeof(rest), "the %zu after it did not",
				 after);
		report(NULL, "the run stopped at this line: %s, %s", was, rest);
	}
	free(words);
	return r != 0;
}

int batch_run(const char *path, bool keep_going, bool pruning, bool force)
{
	bool std = !strcmp(path, "-");
	FILE *f = std ? stdin : fopen(path, "re");
	const char *name = std ? "<stdin>" : path;
	struct store st = { SB_INIT, NULL, 0, 0 };
	struct bads bads = { NULL, 0, 0, true };
	struct named named = { NULL, 0, 0 }, *nm = pruning ? &named : NULL;
	struct batch_in in;
	struct stat sb;
	bool pretty, dry_run, json;
	int failed = 0;
	size_t i;

	if (!f) {
		report(NULL, "cannot open batch file %s: %s", vis(path),
		       errno_text(errno));
		return 1;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		report(NULL, "cannot read batch file %s: it is a directory",
		       vis(path));
		fclose(f);
		return 1;
	}
	batch_open(&in, f);
	json = commands_globals_json(&pretty, &dry_run);
	if (keep_going) {
		if (json)
			results_enable(dry_run);
		failed = run_streaming(&in, nm, name, path, std);
	} else if (check_all(&in, &st, &bads, nm, name, path, std) == 0) {
		if (json)
			results_enable(dry_run);
		failed = run_kept(&st, name);
	} else {
		report_set_place(NULL, 0);
		/* (A file that cannot be read at all said so.) */
		if (bads.n > 1 || bads.v[0].line)
			report(NULL, "%s: nothing was changed: %zu %s wrong (with --keep-going the others run)",
			       std ? "<stdin>" : vis(path), bads.n,
			       bads.n == 1 ? "line is" : "lines are");
		if (json)
			results_enable(dry_run);
		for (i = 0; i < bads.n; i++) {
			results_line(bads.v[i].command,
				     bads.v[i].line ? name : NULL,
				     bads.v[i].line);
			results_line_end_on(bads.v[i].device, bads.v[i].status,
					    bads.v[i].message);
			free(bads.v[i].message);
			free(bads.v[i].command);
		}
		failed = bads.all_usage ? EXIT_USAGE : 1;
		pruning = false;	/* (nothing was changed) */
	}
	report_set_place(NULL, 0);
	if (pruning && !failed)
		failed = prune(&named, force);
	else if (pruning)
		report(NULL, "%s: nothing was pruned: --prune deletes only after every line of the file ran",
		       std ? "<stdin>" : vis(path));
	for (i = 0; i < named.n; i++)
		free(named.v[i]);
	free(named.v);
	batch_close(&in);
	free(st.v);
	sb_free(&st.words);
	free(bads.v);
	if (!std)
		fclose(f);
	if (results_enabled() && results_print_report(pretty) < 0)
		failed = 1;
	return failed;
}
