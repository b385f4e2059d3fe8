/*
 * The outbox side of dispatch: planned rows become outbox rows (keyed,
 * with a Message-ID that derives from the key) in one transaction, and
 * the rows due now are read back. Queueing is idempotent by key.
 */
#ifndef TREATYD_OUTBOX_H
#define TREATYD_OUTBOX_H

#include <stddef.h>

#include "hash.h"
#include "planner.h"

struct deadlines;
struct store;

/* What one pass did, for its log line and treatyctl's summary. */
struct outbox_stats {
	int	 queued;
	int	 sent;
	int	 retried;
	int	 failed;
	int	 skipped;
	int	 superseded;
	int	 waiting;	/* held for tomorrow: max_per_day */
	int	 mails;		/* handed to the transport */
	long long wire_us;	/* time spent handing them over */
};

/* "<hex.treatyd@domain>" from a key and the sender address (len is at
 * least OUTBOX_MID_MAX, store.h). */
void	 outbox_message_id(const char *from, const char *key, char *out,
	    size_t len);
/* The key that signs acknowledgement links, made on first use. 0, or -1
 * with *cause. */
#define OUTBOX_ACK_KEY_LEN	32
int	 outbox_ack_key(struct store *, unsigned char key[OUTBOX_ACK_KEY_LEN],
	    char **cause);
/*
 * The token of the acknowledgement link of one deadline as it is due, to
 * one recipient: an HMAC of the three under the key, so a mail sent again
 * carries the same link. The outbox keeps only its SHA-256.
 */
void	 outbox_ack_token(const unsigned char key[OUTBOX_ACK_KEY_LEN],
	    const char *deadline, const char *due, const char *recipient,
	    char out[HASH_HEXLEN]);

/*
 * In one transaction: pending reminders of a deadline whose due date
 * moved become superseded, and every planned row not queued yet is
 * added (skipped when older than the catch-up window). 0, or -1 with
 * *cause and nothing changed.
 */
int	 outbox_queue(struct store *, const char *from,
	    const struct deadlines *, const struct plan_row *, size_t n,
	    long long now, struct outbox_stats *, char **cause);

#endif
