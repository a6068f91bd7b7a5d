package org.atende.sip.message;

import java.util.List;

/**
 * A message split into its start line, unfolded header fields and body, before any grammar check.
 *
 * @param startLine  the request or status line, without its line end
 * @param headers    header fields in received order, folding removed
 * @param data       the buffer the message was scanned from
 * @param bodyOffset absolute index of the first body octet in {@code data}
 * @param bodyEnd    absolute index just past the last octet of the datagram or frame
 */
record RawMessage(String startLine, List<RawHeader> headers, byte[] data, int bodyOffset, int bodyEnd) {

    boolean isResponse() {
        return startLine.regionMatches(true, 0, "SIP/", 0, 4);
    }

    int availableBodyLength() {
        return bodyEnd - bodyOffset;
    }

    /** One header field: the name as received, its canonical long form and its unfolded, trimmed value. */
    record RawHeader(String name, String canonicalName, String value) {

        String line() {
            return canonicalName + ": " + value;
        }
    }
}
