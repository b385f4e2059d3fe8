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
#include "review.h"
#include "rules.h"
#include "text.h"
#include "xmalloc.h"

#define L(nl, dutch, english)	((nl) ? (dutch) : (english))
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
	const char			*lang;
	int				 nl;
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
	return text_long_date(date, rv->lang, out, len);
}

static int
cmp_fact(const void *a, const void *b)
{
	const struct ritem	*x = a, *y = b;

	if (x->f->date != y->f->date)
		return x->f->date < y->f->date ? -1 : 1;
	return x->f->id < y->f->id ? -1 : x->f->id > y->f->id;
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
			qsort(rv->it[s], rv->n[s], sizeof *rv->it[s], cmp_fact);
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
	char	 lab[256];

	engine_label(d, rv->lang, lab, sizeof lab);
	if (d->cycle[0] != '\0' && (d->rule == NULL ||
	    d->rule->type != RULE_YEARLY))
		snprintf(out, len, "%s (%s)%s", lab, d->cycle, d->voluntary ?
		    L(rv->nl, ", vrijwillig", ", voluntary") : "");
	else
		snprintf(out, len, "%s", lab);
	return out;
}

/* "op tijd", "14 dagen te laat", "1191 dagen te laat (3 jaar)". */
static char *
timeliness(const struct rv *rv, const struct ritem *r, char *out, size_t len)
{
	int	 y1, m1, d1, y2, m2, d2, mo;

	if (r->late < 0)
		snprintf(out, len, "%s", DASH);
	else if (r->late == 0)
		snprintf(out, len, "%s", L(rv->nl, "op tijd", "on time"));
	else if (r->late < 60)
		snprintf(out, len, "%d %s", r->late, r->late == 1 ?
		    L(rv->nl, "dag te laat", "day late") :
		    L(rv->nl, "dagen te laat", "days late"));
	else {
		date_to_ymd(r->due, &y1, &m1, &d1);
		date_to_ymd(r->f->date, &y2, &m2, &d2);
		mo = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1);
		if (mo < 24)
			snprintf(out, len, "%d %s (%d %s)", r->late,
			    L(rv->nl, "dagen te laat", "days late"), mo,
			    L(rv->nl, "maanden", "months"));
		else
			snprintf(out, len, "%d %s (%d %s)", r->late,
			    L(rv->nl, "dagen te laat", "days late"), mo / 12,
			    L(rv->nl, "jaar", "years"));
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
	int	 n = 0;

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
		    sizeof w), L(rv->nl, "uiterlijk", "due"), day(rv, d->due, d1,
		    sizeof d1));
	}
	if (n == 0 && !iso)
		buf_puts(b, L(rv->nl, "geen vervolgtermijn berekend",
		    "no follow-up date computed"));
}

/* ---------------------------------------------------------------- csv */

/* What a fact of a section is, when it met no deadline. */
static const char *
fact_what(const struct rv *rv, enum section s)
{
	switch (s) {
	case S_REPORT:
		return L(rv->nl, "Rapportage", "Report");
	case S_DIALOGUE:
		return L(rv->nl, "Dialoog", "Dialogue");
	case S_CO:
		return L(rv->nl, "Slotbeschouwingen", "Concluding observations");
	case S_FOLLOWUP:
		return L(rv->nl, "Follow-upinformatie", "Follow-up information");
	case S_CONSULT:
		return L(rv->nl, "Consultatieronde maatschappelijk middenveld",
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

static char *
csv(struct rv *rv)
{
	struct buf	 b;

	buf_init(&b, AGENDA_MAX);
	buf_puts(&b, "section,instrument,date,due,days_late,what,symbol\r\n");
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
			if (s == S_NEXT) {
				const char	*full = text_confidence(
				    r->d->confidence, rv->lang);
				const char	*paren = strstr(full, " (");

				snprintf(conf, sizeof conf, "%.*s", paren ?
				    (int)(paren - full) : (int)strlen(full), full);
				snprintf(w, sizeof w, "%s; %s; %s", label(rv, r->d,
				    lab, sizeof lab), text_status(r->d->status,
				    rv->lang), conf);
			} else if (r->d != NULL)
				label(rv, r->d, w, sizeof w);
			else if (r->f->cycle[0] != '\0')
				snprintf(w, sizeof w, "%s (%s)", fact_what(rv, s),
				    r->f->cycle);
			else
				snprintf(w, sizeof w, "%s", fact_what(rv, s));
			csv_field(&b, w, 0);
			csv_field(&b, r->f != NULL && r->f->symbol != NULL ?
			    r->f->symbol : "", 1);
		}
	if (b.toobig) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* ---------------------------------------------------------------- md/html */

static void
empty(struct agenda_doc *doc, int nl)
{
	agenda_doc_para(doc, L(nl, "Geen.", "None."), 0);
}

/* Reports and follow-up: what was submitted, against which deadline. */
static void
submitted(struct rv *rv, struct agenda_doc *doc, enum section s)
{
	static const char *const h_nl[] = { "Verdrag", "Ingediend op", "Wat",
	    "Uiterste datum", "Tijdigheid", "Symbool" };
	static const char *const h_en[] = { "Instrument", "Submitted on",
	    "What", "Due", "Timeliness", "Symbol" };

	if (rv->n[s] == 0) {
		empty(doc, rv->nl);
		return;
	}
	agenda_doc_table(doc, 6, rv->nl ? h_nl : h_en, 0);
	for (size_t i = 0; i < rv->n[s]; i++) {
		const struct ritem	*r = &rv->it[s][i];
		const char		*cells[6];
		char			 d1[40], d2[40], w[400], t[120];

		cells[0] = r->f->instrument;
		cells[1] = day(rv, r->f->date, d1, sizeof d1);
		if (r->d != NULL)
			cells[2] = label(rv, r->d, w, sizeof w);
		else
			cells[2] = L(rv->nl, "niet gekoppeld aan een termijn",
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
	static const char *const h_nl[] = { "Verdrag", "Datum", "Cyclus",
	    "Symbool", "Toelichting" };
	static const char *const h_en[] = { "Instrument", "Date", "Cycle",
	    "Symbol", "Note" };

	if (rv->n[s] == 0) {
		empty(doc, rv->nl);
		return;
	}
	agenda_doc_table(doc, 5, rv->nl ? h_nl : h_en, 0);
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
	static const char *const h_nl[] = { "Verdrag", "Vastgesteld op",
	    "Symbool", "Wat volgt" };
	static const char *const h_en[] = { "Instrument", "Adopted on",
	    "Symbol", "What follows" };

	if (rv->n[S_CO] == 0) {
		empty(doc, rv->nl);
		return;
	}
	agenda_doc_table(doc, 4, rv->nl ? h_nl : h_en, 0);
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
	static const char *const h_nl[] = { "Uiterste datum", "Verdrag", "Wat",
	    "Status", "Zekerheid", "Trekker" };
	static const char *const h_en[] = { "Due", "Instrument", "What",
	    "Status", "Confidence", "Lead" };

	if (rv->n[S_NEXT] == 0) {
		empty(doc, rv->nl);
		return;
	}
	agenda_doc_table(doc, 6, rv->nl ? h_nl : h_en, 0);
	for (size_t i = 0; i < rv->n[S_NEXT]; i++) {
		const struct deadline	*d = rv->it[S_NEXT][i].d;
		const char		*cells[6];
		const char		*full = text_confidence(d->confidence,
		    rv->lang);
		const char		*paren = strstr(full, " (");
		char			 d1[40], w[400], conf[80];

		snprintf(conf, sizeof conf, "%.*s", paren ?
		    (int)(paren - full) : (int)strlen(full), full);
		cells[0] = day(rv, d->due, d1, sizeof d1);
		cells[1] = d->inst->code;
		cells[2] = label(rv, d, w, sizeof w);
		cells[3] = text_status(d->status, rv->lang);
		cells[4] = conf;
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
	size_t	 ontime = 0, late = 0;
	char	 line[300];

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
		    rv->n[s], ontime, L(rv->nl, "op tijd", "on time"), late,
		    L(rv->nl, "te laat", "late"));
	else if (ontime + late == rv->n[s] && rv->n[s] > 0)
		snprintf(line, sizeof line, "%s: %zu (%s%s)", what, rv->n[s],
		    rv->n[s] > 1 ? L(rv->nl, "alle ", "all ") : "", ontime ?
		    L(rv->nl, "op tijd", "on time") : L(rv->nl, "te laat", "late"));
	else if (ontime + late > 0)
		snprintf(line, sizeof line, "%s: %zu (%zu %s)", what, rv->n[s],
		    ontime + late, ontime ? L(rv->nl, "op tijd", "on time") :
		    L(rv->nl, "te laat", "late"));
	else
		snprintf(line, sizeof line, "%s: %zu", what, rv->n[s]);
	agenda_doc_bullet(doc, line);
}

/* The instruments named in the review, with their full names. */
static void
abbreviations(struct rv *rv, struct agenda_doc *doc)
{
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
			agenda_doc_h2(doc, "abbreviations", L(rv->nl,
			    "Afkortingen", "Abbreviations"), NULL);
		snprintf(line, sizeof line, "%s: %s", inst->code,
		    text_instrument(inst, rv->lang));
		agenda_doc_bullet(doc, line);
	}
}

static char *
document(struct rv *rv, enum agenda_format fmt)
{
	struct agenda_doc	 doc;
	char			 title[200], sub[200], d1[40], d2[40], s[300];
	int			 nl = rv->nl;

	snprintf(title, sizeof title, L(nl, "Jaaroverzicht verdragsrapportages "
	    "%d", "Treaty reporting in %d: the year in review"),
	    date_year(rv->from));
	snprintf(sub, sizeof sub, "%s", L(nl, "Bouwstenen voor de jaarlijkse "
	    "kabinetsbrief aan de Tweede Kamer", "Input for the annual cabinet "
	    "letter to the House of Representatives"));
	agenda_doc_begin(&doc, fmt, rv->lang, title, sub);
	snprintf(s, sizeof s, "%s %s %s", day(rv, rv->from, d1, sizeof d1),
	    L(nl, "tot en met", "up to and including"), day(rv, rv->to - 1, d2,
	    sizeof d2));
	agenda_doc_meta(&doc, L(nl, "Periode", "Period"), s);

	agenda_doc_h2(&doc, "summary", L(nl, "Samenvatting", "Summary"), NULL);
	summary_count(rv, &doc, L(nl, "Rapportages ingediend",
	    "Reports submitted"), S_REPORT);
	summary_count(rv, &doc, L(nl, "Dialogen met de toezichthoudende organen",
	    "Dialogues with the monitoring bodies"), S_DIALOGUE);
	summary_count(rv, &doc, L(nl, "Slotbeschouwingen ontvangen",
	    "Concluding observations received"), S_CO);
	summary_count(rv, &doc, L(nl, "Follow-upinformatie ingediend",
	    "Follow-up information submitted"), S_FOLLOWUP);
	summary_count(rv, &doc, L(nl, "Consultatierondes met het maatschappelijk "
	    "middenveld", "Consultation rounds with civil society"), S_CONSULT);
	snprintf(s, sizeof s, "%s %d", L(nl, "Termijnen in", "Deadlines in"),
	    date_year(rv->to));
	summary_count(rv, &doc, s, S_NEXT);

	agenda_doc_h2(&doc, "reports", L(nl, "1. Ingediende rapportages",
	    "1. Reports submitted"), NULL);
	submitted(rv, &doc, S_REPORT);
	agenda_doc_h2(&doc, "dialogues", L(nl, "2. Dialogen met de "
	    "toezichthoudende organen", "2. Dialogues with the monitoring "
	    "bodies"), NULL);
	events(rv, &doc, S_DIALOGUE);
	agenda_doc_h2(&doc, "concluding-observations", L(nl, "3. Ontvangen "
	    "slotbeschouwingen", "3. Concluding observations received"), NULL);
	observations(rv, &doc);
	agenda_doc_h2(&doc, "follow-up", L(nl, "4. Ingediende "
	    "follow-upinformatie", "4. Follow-up information submitted"), NULL);
	submitted(rv, &doc, S_FOLLOWUP);
	agenda_doc_h2(&doc, "consultation", L(nl, "5. Consultatierondes met het "
	    "maatschappelijk middenveld", "5. Civil-society consultation "
	    "rounds held"), NULL);
	events(rv, &doc, S_CONSULT);
	snprintf(s, sizeof s, "%s %d", L(nl, "6. Termijnen in",
	    "6. Due in"), date_year(rv->to));
	agenda_doc_h2(&doc, "next-year", s, NULL);
	next_year(rv, &doc);
	abbreviations(rv, &doc);
	return agenda_doc_end(&doc, L(nl, "Opgesteld door treatyd uit de "
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
	rv.nl = in->lang != NULL && strcmp(in->lang, "nl") == 0;
	rv.lang = rv.nl ? "nl" : "en";
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
