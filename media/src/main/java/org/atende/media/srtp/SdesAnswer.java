package org.atende.media.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of an SDES exchange (RFC 4568): the chosen line's tag and suite and the two keys. Each side sends
 * with its own key: {@code localKeySalt} protects what Atende sends, {@code remoteKeySalt} checks and decrypts what
 * the peer sends.
 *
 * <p>Holds key material: {@link #toString()} hides it, arrays are copied in and out.
 *
 * @param tag            tag of the chosen {@code a=crypto} line, the same in offer and answer
 * @param suite          the negotiated suite
 * @param remoteKeySalt  the peer's key||salt
 * @param localKeySalt   our key||salt
 * @param attributeValue the answer's {@code a=crypto:} value: ours when Atende answered, the peer's when it offered
 */
public record SdesAnswer(int tag, SrtpSuite suite, byte[] remoteKeySalt, byte[] localKeySalt, String attributeValue) {

    public SdesAnswer {
        Objects.requireNonNull(suite, "suite");
        remoteKeySalt = checkedCopy(remoteKeySalt, "remoteKeySalt");
        localKeySalt = checkedCopy(localKeySalt, "localKeySalt");
        Objects.requireNonNull(attributeValue, "attributeValue");
        if (Arrays.equals(remoteKeySalt, localKeySalt)) {
            throw new IllegalArgumentException("the two directions must not share a key");
        }
    }

    /** A session for one call leg with these keys; it belongs to the leg's event loop. */
    public SrtpSession newSession() {
        return new SrtpSession(suite, localKeySalt, remoteKeySalt);
    }

    @Override
    public byte[] remoteKeySalt() {
        return remoteKeySalt.clone();
    }

    @Override
    public byte[] localKeySalt() {
        return localKeySalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdesAnswer other
                && tag == other.tag
                && suite == other.suite
                && Arrays.equals(remoteKeySalt, other.remoteKeySalt)
                && Arrays.equals(localKeySalt, other.localKeySalt)
                && attributeValue.equals(other.attributeValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, suite, Arrays.hashCode(remoteKeySalt), Arrays.hashCode(localKeySalt), attributeValue);
    }

    /** Shows tag and suite only: the keys and the attribute value (which contains a key) stay hidden. */
    @Override
    public String toString() {
        return "SdesAnswer[tag=" + tag + ", suite=" + suite + ", keys=<hidden>]";
    }

    private static byte[] checkedCopy(byte[] keySalt, String name) {
        Objects.requireNonNull(keySalt, name);
        if (keySalt.length != SrtpSuite.KEY_SALT_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + SrtpSuite.KEY_SALT_LENGTH + " bytes, not "
                    + keySalt.length);
        }
        return keySalt.clone();
    }
}
