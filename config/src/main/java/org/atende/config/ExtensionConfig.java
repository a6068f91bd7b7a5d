package org.atende.config;

import java.util.Objects;

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
 */
public record ExtensionConfig(String number, String password, String displayName, int maxContacts,
        boolean directMedia, boolean record, boolean srtp, Nat nat) {

    public static final int DEFAULT_MAX_CONTACTS = 3;

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

    @Override
    public String toString() {
        return "ExtensionConfig[number=" + number + ", displayName=" + displayName + ", maxContacts=" + maxContacts
                + ", directMedia=" + directMedia + ", record=" + record + ", srtp=" + srtp + ", nat=" + nat.word() + "]";
    }
}
