package org.atende.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A SIP endpoint (phone, softphone, agent headset) that registers to Atende.
 *
 * @param number      the extension number, also its SIP user name ("1001")
 * @param password    the digest password (after ${ENV} substitution)
 * @param displayName shown to the called party (null becomes the number)
 * @param maxContacts how many devices may register at once for this extension
 * @param directMedia calls between two extensions that both allow it keep RTP between the phones (no recording,
 *                    no media timeout); calls from trunks and queues are always anchored. The loader refuses it
 *                    together with {@code record}
 * @param record      record every call this extension makes or takes
 * @param srtp        offer this extension's phones encrypted media (RTP/SAVP, SDES keys)
 * @param nat         where requests to this extension's phones are sent: their Contact, or the address their
 *                    REGISTER came from (see {@link Nat})
 * @param qualify     how often each registered phone is sent an OPTIONS to learn whether it is reachable (RFC 3261
 *                    §11); empty: never ({@code qualify: off}). Between {@link #MIN_QUALIFY} and {@link #MAX_QUALIFY}
 * @param defaultAgent the agent the login feature code logs in here without asking for an agent number (the PIN
 *                    is still asked)
 */
public record ExtensionConfig(String number, String password, String displayName, int maxContacts,
        boolean directMedia, boolean record, boolean srtp, Nat nat, Optional<Duration> qualify,
        Optional<String> defaultAgent) {

    public static final int DEFAULT_MAX_CONTACTS = 3;
    /**
     * Phones are qualified every minute unless told otherwise: the ACD must not offer calls to an agent whose phone
     * went away without unregistering (unplugged, out of Wi-Fi), and a registration (often an hour) is too slow to
     * tell. One OPTIONS a minute per phone is what Asterisk's {@code qualify=yes} sends too.
     */
    public static final Optional<Duration> DEFAULT_QUALIFY = Optional.of(Duration.ofSeconds(60));
    public static final Duration MIN_QUALIFY = Duration.ofSeconds(1);
    public static final Duration MAX_QUALIFY = Duration.ofHours(1);

    /** Whether the registrar treats this extension's phones as behind NAT ({@code extensions[].nat}). */
    public enum Nat {
        /**
         * Behind NAT when the REGISTER shows it (its Via sent-by is not the address and port it came from, or its
         * Contact holds a private address while it came from a public one): requests then go to where the
         * REGISTER came from; otherwise to the Contact. The default.
         */
        AUTO,
        /** Always behind NAT: requests go to where the REGISTER came from, whatever its Contact says. */
        FORCE,
        /** Never behind NAT: requests go to the Contact (its address, port and transport). */
        NEVER;

        /** The YAML word: {@code auto}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ExtensionConfig {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(nat, "nat");
        Objects.requireNonNull(qualify, "qualify");
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        qualify.ifPresent(q -> {
            if (q.compareTo(MIN_QUALIFY) < 0 || q.compareTo(MAX_QUALIFY) > 0) {
                throw new IllegalArgumentException("qualify must be 1s..1h or off, was " + q);
            }
        });
        if (displayName == null) {
            displayName = number;
        }
        if (maxContacts < 1) {
            throw new IllegalArgumentException("max_contacts must be at least 1, was " + maxContacts);
        }
    }

    public ExtensionConfig(String number, String password, String displayName, int maxContacts) {
        this(number, password, displayName, maxContacts, false, false, false);
    }

    /** With {@link Nat#AUTO}. */
    public ExtensionConfig(String number, String password, String displayName, int maxContacts,
                           boolean directMedia, boolean record, boolean srtp) {
        this(number, password, displayName, maxContacts, directMedia, record, srtp, Nat.AUTO);
    }

    /** With the default {@link #qualify}. */
    public ExtensionConfig(String number, String password, String displayName, int maxContacts,
                           boolean directMedia, boolean record, boolean srtp, Nat nat) {
        this(number, password, displayName, maxContacts, directMedia, record, srtp, nat, DEFAULT_QUALIFY);
    }

    /** With no default agent. */
    public ExtensionConfig(String number, String password, String displayName, int maxContacts,
                           boolean directMedia, boolean record, boolean srtp, Nat nat, Optional<Duration> qualify) {
        this(number, password, displayName, maxContacts, directMedia, record, srtp, nat, qualify, Optional.empty());
    }

    @Override
    public String toString() {
        return "ExtensionConfig[number=" + number + ", displayName=" + displayName + ", maxContacts=" + maxContacts
                + ", directMedia=" + directMedia + ", record=" + record + ", srtp=" + srtp + ", nat=" + nat.word()
                + ", qualify=" + qualify.map(Durations::format).orElse("off")
                + defaultAgent.map(a -> ", defaultAgent=" + a).orElse("") + "]";
    }
}
