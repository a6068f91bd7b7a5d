package org.atende.media.sdp;

/** SDP text that is not a session description we accept; carries the 1-based line number and the reason. */
public final class SdpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String reason;

    public SdpParseException(int lineNumber, String reason) {
        super("SDP line " + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** 1-based line number of the offending line (0 when the input as a whole is wrong, e.g. empty). */
    public int lineNumber() {
        return lineNumber;
    }

    public String reason() {
        return reason;
    }
}
