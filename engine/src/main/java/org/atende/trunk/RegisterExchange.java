package org.atende.trunk;

import gov.nist.javax.sip.message.SIPResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sip.header.MinExpiresHeader;
import org.atende.sip.auth.DigestChallenge;
import org.atende.sip.auth.DigestClient;
import org.atende.sip.transaction.ClientTransaction;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REGISTER exchange of a {@link TrunkRegistrationClient}: the first request and the ones it takes to answer
 * digest challenges and 423s, ending in one outcome told to the client.
 *
 * <p>401/407: the request is sent again with credentials ({@link DigestClient}); the challenge is kept and its nonce
 * reused, with the nonce count going up, on later REGISTERs ({@link RegisterRequests}). A challenge to credentials
 * that themselves answered a challenge in the same exchange is a rejection (wrong user name or password) unless it
 * says {@code stale=true}; credentials reused from an earlier exchange get one fresh try. At most
 * {@value TrunkRegistrationClient#MAX_CHALLENGES} challenges are answered per exchange, so a registrar that keeps
 * saying {@code stale=true} cannot cause a REGISTER storm. 423: sent again asking the Min-Expires value, which is
 * then asked on every later REGISTER (at most {@value TrunkRegistrationClient#MAX_INTERVAL_RETRIES} times, and only
 * for more than was asked). 2xx: {@link Outcomes#onRegistered} (or {@link Outcomes#onUnregistered} for the
 * un-REGISTER). Anything else, a timeout (Timer F) or a transport error: {@link Outcomes#onFailed}.
 *
 * <p>Its callbacks run on the owning loop; they are ignored once the client has replaced it (after
 * {@link TrunkRegistrationClient#stop}).
 */
final class RegisterExchange implements ClientTransaction.Listener {

    /** What an exchange tells its client. Owning loop. */
    interface Outcomes {
        /** Whether {@code exchange} is still the one whose responses count. */
        boolean isCurrent(RegisterExchange exchange);

        /** A 2xx to a REGISTER that asked for a binding. */
        void onRegistered(RegisterExchange exchange, SIPResponse ok);

        /** A 2xx to the un-REGISTER. */
        void onUnregistered();

        /** The exchange failed for {@code reason}; {@code retryAfter} is the registrar's wish, zero when none. */
        void onFailed(RegisterExchange exchange, String reason, Duration retryAfter);
    }

    /** The registration's logger: its lines read as one story. */
    private static final Logger log = LoggerFactory.getLogger(TrunkRegistrationClient.class);

    private final boolean unregister;
    private final RegisterRequests requests;
    private final TransactionLayer transactions;
    private final Clock clock;
    private final Outcomes outcomes;
    private int expires;
    private int challengesAnswered;
    private int intervalRetries;
    private boolean sentCredentials;
    private Instant sentAt;
    /** Where this exchange's REGISTERs go. */
    private Endpoint registrar;

    /** An exchange asking {@code expires} seconds; 0 makes it the un-REGISTER. */
    RegisterExchange(int expires, RegisterRequests requests, TransactionLayer transactions, Clock clock,
                     Outcomes outcomes) {
        this.expires = expires;
        this.unregister = expires == 0;
        this.requests = requests;
        this.transactions = transactions;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    boolean unregister() {
        return unregister;
    }

    /** The interval its last REGISTER asked, in seconds. */
    int expires() {
        return expires;
    }

    /** When its last REGISTER was sent; null before the first. */
    Instant sentAt() {
        return sentAt;
    }

    /** Sends the first REGISTER to {@code to}; the ones answering challenges and 423s go there too. */
    void send(Endpoint to) {
        registrar = to;
        send();
    }

    private void send() {
        sentCredentials = requests.hasChallenge();
        sentAt = clock.instant();
        transactions.sendRequest(requests.build(expires, sentCredentials), registrar, this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SIPResponse response) {
        int status = response.getStatusCode();
        if (!outcomes.isCurrent(this) || status < 200) {
            return;
        }
        if (status < 300) {
            if (unregister) {
                outcomes.onUnregistered();
            } else {
                outcomes.onRegistered(this, response);
            }
        } else if (status == 401 || status == 407) {
            challenged(response);
        } else if (status == 423) {
            intervalTooBrief(response);
        } else {
            outcomes.onFailed(this, status + " " + response.getReasonPhrase(), RegisterRequests.retryAfter(response));
        }
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (outcomes.isCurrent(this)) {
            outcomes.onFailed(this, "no answer from " + registrar + " (timeout)", Duration.ZERO);
        }
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
        if (outcomes.isCurrent(this)) {
            outcomes.onFailed(this, "transport error to " + registrar + ": " + cause.getMessage(), Duration.ZERO);
        }
    }

    private void challenged(SIPResponse response) {
        int status = response.getStatusCode();
        Optional<DigestChallenge> offered = DigestClient.select(response);
        if (offered.isEmpty()) {
            outcomes.onFailed(this, status + " " + response.getReasonPhrase() + " without a usable digest challenge",
                    Duration.ZERO);
            return;
        }
        DigestChallenge c = offered.get();
        if (sentCredentials && !c.stale() && challengesAnswered > 0) {
            outcomes.onFailed(this, "credentials rejected (" + status
                    + " again after digest; wrong username or password?)", Duration.ZERO);
            return;
        }
        if (challengesAnswered >= TrunkRegistrationClient.MAX_CHALLENGES) {
            outcomes.onFailed(this, "challenged " + (TrunkRegistrationClient.MAX_CHALLENGES + 1) + " times in a row",
                    Duration.ZERO);
            return;
        }
        challengesAnswered++;
        requests.keepChallenge(response, c.nonce());
        send();
    }

    private void intervalTooBrief(SIPResponse response) {
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        if (min == null || min.getExpires() <= expires
                || intervalRetries >= TrunkRegistrationClient.MAX_INTERVAL_RETRIES) {
            outcomes.onFailed(this, "423 Interval Too Brief" + (min == null ? " without Min-Expires"
                    : ", Min-Expires " + min.getExpires()), Duration.ZERO);
            return;
        }
        log.debug("trunk {}: registrar wants at least {} s (asked {} s)", requests.trunkName(), min.getExpires(),
                expires);
        requests.raiseInterval(min.getExpires());
        expires = requests.interval();
        intervalRetries++;
        send();
    }
}
