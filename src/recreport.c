#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agenda.h"
#include "buf.h"
#include "date.h"
#include "engine.h"
#include "fact.h"
#include "rec.h"
#include "recreport.h"
#include "rules.h"
#include "text.h"
#include "words.h"
#include "xmalloc.h"

#define DASH		"\xE2\x80\x93"		/* en dash */

/* A recommendation counts for a period once recorded before its end. */
static int
counted(const struct rec *r, int to)
{
	int	 on = rec_recorded_on(r->recorded_at);

	return on != DATE_NONE && on < to;
}

int
recreport_any(const struct recreport *rp)
{
	if (rp->recs == NULL)
		return 0;
	for (size_t i = 0; i < rp->recs->n; i++)
		if (counted(&rp->recs->v[i], rp->to))
			return 1;
	return 0;
}

static char *
day(const struct recreport *rp, int date, char *out, size_t len)
{
	if (date == DATE_NONE) {
		snprintf(out, len, "%s", DASH);
		return out;
	}
	return text_long_date(date, rp->lang, out, len);
}

size_t
recreport_refs(struct buf *b, const struct rec_set *set,
    const char *instrument, int followup, const char *lang)
{
	const char	*symbol = NULL;
	size_t		 n = 0;
	enum lang	 l = lang_or_fallback(lang);

	if (set == NULL)
		return 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct rec	*r = &set->v[i];

		if (strcmp(r->instrument, instrument) != 0 ||
		    (followup && !r->followup))
			continue;
		if (symbol == NULL || strcmp(symbol, r->symbol) != 0) {
			buf_printf(b, "%s%s, %s %s", n ? "; " : "", r->symbol,
			    W(l, "par.", "para."), r->paragraph);
			symbol = r->symbol;
		} else
			buf_printf(b, ", %s", r->paragraph);
		n++;
	}
	return n;
}

/* ------------------------------------------------------------ counts */

struct tally {
	char	 key[RULES_CODE_MAX];
	size_t	 n[REC_NSTATUS];
	size_t	 total;
};

static void
tally_add(struct tally *t, size_t *nt, const char *key, enum rec_status s)
{
	size_t	 i;

	for (i = 0; i < *nt; i++)
		if (strcmp(t[i].key, key) == 0)
			break;
	if (i == *nt) {
		memset(&t[i], 0, sizeof t[i]);
		snprintf(t[i].key, sizeof t[i].key, "%s", key);
		(*nt)++;
	}
	t[i].n[s]++;
	t[i].total++;
}

static int
cmp_tally(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->key,
	    ((const struct tally *)b)->key);
}

static void
tally_table(const struct recreport *rp, struct agenda_doc *doc,
    const char *what, int by_ministry)
{
	enum lang		 l = lang_or_fallback(rp->lang);
	const struct rec_set	*set = rp->recs;
	const char		*heads[2 + REC_NSTATUS];
	struct tally		*t, all;
	size_t			 nt = 0;
	int			 asof = rp->to - 1;

	t = xcalloc(set->n + 1, sizeof *t);
	memset(&all, 0, sizeof all);
	for (size_t i = 0; i < set->n; i++) {
		const struct rec	*r = &set->v[i];
		enum rec_status		 s;
		const char		*key;

		if (!counted(r, rp->to))
			continue;
		s = rec_status_at(set, r->id, asof);
		key = by_ministry ? rec_lead(set, r, rp->rules) : r->instrument;
		tally_add(t, &nt, key[0] != '\0' ? key : "?", s);
		all.n[s]++;
		all.total++;
	}
	qsort(t, nt, sizeof *t, cmp_tally);
	heads[0] = what;
	heads[1] = W(l, "Totaal", "Total");
	for (int s = 0; s < REC_NSTATUS; s++)
		heads[2 + s] = rec_status_word(s, l);
	agenda_doc_table(doc, 2 + REC_NSTATUS, heads, 0);
	for (size_t i = 0; i <= nt; i++) {
		const struct tally	*x = i < nt ? &t[i] : &all;
		char			 num[2 + REC_NSTATUS][24];
		const char		*cells[2 + REC_NSTATUS];

		if (i == nt && nt < 2)
			break;	/* one row is its own total */
		cells[0] = i < nt ? x->key : W(l, "Alle", "All");
		snprintf(num[1], sizeof num[1], "%zu", x->total);
		cells[1] = num[1];
		for (int s = 0; s < REC_NSTATUS; s++) {
			snprintf(num[2 + s], sizeof num[2 + s], "%zu", x->n[s]);
			cells[2 + s] = num[2 + s];
		}
		agenda_doc_row(doc, cells, i == nt ? 1 : 0, NULL);
	}
	agenda_doc_table_end(doc);
	free(t);
}

/* ------------------------------------------------------- follow-up */

/* The follow-up deadline of the concluding observations r is in: a
 * followup deadline of its instrument whose facts carry r's symbol. */
static const struct deadline *
followup_of(const struct recreport *rp, const struct rec *r)
{
	const struct deadline	*best = NULL;

	for (size_t i = 0; i < rp->n; i++) {
		const struct deadline	*d = &rp->v[i];

		if (strcmp(d->kind, "followup") != 0 ||
		    strcmp(d->inst->code, r->instrument) != 0 ||
		    d->status == STATUS_SUPERSEDED)
			continue;
		for (int k = 0; k < d->nfacts; k++)
			for (size_t j = 0; j < rp->tc->nfacts; j++) {
				const struct fact	*f = &rp->tc->facts[j];

				if (f->id == d->facts[k] && f->symbol != NULL &&
				    strcasecmp(f->symbol, r->symbol) == 0)
					best = d;
			}
	}
	return best;
}

/* "op tijd", "12 dagen te laat", "nog niet ingediend", "te laat". */
static const char *
timeliness(const struct recreport *rp, const struct deadline *d, char *out,
    size_t len)
{
	enum lang	 l = lang_or_fallback(rp->lang);

	if (d == NULL)
		snprintf(out, len, "%s", W(l, "geen termijn bekend",
		    "no deadline known"));
	else if (d->status == STATUS_MET)
		return text_late(d->due, d->met_on, rp->lang, out, len);
	else if (d->status == STATUS_OVERDUE)
		snprintf(out, len, "%s", words_get(WORD_STATUS_OVERDUE, l));
	else if (d->status == STATUS_UNKNOWN)
		snprintf(out, len, "%s", words_get(WORD_STATUS_UNKNOWN, l));
	else
		snprintf(out, len, "%s", W(l, "nog niet ingediend",
		    "not yet submitted"));
	return out;
}

static void
followup_table(const struct recreport *rp, struct agenda_doc *doc)
{
	enum lang		 l = lang_or_fallback(rp->lang);
	const struct rec_set	*set = rp->recs;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, l),
		words_get(WORD_RECOMMENDATION, l),
		words_get(WORD_STATUS, l),
		words_get(WORD_DUE, l),
		W(l, "Ingediend op", "Submitted on"),
		W(l, "Tijdigheid", "Timeliness"),
	};
	int			 any = 0;

	for (size_t i = 0; i < set->n; i++) {
		const struct rec	*r = &set->v[i];
		const struct deadline	*d;
		const char		*cells[6];
		char			 ref[200], d1[40], d2[40], t[120];

		if (!r->followup || !counted(r, rp->to))
			continue;
		if (!any++)
			agenda_doc_table(doc, 6, heads, 0);
		d = followup_of(rp, r);
		snprintf(ref, sizeof ref, "%s, %s %s", r->symbol,
		    W(l, "par.", "para."), r->paragraph);
		cells[0] = r->instrument;
		cells[1] = ref;
		cells[2] = rec_status_word(rec_status_at(set, r->id,
		    rp->to - 1), l);
		cells[3] = day(rp, d != NULL ? d->due : DATE_NONE, d1,
		    sizeof d1);
		cells[4] = day(rp, d != NULL ? d->met_on : DATE_NONE, d2,
		    sizeof d2);
		cells[5] = timeliness(rp, d, t, sizeof t);
		agenda_doc_row(doc, cells, 0, d != NULL &&
		    (d->status == STATUS_OVERDUE || (d->status == STATUS_MET &&
		    d->met_on > d->due)) ? "late" : NULL);
	}
	if (any)
		agenda_doc_table_end(doc);
	else
		agenda_doc_none(doc);
}

/* Updates in the period, by date. */
static int
cmp_update(const void *a, const void *b)
{
	const struct rec_update	*x = *(const struct rec_update *const *)a;
	const struct rec_update	*y = *(const struct rec_update *const *)b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void
changes_table(const struct recreport *rp, struct agenda_doc *doc)
{
	enum lang		 l = lang_or_fallback(rp->lang);
	const struct rec_set	*set = rp->recs;
	const char *const	 heads[] = {
		W(l, "Datum", "Date"),
		words_get(WORD_RECOMMENDATION, l),
		words_get(WORD_MINISTRY, l),
		words_get(WORD_STATUS, l),
		W(l, "Voortgang", "Progress"),
		W(l, "Vastgelegd door", "Recorded by"),
	};
	const struct rec_update	**u;
	size_t			 n = 0;

	u = xcalloc(set->nupdates + 1, sizeof *u);
	for (size_t i = 0; i < set->nupdates; i++)
		if (set->updates[i].date >= rp->from &&
		    set->updates[i].date < rp->to)
			u[n++] = &set->updates[i];
	if (n == 0) {
		agenda_doc_none(doc);
		free(u);
		return;
	}
	qsort(u, n, sizeof *u, cmp_update);
	agenda_doc_table(doc, 6, heads, 0);
	for (size_t i = 0; i < n; i++) {
		const struct rec	*r = rec_by_id(set, u[i]->rec);
		const char		*cells[6];
		char			 d1[40], ref[200];

		if (r == NULL)
			continue;
		snprintf(ref, sizeof ref, "%s, %s %s", r->symbol,
		    W(l, "par.", "para."), r->paragraph);
		cells[0] = day(rp, u[i]->date, d1, sizeof d1);
		cells[1] = ref;
		cells[2] = rec_lead(set, r, rp->rules);
		cells[3] = rec_status_word(u[i]->status, l);
		cells[4] = u[i]->text;
		cells[5] = u[i]->recorded_by != NULL ? u[i]->recorded_by : DASH;
		agenda_doc_row(doc, cells, 0, NULL);
	}
	agenda_doc_table_end(doc);
	free(u);
}

void
recreport_review(const struct recreport *rp, struct agenda_doc *doc,
    const char *heading)
{
	enum lang	 l = lang_or_fallback(rp->lang);
	char		 s[300], d1[40];

	if (rp->recs == NULL)
		return;		/* not asked for */
	agenda_doc_h2(doc, "recommendations", heading, NULL);
	if (!recreport_any(rp)) {
		agenda_doc_para(doc, W(l, "Er zijn geen aanbevelingen "
		    "vastgelegd (treatyctl rec import).", "No recommendations "
		    "are recorded (treatyctl rec import)."), 0);
		return;
	}
	snprintf(s, sizeof s, W(l, "Stand van de opvolging op %s, volgens de "
	    "laatste voortgang die tot dan is vastgelegd.", "Follow-up as of "
	    "%s, by the latest progress update recorded for each "
	    "recommendation."), day(rp, rp->to - 1, d1, sizeof d1));
	agenda_doc_para(doc, s, 0);
	agenda_doc_h3(doc, W(l, "Per verdrag", "By instrument"));
	tally_table(rp, doc, words_get(WORD_INSTRUMENT, l), 0);
	agenda_doc_h3(doc, W(l, "Per ministerie (trekker)",
	    "By ministry (lead)"));
	tally_table(rp, doc, words_get(WORD_MINISTRY, l), 1);
	agenda_doc_h3(doc, W(l, "Voortgang in de periode",
	    "Progress in the period"));
	changes_table(rp, doc);
	agenda_doc_h3(doc, W(l, "Aanbevelingen in de follow-upprocedure",
	    "Recommendations in the follow-up procedure"));
	followup_table(rp, doc);
}

void
recreport_csv(const struct recreport *rp, struct buf *b,
    void (*field)(struct buf *, const char *, int))
{
	const struct rec_set	*set = rp->recs;
	char			 d1[DATE_STRLEN], d2[DATE_STRLEN], late[16];

	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++) {
		const struct rec	*r = &set->v[i];
		const struct rec_update	*u;

		if (!counted(r, rp->to))
			continue;
		u = rec_latest(set, r->id, rp->to - 1);
		field(b, "recommendation", 0);
		field(b, r->instrument, 0);
		field(b, u != NULL ? date_format(u->date, d1) : "", 0);
		field(b, "", 0);
		field(b, "", 0);
		field(b, rec_status_name(u != NULL ? u->status :
		    REC_NOT_STARTED), 0);
		field(b, r->symbol, 0);
		field(b, r->paragraph, 0);
		field(b, rec_lead(set, r, rp->rules), 1);
	}
	for (size_t i = 0; i < set->nupdates; i++) {
		const struct rec_update	*u = &set->updates[i];
		const struct rec	*r = rec_by_id(set, u->rec);

		if (r == NULL || u->date < rp->from || u->date >= rp->to)
			continue;
		field(b, "progress_update", 0);
		field(b, r->instrument, 0);
		field(b, date_format(u->date, d1), 0);
		field(b, "", 0);
		field(b, "", 0);
		field(b, rec_status_name(u->status), 0);
		field(b, r->symbol, 0);
		field(b, r->paragraph, 0);
		field(b, rec_lead(set, r, rp->rules), 1);
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct rec	*r = &set->v[i];
		const struct deadline	*d;

		if (!r->followup || !counted(r, rp->to))
			continue;
		d = followup_of(rp, r);
		late[0] = '\0';
		if (d != NULL && d->status == STATUS_MET)
			snprintf(late, sizeof late, "%d", engine_days_late(d));
		field(b, "followup_procedure", 0);
		field(b, r->instrument, 0);
		field(b, d != NULL && d->met_on != DATE_NONE ?
		    date_format(d->met_on, d1) : "", 0);
		field(b, d != NULL ? date_format(d->due, d2) : "", 0);
		field(b, late, 0);
		field(b, d != NULL ? engine_status_name(d->status) : "", 0);
		field(b, r->symbol, 0);
		field(b, r->paragraph, 0);
		field(b, rec_lead(set, r, rp->rules), 1);
	}
}

/* Add item to the ", " list in b unless it is there (or empty). */
static void
add_once(struct buf *b, const char *item)
{
	size_t	 k = strlen(item);

	if (k == 0)
		return;
	for (const char *p = b->p; p != NULL && p < b->p + b->len;) {
		size_t	 n = strcspn(p, ",");

		if (n == k && strncmp(p, item, k) == 0)
			return;
		p += n;
		p += *p == ',' ? 2 : 0;
		if (*p == '\0')
			break;
	}
	buf_printf(b, "%s%s", b->len ? ", " : "", item);
}

void
recreport_agenda(const struct recreport *rp, struct agenda_doc *doc)
{
	static const struct duration	 year = { 1, 0, 0, 0 };
	enum lang			 l = lang_or_fallback(rp->lang);
	const struct rec_set		*set = rp->recs;
	const char *const		 heads[] = {
		words_get(WORD_INSTRUMENT, l),
		W(l, "Zonder voortgang", "Without update"),
		words_get(WORD_RECOMMENDATIONS, l),
		words_get(WORD_LEAD, l),
		words_get(WORD_COORDINATORS, l),
	};
	const char *const		 fheads[] = {
		words_get(WORD_DUE, l),
		words_get(WORD_INSTRUMENT, l),
		words_get(WORD_RECOMMENDATIONS, l),
		words_get(WORD_LEAD, l),
		words_get(WORD_COORDINATORS, l),
	};
	int				 since, any = 0;
	char				 s[300], d1[40];

	if (!recreport_any(rp))
		return;
	since = date_add(rp->from, &year, -1);
	snprintf(s, sizeof s, W(l, "Aanbevelingen zonder voortgang sinds %s",
	    "Recommendations with no update since %s"),
	    day(rp, since, d1, sizeof d1));
	agenda_doc_h3(doc, s);
	for (size_t k = 0; k < rp->rules->n; k++) {
		const struct instrument	*in = &rp->rules->v[k];
		struct buf		 refs, co, leads;
		const char		*symbol = NULL;
		size_t			 stale = 0, open = 0;
		char			 num[40], *cells_refs, *cells_leads;
		const char		*cells[5];

		buf_init(&refs, 65536);
		buf_init(&leads, 4096);
		for (size_t i = 0; i < set->n; i++) {
			const struct rec	*r = &set->v[i];
			const struct rec_update	*u;

			if (strcmp(r->instrument, in->code) != 0 ||
			    !counted(r, rp->from) ||
			    rec_status_closed(rec_status_at(set, r->id,
			    rp->from)))
				continue;
			open++;
			u = rec_latest(set, r->id, rp->from);
			if (u != NULL && u->date >= since)
				continue;
			if (symbol == NULL || strcmp(symbol, r->symbol) != 0) {
				buf_printf(&refs, "%s%s, %s %s", stale ? "; " :
				    "", r->symbol, W(l, "par.", "para."),
				    r->paragraph);
				symbol = r->symbol;
			} else
				buf_printf(&refs, ", %s", r->paragraph);
			stale++;
			/* Who answers for them: each lead once. */
			add_once(&leads, rec_lead(set, r, rp->rules));
		}
		if (stale == 0) {
			buf_free(&refs);
			buf_free(&leads);
			continue;
		}
		if (!any++)
			agenda_doc_table(doc, 5, heads, 0);
		snprintf(num, sizeof num, "%zu / %zu", stale, open);
		cells_refs = buf_take(&refs);
		cells_leads = buf_take(&leads);
		buf_init(&co, 4096);
		text_coordinators(&co, rp->tc, in->code, rp->lang);
		cells[0] = in->code;
		cells[1] = num;
		cells[2] = cells_refs;
		cells[3] = cells_leads[0] != '\0' ? cells_leads : DASH;
		cells[4] = co.p != NULL ? co.p : DASH;
		agenda_doc_row(doc, cells, 0, NULL);
		buf_free(&co);
		free(cells_refs);
		free(cells_leads);
	}
	if (any)
		agenda_doc_table_end(doc);
	else
		agenda_doc_none(doc);

	agenda_doc_h3(doc, W(l, "Follow-upprocedure: antwoorden die voor de "
	    "volgende bijeenkomst moeten worden ingediend", "Follow-up "
	    "procedure: replies due before the next meeting"));
	any = 0;
	for (size_t i = 0; i < rp->n; i++) {
		const struct deadline	*d = &rp->v[i];
		struct buf		 refs, co;
		char			*r;
		const char		*cells[5];

		if (strcmp(d->kind, "followup") != 0 || d->due < rp->from ||
		    d->due >= rp->to || (d->status != STATUS_OPEN &&
		    d->status != STATUS_OVERDUE))
			continue;
		buf_init(&refs, 65536);
		if (recreport_refs(&refs, set, d->inst->code, 1, rp->lang) ==
		    0) {
			buf_free(&refs);
			continue;
		}
		if (!any++)
			agenda_doc_table(doc, 5, fheads, 0);
		r = buf_take(&refs);
		buf_init(&co, 4096);
		text_coordinators(&co, rp->tc, d->inst->code, rp->lang);
		cells[0] = day(rp, d->due, d1, sizeof d1);
		cells[1] = d->inst->code;
		cells[2] = r;
		cells[3] = d->inst->lead[0] != '\0' ? d->inst->lead : DASH;
		cells[4] = co.p != NULL ? co.p : DASH;
		agenda_doc_row(doc, cells, 0, d->status == STATUS_OVERDUE ?
		    "late" : NULL);
		buf_free(&co);
		free(r);
	}
	if (any)
		agenda_doc_table_end(doc);
	else
		agenda_doc_none(doc);
}
