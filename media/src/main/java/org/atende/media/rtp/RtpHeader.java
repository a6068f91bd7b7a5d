package org.atende.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A parsed view of an RTP packet's header (RFC 3550 §5.1), read from a {@link ByteBuf} without copying the
 * payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |  (if X)
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Why a mutable object.</b> Every received packet (50 per second per leg for 20 ms audio) goes through
 * here on the call's event loop. A receive path holds one {@code RtpHeader} and calls {@link #read(ByteBuf)}
 * for each packet: no allocation per packet, and no exception for bad input. The fields are valid only until
 * the next {@code read} and only while the packet buffer is alive; a holder that needs the values later copies
 * them. Not thread-safe: it belongs to the loop that owns the media session. {@link #parse(ByteBuf)} is the
 * allocating convenience for cold paths and tests.
 *
 * <p>Reading never changes the buffer's reader or writer index and never releases it: the caller keeps
 * ownership. The payload is {@code packet.slice(payloadOffset(), payloadLength())} (absolute indexes).
 */
public final class RtpHeader {

    /** Size of the fixed header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** The only RTP version. */
    public static final int VERSION = 2;

    private RtpMalformation malformation;
    private boolean padding;
    private boolean extension;
    private int csrcCount;
    private final int[] csrcs = new int[15];
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int extensionProfile;
    private int extensionLengthWords;
    private int extensionOffset;
    private int paddingLength;
    private int payloadOffset;
    private int payloadLength;

    /**
     * Parses the readable bytes of {@code packet} into this object.
     *
     * @return true when the packet is valid RTP; false otherwise, with the reason in {@link #malformation()}
     */
    public boolean read(ByteBuf packet) {
        malformation = check(packet);
        return malformation == null;
    }

    /** Why the last {@link #read(ByteBuf)} failed; {@code null} after a successful read. */
    public RtpMalformation malformation() {
        return malformation;
    }

    private RtpMalformation check(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (length < FIXED_HEADER_LENGTH) {
            return RtpMalformation.TOO_SHORT;
        }
        int b0 = packet.getUnsignedByte(start);
        int b1 = packet.getUnsignedByte(start + 1);
        if (b0 >>> 6 != VERSION) {
            return RtpMalformation.BAD_VERSION;
        }
        padding = (b0 & 0x20) != 0;
        extension = (b0 & 0x10) != 0;
        csrcCount = b0 & 0x0F;
        marker = (b1 & 0x80) != 0;
        payloadType = b1 & 0x7F;
        if (payloadType >= 72 && payloadType <= 76) {
            return RtpMalformation.RTCP_PAYLOAD_TYPE;
        }
        sequenceNumber = packet.getUnsignedShort(start + 2);
        timestamp = packet.getUnsignedInt(start + 4);
        ssrc = packet.getUnsignedInt(start + 8);
        int headerLength = FIXED_HEADER_LENGTH + 4 * csrcCount;
        if (headerLength > length) {
            return RtpMalformation.CSRC_OVERFLOW;
        }
        for (int i = 0; i < csrcCount; i++) {
            csrcs[i] = packet.getInt(start + FIXED_HEADER_LENGTH + 4 * i);
        }
        extensionProfile = 0;
        extensionLengthWords = 0;
        extensionOffset = -1;
        if (extension) {
            if (headerLength + 4 > length) {
                return RtpMalformation.EXTENSION_OVERFLOW;
            }
            extensionProfile = packet.getUnsignedShort(start + headerLength);
            extensionLengthWords = packet.getUnsignedShort(start + headerLength + 2);
            extensionOffset = start + headerLength + 4;
            headerLength += 4 + 4 * extensionLengthWords;
            if (headerLength > length) {
                return RtpMalformation.EXTENSION_OVERFLOW;
            }
        }
        paddingLength = 0;
        if (padding) {
            paddingLength = packet.getUnsignedByte(start + length - 1);
            if (paddingLength == 0 || paddingLength > length - headerLength) {
                return RtpMalformation.BAD_PADDING;
            }
        }
        payloadOffset = start + headerLength;
        payloadLength = length - headerLength - paddingLength;
        return null;
    }

    /** Parses {@code packet} into a new header; allocates, so meant for cold paths and tests. */
    public static RtpParse parse(ByteBuf packet) {
        RtpHeader header = new RtpHeader();
        return header.read(packet) ? new RtpParse.Valid(header) : new RtpParse.Malformed(header.malformation);
    }

    /**
     * Writes a packet without CSRCs, extension or padding: a new buffer from {@code alloc} holding the
     * 12-byte header and a copy of {@code payload}'s readable bytes. {@code payload} is neither consumed nor
     * released; the caller releases the returned buffer.
     *
     * @param ssrc the 32-bit SSRC as an unsigned value (only the low 32 bits are written)
     */
    public static ByteBuf encode(ByteBufAllocator alloc, int payloadType, boolean marker, int sequenceNumber,
                                 long timestamp, long ssrc, ByteBuf payload) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        ByteBuf out = alloc.buffer(FIXED_HEADER_LENGTH + payload.readableBytes());
        out.writeByte(VERSION << 6);
        out.writeByte((marker ? 0x80 : 0) | payloadType);
        out.writeShort(sequenceNumber);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        return out;
    }

    public int version() {
        return VERSION;
    }

    public boolean padding() {
        return padding;
    }

    public boolean extension() {
        return extension;
    }

    public int csrcCount() {
        return csrcCount;
    }

    /** The {@code i}-th CSRC as an unsigned 32-bit value. */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount) {
            throw new IndexOutOfBoundsException("csrc " + i + " of " + csrcCount);
        }
        return csrcs[i] & 0xFFFF_FFFFL;
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    /** 16-bit sequence number, 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** 32-bit timestamp as an unsigned value, 0..2^32-1. */
    public long timestamp() {
        return timestamp;
    }

    /** 32-bit SSRC as an unsigned value, 0..2^32-1 (a {@code long} so that it prints and compares plainly). */
    public long ssrc() {
        return ssrc;
    }

    /** The 16-bit "defined by profile" field of the header extension; 0 without extension. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Length of the header extension body in 32-bit words (excluding its 4-byte header); 0 without extension. */
    public int extensionLengthWords() {
        return extensionLengthWords;
    }

    /** Absolute buffer index of the header extension body; -1 without extension. */
    public int extensionOffset() {
        return extensionOffset;
    }

    /** Number of padding bytes (including the count byte) removed from the end; 0 without padding. */
    public int paddingLength() {
        return paddingLength;
    }

    /** Absolute buffer index of the first payload byte. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length after removing header, CSRCs, extension and padding. */
    public int payloadLength() {
        return payloadLength;
    }

    @Override
    public String toString() {
        if (malformation != null) {
            return "RtpHeader[malformed " + malformation + "]";
        }
        return "RtpHeader[pt=" + payloadType + ", m=" + marker + ", seq=" + sequenceNumber + ", ts=" + timestamp
                + ", ssrc=" + ssrc + ", cc=" + csrcCount + ", x=" + extension + ", pad=" + paddingLength
                + ", payload=" + payloadLength + "]";
    }
}
