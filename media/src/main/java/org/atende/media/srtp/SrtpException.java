package org.atende.media.srtp;

/**
 * SDES key material we cannot use: a malformed {@code a=crypto:} value (bad base64, wrong key length, no
 * {@code inline:} key) or one that asks for something we do not do. Signalling-time only; the packet path never
 * throws and counts instead.
 */
public final class SrtpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public SrtpException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Human-readable reason, fit for a log line or a 488 warning; never contains key material. */
    public String reason() {
        return reason;
    }
}
