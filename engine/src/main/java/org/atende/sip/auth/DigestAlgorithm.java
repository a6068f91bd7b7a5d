package org.atende.sip.auth;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest hash algorithms Atende speaks (RFC 7616 §3.3, RFC 8760 for SIP). The {@code -sess}
 * variants are not supported.
 */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** The value of the {@code algorithm} parameter ({@code SHA-256}, {@code MD5}). */
    public String token() {
        return token;
    }

    /** Parses an {@code algorithm} parameter, case-insensitively; a missing one means MD5 (RFC 2617 §3.2.1). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null) {
            return Optional.of(MD5);
        }
        String t = token.trim().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of the hash of the UTF-8 bytes of {@code text}. */
    public String hex(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    byte[] digest(byte[] data) {
        return Hashing.digest(jcaName, data);
    }

    /**
     * The request-digest (RFC 7616 §3.4.1; RFC 2617 §3.2.2.1; RFC 2069 when {@code qop} is null).
     *
     * @param qop    {@code "auth"} or null for the RFC 2069 form without nc and cnonce
     * @param nc     eight hex digits, ignored when qop is null
     * @param cnonce client nonce, ignored when qop is null
     */
    public String response(String username, String realm, String password, String method, String uri,
                           String nonce, String qop, String nc, String cnonce) {
        String ha1 = hex(username + ":" + realm + ":" + password);
        String ha2 = hex(method + ":" + uri);
        if (qop == null) {
            return hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
