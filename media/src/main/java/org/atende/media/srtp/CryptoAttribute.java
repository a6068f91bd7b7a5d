package org.atende.media.srtp;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The value of one SDES {@code a=crypto:} attribute (RFC 4568 §9.1):
 * {@code tag SP suite SP inline:key||salt[|lifetime][|mki:length] *(SP session-param)}.
 *
 * <p>Suites we do not support are still parsed (tag, name, lifetime, MKI, session parameters) so that an offer
 * listing them can be answered with a supported line; their {@link #keySalt()} is {@code null} because we do not
 * know their key length. For supported suites the key must decode to exactly
 * {@value SrtpSuite#KEY_SALT_LENGTH} bytes and only one key may be given.
 *
 * <p>The key is secret: {@link #toString()} never shows it. Arrays are copied in and out.
 *
 * @param tag           decimal tag, 0..999999999, that the answer echoes
 * @param suiteName     crypto-suite as written, supported or not
 * @param keySalt       master key followed by master salt, or {@code null} for an unsupported suite
 * @param lifetime      master key lifetime in packets, when given
 * @param mki           master key identifier, when given
 * @param sessionParams session parameters after the key, as written (e.g. {@code UNENCRYPTED_SRTP}, {@code WSH=64})
 */
public record CryptoAttribute(int tag, String suiteName, byte[] keySalt, OptionalLong lifetime, Optional<Mki> mki,
                              List<String> sessionParams) {

    /** RFC 4568 §6.1: a tag is 1 to 9 digits. */
    public static final int MAX_TAG = 999_999_999;
    /** RFC 3711 §9.2: no more than 2^48 SRTP packets under one master key. */
    public static final long MAX_LIFETIME = 1L << 48;

    private static final Pattern BLANKS = Pattern.compile("[ \t]+");
    private static final String INLINE = "inline:";

    /**
     * A master key identifier carried in every packet (RFC 3711 §3.1). Parsed but not supported by
     * {@link SrtpSession}, so {@link SdesNegotiator} refuses lines that carry one.
     *
     * @param value  MKI value
     * @param length bytes the MKI takes in each packet, 1..128
     */
    public record Mki(long value, int length) {
        public Mki {
            if (length < 1 || length > 128) {
                throw new IllegalArgumentException("MKI length must be 1..128, not " + length);
            }
            if (value < 0 || (length < 8 && value >= 1L << (8 * length))) {
                throw new IllegalArgumentException("MKI value " + value + " does not fit in " + length + " bytes");
            }
        }
    }

    public CryptoAttribute {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("tag must be 0.." + MAX_TAG + ", not " + tag);
        }
        Objects.requireNonNull(suiteName, "suiteName");
        if (suiteName.isEmpty() || suiteName.chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
            throw new IllegalArgumentException("suite name must be visible ASCII without spaces: " + suiteName);
        }
        if (keySalt != null) {
            keySalt = keySalt.clone();
        }
        if (SrtpSuite.byName(suiteName).isPresent()
                && (keySalt == null || keySalt.length != SrtpSuite.KEY_SALT_LENGTH)) {
            throw new IllegalArgumentException(suiteName + " needs a " + SrtpSuite.KEY_SALT_LENGTH + "-byte key||salt");
        }
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isPresent() && (lifetime.getAsLong() < 1 || lifetime.getAsLong() > MAX_LIFETIME)) {
            throw new IllegalArgumentException("lifetime must be 1..2^48, not " + lifetime.getAsLong());
        }
        Objects.requireNonNull(mki, "mki");
        sessionParams = List.copyOf(sessionParams);
        for (String p : sessionParams) {
            if (p.isEmpty() || p.chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
                throw new IllegalArgumentException("session parameter must be visible ASCII without spaces: " + p);
            }
        }
    }

    /** A supported suite with a key and nothing else: what Atende offers and answers. */
    public static CryptoAttribute of(int tag, SrtpSuite suite, byte[] keySalt) {
        return new CryptoAttribute(tag, suite.sdpName(), keySalt, OptionalLong.empty(), Optional.empty(), List.of());
    }

    /**
     * Parses the value of an {@code a=crypto:} line (everything after the colon).
     *
     * @throws SrtpException with the reason when the value is malformed, or names a supported suite with a key
     *                       of the wrong length or several keys
     */
    public static CryptoAttribute parse(String value) throws SrtpException {
        if (value == null) {
            throw new SrtpException("empty crypto attribute");
        }
        String[] fields = BLANKS.split(value.strip());
        if (fields.length < 3 || fields[0].isEmpty()) {
            throw new SrtpException("crypto attribute needs a tag, a suite and key parameters");
        }
        int tag = parseTag(fields[0]);
        String suiteName = fields[1];
        Optional<SrtpSuite> suite = SrtpSuite.byName(suiteName);

        String[] keyParams = fields[2].split(";", -1);
        if (suite.isPresent() && keyParams.length > 1) {
            throw new SrtpException("several keys for " + suiteName + " are not supported");
        }
        KeyParam first = null;
        for (String keyParam : keyParams) {
            KeyParam parsed = parseKeyParam(keyParam);
            if (first == null) {
                first = parsed;
            }
        }
        byte[] keySalt = null;
        if (suite.isPresent()) {
            if (first.keySalt.length != SrtpSuite.KEY_SALT_LENGTH) {
                throw new SrtpException("key||salt is " + first.keySalt.length + " bytes, " + suiteName + " needs "
                        + SrtpSuite.KEY_SALT_LENGTH);
            }
            keySalt = first.keySalt;
        }
        List<String> sessionParams = Arrays.asList(fields).subList(3, fields.length);
        for (String p : sessionParams) {
            if (p.chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
                throw new SrtpException("session parameter is not visible ASCII: " + p);
            }
        }
        return new CryptoAttribute(tag, suiteName, keySalt, first.lifetime, first.mki, sessionParams);
    }

    /** The attribute value, ready to follow {@code a=crypto:}. Lifetimes that are powers of two print as 2^n. */
    public String format() {
        if (keySalt == null) {
            throw new IllegalStateException("cannot format " + suiteName + ": its key was not kept");
        }
        StringBuilder sb = new StringBuilder(64)
                .append(tag).append(' ').append(suiteName).append(' ')
                .append(INLINE).append(Base64.getEncoder().encodeToString(keySalt));
        lifetime.ifPresent(l -> {
            sb.append('|');
            if (Long.bitCount(l) == 1) {
                sb.append("2^").append(Long.numberOfTrailingZeros(l));
            } else {
                sb.append(l);
            }
        });
        mki.ifPresent(m -> sb.append('|').append(m.value()).append(':').append(m.length()));
        for (String p : sessionParams) {
            sb.append(' ').append(p);
        }
        return sb.toString();
    }

    /** The suite, if we support it. */
    public Optional<SrtpSuite> suite() {
        return SrtpSuite.byName(suiteName);
    }

    /** A copy of the key||salt, or {@code null} for an unsupported suite. */
    @Override
    public byte[] keySalt() {
        return keySalt == null ? null : keySalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CryptoAttribute other
                && tag == other.tag
                && suiteName.equals(other.suiteName)
                && Arrays.equals(keySalt, other.keySalt)
                && lifetime.equals(other.lifetime)
                && mki.equals(other.mki)
                && sessionParams.equals(other.sessionParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, suiteName, Arrays.hashCode(keySalt), lifetime, mki, sessionParams);
    }

    /** Shows everything but the key. */
    @Override
    public String toString() {
        return "CryptoAttribute[tag=" + tag + ", suite=" + suiteName + ", key=" + (keySalt == null ? "none" : "<hidden>")
                + ", lifetime=" + lifetime + ", mki=" + mki + ", sessionParams=" + sessionParams + "]";
    }

    private record KeyParam(byte[] keySalt, OptionalLong lifetime, Optional<Mki> mki) {
    }

    private static int parseTag(String s) throws SrtpException {
        if (s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SrtpException("tag must be 1 to 9 digits: " + s);
        }
        return Integer.parseInt(s);
    }

    /** {@code inline:<key||salt>[|lifetime][|mki:length]}. */
    private static KeyParam parseKeyParam(String keyParam) throws SrtpException {
        if (!keyParam.regionMatches(true, 0, INLINE, 0, INLINE.length())) {
            throw new SrtpException("key method must be inline:, got " + describe(keyParam));
        }
        String[] parts = keyParam.substring(INLINE.length()).split("\\|", -1);
        if (parts.length > 3) {
            throw new SrtpException("too many |-separated fields after the key");
        }
        byte[] keySalt = decodeKey(parts[0]);
        OptionalLong lifetime = OptionalLong.empty();
        Optional<Mki> mki = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.indexOf(':') >= 0) {
                if (mki.isPresent()) {
                    throw new SrtpException("more than one MKI");
                }
                mki = Optional.of(parseMki(part));
            } else {
                if (lifetime.isPresent() || mki.isPresent()) {
                    throw new SrtpException("lifetime must come once, before the MKI");
                }
                lifetime = OptionalLong.of(parseLifetime(part));
            }
        }
        return new KeyParam(keySalt, lifetime, mki);
    }

    private static byte[] decodeKey(String base64) throws SrtpException {
        if (base64.isEmpty()) {
            throw new SrtpException("inline: key is empty");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SrtpException("inline: key is not valid base64");
        }
    }

    private static long parseLifetime(String s) throws SrtpException {
        long value;
        if (s.startsWith("2^")) {
            String exponent = s.substring(2);
            if (!isDigits(exponent, 2)) {
                throw new SrtpException("lifetime exponent must be 1 or 2 digits: " + s);
            }
            int n = Integer.parseInt(exponent);
            if (n > 48) {
                throw new SrtpException("lifetime " + s + " exceeds 2^48");
            }
            value = 1L << n;
        } else {
            if (!isDigits(s, 15)) {
                throw new SrtpException("lifetime must be decimal or 2^n: " + s);
            }
            value = Long.parseLong(s);
            if (value < 1 || value > MAX_LIFETIME) {
                throw new SrtpException("lifetime must be 1..2^48: " + s);
            }
        }
        return value;
    }

    private static Mki parseMki(String s) throws SrtpException {
        int colon = s.indexOf(':');
        String value = s.substring(0, colon);
        String length = s.substring(colon + 1);
        if (!isDigits(value, 19) || !isDigits(length, 3)) {
            throw new SrtpException("MKI must be value:length in decimal: " + s);
        }
        try {
            return new Mki(Long.parseLong(value), Integer.parseInt(length));
        } catch (IllegalArgumentException e) {
            throw new SrtpException(e.getMessage());
        }
    }

    private static boolean isDigits(String s, int maxLength) {
        return !s.isEmpty() && s.length() <= maxLength && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The start of a field for an error message, without echoing what may be key material. */
    private static String describe(String keyParam) {
        int colon = keyParam.indexOf(':');
        return colon < 0 ? "no key method" : "'" + keyParam.substring(0, Math.min(colon + 1, 16)) + "'";
    }
}
