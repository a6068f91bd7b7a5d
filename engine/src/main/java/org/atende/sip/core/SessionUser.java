package org.atende.sip.core;

import org.atende.sip.transaction.ServerTransaction;

/** The layer above the UAS core that makes sessions of new INVITEs: the calls of the shard. Shard's loop. */
public interface SessionUser {

    /**
     * A new INVITE (no To tag) that passed the core's checks: for a local URI, Max-Forwards left, not stopping. The
     * user answers it on {@code tx}.
     */
    void onInvite(ServerTransaction tx);

    /**
     * A CANCEL for {@code invite}. Returns false when no session is pending on it; the core then answers the
     * INVITE 487.
     */
    boolean onCancel(ServerTransaction invite);
}
