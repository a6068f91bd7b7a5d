package org.atende.sip.auth;

/**
 * Credentials that were checked and failed: what they named and why they failed (for the security log and the
 * guard that counts failures; never the password or the digest).
 *
 * @param username what the credentials named
 */
public record AuthFailure(String username, Reason reason) {

    /** Why, as the security log writes it. */
    public enum Reason {
        /** A configured user, a digest that does not match its password. */
        WRONG_PASSWORD("wrong-password"),
        /** A user that does not exist (the peer is told nothing different). */
        UNKNOWN_USER("unknown-user");

        private final String word;

        Reason(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
