package org.atende.call;

/**
 * Who is calling, as presented to the called party.
 *
 * @param user        the caller's number or user name
 * @param displayName optional display name, may be null
 * @param source      how the caller reached us: {@code extension 1002} or {@code trunk carrier}
 * @param trunk       the trunk the call came from, null for an extension
 */
public record CallerId(String user, String displayName, String source, String trunk) {

    /** A caller that is not on a trunk. */
    public CallerId(String user, String displayName, String source) {
        this(user, displayName, source, null);
    }
}
