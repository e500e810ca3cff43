#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "cmd.h"
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
	if (len > BATCH_MAX_LINE) {
		snprintf(err, errlen, "the line is %zu bytes long; the limit is %d",
			 len, BATCH_MAX_LINE);
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

int run_batch(const char *path, bool keep_going)
{
	bool std = !strcmp(path, "-");
	FILE *f = std ? stdin : fopen(path, "re");
	char *line = NULL, **words = NULL, err[160];
	size_t cap = 0, wcap = 0;
	ssize_t len;
	struct stat st;
	int failed = 0;

	if (!f) {
		report(NULL, "cannot open batch file %s: %s", vis(path),
		       strerror(errno));
		return 1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		report(NULL, "cannot read batch file %s: it is a directory",
		       vis(path));
		fclose(f);
		return 1;
	}
	ctx.batch_name = std ? "<stdin>" : path;
	ctx.batch_line = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		int n, r;

		ctx.batch_line++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		n = batch_split(line, (size_t)len, &words, &wcap, err,
				sizeof(err));
		if (n == 0)
			continue;
		r = n < 0 ? (report(NULL, "%s", err), 1) : run_command(n, words);
		if (r) {
			failed = 1;
			if (!keep_going)
				break;
		}
	}
	if (ferror(f)) {
		report(NULL, "cannot read batch file: %s", strerror(errno));
		failed = 1;
	}
	ctx.batch_name = NULL;
	free(line);
	free(words);
	if (!std)
		fclose(f);
	return failed;
}
