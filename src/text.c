#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "buf.h"
#include "date.h"
#include "rec.h"
#include "recreport.h"
#include "text.h"
#include "words.h"
#include "xmalloc.h"

#define TEXT_MAX	(64 * 1024)
#define ELLIPSIS	"\xE2\x80\xA6"	/* U+2026 */
#define EM_DASH		"\xE2\x80\x94"	/* U+2014 */

const char *
text_status(enum deadline_status s, const char *lang)
{
	enum lang	 l = lang_or_fallback(lang);

	switch (s) {
	case STATUS_OPEN:	return words_get(WORD_STATUS_OPEN, l);
	case STATUS_MET:	return words_get(WORD_STATUS_MET, l);
	case STATUS_OVERDUE:	return words_get(WORD_STATUS_OVERDUE, l);
	case STATUS_SUPERSEDED:	return words_get(WORD_STATUS_SUPERSEDED, l);
	case STATUS_UNKNOWN:	return words_get(WORD_STATUS_UNKNOWN, l);
	}
	return "?";
}

const char *
text_confidence(enum deadline_confidence c, const char *lang)
{
	enum lang	 l = lang_or_fallback(lang);

	switch (c) {
	case CONF_CONFIRMED:	return words_get(WORD_CONFIDENCE_CONFIRMED, l);
	case CONF_DERIVED:	return words_get(WORD_CONFIDENCE_DERIVED, l);
	case CONF_TENTATIVE:	return words_get(WORD_CONFIDENCE_TENTATIVE, l);
	}
	return "?";
}

char *
text_confidence_word(enum deadline_confidence c, const char *lang, char *buf,
    size_t len)
{
	const char	*full = text_confidence(c, lang);
	const char	*paren = strstr(full, " (");
	int		 n = paren ? (int)(paren - full) : (int)strlen(full);

	snprintf(buf, len, "%.*s", n, full);
	return buf;
}

const char *
text_department(const struct text_ctx *tc, const char *code, const char *lang)
{
	for (size_t i = 0; tc != NULL && i < tc->ndepts; i++)
		if (strcasecmp(tc->depts[i].code, code) == 0) {
			const struct department	*d = &tc->depts[i];

			if (lang_parse(lang) == LANG_NL && d->name_nl != NULL)
				return d->name_nl;
			return d->name != NULL ? d->name : d->code;
		}
	return code;
}

const char *
text_instrument(const struct instrument *in, const char *lang)
{
	if (lang_parse(lang) == LANG_NL && in->name_nl != NULL)
		return in->name_nl;
	return in->name != NULL ? in->name : in->code;
}

char *
text_long_date(int date, const char *lang, char *buf, size_t len)
{
	int	 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, len, "%d %s %d", d, words_month(m,
	    lang_or_fallback(lang)), y);
	return buf;
}

size_t
text_width(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

char *
text_cut(const char *s, size_t width, char *buf, size_t len)
{
	size_t	 o = 0, chars = 0, n, keep;
	int	 cut = text_width(s) > width;

	if (len == 0)
		return buf;
	keep = cut && width > 0 ? width - 1 : width;
	/*
	 * A character: a byte and the continuation bytes after it; as in
	 * text_width(), a stray continuation byte counts for none.
	 */
	for (const char *p = s; *p != '\0'; p += n) {
		int	 lead = ((unsigned char)*p & 0xC0) != 0x80;

		if (lead && chars == keep)
			break;
		for (n = 1; ((unsigned char)p[n] & 0xC0) == 0x80; n++)
			;
		if (o + n >= len)
			break;
		memcpy(buf + o, p, n);
		o += n;
		chars += (size_t)lead;
	}
	if (cut && width > 0 && o + sizeof ELLIPSIS <= len) {
		memcpy(buf + o, ELLIPSIS, sizeof ELLIPSIS - 1);
		o += sizeof ELLIPSIS - 1;
	}
	buf[o] = '\0';
	return buf;
}

char *
text_late(int due, int at, const char *lang, char *buf, size_t len)
{
	enum lang	 l = lang_or_fallback(lang);
	int		 n = at - due, mo;

	if (n <= 0) {
		snprintf(buf, len, "%s", words_get(WORD_ON_TIME, l));
		return buf;
	}
	/* Days for two months, then months for two years, then years. */
	mo = date_months_between(due, at);
	if (n < 60)
		snprintf(buf, len, "%d %s", n, words_get(n == 1 ?
		    WORD_DAY_LATE : WORD_DAYS_LATE, l));
	else if (mo < 2)
		snprintf(buf, len, "%d %s", mo, W(l, "maand te laat",
		    "month late"));
	else if (mo < 24)
		snprintf(buf, len, "%d %s %s", mo, words_get(WORD_MONTHS, l),
		    words_get(WORD_LATE, l));
	else
		snprintf(buf, len, "%d %s %s", mo / 12, words_get(WORD_YEARS, l),
		    words_get(WORD_LATE, l));
	return buf;
}

char *
text_status_line(const struct deadline *d, int today, const char *lang,
    char *buf, size_t len)
{
	enum lang	 l = lang_or_fallback(lang);
	char		 d1[64], late[64];
	int		 n;

	switch (d->status) {
	case STATUS_MET:
		if (d->met_on == DATE_NONE) {
			n = snprintf(buf, len, "%s", text_status(d->status, lang));
			break;
		}
		n = snprintf(buf, len, "%s %s, %s", words_get(WORD_MET_ON, l),
		    text_long_date(d->met_on, lang, d1, sizeof d1),
		    engine_days_late(d) > 0 ? text_late(d->due, d->met_on, lang,
		    late, sizeof late) : words_get(WORD_ON_TIME, l));
		break;
	case STATUS_UNKNOWN:
		n = snprintf(buf, len, "%s " EM_DASH " %s",
		    text_status(d->status, lang), words_get(WORD_UNKNOWN_WHY, l));
		break;
	case STATUS_OVERDUE:
		if (today != DATE_NONE && d->due != DATE_NONE && today > d->due) {
			n = snprintf(buf, len, "%s %s, %s",
			    words_get(WORD_DUE_BY, l), text_long_date(d->due, lang,
			    d1, sizeof d1), text_late(d->due, today, lang, late,
			    sizeof late));
			break;
		}
		/* FALLTHROUGH */
	default:
		n = snprintf(buf, len, "%s", text_status(d->status, lang));
		break;
	}
	if (n >= 0 && (size_t)n < len && d->planned != DATE_NONE &&
	    d->status != STATUS_MET && d->status != STATUS_SUPERSEDED)
		snprintf(buf + n, len - (size_t)n, "; %s %s",
		    words_get(WORD_PLANNED, l), text_long_date(d->planned, lang,
		    d1, sizeof d1));
	return buf;
}

char *
text_kind(const struct deadline *d, const char *lang, char *buf, size_t len)
{
	enum lang	 l = lang_or_fallback(lang);
	const char	*fact;

	switch (agenda_kind_of(d)) {
	case AGENDA_KIND_REPORT:
		snprintf(buf, len, "%s", words_get(WORD_REPORT, l));
		break;
	case AGENDA_KIND_FOLLOWUP:
		snprintf(buf, len, "%s", words_get(WORD_FOLLOWUP_INFORMATION, l));
		break;
	case AGENDA_KIND_MILESTONE:
		snprintf(buf, len, "%s", W(l, "Interne mijlpaal",
		    "Internal milestone"));
		break;
	case AGENDA_KIND_RECHECK:
		snprintf(buf, len, "%s", W(l, "Datum nagaan", "Date to check"));
		break;
	case AGENDA_KIND_OTHER:
	default:
		/* By what meets it; a rule's label is too long for a
		 * category, and the rest are few. */
		fact = d->rule == NULL ? "" : d->rule->fulfilled_by[0] != '\0' ?
		    d->rule->fulfilled_by :
		    rules_default_fulfilled_by(d->rule->name);
		if (strcmp(fact, "letter_sent") == 0)
			snprintf(buf, len, "%s", W(l, "Kabinetsbrief",
			    "Cabinet letter"));
		else if (strcmp(fact, "meeting_held") == 0)
			snprintf(buf, len, "%s", W(l, "Bijeenkomst", "Meeting"));
		else {
			/* "Aanvullende informatie (art. 29, lid 4)": the
			 * words, not the reference. */
			char	*paren;

			engine_label(d, lang, buf, len);
			if ((paren = strstr(buf, " (")) != NULL && paren != buf)
				*paren = '\0';
		}
		break;
	}
	return buf;
}

char *
text_summary(const struct deadline *d, const char *lang)
{
	char	 label[256];

	engine_label(d, lang, label, sizeof label);
	if (d->cycle[0] != '\0' && strcmp(d->kind, "recheck") != 0 &&
	    d->rule->type != RULE_YEARLY)
		return xasprintf("%s: %s (%s)", d->inst->code, label, d->cycle);
	return xasprintf("%s: %s", d->inst->code, label);
}

/*
 * The store hands the facts over in id order, so a binary search finds
 * them; a list in another order (or an id not in it) falls back to
 * looking at each.
 */
static const struct fact *
find_fact(const struct text_ctx *tc, long long id)
{
	size_t	 lo = 0, hi = tc != NULL ? tc->nfacts : 0;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (tc->facts[mid].id == id)
			return &tc->facts[mid];
		if (tc->facts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; tc != NULL && i < tc->nfacts; i++)
		if (tc->facts[i].id == id)
			return &tc->facts[i];
	return NULL;
}

static int
cmp_role(const void *a, const void *b)
{
	const struct text_role	*x = a, *y = b;
	int			 c = strcasecmp(x->code, y->code);

	return c != 0 ? c : (x->co < y->co ? -1 : x->co > y->co);
}

struct text_role *
text_roles_index(const struct coordinator *v, size_t n, size_t *nroles)
{
	struct text_role	*r;
	size_t			 k = 0;

	for (size_t i = 0; i < n; i++)
		k += v[i].nassignments;
	r = xcalloc(k ? k : 1, sizeof *r);
	k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < v[i].nassignments; j++) {
			/* A coordinator named twice for one instrument: the
			 * first role counts, as coordinator_role reads it. */
			if (coordinator_role(&v[i],
			    v[i].assignments[j].instrument) !=
			    v[i].assignments[j].role)
				continue;
			r[k].code = v[i].assignments[j].instrument;
			r[k].co = &v[i];
			r[k++].role = v[i].assignments[j].role;
		}
	qsort(r, k, sizeof *r, cmp_role);
	*nroles = k;
	return r;
}

/* One "Name (DEPT, role)" of the list. */
static void
coordinator_item(struct buf *b, size_t n, const struct coordinator *c,
    const char *role, enum lang l)
{
	buf_printf(b, "%s%s (%s, %s)", n ? "; " : "", c->name, c->department,
	    words_get(strcmp(role, "lead") == 0 ? WORD_ROLE_LEAD :
	    WORD_ROLE_CONTRIBUTOR, l));
}

size_t
text_coordinators(struct buf *b, const struct text_ctx *tc, const char *code,
    const char *lang)
{
	enum lang	 l = lang_or_fallback(lang);
	size_t		 n = 0, lo = 0, hi;

	if (tc == NULL)
		return 0;
	if (tc->roles == NULL) {
		for (size_t i = 0; i < tc->ncoords; i++) {
			const char	*role = coordinator_role(&tc->coords[i],
			    code);

			if (role != NULL)
				coordinator_item(b, n++, &tc->coords[i], role,
				    l);
		}
		return n;
	}
	/* The first of code's assignments, then each in turn. */
	hi = tc->nroles;
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (strcasecmp(tc->roles[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tc->nroles && strcasecmp(tc->roles[lo].code, code) == 0;
	    lo++)
		coordinator_item(b, n++, tc->roles[lo].co, tc->roles[lo].role,
		    l);
	return n;
}

/*
 * The recommendations a deadline is about: those of the follow-up
 * procedure for a follow-up, those still waiting for an update for a
 * progress-update deadline.
 */
static void
recommendations(struct buf *b, const struct text_ctx *tc,
    const struct deadline *d, enum lang l)
{
	if (tc == NULL || tc->recs == NULL)
		return;
	if (strcmp(d->kind, "followup") == 0) {
		int	 any = 0;

		/* Only where the instrument's recommendations are recorded:
		 * the others' descriptions stay as they were. */
		for (size_t i = 0; i < tc->recs->n && !any; i++)
			any = strcmp(tc->recs->v[i].instrument,
			    d->inst->code) == 0;
		if (!any)
			return;
		buf_printf(b, "%s: ", W(l, "Geselecteerd voor de "
		    "follow-upprocedure", "Selected for the follow-up "
		    "procedure"));
		if (recreport_refs(b, tc->recs, d->inst->code, 1,
		    lang_name(l)) == 0)
			buf_puts(b, W(l, "geen aanbeveling vastgelegd",
			    "no recommendation recorded"));
		buf_puts(b, "\n");
		return;
	}
	if (text_recs_waiting(b, tc, d, lang_name(l)) > 0)
		buf_puts(b, "\n");
}

size_t
text_recs_waiting(struct buf *b, const struct text_ctx *tc,
    const struct deadline *d, const char *lang)
{
	const struct rec	*wait[TEXT_RECS_LISTED];
	enum lang		 l = lang_or_fallback(lang);
	size_t			 n;

	if (tc == NULL || tc->recs == NULL ||
	    strcmp(d->kind, rec_update_rule()->name) != 0 ||
	    (n = rec_pending(tc->recs, d, wait, TEXT_RECS_LISTED)) == 0)
		return 0;
	buf_printf(b, W(l, "Nog zonder voortgang (%zu): ",
	    "Still without an update (%zu): "), n);
	for (size_t i = 0; i < n && i < TEXT_RECS_LISTED; i++)
		buf_printf(b, "%s%s, %s %s", i ? "; " : "", wait[i]->symbol,
		    W(l, "par.", "para."), wait[i]->paragraph);
	if (n > TEXT_RECS_LISTED)
		buf_puts(b, "; ...");
	return n;
}

char *
text_description(const struct text_ctx *tc, const struct deadline *d,
    const char *lang)
{
	const struct instrument	*in = d->inst;
	enum lang		 l = lang_or_fallback(lang);
	struct buf		 b, cb;
	char			 label[256], date[DATE_STRLEN], rdur[32];
	char			 status[256];

	buf_init(&b, TEXT_MAX);
	engine_label(d, lang, label, sizeof label);
	buf_printf(&b, "%s: %s%s%s\n", words_get(WORD_WHAT, l), label,
	    d->cycle[0] && strcmp(d->kind, "recheck") ? W(l, ", cyclus ",
	    ", cycle ") : "", d->cycle[0] && strcmp(d->kind, "recheck") ?
	    d->cycle : "");
	buf_printf(&b, "%s: %s (%s)\n", words_get(WORD_INSTRUMENT, l),
	    text_instrument(in, lang), in->code);
	buf_printf(&b, "%s: %s\n", W(l, "Toezichthoudend orgaan",
	    "Monitoring body"), in->body);
	buf_printf(&b, "%s: %s\n", words_get(WORD_DUE, l),
	    date_format(d->due, date));
	if (d->postponed_from != DATE_NONE)
		buf_printf(&b, "%s %s\n", W(l, "Uitgesteld van",
		    "Postponed from"), date_format(d->postponed_from, date));
	/* Not as of today: the text sets the feed's SEQUENCE. */
	buf_printf(&b, "%s: %s", words_get(WORD_STATUS, l),
	    text_status_line(d, DATE_NONE, lang, status, sizeof status));
	if (d->voluntary)
		buf_printf(&b, ", %s", words_get(WORD_VOLUNTARY, l));
	buf_puts(&b, "\n");
	buf_printf(&b, "%s: %s\n", words_get(WORD_CONFIDENCE, l),
	    text_confidence(d->confidence, lang));
	buf_printf(&b, "%s: ", W(l, "Eerstverantwoordelijk departement",
	    "Lead department"));
	if (in->lead[0] != '\0')
		buf_printf(&b, "%s (%s)\n", text_department(tc, in->lead, lang),
		    in->lead);
	else
		buf_printf(&b, "%s\n", words_get(WORD_NOT_YET_KNOWN, l));
	if (d->rule->type == RULE_MILESTONE && d->rule->owner[0] != '\0' &&
	    strcmp(d->rule->owner, "lead") != 0)
		buf_printf(&b, "%s: %s\n", words_get(WORD_OWNER, l),
		    text_department(tc, d->rule->owner, lang));
	buf_init(&cb, TEXT_MAX);
	if (text_coordinators(&cb, tc, in->code, lang) > 0)
		buf_printf(&b, "%s: %s\n", words_get(WORD_COORDINATORS, l),
		    cb.p != NULL ? cb.p : "");
	buf_free(&cb);
	recommendations(&b, tc, d, l);
	buf_printf(&b, "%s: %s", W(l, "Regel", "Rule"), d->rule->name);
	if (d->rule->type == RULE_MILESTONE) {
		duration_format(&d->rule->offset, rdur, sizeof rdur);
		buf_printf(&b, ", %s %s %s\n", rdur, W(l, "voor", "before"),
		    d->rule->before);
	} else
		buf_printf(&b, " (%s)\n", rules_type_name(d->rule->type));
	for (int i = 0; i < d->nfacts; i++) {
		const struct fact	*f = find_fact(tc, d->facts[i]);

		if (f == NULL)
			continue;
		buf_printf(&b, "%s #%lld: %s %s%s%s%s%s\n",
		    W(l, "Feit", "Fact"), f->id, f->kind, date_format(f->date, date),
		    f->symbol ? " " : "", f->symbol ? f->symbol : "",
		    f->url ? " " : "", f->url ? f->url : "");
	}
	if (in->source != NULL)
		buf_printf(&b, "%s: %s\n", W(l, "Bron", "Source"), in->source);
	/* Drop the last newline. */
	if (b.len > 0 && b.p[b.len - 1] == '\n')
		b.p[--b.len] = '\0';
	return buf_take(&b);
}
