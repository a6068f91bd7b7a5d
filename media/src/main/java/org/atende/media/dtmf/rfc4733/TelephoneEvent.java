package org.atende.media.dtmf.rfc4733;

import io.netty.buffer.ByteBuf;

/**
 * One RFC 4733 §2.3 telephone-event payload block.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param event event code 0..255 (0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D')
 * @param end the E bit: this packet reports the end of the event
 * @param volume power level 0..63, in -dBm0
 * @param duration duration of the event (segment) so far, in timestamp units, 0..65535
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {

    /** Size of one event block. */
    public static final int LENGTH = 4;
    /** Largest duration one segment can report (RFC 4733 §2.5.1.3). */
    public static final int MAX_DURATION = 0xFFFF;

    public TelephoneEvent {
        if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > MAX_DURATION) {
            throw new IllegalArgumentException("telephone-event field out of range: " + event + "/" + volume
                    + "/" + duration);
        }
    }

    /** Reads the block at absolute {@code index}; the caller has checked that 4 bytes are there. */
    public static TelephoneEvent read(ByteBuf buf, int index) {
        int flags = buf.getUnsignedByte(index + 1);
        return new TelephoneEvent(buf.getUnsignedByte(index), (flags & 0x80) != 0, flags & 0x3F,
                buf.getUnsignedShort(index + 2));
    }

    /** Appends the 4-byte block to {@code out}. */
    public void writeTo(ByteBuf out) {
        out.writeByte(event);
        out.writeByte((end ? 0x80 : 0) | volume);
        out.writeShort(duration);
    }

    /** The key for a DTMF event code, or 0 for codes that are not keys. */
    public static char digitOf(int event) {
        if (event >= 0 && event <= 9) {
            return (char) ('0' + event);
        }
        return switch (event) {
            case 10 -> '*';
            case 11 -> '#';
            case 12, 13, 14, 15 -> (char) ('A' + event - 12);
            default -> 0;
        };
    }

    /** The event code of a key '0'..'9', '*', '#', 'A'..'D'. */
    public static int eventOf(char digit) {
        if (digit >= '0' && digit <= '9') {
            return digit - '0';
        }
        return switch (digit) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A', 'B', 'C', 'D' -> 12 + digit - 'A';
            default -> throw new IllegalArgumentException("not a DTMF key: " + digit);
        };
    }
}
