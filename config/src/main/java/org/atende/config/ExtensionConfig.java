package org.atende.config;

/**
 * A SIP endpoint (phone, softphone, agent headset) that registers to Atende.
 *
 * @param number      the extension number, also its SIP user name ("1001")
 * @param password    the digest password (after ${ENV} substitution)
 * @param displayName shown to the called party
 * @param maxContacts how many devices may register at once for this extension
 */
public record ExtensionConfig(String number, String password, String displayName, int maxContacts) {

    @Override
    public String toString() {
        return "ExtensionConfig[number=" + number + ", displayName=" + displayName + ", maxContacts=" + maxContacts + "]";
    }
}
