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
#include "recreport.h"
#include "review.h"
#include "rules.h"
#include "text.h"
#include "words.h"
#include "xmalloc.h"

#define DASH		"\xE2\x80\x93"		/* en dash */

enum section {
	S_REPORT, S_DIALOGUE, S_CO, S_FOLLOWUP, S_CONSULT, S_NEXT, NSECTIONS
};

/* Stable keys for the CSV, whatever the language. */
static const char *const section_key[NSECTIONS] = {
	"report_submitted", "dialogue", "co_adopted", "followup_submitted",
	"consultation_held", "due_next_year"
};

/* One line of the review: a fact of the year, or a deadline of the next. */
struct ritem {
	const struct fact	*f;		/* NULL for S_NEXT */
	const struct deadline	*d;		/* the deadline it met, or due */
	int			 due;		/* DATE_NONE when unknown */
	int			 late;		/* days; -1 when unknown */
};

struct rv {
	const struct review_input	*in;
	enum lang			 lang;
	const char			*langname;	/* for text_*() */
	int				 from, to;	/* [from, to): the year */
	struct ritem			*it[NSECTIONS];
	size_t				 n[NSECTIONS];
};

static char *
day(const struct rv *rv, int date, char *out, size_t len)
{
	if (date == DATE_NONE) {
		snprintf(out, len, "%s", DASH);
		return out;
	}
	return text_long_date(date, rv->langname, out, len);
}

/* Items in the order of their facts. */
static int
cmp_item(const void *a, const void *b)
{
	const struct ritem	*x = a, *y = b;

	return engine_cmp_fact(&x->f, &y->f);
}

static int
provenance(const struct deadline *d, long long id)
{
	for (int i = 0; i < d->nfacts; i++)
		if (d->facts[i] == id)
			return 1;
	return 0;
}

/*
 * The deadline a submission met: met on the fact's date with the fact in
 * its provenance; a report or follow-up before an internal milestone.
 */
static const struct deadline *
met_by(const struct rv *rv, const struct fact *f)
{
	const struct deadline	*best = NULL;

	for (size_t i = 0; i < rv->in->n; i++) {
		const struct deadline	*d = &rv->in->v[i];

		if (d->inst == NULL || d->met_on != f->date ||
		    strcasecmp(d->inst->code, f->instrument) != 0 ||
		    !provenance(d, f->id))
			continue;
		if (agenda_kind_of(d) != AGENDA_KIND_MILESTONE)
			return d;
		if (best == NULL)
			best = d;
	}
	return best;
}

static void
collect(struct rv *rv)
{
	static const char *const kinds[] = { "report_submitted", "dialogue",
	    "co_adopted", "followup_submitted", "consultation_held" };
	const struct review_input	*in = rv->in;
	struct duration			 year = { 1, 0, 0, 0 };
	int				 next_to = date_add(rv->to, &year, 1);

	for (int s = 0; s < NSECTIONS; s++)
		rv->it[s] = xcalloc((s == S_NEXT ? in->n : in->nfacts) + 1,
		    sizeof *rv->it[s]);
	for (size_t i = 0; i < in->nfacts; i++) {
		const struct fact	*f = &in->facts[i];

		if (f->date < rv->from || f->date >= rv->to ||
		    engine_fact_superseded(in->facts, in->nfacts, f->id))
			continue;
		for (int s = 0; s < S_NEXT; s++) {
			struct ritem	*r;

			if (strcmp(f->kind, kinds[s]) != 0)
				continue;
			r = &rv->it[s][rv->n[s]++];
			r->f = f;
			r->due = DATE_NONE;
			r->late = -1;
			if (s == S_REPORT || s == S_FOLLOWUP) {
				r->d = met_by(rv, f);
				if (r->d != NULL && r->d->due != DATE_NONE) {
					r->due = r->d->due;
					r->late = f->date > r->due ?
					    f->date - r->due : 0;
				}
			}
		}
	}
	for (int s = 0; s < S_NEXT; s++)
		if (rv->n[s] > 1)
			qsort(rv->it[s], rv->n[s], sizeof *rv->it[s], cmp_item);
	for (size_t i = 0; i < in->n; i++) {
		const struct deadline	*d = &in->v[i];
		enum agenda_kind	 k = agenda_kind_of(d);
		struct ritem		*r;

		if (d->inst == NULL || d->due == DATE_NONE || d->due < rv->to ||
		    d->due >= next_to || d->status == STATUS_SUPERSEDED ||
		    k == AGENDA_KIND_MILESTONE || k == AGENDA_KIND_RECHECK)
			continue;
		r = &rv->it[S_NEXT][rv->n[S_NEXT]++];
		r->d = d;
		r->due = d->due;
		r->late = -1;
	}
}

/* "Periodieke rapportage (8)"; the cycle is left out of yearly ones. */
static char *
label(const struct rv *rv, const struct deadline *d, char *out, size_t len)
{
	enum lang	 lang = rv->lang;
	char		 lab[256];

	engine_label(d, rv->langname, lab, sizeof lab);
	if (d->cycle[0] != '\0' && (d->rule == NULL ||
	    d->rule->type != RULE_YEARLY))
		snprintf(out, len, "%s (%s)%s%s", lab, d->cycle, d->voluntary ?
		    ", " : "", d->voluntary ? words_get(WORD_VOLUNTARY,
		    lang) : "");
	else
		snprintf(out, len, "%s", lab);
	return out;
}

/* "op tijd", "14 dagen te laat", "1191 dagen te laat (3 jaar)". */
static char *
timeliness(const struct rv *rv, const struct ritem *r, char *out, size_t len)
{
	enum lang	 lang = rv->lang;
	int		 mo;

	if (r->late < 0)
		snprintf(out, len, "%s", DASH);
	else if (r->late == 0)
		snprintf(out, len, "%s", words_get(WORD_ON_TIME, lang));
	else if (r->late < 60)
		snprintf(out, len, "%d %s", r->late, r->late == 1 ?
		    words_get(WORD_DAY_LATE, lang) :
		    words_get(WORD_DAYS_LATE, lang));
	else {
		mo = date_months_between(r->due, r->f->date);
		if (mo < 24)
			snprintf(out, len, "%d %s (%d %s)", r->late,
			    words_get(WORD_DAYS_LATE, lang), mo,
			    words_get(WORD_MONTHS, lang));
		else
			snprintf(out, len, "%d %s (%d %s)", r->late,
			    words_get(WORD_DAYS_LATE, lang), mo / 12,
			    words_get(WORD_YEARS, lang));
	}
	return out;
}

static const char *
symbol(const struct fact *f)
{
	return f->symbol != NULL && f->symbol[0] != '\0' ? f->symbol : DASH;
}

static const char *
cycle_of(const struct fact *f)
{
	return f->cycle[0] != '\0' ? f->cycle : DASH;
}

/* What follows from a CO: the follow-up or report it anchors. */
static void
follows(const struct rv *rv, const struct fact *f, struct buf *b, int iso)
{
	enum lang	 lang = rv->lang;
	int		 n = 0;

	for (size_t i = 0; i < rv->in->n; i++) {
		const struct deadline	*d = &rv->in->v[i];
		enum agenda_kind	 k = agenda_kind_of(d);
		char			 w[400], d1[40];

		if (!provenance(d, f->id) || d->status == STATUS_SUPERSEDED ||
		    k == AGENDA_KIND_MILESTONE || k == AGENDA_KIND_RECHECK)
			continue;
		if (iso) {
			if (k == AGENDA_KIND_FOLLOWUP && n++ == 0)
				buf_puts(b, date_format(d->due, d1));
			continue;
		}
		buf_printf(b, "%s%s %s %s", n++ ? "; " : "", label(rv, d, w,
		    sizeof w), words_get(WORD_DUE_BY, lang), day(rv, d->due, d1,
		    sizeof d1));
	}
	if (n == 0 && !iso)
		buf_puts(b, words_get(WORD_NO_FOLLOWUP_DATE, lang));
}

/* The follow-up of recommendations over the year reviewed. */
static void
recreport_init(const struct rv *rv, struct recreport *rp)
{
	memset(rp, 0, sizeof *rp);
	rp->recs = rv->in->tc != NULL ? rv->in->tc->recs : NULL;
	rp->rules = rv->in->tc != NULL ? rv->in->tc->rules : NULL;
	rp->v = rv->in->v;
	rp->n = rv->in->n;
	rp->tc = rv->in->tc;
	rp->lang = rv->langname;
	rp->from = rv->from;
	rp->to = rv->to;
}

/* ---------------------------------------------------------------- csv */

/* What a fact of a section is, when it met no deadline. */
static const char *
fact_what(const struct rv *rv, enum section s)
{
	enum lang	 lang = rv->lang;

	switch (s) {
	case S_REPORT:
		return words_get(WORD_REPORT, lang);
	case S_DIALOGUE:
		return W(lang, "Dialoog", "Dialogue");
	case S_CO:
		return W(lang, "Slotbeschouwingen", "Concluding observations");
	case S_FOLLOWUP:
		return words_get(WORD_FOLLOWUP_INFORMATION, lang);
	case S_CONSULT:
		return W(lang, "Consultatieronde maatschappelijk middenveld",
		    "Civil-society consultation round");
	default:
		return "";
	}
}

static void
csv_field(struct buf *b, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_puts(b, "\"");
		for (; *s != '\0'; s++)
			buf_add(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
		buf_puts(b, "\"");
	} else
		buf_puts(b, s);
	buf_puts(b, last ? "\r\n" : ",");
}

/* The lead department of the row's instrument, or "". */
static const char *
lead_of(const struct rv *rv, const struct ritem *r)
{
	const char	*code = r->f != NULL ? r->f->instrument :
	    r->d->inst->code;

	for (size_t i = 0; i < rv->in->ninst; i++)
		if (strcasecmp(rv->in->inst[i].code, code) == 0)
			return rv->in->inst[i].lead;
	return "";
}

static char *
csv(struct rv *rv)
{
	struct buf	 b;

	buf_init(&b, AGENDA_MAX);
	buf_puts(&b, "section,instrument,date,due,days_late,what,symbol,"
	    "paragraph,lead\r\n");
	for (enum section s = 0; s < NSECTIONS; s++)
		for (size_t i = 0; i < rv->n[s]; i++) {
			const struct ritem	*r = &rv->it[s][i];
			char			 date[DATE_STRLEN];
			char			 due[DATE_STRLEN], late[16];
			char			 w[600], lab[400], conf[80];
			struct buf		 fb;
			char			*t;

			csv_field(&b, section_key[s], 0);
			csv_field(&b, r->f != NULL ? r->f->instrument :
			    r->d->inst->code, 0);
			csv_field(&b, r->f != NULL ? date_format(r->f->date, date) :
			    r->d->met_on != DATE_NONE ? date_format(r->d->met_on,
			    date) : "", 0);
			due[0] = '\0';
			if (s == S_CO) {
				buf_init(&fb, 64);
				follows(rv, r->f, &fb, 1);
				t = buf_take(&fb);
				snprintf(due, sizeof due, "%s", t);
				free(t);
			} else if (r->due != DATE_NONE)
				date_format(r->due, due);
			csv_field(&b, due, 0);
			late[0] = '\0';
			if (r->late >= 0)
				snprintf(late, sizeof late, "%d", r->late);
			csv_field(&b, late, 0);
			if (s == S_NEXT)
				snprintf(w, sizeof w, "%s; %s; %s", label(rv, r->d,
				    lab, sizeof lab), text_status(r->d->status,
				    rv->langname), text_confidence_word(
				    r->d->confidence, rv->langname, conf,
				    sizeof conf));
			else if (r->d != NULL)
				label(rv, r->d, w, sizeof w);
			else if (r->f->cycle[0] != '\0')
				snprintf(w, sizeof w, "%s (%s)", fact_what(rv, s),
				    r->f->cycle);
			else
				snprintf(w, sizeof w, "%s", fact_what(rv, s));
			csv_field(&b, w, 0);
			csv_field(&b, r->f != NULL && r->f->symbol != NULL ?
			    r->f->symbol : "", 0);
			csv_field(&b, r->f != NULL && r->f->paragraph != NULL ?
			    r->f->paragraph : "", 0);
			csv_field(&b, lead_of(rv, r), 1);
		}
	{
		struct recreport	 rp;

		recreport_init(rv, &rp);
		recreport_csv(&rp, &b, csv_field);
	}
	if (b.toobig) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* ---------------------------------------------------------------- md/html */

/* Reports and follow-up: what was submitted, against which deadline. */
static void
submitted(struct rv *rv, struct agenda_doc *doc, enum section s)
{
	enum lang		 lang = rv->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		W(lang, "Ingediend op", "Submitted on"),
		words_get(WORD_WHAT, lang),
		words_get(WORD_DUE, lang),
		W(lang, "Tijdigheid", "Timeliness"),
		words_get(WORD_SYMBOL, lang)
	};

	if (rv->n[s] == 0) {
		agenda_doc_none(doc);
		return;
	}
	agenda_doc_table(doc, 6, heads, 0);
	for (size_t i = 0; i < rv->n[s]; i++) {
		const struct ritem	*r = &rv->it[s][i];
		const char		*cells[6];
		char			 d1[40], d2[40], w[400], t[120];

		cells[0] = r->f->instrument;
		cells[1] = day(rv, r->f->date, d1, sizeof d1);
		if (r->d != NULL)
			cells[2] = label(rv, r->d, w, sizeof w);
		else
			cells[2] = W(lang, "niet gekoppeld aan een termijn",
			    "not matched to a deadline");
		cells[3] = day(rv, r->due, d2, sizeof d2);
		cells[4] = timeliness(rv, r, t, sizeof t);
		cells[5] = symbol(r->f);
		agenda_doc_row(doc, cells, 0, r->late > 0 ? "late" : NULL);
	}
	agenda_doc_table_end(doc);
}

/* Dialogues and consultation rounds: instrument, date, cycle, symbol. */
static void
events(struct rv *rv, struct agenda_doc *doc, enum section s)
{
	enum lang		 lang = rv->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		W(lang, "Datum", "Date"),
		words_get(WORD_CYCLE, lang),
		words_get(WORD_SYMBOL, lang),
		W(lang, "Toelichting", "Note")
	};

	if (rv->n[s] == 0) {
		agenda_doc_none(doc);
		return;
	}
	agenda_doc_table(doc, 5, heads, 0);
	for (size_t i = 0; i < rv->n[s]; i++) {
		const struct fact	*f = rv->it[s][i].f;
		const char		*cells[5];
		char			 d1[40];

		cells[0] = f->instrument;
		cells[1] = day(rv, f->date, d1, sizeof d1);
		cells[2] = cycle_of(f);
		cells[3] = symbol(f);
		cells[4] = f->note != NULL && f->note[0] != '\0' ? f->note : DASH;
		agenda_doc_row(doc, cells, 0, NULL);
	}
	agenda_doc_table_end(doc);
}

static void
observations(struct rv *rv, struct agenda_doc *doc)
{
	enum lang		 lang = rv->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		words_get(WORD_ADOPTED_ON, lang),
		words_get(WORD_SYMBOL, lang),
		words_get(WORD_WHAT_FOLLOWS, lang)
	};

	if (rv->n[S_CO] == 0) {
		agenda_doc_none(doc);
		return;
	}
	agenda_doc_table(doc, 4, heads, 0);
	for (size_t i = 0; i < rv->n[S_CO]; i++) {
		const struct fact	*f = rv->it[S_CO][i].f;
		const char		*cells[4];
		char			 d1[40], *t;
		struct buf		 b;

		buf_init(&b, 8192);
		follows(rv, f, &b, 0);
		t = buf_take(&b);
		cells[0] = f->instrument;
		cells[1] = day(rv, f->date, d1, sizeof d1);
		cells[2] = symbol(f);
		cells[3] = t;
		agenda_doc_row(doc, cells, 0, NULL);
		free(t);
	}
	agenda_doc_table_end(doc);
}

static void
next_year(struct rv *rv, struct agenda_doc *doc)
{
	enum lang		 lang = rv->lang;
	const char *const	 heads[] = {
		words_get(WORD_DUE, lang),
		words_get(WORD_INSTRUMENT, lang),
		words_get(WORD_WHAT, lang),
		words_get(WORD_STATUS, lang),
		words_get(WORD_CONFIDENCE, lang),
		words_get(WORD_LEAD, lang)
	};

	if (rv->n[S_NEXT] == 0) {
		agenda_doc_none(doc);
		return;
	}
	agenda_doc_table(doc, 6, heads, 0);
	for (size_t i = 0; i < rv->n[S_NEXT]; i++) {
		const struct deadline	*d = rv->it[S_NEXT][i].d;
		const char		*cells[6];
		char			 d1[40], w[400], conf[80], st[256];

		cells[0] = day(rv, d->due, d1, sizeof d1);
		cells[1] = d->inst->code;
		cells[2] = label(rv, d, w, sizeof w);
		/* Met when and how late, unknown and why, planned when. */
		cells[3] = text_status_line(d, DATE_NONE, rv->langname, st,
		    sizeof st);
		cells[4] = text_confidence_word(d->confidence, rv->langname,
		    conf, sizeof conf);
		cells[5] = d->inst->lead[0] != '\0' ? d->inst->lead : DASH;
		agenda_doc_row(doc, cells, 0, d->status == STATUS_OVERDUE ?
		    "late" : d->confidence == CONF_TENTATIVE ? "expected" : NULL);
	}
	agenda_doc_table_end(doc);
}

/* "2 (1 op tijd, 1 te laat)" */
static void
summary_count(struct rv *rv, struct agenda_doc *doc, const char *what,
    enum section s)
{
	enum lang	 lang = rv->lang;
	size_t		 ontime = 0, late = 0;
	char		 line[300];

	for (size_t i = 0; i < rv->n[s]; i++) {
		ontime += rv->it[s][i].late == 0;
		late += rv->it[s][i].late > 0;
	}
	if (s != S_REPORT && s != S_FOLLOWUP) {
		snprintf(line, sizeof line, "%s: %zu", what, rv->n[s]);
		agenda_doc_bullet(doc, line);
		return;
	}
	if (ontime > 0 && late > 0)
		snprintf(line, sizeof line, "%s: %zu (%zu %s, %zu %s)", what,
		    rv->n[s], ontime, words_get(WORD_ON_TIME, lang), late,
		    words_get(WORD_LATE, lang));
	else if (ontime + late == rv->n[s] && rv->n[s] > 0)
		snprintf(line, sizeof line, "%s: %zu (%s%s)", what, rv->n[s],
		    rv->n[s] > 1 ? W(lang, "alle ", "all ") : "", ontime ?
		    words_get(WORD_ON_TIME, lang) : words_get(WORD_LATE, lang));
	else if (ontime + late > 0)
		snprintf(line, sizeof line, "%s: %zu (%zu %s)", what, rv->n[s],
		    ontime + late, ontime ? words_get(WORD_ON_TIME, lang) :
		    words_get(WORD_LATE, lang));
	else
		snprintf(line, sizeof line, "%s: %zu", what, rv->n[s]);
	agenda_doc_bullet(doc, line);
}

/* The instruments named in the review, with their full names. */
static void
abbreviations(struct rv *rv, struct agenda_doc *doc)
{
	enum lang			 lang = rv->lang;
	const struct review_input	*in = rv->in;
	int				 any = 0;

	for (size_t i = 0; i < in->ninst; i++) {
		const struct instrument	*inst = &in->inst[i];
		int			 used = 0;
		char			 line[1024];

		for (int s = 0; s < NSECTIONS && !used; s++)
			for (size_t k = 0; k < rv->n[s] && !used; k++)
				used = strcasecmp(rv->it[s][k].f != NULL ?
				    rv->it[s][k].f->instrument :
				    rv->it[s][k].d->inst->code, inst->code) == 0;
		if (!used)
			continue;
		if (!any++)
			agenda_doc_h2(doc, "abbreviations", W(lang,
			    "Afkortingen", "Abbreviations"), NULL);
		snprintf(line, sizeof line, "%s: %s", inst->code,
		    text_instrument(inst, rv->langname));
		agenda_doc_bullet(doc, line);
	}
}

static char *
document(struct rv *rv, enum agenda_format fmt)
{
	struct agenda_doc	 doc;
	char			 title[200], sub[200], d1[40], d2[40], s[300];
	enum lang		 lang = rv->lang;

	snprintf(title, sizeof title, W(lang, "Jaaroverzicht "
	    "verdragsrapportages %d", "Treaty reporting in %d: the year in "
	    "review"),
	    date_year(rv->from));
	snprintf(sub, sizeof sub, "%s", W(lang, "Bouwstenen voor de jaarlijkse "
	    "kabinetsbrief aan de Tweede Kamer", "Input for the annual cabinet "
	    "letter to the House of Representatives"));
	agenda_doc_begin(&doc, fmt, rv->lang, title, sub);
	snprintf(s, sizeof s, "%s %s %s", day(rv, rv->from, d1, sizeof d1),
	    words_get(WORD_UP_TO_AND_INCLUDING, lang), day(rv, rv->to - 1, d2,
	    sizeof d2));
	agenda_doc_meta(&doc, W(lang, "Periode", "Period"), s);

	agenda_doc_h2(&doc, "summary", W(lang, "Samenvatting", "Summary"),
	    NULL);
	summary_count(rv, &doc, words_get(WORD_REPORTS_SUBMITTED, lang),
	    S_REPORT);
	summary_count(rv, &doc, W(lang, "Dialogen met de toezichthoudende "
	    "organen", "Dialogues with the monitoring bodies"), S_DIALOGUE);
	summary_count(rv, &doc, words_get(WORD_CO_RECEIVED, lang), S_CO);
	summary_count(rv, &doc, words_get(WORD_FOLLOWUP_SUBMITTED, lang),
	    S_FOLLOWUP);
	summary_count(rv, &doc, W(lang, "Consultatierondes met het "
	    "maatschappelijk middenveld", "Consultation rounds with civil "
	    "society"), S_CONSULT);
	snprintf(s, sizeof s, "%s %d", W(lang, "Termijnen in", "Deadlines in"),
	    date_year(rv->to));
	summary_count(rv, &doc, s, S_NEXT);

	agenda_doc_h2(&doc, "reports", W(lang, "1. Ingediende rapportages",
	    "1. Reports submitted"), NULL);
	submitted(rv, &doc, S_REPORT);
	agenda_doc_h2(&doc, "dialogues", W(lang, "2. Dialogen met de "
	    "toezichthoudende organen", "2. Dialogues with the monitoring "
	    "bodies"), NULL);
	events(rv, &doc, S_DIALOGUE);
	agenda_doc_h2(&doc, "concluding-observations", W(lang, "3. Ontvangen "
	    "slotbeschouwingen", "3. Concluding observations received"), NULL);
	observations(rv, &doc);
	agenda_doc_h2(&doc, "follow-up", W(lang, "4. Ingediende "
	    "follow-upinformatie", "4. Follow-up information submitted"), NULL);
	submitted(rv, &doc, S_FOLLOWUP);
	agenda_doc_h2(&doc, "consultation", W(lang, "5. Consultatierondes met "
	    "het maatschappelijk middenveld", "5. Civil-society consultation "
	    "rounds held"), NULL);
	events(rv, &doc, S_CONSULT);
	snprintf(s, sizeof s, "%s %d", W(lang, "6. Termijnen in",
	    "6. Due in"), date_year(rv->to));
	agenda_doc_h2(&doc, "next-year", s, NULL);
	next_year(rv, &doc);
	{
		struct recreport	 rp;

		recreport_init(rv, &rp);
		recreport_review(&rp, &doc, W(lang, "7. Opvolging van "
		    "aanbevelingen", "7. Follow-up of recommendations"));
	}
	abbreviations(rv, &doc);
	return agenda_doc_end(&doc, W(lang, "Opgesteld door treatyd uit de "
	    "vastgelegde feiten en de berekende termijnen.", "Prepared by "
	    "treatyd from the recorded facts and the computed deadlines."));
}

char *
review_render(const struct review_input *in, enum review_format fmt)
{
	struct rv	 rv;
	char		*out;

	if (in->year < DATE_MIN_YEAR || in->year >= DATE_MAX_YEAR)
		return NULL;
	memset(&rv, 0, sizeof rv);
	rv.in = in;
	rv.lang = lang_or_fallback(in->lang);
	rv.langname = lang_name(rv.lang);
	rv.from = date_from_ymd(in->year, 1, 1);
	rv.to = date_from_ymd(in->year + 1, 1, 1);
	collect(&rv);
	switch (fmt) {
	case REVIEW_CSV:
		out = csv(&rv);
		break;
	case REVIEW_HTML:
		out = document(&rv, AGENDA_HTML);
		break;
	case REVIEW_MD:
	default:
		out = document(&rv, AGENDA_MD);
		break;
	}
	for (int s = 0; s < NSECTIONS; s++)
		free(rv.it[s]);
	return out;
}
