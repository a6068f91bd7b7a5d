package org.atende.media.srtp;

import java.util.Optional;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP crypto suites Atende negotiates with SDES (RFC 4568 §6.2): AES counter mode with a 128-bit master key
 * and 112-bit master salt, HMAC-SHA1 authentication. The {@code _32} suite shortens the RTP tag to 4 bytes to
 * save bandwidth; SRTCP keeps the 10-byte tag in both (RFC 4568 §6.2.1).
 *
 * <p>Other registered suites (F8, AES-192/256, AEAD-GCM) are parsed but not offered or accepted.
 */
public enum SrtpSuite {

    AES_CM_128_HMAC_SHA1_80(10),
    AES_CM_128_HMAC_SHA1_32(4);

    /** AES-128 master key length in bytes. */
    public static final int MASTER_KEY_LENGTH = 16;
    /** Master salt length in bytes (112 bits). */
    public static final int MASTER_SALT_LENGTH = 14;
    /** Length of the SDES {@code inline:} value once decoded: key followed by salt. */
    public static final int KEY_SALT_LENGTH = MASTER_KEY_LENGTH + MASTER_SALT_LENGTH;

    private static final int RTCP_AUTH_TAG_LENGTH = 10;
    private static final int HMAC_SHA1_KEY_LENGTH = 20;

    private final int rtpAuthTagLength;

    SrtpSuite(int rtpAuthTagLength) {
        this.rtpAuthTagLength = rtpAuthTagLength;
    }

    /** The suite with this SDP name, exactly as RFC 4568 spells it; empty for anything else. */
    public static Optional<SrtpSuite> byName(String sdpName) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(sdpName)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    /** The name used in {@code a=crypto:} lines. */
    public String sdpName() {
        return name();
    }

    /** Bytes appended to every SRTP packet. */
    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    /** Bytes appended to every SRTCP packet after the 4-byte E flag and index. */
    public int rtcpAuthTagLength() {
        return RTCP_AUTH_TAG_LENGTH;
    }

    /** A fresh policy for jitsi-srtp's RTP contexts (jitsi's policies are mutable, so never shared). */
    SrtpPolicy rtpPolicy() {
        return policy(rtpAuthTagLength);
    }

    /** A fresh policy for jitsi-srtp's RTCP contexts. */
    SrtpPolicy rtcpPolicy() {
        return policy(RTCP_AUTH_TAG_LENGTH);
    }

    private static SrtpPolicy policy(int tagLength) {
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, MASTER_KEY_LENGTH,
                SrtpPolicy.HMACSHA1_AUTHENTICATION, HMAC_SHA1_KEY_LENGTH, tagLength, MASTER_SALT_LENGTH);
    }
}
