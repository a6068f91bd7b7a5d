package org.atende.media.srtp;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * SDES offer/answer (RFC 4568 §7): which {@code a=crypto} line to take and which keys to use. Pure functions of
 * their inputs and the injected {@link SecureRandom}; callable from any thread.
 *
 * <p>A line is usable when its suite is a {@link SrtpSuite}, it carries exactly one 30-byte key, no MKI (jitsi-srtp
 * has no MKI support) and only session parameters that do not change the packet format: {@code WSH=n} (a window
 * size hint; our replay window is 64). {@code KDR} (jitsi-srtp derives session keys once), {@code UNENCRYPTED_SRTP},
 * {@code UNENCRYPTED_SRTCP}, {@code UNAUTHENTICATED_SRTP}, {@code FEC_*} and anything unknown make a line unusable
 * (RFC 4568 §6.3 forbids accepting a line whose parameters we do not understand).
 *
 * <p>A lifetime is accepted and not enforced: the session is not re-keyed when it runs out.
 */
public final class SdesNegotiator {

    private SdesNegotiator() {
    }

    /**
     * Answers an offer: takes the first usable line, in the offerer's order of preference, and pairs its key with
     * a fresh one of ours under the same tag.
     *
     * @param offeredCryptoValues the values of the offer's {@code a=crypto:} lines for one media stream, in order
     * @return the answer, or empty when no line is usable (answer 488 Not Acceptable Here)
     */
    public static Optional<SdesAnswer> answer(List<String> offeredCryptoValues, SecureRandom rnd) {
        for (String value : offeredCryptoValues) {
            Optional<CryptoAttribute> usable = usable(value);
            if (usable.isPresent()) {
                CryptoAttribute offered = usable.get();
                SrtpSuite suite = offered.suite().orElseThrow();
                CryptoAttribute ours = CryptoAttribute.of(offered.tag(), suite, freshKeySalt(rnd));
                return Optional.of(new SdesAnswer(offered.tag(), suite, offered.keySalt(), ours.keySalt(),
                        ours.format()));
            }
        }
        return Optional.empty();
    }

    /**
     * Atende's offer: {@code AES_CM_128_HMAC_SHA1_80} as tag 1 and {@code AES_CM_128_HMAC_SHA1_32} as tag 2, each
     * with its own fresh key.
     */
    public static List<CryptoAttribute> offer(SecureRandom rnd) {
        return List.of(
                CryptoAttribute.of(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, freshKeySalt(rnd)),
                CryptoAttribute.of(2, SrtpSuite.AES_CM_128_HMAC_SHA1_32, freshKeySalt(rnd)));
    }

    /**
     * Reads the answer to an offer Atende made: the answered line must be usable and echo the tag and suite of one
     * of ours.
     *
     * @param ourOffer      the lines we offered (from {@link #offer})
     * @param answeredValue the answer's single {@code a=crypto:} value
     * @return the agreement, or empty when the answer does not match our offer (tear the stream down)
     */
    public static Optional<SdesAnswer> accept(List<CryptoAttribute> ourOffer, String answeredValue) {
        Optional<CryptoAttribute> usable = usable(answeredValue);
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        CryptoAttribute answered = usable.get();
        for (CryptoAttribute offered : ourOffer) {
            if (offered.tag() == answered.tag()) {
                if (!offered.suiteName().equals(answered.suiteName()) || offered.suite().isEmpty()
                        || offered.keySalt() == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(new SdesAnswer(answered.tag(), answered.suite().orElseThrow(),
                            answered.keySalt(), offered.keySalt(), answered.format()));
                } catch (IllegalArgumentException sameKeyBothWays) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The parsed line if we can use it, else empty. Public so that signalling code can explain a 488 in its logs.
     */
    public static Optional<CryptoAttribute> usable(String cryptoValue) {
        CryptoAttribute attribute;
        try {
            attribute = CryptoAttribute.parse(cryptoValue);
        } catch (SrtpException malformed) {
            return Optional.empty();
        }
        if (attribute.suite().isEmpty() || attribute.keySalt() == null || attribute.mki().isPresent()) {
            return Optional.empty();
        }
        for (String param : attribute.sessionParams()) {
            if (!isHarmless(param)) {
                return Optional.empty();
            }
        }
        return Optional.of(attribute);
    }

    /** Session parameters that leave the packet format and keys as we implement them. */
    private static boolean isHarmless(String param) {
        if (param.startsWith("WSH=")) {
            String n = param.substring(4);
            return !n.isEmpty() && n.length() <= 9 && n.chars().allMatch(c -> c >= '0' && c <= '9')
                    && Integer.parseInt(n) >= 64;
        }
        return false;
    }

    private static byte[] freshKeySalt(SecureRandom rnd) {
        byte[] keySalt = new byte[SrtpSuite.KEY_SALT_LENGTH];
        rnd.nextBytes(keySalt);
        return keySalt;
    }
}
