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
 */
public record ExtensionConfig(String number, String password, String displayName, int maxContacts,
        boolean directMedia, boolean record, boolean srtp) {

    public static final int DEFAULT_MAX_CONTACTS = 3;

    public ExtensionConfig {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(password, "password");
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

    @Override
    public String toString() {
        return "ExtensionConfig[number=" + number + ", displayName=" + displayName + ", maxContacts=" + maxContacts
                + ", directMedia=" + directMedia + ", record=" + record + ", srtp=" + srtp + "]";
    }
}
