/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one table of device fields: each field's key (the change report's,
 * show -j's and the keyword's), its column, its kind, what it is (tun
 * identity, a link setting, an address), whether it survives a move to
 * another namespace, how it is read and how it is changed. */
#ifndef TUNTAPCTL_FIELDS_H
#define TUNTAPCTL_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link.h"
#include "output.h"
#include "spec.h"

/* What a field is. */
enum {
	FIELD_TUN = 1u << 0,	/* tun identity, fixed at creation */
	FIELD_LINK = 1u << 1,	/* a link setting, changed over netlink */
	FIELD_ADDR = 1u << 2,	/* an address of the link */
	FIELD_MOVES = 1u << 3,	/* survives a move to another namespace:
				 * set before the move */
	FIELD_DETAILS = 1u << 4,	/* show's column only with -d */
	FIELD_COLUMN = 1u << 5,	/* show and show -j print it from this
				 * table, at its place */
	FIELD_NUMBER = 1u << 6,	/* a number setting: spec_at, info_at and
				 * change_at say where it is kept */
	FIELD_CUT = 1u << 7,	/* show's column may be cut short to fit
				 * the terminal */
};

/* What a field is read from: a device's link facts, the name of its
 * bridge ("" for none) and the namespace it moved into (NULL: here). */
struct field_src {
	const struct linkinfo *li;
	const char *master;
	const char *netns;
};

struct field {
	const char *key;	/* change report, show -j, keyword */
	const char *header;	/* show's column; NULL: none */
	const char *help;	/* what it is, for people */
	/* Its value in src (buf, of len, for text made on the way);
	 * NULL for a FIELD_NUMBER, read at info_at. */
	void (*get)(const struct field_src *src, struct val *v, char *buf,
		    size_t len);
	/* FIELD_NUMBER: offsets of its int64_t in struct device_spec (-1:
	 * not given), of its uint32_t in struct linkinfo, of its int64_t in
	 * struct link_change (-1: keep). */
	size_t spec_at, info_at, change_at;
	uint32_t tun_default, tap_default;	/* what the kernel gives */
	uint32_t min, max;	/* FIELD_NUMBER: the values its keyword takes */
	enum val_kind kind;	/* of its value in show -j */
	unsigned flags;		/* FIELD_ */
	/* FIELD_COLUMN: its place among show's columns and show -j's
	 * keys, lowest first (listing.c places its own between). */
	unsigned place;
	const char *show_key;	/* show -j's key; NULL: key */
};

/* The most rows the table may have (fields.c checks it). */
#define FIELDS_MAX 32

/* The fields in the change report's order; n of them. */
extern const struct field fields_table[];
extern const size_t fields_count;

/* The field of key, or NULL. */
const struct field *fields_find(const char *key);
/* The value of field f in src (buf, of len, for text made on the way). */
void fields_get(const struct field *f, const struct field_src *src,
		struct val *v, char *buf, size_t len);
/* The value of a number field f in spec s, linkinfo li or change lc. */
int64_t fields_spec_num(const struct field *f, const struct device_spec *s);
uint32_t fields_info_num(const struct field *f, const struct linkinfo *li);
int64_t fields_change_num(const struct field *f,
			  const struct link_change *lc);

/* Into spec s, number field f's value n. */
void fields_spec_set_num(const struct field *f, struct device_spec *s,
			 int64_t n);
/* Whether spec s gives a number field with all of flags. */
bool fields_spec_gives(const struct device_spec *s, unsigned flags);
/* Drop from spec s the number fields with all of flags. */
void fields_spec_drop(struct device_spec *s, unsigned flags);
/* Whether change lc changes a number field. */
bool fields_change_any(const struct link_change *lc);
/* Into lc, each number field s gives that differs from li. */
void fields_plan(const struct device_spec *s, const struct linkinfo *li,
		 struct link_change *lc);
/* Into li, each number field lc changes. */
void fields_apply(const struct link_change *lc, struct linkinfo *li);
/* What the kernel gives a new tun or tap device for number field f. */
uint32_t fields_default(const struct field *f, bool tap);
/* Into li, the kernel's default of each number field. */
void fields_defaults(struct linkinfo *li, bool tap);

#endif
