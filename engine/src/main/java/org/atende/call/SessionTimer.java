package org.atende.call;

import gov.nist.javax.sip.message.SIPMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.atende.sip.transaction.TimerService;

/**
 * One leg's RFC 4028 session timer. The refresher sends a refresh (Atende: an UPDATE) every half interval; the other
 * side expects one and, when none came by the interval less a third (at most 32 s, §10), ends the session. Any
 * successful re-INVITE or UPDATE on the leg counts as a refresh. Runs on the call's event loop.
 */
final class SessionTimer {

    /** Who refreshes: {@code uac} or {@code uas} of the leg's INVITE, seen from Atende as US or PEER. */
    enum Refresher { US, PEER }

    /** What a Session-Expires header said: the interval and, if named, the refresher role ({@code uac}/{@code uas}). */
    record Expires(Duration interval, Optional<String> refresher) {

        /** Reads the Session-Expires (or its compact form {@code x}) of {@code message}, if any. */
        static Optional<Expires> of(SIPMessage message) {
            var header = message.getHeader("Session-Expires");
            if (header == null) {
                header = message.getHeader("x");
            }
            if (header == null) {
                return Optional.empty();
            }
            String value = header.toString();
            value = value.substring(value.indexOf(':') + 1).strip();
            String[] parts = value.split(";");
            long seconds;
            try {
                seconds = Long.parseLong(parts[0].strip());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (seconds <= 0) {
                return Optional.empty();
            }
            Optional<String> refresher = Optional.empty();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("refresher")) {
                    refresher = Optional.of(kv[1].strip().toLowerCase(Locale.ROOT));
                }
            }
            return Optional.of(new Expires(Duration.ofSeconds(seconds), refresher));
        }

        /** The header value: {@code 1800;refresher=uac}. */
        String header() {
            return interval.toSeconds() + refresher.map(r -> ";refresher=" + r).orElse("");
        }
    }

    /** Whether {@code message}'s Supported (or its compact form {@code k}) or Require names {@code timer}. */
    static boolean supported(SIPMessage message) {
        for (String name : new String[] {"Supported", "k", "Require"}) {
            var headers = message.getHeaders(name);
            while (headers != null && headers.hasNext()) {
                String value = headers.next().toString();
                value = value.substring(value.indexOf(':') + 1);
                for (String tag : value.split(",")) {
                    if (tag.strip().equalsIgnoreCase("timer")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private final TimerService timers;
    private final Duration interval;
    private final Refresher refresher;
    private final Runnable refresh;
    private final Runnable expired;
    private TimerService.Timer pending;

    /**
     * @param refresh what sends a refresh (we are the refresher); its outcome comes back through
     *                {@link #refreshed} or the caller's own ending of the call
     * @param expired the session expired: no refresh came from the peer
     */
    SessionTimer(TimerService timers, Duration interval, Refresher refresher, Runnable refresh, Runnable expired) {
        this.timers = timers;
        this.interval = interval;
        this.refresher = refresher;
        this.refresh = refresh;
        this.expired = expired;
        arm();
    }

    Duration interval() {
        return interval;
    }

    Refresher refresher() {
        return refresher;
    }

    /** A refresh succeeded (ours, or the peer's): the interval starts again. */
    void refreshed() {
        arm();
    }

    void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    private void arm() {
        cancel();
        if (refresher == Refresher.US) {
            pending = timers.schedule(interval.dividedBy(2), refresh);
        } else {
            Duration margin = interval.dividedBy(3).compareTo(Duration.ofSeconds(32)) < 0 ? interval.dividedBy(3)
                    : Duration.ofSeconds(32);
            pending = timers.schedule(interval.minus(margin), expired);
        }
    }
}
