/*
 * Reminder mail text. Everything a mail client or an SMTP server will
 * parse is made here, so the rules of RFC 5322, 2045-2047 live in one
 * place: header folding at 78 octets, encoded words of at most 75 that
 * never split a UTF-8 character, quoted-printable lines of at most 76,
 * CRLF everywhere. No I/O and no clock: the caller gives the date.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "message.h"
#include "xmalloc.h"

#define HDR_LINE	78	/* RFC 5322 §2.1.1: SHOULD NOT exceed */
#define EW_MAX		75	/* RFC 2047 §2: an encoded word */
#define EW_OPEN		"=?UTF-8?Q?"
#define EW_CLOSE	"?="
#define EW_OVERHEAD	(sizeof EW_OPEN - 1 + sizeof EW_CLOSE - 1)
#define QP_LINE		76	/* RFC 2045 §6.7 rule 5 */
#define B64_LINE	76
#define ADDR_MAX	254	/* RFC 5321 §4.5.3.1.3 path minus <> */
#define LOCAL_MAX	64	/* RFC 5321 §4.5.3.1.1 */
#define PHRASE_MAX	1024	/* a display name or subject longer is a bug */
#define MSGID_MAX	250	/* cannot be folded; well under 998 */
#define MESSAGE_MAX	(32 * 1024 * 1024)

enum fold_mode {
	FOLD_MIXED,	/* plain words as they are, the rest encoded */
	FOLD_PLAIN,	/* no encoded words at all (inside a phrase) */
	FOLD_WHOLE	/* the whole value as encoded words */
};

/* Where a header value is being written: the octets on the line so far. */
struct fold {
	struct buf	*b;
	size_t		 pos;
};

static const char hexdig[] = "0123456789ABCDEF";

int
message_header_safe(const char *s)
{
	/* A C string cannot hold a NUL inside; CR and LF are what inject. */
	return s != NULL && strpbrk(s, "\r\n") == NULL;
}

int
message_address_ok(const char *s)
{
	const char	*at, *p;
	size_t		 len;

	if (s == NULL || (len = strlen(s)) == 0 || len > ADDR_MAX)
		return 0;
	if ((at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	if (at == s || at[1] == '\0' || (size_t)(at - s) > LOCAL_MAX)
		return 0;
	for (p = s; *p != '\0'; p++) {
		unsigned char	 c = (unsigned char)*p;

		/* No SMTPUTF8: the envelope stays ASCII. */
		if (c <= ' ' || c >= 0x7f)
			return 0;
		if (strchr("<>()[],;:\\\"", c) != NULL)
			return 0;
	}
	/* A dot-atom local part: no dot first, last or twice. */
	if (s[0] == '.' || at[-1] == '.' || memmem(s, (size_t)(at - s), "..",
	    2) != NULL)
		return 0;
	/* A domain is dot-separated labels of letters, digits and inner
	 * hyphens, none empty. */
	for (p = at + 1; *p != '\0'; ) {
		size_t	 n = strcspn(p, ".");

		if (n == 0 || n > 63 || p[0] == '-' || p[n - 1] == '-')
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') ||
			    (p[i] >= 'A' && p[i] <= 'Z') ||
			    (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
				return 0;
		p += n;
		if (*p == '.' && *++p == '\0')
			return 0;	/* a trailing dot */
	}
	return 1;
}

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Octets in the UTF-8 character at s; a malformed byte counts alone. */
static size_t
utf8_unit(const unsigned char *s, size_t left)
{
	size_t	 n, i;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 1;
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (n > left)
		return 1;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * The characters RFC 2047 §5 (3) allows unencoded in a Q word inside a
 * phrase; using that narrowest set everywhere makes one encoder serve
 * Subject and display names alike.
 */
static int
q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	    c == '-' || c == '/';
}

static size_t
q_len(const unsigned char *s, size_t n)
{
	size_t	 i, len = 0;

	for (i = 0; i < n; i++)
		len += (s[i] == ' ' || q_literal(s[i])) ? 1 : 3;
	return len;
}

static void
q_put(struct buf *b, const unsigned char *s, size_t n)
{
	size_t	 i;
	char	 t[3];

	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			buf_add(b, "_", 1);
		else if (q_literal(s[i]))
			buf_add(b, s + i, 1);
		else {
			t[0] = '=';
			t[1] = hexdig[s[i] >> 4];
			t[2] = hexdig[s[i] & 0x0f];
			buf_add(b, t, 3);
		}
	}
}

/*
 * Where the encoded word that starts at s[i] ends when it may hold
 * limit octets: whole characters only, and preferably next to a
 * space, since Thunderbird and Apple Mail are reported to show a space
 * between adjacent encoded words (lettre/lettre#810) and a word cut in
 * two reads worse than a double space. *clean is 0 for a cut inside a
 * word. i itself when not one character fits.
 */
static size_t
ew_span(const unsigned char *s, size_t i, size_t n, size_t limit,
    int *clean)
{
	size_t	 j = i, len = EW_OVERHEAD, brk = i, u, ulen;

	while (j < n) {
		u = utf8_unit(s + j, n - j);
		ulen = q_len(s + j, u);
		if (len + ulen > limit)
			break;
		len += ulen;
		j += u;
		if (s[j - 1] == ' ' || s[j - 1] == '\t')
			brk = j;
	}
	*clean = 1;
	if (j == n || j == i || s[j] == ' ' || s[j] == '\t')
		return j;
	if (brk > i)
		return brk;
	*clean = 0;
	return j;
}

static size_t
ew_limit(size_t pos)
{
	return pos >= HDR_LINE ? 0 : HDR_LINE - pos < EW_MAX ?
	    HDR_LINE - pos : EW_MAX;
}

/*
 * Encoded words for s[0..n), preceded by the whitespace sep (kept as
 * it is: it separates the words from plain text before them). Words
 * fill the line up to 75 octets; the line is folded first when nothing
 * fits, or when a new line would spare cutting a word in two. -1 when a
 * long sep leaves no room even on a new line.
 */
static int
emit_encoded(struct fold *f, const char *str, size_t n, const char *sep,
    size_t seplen)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, j, fresh;
	int			 first = 1, clean, fresh_clean, fold;

	while (i < n) {
		const char	*sp = first ? sep : " ";
		size_t		 splen = first ? seplen : 1;

		j = ew_span(s, i, n, ew_limit(f->pos + splen), &clean);
		fresh = splen ? splen : 1;
		fold = j == i;
		if (!fold && !clean && f->b->len > 0) {
			(void)ew_span(s, i, n, ew_limit(fresh), &fresh_clean);
			fold = fresh_clean;
		}
		if (fold) {
			buf_add(f->b, "\r\n", 2);
			sp = splen ? sp : " ";
			splen = fresh;
			f->pos = 0;
			j = ew_span(s, i, n, ew_limit(splen), &clean);
			if (j == i)
				return -1;
		}
		buf_add(f->b, sp, splen);
		buf_puts(f->b, EW_OPEN);
		q_put(f->b, s + i, j - i);
		buf_puts(f->b, EW_CLOSE);
		f->pos += splen + EW_OVERHEAD + q_len(s + i, j - i);
		i = j;
		first = 0;
	}
	return 0;
}

/*
 * A word as it is, folding before its whitespace when it does not fit.
 * -1 when the first word does not fit after the name: folding there
 * would start the value with a space that some readers keep, while an
 * encoded word can be split to fill the first line.
 */
static int
emit_plain(struct fold *f, const char *w, size_t n, const char *sep,
    size_t seplen)
{
	if (f->pos + seplen + n > HDR_LINE) {
		if (f->b->len == 0)
			return -1;
		buf_add(f->b, "\r\n", 2);
		f->pos = 0;
	}
	buf_add(f->b, sep, seplen);
	buf_add(f->b, w, n);
	f->pos += seplen + n;
	return f->pos <= HDR_LINE ? 0 : -1;
}

/* A word that cannot go out as plain text in a header. */
static int
word_needs_encoding(const char *w, size_t n)
{
	size_t	 i;

	/* Longer than a continuation line holds: only encoding can split it. */
	if (n > HDR_LINE - 1)
		return 1;
	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)w[i];

		if (c < ' ' || c >= 0x7f)
			return 1;
		/* Would read as the start of an encoded word (RFC 2047 §5). */
		if (c == '=' && i + 1 < n && w[i + 1] == '?')
			return 1;
	}
	return 0;
}

static int
emit_value(struct fold *f, const char *s, enum fold_mode mode)
{
	const char	*p = s, *sep, *w, *end, *q, *r;
	size_t		 len = strlen(s);

	if (mode == FOLD_WHOLE)
		return emit_encoded(f, s, len, "", 0);
	/* Edge whitespace would be lost on unfolding; keep it encoded. */
	if (len > 0 && (is_wsp(s[0]) || is_wsp(s[len - 1])))
		return -1;
	while (*p != '\0') {
		sep = p;
		while (is_wsp(*p))
			p++;
		w = p;
		while (*p != '\0' && !is_wsp(*p))
			p++;
		if (!word_needs_encoding(w, (size_t)(p - w))) {
			if (emit_plain(f, w, (size_t)(p - w), sep,
			    (size_t)(w - sep)) == -1)
				return -1;
			continue;
		}
		if (mode == FOLD_PLAIN)
			return -1;
		/*
		 * Whitespace between two encoded words is dropped by the
		 * reader (RFC 2047 §6.2), so a run of words that need
		 * encoding goes out as one encoded text, spaces included.
		 */
		end = p;
		for (;;) {
			q = end;
			while (is_wsp(*q))
				q++;
			if (q == end || *q == '\0')
				break;
			r = q;
			while (*r != '\0' && !is_wsp(*r))
				r++;
			if (!word_needs_encoding(q, (size_t)(r - q)))
				break;
			end = r;
		}
		if (emit_encoded(f, w, (size_t)(end - w), sep,
		    (size_t)(w - sep)) == -1)
			return -1;
		p = end;
	}
	return 0;
}

/*
 * Fold s as a header value starting at column *pos, in the given mode;
 * a mode that cannot keep the lines short gives way to FOLD_WHOLE,
 * except FOLD_PLAIN, which gives NULL. *pos becomes the end column.
 */
static char *
fold_value(const char *s, size_t *pos, enum fold_mode mode)
{
	struct buf	 b;
	struct fold	 f;
	/* Q triples, word overhead and folds stay well under 8 per byte. */
	size_t		 max = 8 * strlen(s) + *pos + 4096;

	if (mode != FOLD_WHOLE) {
		buf_init(&b, max);
		f.b = &b;
		f.pos = *pos;
		if (emit_value(&f, s, mode) == 0) {
			*pos = f.pos;
			return buf_take(&b);
		}
		buf_free(&b);
		if (mode == FOLD_PLAIN)
			return NULL;
	}
	buf_init(&b, max);
	f.b = &b;
	f.pos = *pos;
	(void)emit_value(&f, s, FOLD_WHOLE);
	*pos = f.pos;
	return buf_take(&b);
}

char *
message_encode_header(const char *utf8, size_t header_name_len)
{
	size_t	 pos = header_name_len + 2;	/* "Name: " */

	return fold_value(utf8 != NULL ? utf8 : "", &pos, FOLD_MIXED);
}

/* RFC 5322 §3.2.3 atext, plus the space between atoms. */
static int
phrase_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ' ' ||
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/*
 * A display name as an RFC 5322 phrase: atoms as they are, other ASCII
 * as a quoted-string, anything else (or too long to fold) as encoded
 * words. *pos is the column before and after.
 */
static char *
fold_phrase(const char *name, size_t *pos)
{
	struct buf	 q;
	const char	*p;
	char		*out, *quoted;
	size_t		 start = *pos;
	int		 quote = 0;

	for (p = name; *p != '\0'; p++) {
		if (word_needs_encoding(p, 1) || (p[0] == '=' && p[1] == '?'))
			return fold_value(name, pos, FOLD_WHOLE);
		if (!phrase_char((unsigned char)*p))
			quote = 1;
	}
	if (name[0] == ' ' || p[-1] == ' ' || strstr(name, "  ") != NULL)
		quote = 1;
	if (!quote)
		out = fold_value(name, pos, FOLD_PLAIN);
	else {
		buf_init(&q, 2 * strlen(name) + 3);
		buf_add(&q, "\"", 1);
		for (p = name; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_add(&q, "\\", 1);
			buf_add(&q, p, 1);
		}
		buf_add(&q, "\"", 1);
		quoted = buf_take(&q);
		/* Folding inside a quoted-string keeps the space (§3.2.4). */
		out = fold_value(quoted, pos, FOLD_PLAIN);
		free(quoted);
	}
	if (out == NULL) {
		*pos = start;
		out = fold_value(name, pos, FOLD_WHOLE);
	}
	return out;
}

/* "Name: phrase <addr>" or "Name: addr", folded. */
static void
add_address(struct buf *b, const char *field, const char *name,
    const char *addr)
{
	size_t	 pos = strlen(field) + 2;
	char	*phrase;

	buf_printf(b, "%s: ", field);
	if (name == NULL || *name == '\0') {
		buf_printf(b, "%s\r\n", addr);
		return;
	}
	phrase = fold_phrase(name, &pos);
	buf_puts(b, phrase);
	free(phrase);
	if (pos + 1 + strlen(addr) + 2 > HDR_LINE)
		buf_puts(b, "\r\n");
	buf_printf(b, " <%s>\r\n", addr);
}

/* RFC 5322 §3.3 date-time in UTC; -1 outside years 1900-9999. */
static int
format_date(long long t, char *out, size_t size)
{
	static const char *const wday[7] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const mon[12] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if ((long long)tt != t || gmtime_r(&tt, &tm) == NULL)
		return -1;
	if (tm.tm_year < 0 || tm.tm_year > 9999 - 1900)
		return -1;
	snprintf(out, size, "%s, %d %s %04d %02d:%02d:%02d +0000",
	    wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return 0;
}

/* The quoted-printable form of c at column col; len is 1 or 3. */
static size_t
qp_token(const unsigned char *q, const unsigned char *eol, size_t col,
    char t[3])
{
	unsigned char	 c = *q;
	int		 literal;

	if (c == ' ' || c == '\t')
		literal = q + 1 != eol;		/* rule 3: not at line end */
	else if (c == '.' && col == 0)
		literal = 0;			/* SMTP's end-of-data dot */
	else if (c == 'F' && col == 0 && eol - q >= 5 &&
	    memcmp(q, "From ", 5) == 0)
		literal = 0;			/* mbox's From_ line */
	else
		literal = c >= 33 && c <= 126 && c != '=';
	if (literal) {
		t[0] = (char)c;
		return 1;
	}
	t[0] = '=';
	t[1] = hexdig[c >> 4];
	t[2] = hexdig[c & 0x0f];
	return 3;
}

/*
 * RFC 2045 §6.7 quoted-printable of UTF-8 text with LF or CRLF line
 * ends; a CR alone is data. Unless empty, the result ends in CRLF, a
 * soft break when the text had no final newline, so a MIME delimiter or
 * the end of the message can follow without changing the text.
 */
static void
qp_encode(struct buf *b, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text, *e, *q;
	size_t			 col, n, limit;
	char			 t[3];

	while (*p != '\0') {
		for (e = p; *e != '\0' && *e != '\n' &&
		    !(e[0] == '\r' && e[1] == '\n'); e++)
			;
		col = 0;
		for (q = p; q < e; q++) {
			/*
			 * Room for the '=' of a soft break, except after the
			 * last character of a line a hard break ends.
			 */
			limit = (q + 1 == e && *e != '\0') ? QP_LINE :
			    QP_LINE - 1;
			n = qp_token(q, e, col, t);
			if (col + n > limit) {
				buf_add(b, "=\r\n", 3);
				col = 0;
				n = qp_token(q, e, col, t);
			}
			buf_add(b, t, n);
			col += n;
		}
		if (*e == '\0') {
			buf_add(b, "=\r\n", 3);
			break;
		}
		buf_add(b, "\r\n", 2);
		p = e + (*e == '\r' ? 2 : 1);
	}
}

static void
base64_encode(struct buf *b, const char *data)
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = (const unsigned char *)data;
	size_t			 len = strlen(data), i, col = 0;
	unsigned long		 v;
	char			 t[4];

	for (i = 0; i < len; i += 3) {
		v = (unsigned long)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		t[0] = alpha[(v >> 18) & 0x3f];
		t[1] = alpha[(v >> 12) & 0x3f];
		t[2] = i + 1 < len ? alpha[(v >> 6) & 0x3f] : '=';
		t[3] = i + 2 < len ? alpha[v & 0x3f] : '=';
		buf_add(b, t, 4);
		col += 4;
		if (col == B64_LINE) {
			buf_add(b, "\r\n", 2);
			col = 0;
		}
	}
	if (col != 0)
		buf_add(b, "\r\n", 2);
}

static void
add_text_part(struct buf *b, const char *subtype, const char *body)
{
	buf_printf(b, "Content-Type: text/%s; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", subtype);
	qp_encode(b, body);
}

static void
add_ics_part(struct buf *b, const struct message *m, const char *name,
    const char *method)
{
	buf_printf(b, "Content-Type: text/calendar; charset=utf-8; "
	    "method=%s;\r\n name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", method, name, name);
	/* Base64 keeps the calendar's CRLF and folding byte for byte. */
	base64_encode(b, m->ics);
}

static void
open_multipart(struct buf *b, const char *subtype, const char *boundary)
{
	buf_printf(b, "Content-Type: multipart/%s;\r\n boundary=\"%s\"\r\n"
	    "\r\n--%s\r\n", subtype, boundary, boundary);
}

/* Parts end in CRLF; the delimiter's own CRLF comes before its dashes. */
static void
next_part(struct buf *b, const char *boundary)
{
	buf_printf(b, "\r\n--%s\r\n", boundary);
}

static void
close_multipart(struct buf *b, const char *boundary)
{
	buf_printf(b, "\r\n--%s--\r\n", boundary);
}

/* A header value must be present and on one line. */
static int
check_header(const char *field, const char *value, int optional,
    char **cause)
{
	if (value == NULL) {
		if (optional)
			return 0;
		*cause = xasprintf("%s: missing", field);
		return -1;
	}
	if (!message_header_safe(value)) {
		*cause = xasprintf("%s: contains a line break", field);
		return -1;
	}
	if (strlen(value) > PHRASE_MAX) {
		*cause = xasprintf("%s: longer than %d bytes", field,
		    PHRASE_MAX);
		return -1;
	}
	return 0;
}

static int
check_address(const char *field, const char *addr, const char *name,
    char **cause)
{
	if (check_header(field, addr, 0, cause) == -1 ||
	    check_header(field, name, 1, cause) == -1)
		return -1;
	if (!message_address_ok(addr)) {
		*cause = xasprintf("%s: not a valid address: %s", field, addr);
		return -1;
	}
	return 0;
}

/* "<left@right>" with nothing a header could choke on. */
static int
msgid_ok(const char *id)
{
	size_t	 len = strlen(id), i;

	if (len < 5 || id[0] != '<' || id[len - 1] != '>' ||
	    memchr(id, '@', len) == NULL)
		return 0;
	for (i = 1; i < len - 1; i++) {
		unsigned char	 c = (unsigned char)id[i];

		if (c <= ' ' || c >= 0x7f || c == '<' || c == '>')
			return 0;
	}
	return len <= MSGID_MAX;
}

/*
 * 1 to 35 letters, digits and characters from extra: a language tag,
 * a METHOD or a file name that needs neither quoting nor encoding.
 */
static int
token_ok(const char *s, const char *extra)
{
	if (*s == '\0' || strlen(s) > 35)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(extra, *s) != NULL))
			return 0;
	return 1;
}

/* The attachment must say inside what its Content-Type says outside. */
static int
ics_has_method(const char *ics, const char *method)
{
	const char	*p = ics;
	size_t		 n = strlen(method);

	for (;;) {
		if (strncmp(p, "METHOD:", 7) == 0 &&
		    strncmp(p + 7, method, n) == 0 &&
		    (p[7 + n] == '\r' || p[7 + n] == '\n' || p[7 + n] == '\0'))
			return 1;
		if ((p = strchr(p, '\n')) == NULL)
			return 0;
		p++;
	}
}

static int
check_message(const struct message *m, const char **ics_name,
    const char **ics_method, char **cause)
{
	const char	*name, *method;

	if (check_address("From", m->from, m->from_name, cause) == -1 ||
	    check_address("To", m->to, m->to_name, cause) == -1 ||
	    check_header("Subject", m->subject, 0, cause) == -1 ||
	    check_header("Message-ID", m->message_id, 0, cause) == -1 ||
	    check_header("Content-Language", m->language, 1, cause) == -1)
		return -1;
	if (!msgid_ok(m->message_id)) {
		*cause = xasprintf("Message-ID: not of the form <id@domain>");
		return -1;
	}
	if (m->language != NULL && !token_ok(m->language, "-")) {
		*cause = xasprintf("Content-Language: not a language tag");
		return -1;
	}
	if (m->ics == NULL)
		return 0;
	name = m->ics_name != NULL ? m->ics_name : "deadline.ics";
	method = m->ics_method != NULL ? m->ics_method : "PUBLISH";
	if (check_header("Content-Disposition", name, 0, cause) == -1 ||
	    check_header("Content-Type", method, 0, cause) == -1)
		return -1;
	/* Goes inside quotes unencoded: keep it a plain file name. */
	if (!token_ok(name, "._-")) {
		*cause = xasprintf("Content-Disposition: file name \"%s\" "
		    "is not a plain ASCII name", name);
		return -1;
	}
	if (!token_ok(method, "-")) {
		*cause = xasprintf("Content-Type: method \"%s\" is not a "
		    "token", method);
		return -1;
	}
	if (!ics_has_method(m->ics, method)) {
		*cause = xasprintf("Content-Type: method=%s but the calendar "
		    "has no METHOD:%s line", method, method);
		return -1;
	}
	*ics_name = name;
	*ics_method = method;
	return 0;
}

/* FNV-1a, 64 bits: a fixed function of the text, nothing more. */
static unsigned long long
fnv1a64(const char *s)
{
	unsigned long long	 h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *
message_build(const struct message *m, size_t *len, char **cause)
{
	struct buf	 b;
	char		 date[64], mixed[48], alt[48];
	unsigned long long h;
	char		*subject;
	const char	*text = m->text != NULL ? m->text : "";
	const char	*ics_name = NULL, *ics_method = NULL;

	if (check_message(m, &ics_name, &ics_method, cause) == -1)
		return NULL;
	if (format_date(m->date, date, sizeof date) == -1) {
		*cause = xasprintf("Date: %lld is out of range", m->date);
		return NULL;
	}
	/*
	 * From the Message-ID, so a resend is byte-identical. "=_" cannot
	 * occur in quoted-printable or base64 output, so no body line can
	 * look like a delimiter; ".m" and ".a" keep neither boundary a
	 * prefix of the other. The hash needs no strength, so it is FNV-1a
	 * here rather than SHA-256, which would pull libcrypto into the core.
	 */
	h = fnv1a64(m->message_id);
	snprintf(mixed, sizeof mixed, "=_treatyd_%016llx.m", h);
	snprintf(alt, sizeof alt, "=_treatyd_%016llx.a", h);

	buf_init(&b, MESSAGE_MAX);
	buf_printf(&b, "Date: %s\r\n", date);
	add_address(&b, "From", m->from_name, m->from);
	add_address(&b, "To", m->to_name, m->to);
	subject = message_encode_header(m->subject, strlen("Subject"));
	buf_printf(&b, "Subject: %s\r\n", subject);
	free(subject);
	buf_printf(&b, "Message-ID: %s\r\n", m->message_id);
	buf_puts(&b, "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "X-Auto-Response-Suppress: OOF, AutoReply\r\n");
	if (m->language != NULL)
		buf_printf(&b, "Content-Language: %s\r\n", m->language);

	if (m->ics != NULL)
		open_multipart(&b, "mixed", mixed);
	if (m->html != NULL) {
		open_multipart(&b, "alternative", alt);
		add_text_part(&b, "plain", text);
		next_part(&b, alt);
		add_text_part(&b, "html", m->html);
		close_multipart(&b, alt);
	} else
		add_text_part(&b, "plain", text);
	if (m->ics != NULL) {
		next_part(&b, mixed);
		add_ics_part(&b, m, ics_name, ics_method);
		close_multipart(&b, mixed);
	}

	if (b.toobig) {
		buf_free(&b);
		*cause = xasprintf("message: larger than %d bytes",
		    MESSAGE_MAX);
		return NULL;
	}
	if (len != NULL)
		*len = b.len;
	return buf_take(&b);
}
