package org.atende.sip.registrar;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.atende.sip.transport.Endpoint;

/**
 * One registered contact of an extension (RFC 3261 §10).
 *
 * <p><b>Reaching the device.</b> Requests for this binding use {@link #contactUri} as Request-URI and are sent to
 * {@link #destination}, chosen when the REGISTER arrived (see {@link ContactRoute}): the Contact's own address,
 * port and transport, unless the device is behind NAT (RFC 3581), when it is {@link #source}, the transport and
 * address:port the REGISTER came from, where the device's NAT binding (or TCP connection) is.
 *
 * @param user         the extension (AOR user part, e.g. {@code "1001"})
 * @param contactUri   the Contact URI (without header parameters), used as Request-URI
 * @param source       where the REGISTER came from
 * @param destination  where requests for this binding are sent: the Contact's address, or {@code source}
 * @param callId       Call-ID of the REGISTER that last refreshed the binding (RFC 3261 §10.3 step 7)
 * @param cseq         its CSeq number
 * @param expires      when the binding lapses
 * @param q            the contact's q-value, 1.0 when the contact gave none
 * @param instanceId   the {@code +sip.instance} (RFC 5626/5627), identifies the device across restarts
 * @param registeredAt when the binding was last added or refreshed
 */
public record Binding(String user, String contactUri, Endpoint source, Endpoint destination, String callId,
                      long cseq, Instant expires, float q, Optional<String> instanceId, Instant registeredAt) {

    public Binding {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }

    /** A binding whose requests go to where its REGISTER came from (as every binding did before {@code nat:}). */
    public Binding(String user, String contactUri, Endpoint source, String callId, long cseq, Instant expires,
                   float q, Optional<String> instanceId, Instant registeredAt) {
        this(user, contactUri, source, source, callId, cseq, expires, q, instanceId, registeredAt);
    }

    /** Whether the binding is still valid at {@code now}. */
    public boolean isLive(Instant now) {
        return expires.isAfter(now);
    }

    /** Whole seconds left at {@code now}, at least 1 while live, 0 once expired. */
    public long remainingSeconds(Instant now) {
        if (!isLive(now)) {
            return 0;
        }
        return Math.max(1, Duration.between(now, expires).getSeconds());
    }
}
