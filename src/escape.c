/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Escaping text for people, on libunistring's Unicode tables (general
 * categories and East Asian widths). */
#include "config.h"

#include "escape.h"

#include <stdio.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

/* Plain text: anything but a backslash, the categories C (Cc, Cf, Cs,
 * Co, Cn), Zl and Zp. */
static bool plain(ucs4_t c)
{
	return c != '\\' && !uc_is_general_category(c, UC_CATEGORY_C) &&
	       !uc_is_general_category(c, UC_CATEGORY_Zl) &&
	       !uc_is_general_category(c, UC_CATEGORY_Zp);
}

size_t escape_append(struct strbuf *b, const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
	size_t width = 0;

	while (p < end) {
		ucs4_t c;
		int n, k;

		/* Printable ASCII, the common case, without a lookup. */
		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			sb_add(b, (const char *)p++, 1);
			width++;
			continue;
		}
		n = u8_mbtoucr(&c, p, (size_t)(end - p));
		if (n > 0 && c == '\\') {
			sb_add(b, "\\\\", 2);
			width += 2;
		} else if (n > 0 && plain(c)) {
			int w = uc_width(c, "UTF-8");

			sb_add(b, (const char *)p, (size_t)n);
			width += w > 0 ? (size_t)w : 0;
		} else {
			/* A whole character, or one byte that starts none. */
			for (k = 0; k < (n > 0 ? n : 1); k++)
				sb_addf(b, "\\x%02x", p[k]);
			width += 4 * (size_t)(n > 0 ? n : 1);
		}
		p += n > 0 ? n : 1;
	}
	return width;
}

size_t escape_prefix_fit(const char *esc, size_t cols, size_t *width)
{
	const uint8_t *p = (const uint8_t *)esc;
	size_t len = strlen(esc), i = 0, w = 0;

	while (i < len) {
		size_t n, cw;

		if (p[i] == '\\') {
			n = p[i + 1] == 'x' ? 4 : 2;
			cw = n;
		} else {
			ucs4_t c;
			int k = u8_mbtoucr(&c, p + i, len - i), cwi;

			n = k > 0 ? (size_t)k : 1;
			cwi = k > 0 ? uc_width(c, "UTF-8") : 1;
			cw = cwi > 0 ? (size_t)cwi : 0;
		}
		if (i + n > len || w + cw > cols)
			break;
		i += n;
		w += cw;
	}
	*width = w;
	return i;
}

int escape_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool escape_decode(const char *s, char *out, size_t size)
{
	size_t n = 0;
	bool escaped = false;

	while (*s) {
		int hi, lo;
		char c = *s++;

		if (c == '\\') {
			if (*s == '\\') {
				s++;
			} else {
				if (*s != 'x' || (hi = escape_hex_digit(s[1])) < 0 ||
				    (lo = escape_hex_digit(s[2])) < 0 || (hi | lo) == 0)
					return false;
				c = (char)(hi << 4 | lo);
				s += 3;
			}
			escaped = true;
		}
		if (n + 1 >= size)
			return false;
		out[n++] = c;
	}
	if (size)
		out[n] = '\0';
	return escaped && size;
}

char *escape_dup(const char *s)
{
	struct strbuf b = SB_INIT;

	escape_append(&b, s);
	return sb_take(&b);
}

enum text_flaw text_flaw(const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
	enum text_flaw worst = TEXT_PLAIN;

	while (p < end) {
		ucs4_t c;
		int n = u8_mbtoucr(&c, p, (size_t)(end - p));

		if (n <= 0)
			return TEXT_NOT_UTF8;
		if (uc_is_general_category(c, UC_CATEGORY_Cc))
			worst = TEXT_CONTROL;
		else if (c != '\\' && !plain(c) && worst == TEXT_PLAIN)
			worst = TEXT_INVISIBLE;
		p += n;
	}
	return worst;
}

bool text_is_utf8(const char *s)
{
	return u8_check((const uint8_t *)s, strlen(s)) == NULL;
}

#define VIS_RING 8
#define VIS_MAX 200

static struct strbuf ring[VIS_RING];
static unsigned next_slot;

const char *vis(const char *s)
{
	struct strbuf *b = &ring[next_slot++ % VIS_RING];
	size_t cut = 0, i;

	b->len = 0;
	sb_add(b, "", 0);
	escape_append(b, s);
	if (b->len <= VIS_MAX)
		return b->s;
	/* The last character or escape that ends within the limit. */
	for (i = 0; i < VIS_MAX; ) {
		size_t n = b->s[i] == '\\' ? (b->s[i + 1] == 'x' ? 4 : 2) :
			   (size_t)u8_mblen((const uint8_t *)b->s + i, b->len - i);

		if (n == 0 || (int)n < 0 || i + n > VIS_MAX)
			break;
		i += n;
		cut = i;
	}
	b->len = cut;
	sb_add(b, "\\...", 4);
	return b->s;
}

void vis_forget(void)
{
	size_t i;

	for (i = 0; i < VIS_RING; i++)
		sb_free(&ring[i]);
}
