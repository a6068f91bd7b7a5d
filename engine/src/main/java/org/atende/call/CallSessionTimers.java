package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.atende.config.SessionTimerConfig;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ClientTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timers of one anchored call, one {@link SessionTimer} per leg whose peer takes part. Toward the
 * caller Atende honours the interval its INVITE asked for (422 below {@code min_se}) and lets a caller that supports
 * timers refresh; toward the callee it asks for {@code expires} and follows the refresher the callee's 2xx names.
 * Atende refreshes with an UPDATE; a refresh that fails with 408 or 481, or gets no answer, and a peer's refresh
 * that never comes, end the call. Runs on the call's event loop.
 */
final class CallSessionTimers {

    private static final Logger log = LoggerFactory.getLogger(CallSessionTimers.class);

    private final CallHost host;
    private final String callId;
    private final SessionTimerConfig config;
    /** Ends the call, with the reason for its record. */
    private final Consumer<String> hangup;
    private final Map<CallLeg.Side, SessionTimer> timers = new EnumMap<>(CallLeg.Side.class);

    CallSessionTimers(CallHost host, String callId, SessionTimerConfig config, Consumer<String> hangup) {
        this.host = host;
        this.callId = callId;
        this.config = config;
        this.hangup = hangup;
    }

    /** The Min-SE to answer with 422 when the caller's INVITE asks for a shorter interval than we accept. */
    Optional<Duration> tooBrief(SIPRequest invite) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        return SessionTimer.Expires.of(invite).filter(e -> e.interval().compareTo(config.minSe()) < 0)
                .map(e -> config.minSe());
    }

    /**
     * Our 2xx to the caller's INVITE: when the caller takes part (it asked for an interval, or supports timers),
     * the 2xx names the interval and the refresher, and the caller's leg gets its timer.
     */
    void answeringCaller(SIPRequest invite, SIPResponse answer, Dialog callerDialog) {
        if (!config.enabled()) {
            return;
        }
        Optional<SessionTimer.Expires> asked = SessionTimer.Expires.of(invite);
        boolean supports = SessionTimer.supported(invite);
        if (asked.isEmpty() && !supports) {
            return; // the caller knows nothing of session timers
        }
        // a caller that does not support timers cannot refresh (RFC 4028 §9): then Atende does
        String role = supports ? asked.flatMap(SessionTimer.Expires::refresher).orElse("uac") : "uas";
        if (role.equals("uas") && !allowsUpdate(invite)) {
            return; // Atende refreshes only by UPDATE
        }
        Duration interval = asked.map(SessionTimer.Expires::interval).orElse(config.expires());
        header(answer, "Session-Expires", interval.toSeconds() + ";refresher=" + role);
        header(answer, "Supported", "timer");
        if (role.equals("uac")) {
            header(answer, "Require", "timer");
        }
        start(CallLeg.Side.A, callerDialog, interval,
                role.equals("uac") ? SessionTimer.Refresher.PEER : SessionTimer.Refresher.US);
    }

    /** Our INVITE to a callee asks for the configured interval; the callee picks the refresher. */
    void offering(SIPRequest invite) {
        if (config.enabled()) {
            header(invite, "Session-Expires", Long.toString(config.expires().toSeconds()));
            header(invite, "Supported", "timer");
        }
    }

    /** The callee's 2xx: with a Session-Expires, the callee's leg gets its timer (the refresher as it says). */
    void calleeAnswered(SIPResponse ok, Dialog calleeDialog) {
        if (!config.enabled()) {
            return;
        }
        SessionTimer.Expires.of(ok).ifPresent(e -> {
            boolean peerRefreshes = e.refresher().map("uas"::equals).orElse(false);
            if (!peerRefreshes && !allowsUpdate(ok)) {
                return; // Atende refreshes only by UPDATE
            }
            start(CallLeg.Side.B, calleeDialog, e.interval(),
                    peerRefreshes ? SessionTimer.Refresher.PEER : SessionTimer.Refresher.US);
        });
    }

    /**
     * A re-INVITE or UPDATE from {@code side}'s peer is answered with {@code ok}: it refreshes that leg's session,
     * and the 2xx repeats the interval (RFC 4028 §9).
     */
    void refreshedBy(CallLeg.Side side, SIPResponse ok) {
        SessionTimer timer = timers.get(side);
        if (timer == null) {
            return;
        }
        timer.refreshed();
        String role = timer.refresher() == SessionTimer.Refresher.PEER ? "uac" : "uas";
        header(ok, "Session-Expires", timer.interval().toSeconds() + ";refresher=" + role);
    }

    /** The call ended. */
    void cancel() {
        timers.values().forEach(SessionTimer::cancel);
        timers.clear();
    }

    private void start(CallLeg.Side side, Dialog dialog, Duration interval, SessionTimer.Refresher refresher) {
        String leg = side == CallLeg.Side.A ? "caller" : "callee";
        log.debug("call {}: session timer on the {} leg, {} s, refreshed by {}", callId, leg, interval.toSeconds(),
                refresher == SessionTimer.Refresher.US ? "Atende" : "the " + leg);
        SessionTimer[] self = new SessionTimer[1];
        self[0] = new SessionTimer(host.timers(), interval, refresher, () -> refresh(self[0], dialog, leg),
                () -> hangup.accept("session timer expired on the " + leg + " leg"));
        SessionTimer old = timers.put(side, self[0]);
        if (old != null) {
            old.cancel();
        }
    }

    /** Our refresh: an UPDATE without SDP, naming the interval and ourselves as refresher. */
    private void refresh(SessionTimer timer, Dialog dialog, String leg) {
        if (dialog.state() == Dialog.State.TERMINATED) {
            return;
        }
        SIPRequest update = dialog.newRequest("UPDATE");
        header(update, "Session-Expires", timer.interval().toSeconds() + ";refresher=uac");
        host.transactions().sendRequest(update, dialog.peer(), new ClientTransaction.Listener() {
            @Override
            public void onResponse(ClientTransaction tx, SIPResponse response) {
                int status = response.getStatusCode();
                if (status < 200) {
                    return;
                }
                if (status == 408 || status == 481) {
                    hangup.accept("session refresh failed on the " + leg + " leg: " + status);
                } else {
                    timer.refreshed(); // a 2xx, or a refusal that leaves the session as it was: try again later
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                hangup.accept("session refresh failed on the " + leg + " leg: no answer");
            }

            @Override
            public void onTransportError(ClientTransaction tx, Throwable cause) {
                hangup.accept("session refresh failed on the " + leg + " leg: unreachable");
            }
        });
    }

    private static boolean allowsUpdate(gov.nist.javax.sip.message.SIPMessage message) {
        var allows = message.getHeaders("Allow");
        while (allows != null && allows.hasNext()) {
            if (allows.next().toString().toUpperCase(java.util.Locale.ROOT).contains("UPDATE")) {
                return true;
            }
        }
        return false;
    }

    private static void header(gov.nist.javax.sip.message.SIPMessage message, String name, String value) {
        try {
            if (name.equals("Supported") && message.getHeader("Supported") != null) {
                String old = message.getHeader("Supported").toString();
                old = old.substring(old.indexOf(':') + 1).strip();
                value = old.isEmpty() ? value : old + ", " + value;
            }
            message.setHeader(SipBuilder.HEADERS.createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot set " + name + ": " + value, e);
        }
    }
}
