package org.atende.sip.message;

/**
 * Thrown inside the message layer by {@code expectX} helpers when wire input breaks the grammar or a
 * limit. Never escapes {@link SipParser#parse}: it becomes a {@link MalformedSipMessage}.
 */
final class SipParseException extends Exception {

    private final int status;

    SipParseException(String reason) {
        this(reason, 400);
    }

    SipParseException(String reason, int status) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** Short ASCII description of what is wrong, used in the reason phrase of the error response. */
    String reason() {
        return getMessage();
    }

    /** The status a request with this problem is answered with (400, 505 or 513). */
    int status() {
        return status;
    }
}
