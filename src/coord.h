/*
 * The coordinators of the network as treatyctl and the chair's page of
 * the workspace change them, by one path: add (checked, with their
 * assignments, in one transaction), assign, remove, and a new feed
 * address with, on request, the welcome or new-address mail. Each call
 * says why it refused in words for the person who asked (*cause, caller
 * frees).
 */
#ifndef TREATYD_COORD_H
#define TREATYD_COORD_H

#include "planner.h"

struct conf;
struct service;
struct store;

/* Add name <email> of dept (any case), language lang ("nl" or "en"),
 * lead of the instruments in `lead` and contributor to those in
 * `contrib` (codes separated by commas or spaces; NULL: none). */
int	 coord_add(const struct conf *, struct store *, const char *name,
	    const char *email, const char *dept, const char *lang,
	    const char *lead, const char *contrib, char **cause);
/* Assign to every instrument of codes, or to none when one is unknown. */
int	 coord_assign(const struct conf *, struct store *, const char *name,
	    const char *codes, const char *role, char **cause);
/* 0 removed, 1 no such coordinator, -1 error. */
int	 coord_remove(struct store *, const char *name, char **cause);
/*
 * A new feed token for name (only its hash is stored; the old address
 * stops working) into token, and with mail set a mail of `kind`
 * (MAIL_WELCOME or MAIL_FEED) carrying the address: sent at once, or
 * with a courier handed to it (the daemon's pages: the mail server may
 * be slow). *mailed says whether it went (or is on its way), *why
 * (caller frees) why not. -1 with *cause when no token could be made or
 * stored.
 */
struct courier;
int	 coord_issue_feed(const struct conf *, struct store *, struct service *,
	    struct courier *, const char *name, enum mail_kind kind, int mail,
	    char token[41], int *mailed, char **why, char **cause);

#endif
