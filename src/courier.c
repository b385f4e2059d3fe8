/* The courier: request-made mails carried off the loop by a thread. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "courier.h"
#include "log.h"
#include "sender.h"
#include "store.h"
#include "xmalloc.h"

struct item {
	char			 what[32];
	char			*key, *rcpt, *data;
	size_t			 len;
	int			 record;
	struct outbox_row	 row;
};

struct courier {
	struct conf		*conf;		/* a copy of [mail], owned */
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct item		 q[COURIER_QUEUE_MAX];
	size_t			 head, n;
	int			 retired;	/* finish, then free itself */
	int			 stopping;	/* drop what waits, then end */
	struct store		*store;		/* opened on the first record */
};

static void
item_clear(struct item *it)
{
	if (it->data != NULL)
		explicit_bzero(it->data, it->len);
	free(it->data);
	free(it->key);
	free(it->rcpt);
	memset(it, 0, sizeof *it);
}

/* One mail to the transport, and on record when it asks to be. */
static void
carry(struct courier *cr, struct item *it)
{
	struct sender	*s;
	char		*cause = NULL;

	if (it->record && cr->store == NULL &&
	    store_open(cr->conf->database, 0, &cr->store, &cause) == -1) {
		log_warnx("%s to %s not sent: the database: %s", it->what,
		    it->rcpt, cause);
		free(cause);
		return;
	}
	/* A sender a mail: one silent server does not hold back the next. */
	s = sender_new(cr->conf, cr->store);
	if (sender_direct(s, it->key, it->rcpt, it->data, it->len,
	    it->record ? &it->row : NULL, clock_now(), &cause) == -1) {
		log_warnx("%s to %s not sent: %s", it->what, it->rcpt, cause);
		free(cause);
	} else
		log_info("%s mailed to %s", it->what, it->rcpt);
	sender_free(s);
}

static void *
courier_main(void *arg)
{
	struct courier	*cr = arg;
	struct item	 it;
	int		 retired;

	pthread_mutex_lock(&cr->lock);
	for (;;) {
		while (cr->n == 0 && !cr->retired && !cr->stopping)
			pthread_cond_wait(&cr->cond, &cr->lock);
		if (cr->stopping || cr->n == 0)
			break;
		it = cr->q[cr->head];
		memset(&cr->q[cr->head], 0, sizeof cr->q[cr->head]);
		cr->head = (cr->head + 1) % COURIER_QUEUE_MAX;
		cr->n--;
		pthread_mutex_unlock(&cr->lock);
		carry(cr, &it);
		item_clear(&it);
		pthread_mutex_lock(&cr->lock);
	}
	retired = cr->retired && !cr->stopping;
	pthread_mutex_unlock(&cr->lock);
	if (retired) {
		/* Nobody holds it any more: the last one out frees. */
		courier_free(cr);
	}
	return NULL;
}

struct courier *
courier_new(const struct conf *c, char **cause)
{
	struct courier	*cr = xcalloc(1, sizeof *cr);
	int		 rc;

	cr->conf = conf_mail_copy(c);
	pthread_mutex_init(&cr->lock, NULL);
	pthread_cond_init(&cr->cond, NULL);
	if ((rc = pthread_create(&cr->thread, NULL, courier_main, cr)) != 0) {
		*cause = xasprintf("cannot start the mail thread: %s",
		    strerror(rc));
		pthread_cond_destroy(&cr->cond);
		pthread_mutex_destroy(&cr->lock);
		conf_free(cr->conf);
		free(cr);
		return NULL;
	}
	return cr;
}

void
courier_retire(struct courier *cr)
{
	if (cr == NULL)
		return;
	pthread_detach(cr->thread);
	pthread_mutex_lock(&cr->lock);
	cr->retired = 1;
	pthread_cond_signal(&cr->cond);
	pthread_mutex_unlock(&cr->lock);
}

void
courier_free(struct courier *cr)
{
	int	 self;

	if (cr == NULL)
		return;
	pthread_mutex_lock(&cr->lock);
	self = cr->retired;	/* from the thread itself, after a retire */
	cr->stopping = 1;
	pthread_cond_signal(&cr->cond);
	pthread_mutex_unlock(&cr->lock);
	if (!self)
		pthread_join(cr->thread, NULL);
	for (; cr->n > 0; cr->n--) {
		struct item	*it = &cr->q[cr->head];

		log_warnx("%s to %s not sent: treatyd stopped first", it->what,
		    it->rcpt);
		item_clear(it);
		cr->head = (cr->head + 1) % COURIER_QUEUE_MAX;
	}
	store_close(cr->store);
	pthread_cond_destroy(&cr->cond);
	pthread_mutex_destroy(&cr->lock);
	conf_free(cr->conf);
	free(cr);
}

int
courier_send(struct courier *cr, const char *what, const char *key,
    const char *rcpt, char *data, size_t len, const struct outbox_row *row)
{
	struct item	*it;

	pthread_mutex_lock(&cr->lock);
	if (cr->n == COURIER_QUEUE_MAX) {
		pthread_mutex_unlock(&cr->lock);
		log_warnx("%s to %s not sent: %d mails wait already", what,
		    rcpt, COURIER_QUEUE_MAX);
		explicit_bzero(data, len);
		free(data);
		return -1;
	}
	it = &cr->q[(cr->head + cr->n) % COURIER_QUEUE_MAX];
	snprintf(it->what, sizeof it->what, "%s", what);
	it->key = xstrdup(key);
	it->rcpt = xstrdup(rcpt);
	it->data = data;
	it->len = len;
	if ((it->record = row != NULL)) {
		it->row = *row;
		it->row.last_reply = it->row.note = NULL;
	}
	cr->n++;
	pthread_cond_signal(&cr->cond);
	pthread_mutex_unlock(&cr->lock);
	return 0;
}
