/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the two parsers that take untrusted text: the
 * command line (command name, keywords, values) and batch files.  Both
 * are pure, so nothing here touches the kernel, the network or files.
 *
 * Input: the first byte chooses the form, the rest is
 *   even: a batch file, read into commands and words as batch_run does;
 *   odd:  an argument vector, each word ended by a NUL byte or by the
 *         end of the input.
 * Each command line then goes through command_parse, the parsing half
 * of command_run.
 *
 * Besides crashes and sanitizer reports, the harness aborts when the
 * parsers break their promises: an error is one non-empty line with
 * everything escaped that escape.h escapes, a status is 0 or 2, and a
 * spec that parsed holds only values the kernel would take (names we
 * would create are plain UTF-8). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "batch.h"
#include "commands.h"
#include "escape.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 256

static void broken(const char *what, const char *err)
{
	fprintf(stderr, "fuzz-args: %s: \"%s\"\n", what, err ? err : "");
	abort();
}

/* An error is one line of plain text: nothing the escaping rule
 * (escape.h) would escape, and every backslash the start of \\, \xHH or
 * the \... that ends a word cut short (vis()).
 * (Backslashes of the message's own words could not be told apart.) */
static void check_error(const char *err)
{
	const char *p;

	if (!err[0])
		broken("empty error message", err);
	if (text_flaw(err) != TEXT_PLAIN)
		broken("an unescaped character in an error message", err);
	for (p = strchr(err, '\\'); p; p = strchr(p + 2, '\\')) {
		if ((p[1] == 'x' && p[2] && p[3] &&
		     strchr("0123456789abcdef", p[2]) &&
		     strchr("0123456789abcdef", p[3])) ||
		    !strncmp(p, "\\...", 4))
			p += 2;
		else if (p[1] != '\\')
			broken("a backslash that starts no escape in an error message", err);
	}
}

static void check_spec(const struct device_spec *s, const struct command *c)
{
	char err[320];
	size_t i;

	for (i = 0; i < s->n_names; i++)
		if (args_check_ifname(s->names[i], c->id == C_ADD, err,
				 sizeof(err)) != 0)
			broken("a bad device name was accepted", s->names[i]);
	if (s->mtu != -1 && (s->mtu < 68 || s->mtu > 65535))
		broken("mtu out of range was accepted", NULL);
	if (s->txqlen < -1 || s->txqlen > (int64_t)UINT32_MAX)
		broken("txqueuelen out of range was accepted", NULL);
	if (s->has_mac && ((s->mac[0] & 1) ||
			   !memcmp(s->mac, "\0\0\0\0\0\0", 6)))
		broken("a multicast or zero MAC was accepted", NULL);
	for (i = 0; i < s->n_addrs; i++)
		if (s->addrs[i].prefix >
		    (s->addrs[i].family == AF_INET ? 32u : 128u))
			broken("a prefix out of range was accepted",
			       s->addrs[i].text);
	if (c->id == C_ADD && !s->help && s->mode == MODE_ANY)
		broken("add without a mode was accepted", NULL);
}

static void run_words(int argc, char **argv)
{
	const struct command *c;
	struct device_spec s;
	char err[320];
	int r;

	if (argc < 1)
		return;
	err[0] = '\0';
	r = command_parse(argc, argv, &c, &s, err, sizeof(err));
	if (r != 0 && r != EXIT_USAGE)
		broken("command_parse returned neither 0 nor 2", err);
	if (r)
		check_error(err);
	else if (c->id != C_HELP)
		check_spec(&s, c);
	spec_free(&s);
}

/* The batch file through the reader batch_run uses. */
static void run_batch_text(char *text, size_t size)
{
	char **words = NULL, err[320];
	struct batch_in in;
	size_t cap = 0;
	FILE *f;
	int n;

	if (!size)
		return;
	f = fmemopen(text, size, "r");
	if (!f)
		abort();
	batch_open(&in, f);
	for (;;) {
		err[0] = '\0';
		n = batch_next(&in, &words, &cap, err, sizeof(err));
		if (n == BATCH_BAD)
			check_error(err);
		else if (n > 0)
			run_words(n, words);
		else
			break;		/* the end; batch_run stops there too */
	}
	batch_close(&in);
	fclose(f);
	free(words);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[MAX_WORDS + 1];
	int argc = 0;
	size_t i, start;

	if (size < 1)
		return 0;
	/* A private, NUL-terminated copy: the parsers write into batch
	 * lines, and ASan then sees any read past the end. */
	buf = xmalloc(size);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	if (!(data[0] & 1)) {
		run_batch_text(buf, size - 1);
	} else {
		for (start = 0, i = 0; i < size - 1 && argc < MAX_WORDS; i++) {
			if (buf[i] == '\0') {
				argv[argc++] = buf + start;
				start = i + 1;
			}
		}
		if (start < size - 1 && argc < MAX_WORDS)
			argv[argc++] = buf + start;
		argv[argc] = NULL;
		run_words(argc, argv);
	}
	free(buf);
	return 0;
}
