package org.atende.sip.registrar;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.atende.sip.transport.Endpoint;

/**
 * One registered contact of an extension (RFC 3261 §10).
 *
 * <p><b>Reaching the device (RFC 3581, NAT).</b> Requests for this binding use {@link #contactUri} as
 * Request-URI but are <em>sent to {@link #source}</em>: the transport and address:port the REGISTER actually
 * came from, which is where the device's NAT binding (or TCP connection) is. The contact's own host is often a
 * private address and is not used for routing.
 *
 * @param user         the extension (AOR user part, e.g. {@code "1001"})
 * @param contactUri   the Contact URI (without header parameters), used as Request-URI
 * @param source       where the REGISTER came from; requests for this binding are sent there
 * @param callId       Call-ID of the REGISTER that last refreshed the binding (RFC 3261 §10.3 step 7)
 * @param cseq         its CSeq number
 * @param expires      when the binding lapses
 * @param q            the contact's q-value, 1.0 when the contact gave none
 * @param instanceId   the {@code +sip.instance} (RFC 5626/5627), identifies the device across restarts
 * @param registeredAt when the binding was last added or refreshed
 */
public record Binding(String user, String contactUri, Endpoint source, String callId, long cseq, Instant expires,
                      float q, Optional<String> instanceId, Instant registeredAt) {

    public Binding {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(registeredAt, "registeredAt");
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
