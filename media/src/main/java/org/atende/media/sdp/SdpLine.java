package org.atende.media.sdp;

import java.util.Objects;

/** One {@code <type>=<value>} line, kept verbatim (without the line terminator). */
public record SdpLine(char type, String value) {

    public SdpLine {
        Objects.requireNonNull(value, "value");
        if (type < 'a' || type > 'z') {
            throw new IllegalArgumentException("SDP line type must be a lowercase letter: " + type);
        }
    }

    public static SdpLine attribute(String name) {
        return new SdpLine('a', name);
    }

    public static SdpLine attribute(String name, String value) {
        return new SdpLine('a', name + ":" + value);
    }

    /** For an {@code a=} line: the attribute name (text before the first colon). */
    public String attributeName() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** For an {@code a=} line: the attribute value (text after the first colon), or null for a flag attribute. */
    public String attributeValue() {
        int colon = value.indexOf(':');
        return colon < 0 ? null : value.substring(colon + 1);
    }

    public boolean isAttribute(String name) {
        return type == 'a' && attributeName().equalsIgnoreCase(name);
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
