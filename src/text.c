#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "text.h"
#include "xmalloc.h"

#define TEXT_MAX	(64 * 1024)

static int
is_nl(const char *lang)
{
	return lang != NULL && strcmp(lang, "nl") == 0;
}

const char *
text_status(enum deadline_status s, const char *lang)
{
	int	 nl = is_nl(lang);

	switch (s) {
	case STATUS_OPEN:	return "open";
	case STATUS_MET:	return nl ? "voldaan" : "met";
	case STATUS_OVERDUE:	return nl ? "te laat" : "overdue";
	case STATUS_SUPERSEDED:	return nl ? "vervallen" : "superseded";
	case STATUS_UNKNOWN:	return nl ? "onbekend" : "unknown";
	}
	return "?";
}

const char *
text_confidence(enum deadline_confidence c, const char *lang)
{
	int	 nl = is_nl(lang);

	switch (c) {
	case CONF_CONFIRMED:
		return nl ? "bevestigd (datum vastgesteld door het orgaan)" :
		    "confirmed (date set by the body)";
	case CONF_DERIVED:
		return nl ? "afgeleid (berekend uit de cyclusregel)" :
		    "derived (computed from the cycle rule)";
	case CONF_TENTATIVE:
		return nl ? "voorlopig (verwachte volgende cyclus)" :
		    "tentative (projected next cycle)";
	}
	return "?";
}

const char *
text_department(const struct text_ctx *tc, const char *code, const char *lang)
{
	for (size_t i = 0; tc != NULL && i < tc->ndepts; i++)
		if (strcasecmp(tc->depts[i].code, code) == 0) {
			const struct department	*d = &tc->depts[i];

			if (is_nl(lang) && d->name_nl != NULL)
				return d->name_nl;
			return d->name != NULL ? d->name : d->code;
		}
	return code;
}

const char *
text_instrument(const struct instrument *in, const char *lang)
{
	if (is_nl(lang) && in->name_nl != NULL)
		return in->name_nl;
	return in->name != NULL ? in->name : in->code;
}

char *
text_long_date(int date, const char *lang, char *buf, size_t len)
{
	static const char *const nl[] = { "januari", "februari", "maart",
	    "april", "mei", "juni", "juli", "augustus", "september",
	    "oktober", "november", "december" };
	static const char *const en[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	const char *const *months = is_nl(lang) ? nl : en;
	int	 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, len, "%d %s %d", d, m >= 1 && m <= 12 ? months[m - 1] :
	    "?", y);
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

static const struct fact *
find_fact(const struct text_ctx *tc, long long id)
{
	for (size_t i = 0; tc != NULL && i < tc->nfacts; i++)
		if (tc->facts[i].id == id)
			return &tc->facts[i];
	return NULL;
}

static void
coordinators(struct buf *b, const struct text_ctx *tc, const struct deadline *d,
    const char *lang)
{
	int	 nl = is_nl(lang), n = 0;

	for (size_t i = 0; tc != NULL && i < tc->ncoords; i++) {
		const struct coordinator	*c = &tc->coords[i];
		const char			*role = coordinator_role(c,
		    d->inst->code);

		if (role == NULL)
			continue;
		buf_printf(b, "%s%s (%s, %s)", n++ ? "; " : (nl ?
		    "Coördinatoren: " : "Coordinators: "), c->name, c->department,
		    strcmp(role, "lead") == 0 ? (nl ? "trekker" : "lead") :
		    (nl ? "bijdrager" : "contributor"));
	}
	if (n > 0)
		buf_puts(b, "\n");
}

char *
text_description(const struct text_ctx *tc, const struct deadline *d,
    const char *lang)
{
	const struct instrument	*in = d->inst;
	int			 nl = is_nl(lang);
	struct buf		 b;
	char			 label[256], date[DATE_STRLEN], rdur[32];

	buf_init(&b, TEXT_MAX);
	engine_label(d, lang, label, sizeof label);
	buf_printf(&b, "%s: %s%s%s\n", nl ? "Wat" : "What", label,
	    d->cycle[0] && strcmp(d->kind, "recheck") ? (nl ? ", cyclus " :
	    ", cycle ") : "", d->cycle[0] && strcmp(d->kind, "recheck") ?
	    d->cycle : "");
	buf_printf(&b, "%s: %s (%s)\n", nl ? "Verdrag" : "Instrument",
	    text_instrument(in, lang), in->code);
	buf_printf(&b, "%s: %s\n", nl ? "Toezichthoudend orgaan" :
	    "Monitoring body", in->body);
	buf_printf(&b, "%s: %s\n", nl ? "Uiterste datum" : "Due",
	    date_format(d->due, date));
	if (d->postponed_from != DATE_NONE)
		buf_printf(&b, "%s %s\n", nl ? "Uitgesteld van" :
		    "Postponed from", date_format(d->postponed_from, date));
	buf_printf(&b, "Status: %s", text_status(d->status, lang));
	if (d->met_on != DATE_NONE)
		buf_printf(&b, " (%s)", date_format(d->met_on, date));
	if (d->voluntary)
		buf_puts(&b, nl ? ", vrijwillig" : ", voluntary");
	buf_puts(&b, "\n");
	buf_printf(&b, "%s: %s\n", nl ? "Zekerheid" : "Confidence",
	    text_confidence(d->confidence, lang));
	if (in->lead[0] != '\0')
		buf_printf(&b, "%s: %s (%s)\n", nl ? "Eerstverantwoordelijk "
		    "departement" : "Lead department",
		    text_department(tc, in->lead, lang), in->lead);
	else
		buf_printf(&b, "%s\n", nl ? "Eerstverantwoordelijk departement: "
		    "nog niet vastgesteld" : "Lead department: not yet known");
	if (d->rule->type == RULE_MILESTONE && d->rule->owner[0] != '\0' &&
	    strcmp(d->rule->owner, "lead") != 0)
		buf_printf(&b, "%s: %s\n", nl ? "Uitvoering" : "Owner",
		    text_department(tc, d->rule->owner, lang));
	coordinators(&b, tc, d, lang);
	if (d->rule->type == RULE_MILESTONE) {
		duration_format(&d->rule->offset, rdur, sizeof rdur);
		buf_printf(&b, "%s: %s, %s %s %s\n", nl ? "Regel" : "Rule",
		    d->rule->name, rdur, nl ? "voor" : "before", d->rule->before);
	} else
		buf_printf(&b, "%s: %s (%s)\n", nl ? "Regel" : "Rule",
		    d->rule->name, rules_type_name(d->rule->type));
	for (int i = 0; i < d->nfacts; i++) {
		const struct fact	*f = find_fact(tc, d->facts[i]);

		if (f == NULL)
			continue;
		buf_printf(&b, "%s #%lld: %s %s%s%s%s%s\n", nl ? "Feit" : "Fact",
		    f->id, f->kind, date_format(f->date, date),
		    f->symbol ? " " : "", f->symbol ? f->symbol : "",
		    f->url ? " " : "", f->url ? f->url : "");
	}
	if (in->source != NULL)
		buf_printf(&b, "%s: %s\n", nl ? "Bron" : "Source", in->source);
	/* Drop the last newline. */
	if (b.len > 0 && b.p[b.len - 1] == '\n')
		b.p[--b.len] = '\0';
	return buf_take(&b);
}
