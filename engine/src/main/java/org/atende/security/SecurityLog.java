package org.atende.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log: logger {@code atende.security}, one line per event, in the fixed format that
 * {@code docs/security.md} documents and {@code tools/fail2ban/} reads. Every line is an event name followed by
 * {@code key=value} fields in a fixed order; values never contain spaces (what a peer wrote, such as a user name or a
 * Call-ID, is cut to 64 characters and anything but letters, digits and {@code . _ - + @ : ~} becomes {@code _}), so
 * a line cannot be forged by what the attacker sends. Passwords, digest responses and nonces never appear. Thread-safe.
 */
public final class SecurityLog {

    /** The logger's name, for log configuration. */
    public static final String LOGGER = "atende.security";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_FIELD = 64;

    /** One failed digest authentication ({@code reason}: wrong-password, unknown-user). */
    void authFailure(InetSocketAddress source, String transport, String method, String user, String reason,
                     int failures, String callId) {
        log.warn("auth-failure src={} port={} transport={} method={} user={} reason={} failures={} call-id={}",
                source.getAddress().getHostAddress(), source.getPort(), transport, method, field(user), reason,
                failures, field(callId));
    }

    /** A failure from a trusted or trunk address: never counted, and not what fail2ban's filter reads. */
    void exemptAuthFailure(InetSocketAddress source, String transport, String method, String user, String reason,
                           String callId) {
        log.warn("auth-failure-exempt src={} port={} transport={} method={} user={} reason={} call-id={}",
                source.getAddress().getHostAddress(), source.getPort(), transport, method, field(user), reason,
                field(callId));
    }

    void banStarted(InetAddress key, int failures, Duration window, Duration ban) {
        log.warn("ban-start src={} failures={} window={}s duration={}s", SourceKey.text(key), failures,
                window.toSeconds(), ban.toSeconds());
    }

    void banEnded(InetAddress key, long refused) {
        log.info("ban-end src={} refused={}", SourceKey.text(key), refused);
    }

    void lockStarted(String user, int failures, Duration lock) {
        log.warn("extension-lock-start user={} failures={} duration={}s", field(user), failures, lock.toSeconds());
    }

    void lockEnded(String user, long refused) {
        log.info("extension-lock-end user={} refused={}", field(user), refused);
    }

    /** Right credentials from an address the extension has not registered from, while it is locked. */
    void authRefused(InetSocketAddress source, String method, String user, String callId) {
        log.warn("auth-refused src={} port={} method={} user={} reason=extension-locked call-id={}",
                source.getAddress().getHostAddress(), source.getPort(), method, field(user), field(callId));
    }

    /** An extension registered from an address it had not registered from before (once per address). */
    void newAddress(String user, InetSocketAddress source, String transport) {
        log.info("new-address user={} src={} port={} transport={}", field(user), source.getAddress().getHostAddress(),
                source.getPort(), transport);
    }

    /** A source's requests over its rate limit in the last {@code interval}: one line per source and interval. */
    void rateLimited(InetAddress key, String limit, long refused, Duration interval) {
        log.warn("rate-limited src={} limit={} refused={} interval={}s", SourceKey.text(key), limit, refused,
                interval.toSeconds());
    }

    /** More sources than one summary may name: how many lines were folded into this one. */
    void moreRateLimited(int sources, long refused, Duration interval) {
        log.warn("rate-limited-more sources={} refused={} interval={}s", sources, refused, interval.toSeconds());
    }

    /** Requests refused in the last {@code interval} from sources beyond the table, which share one bucket set. */
    void untrackedRateLimited(long refused, Duration interval) {
        log.warn("rate-limited-untracked refused={} interval={}s", refused, interval.toSeconds());
    }

    /** What a peer wrote, safe for one field of one line. */
    static String field(String text) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        int n = Math.min(text.length(), MAX_FIELD);
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '+' || c == '@' || c == ':' || c == '~';
            out.append(safe ? c : '_');
        }
        return out.toString();
    }
}
