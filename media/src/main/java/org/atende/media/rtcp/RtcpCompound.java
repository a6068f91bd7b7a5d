package org.atende.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * A validated view of a received compound RTCP packet (RFC 3550 §6.1), holding what Atende uses from it:
 * the reporter's SSRC, the sender info of a leading SR, every reception report block, and whether a BYE is
 * present. SDES, APP and feedback packets are checked for framing and otherwise skipped.
 *
 * <pre>
 * SR or RR | [RR ...] | SDES (CNAME) | [BYE] | [APP, RTPFB, PSFB, XR ...]
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |  PT=SR=200    |             length            |  header of each packet
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |  sender info (SR only)
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks, 24 bytes each                  |  see {@link ReportBlock}
 * </pre>
 *
 * <p><b>Validity</b> (A.2, checked over the whole datagram before anything is extracted): every packet has
 * version 2; the first is an SR or RR; each length field stays inside the datagram and the lengths add up to
 * it exactly; only the last packet may set the padding bit, with a count that leaves its header intact; SR,
 * RR and BYE counts fit in their lengths. A.2 also rejects padding on the first packet; we accept it when the
 * first packet is also the only one, since then it is the last. Unknown packet types are skipped, as §6.1
 * asks, and a profile extension after the report blocks is ignored.
 *
 * <p><b>Why a reused result object rather than a visitor.</b> Validation must see the whole compound before
 * any of it is acted on (a bad trailing packet voids the leading SR), so a visitor would run after a full
 * validation pass anyway; a result object gives the caller the same zero-allocation reading while letting it
 * look at the pieces in the order its logic needs (sender info, then the block about our own SSRC, then BYE)
 * without implementing callbacks. It mirrors {@link org.atende.media.rtp.RtpHeader}: a leg holds one instance
 * and calls {@link #read(ByteBuf)} per datagram. Report blocks are kept in primitive arrays of
 * {@link #MAX_STORED_BLOCKS} entries, a full SR's worth; blocks beyond that (only a mixer reporting on more
 * than 31 sources sends them) are counted in {@link #skippedReportBlocks()} and not stored.
 *
 * <p>Not thread-safe: owned by the leg's event loop. The values stay valid until the next {@code read}; the
 * buffer's indexes and reference count are left untouched.
 */
public final class RtcpCompound {

    public static final int VERSION = 2;
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Report blocks stored per compound; the 5-bit count of one SR or RR allows at most this many. */
    public static final int MAX_STORED_BLOCKS = 31;

    static final int HEADER_LENGTH = 4;
    static final int SENDER_INFO_LENGTH = 20;
    /** Smallest valid compound: an RR header plus the reporter's SSRC. */
    static final int MIN_LENGTH = 8;

    private RtcpMalformation malformation;
    private int packetCount;
    private boolean senderReport;
    private long ssrc;
    private long ntpTimestamp;
    private long rtpTimestamp;
    private long senderPacketCount;
    private long senderOctetCount;
    private boolean bye;
    private int blockCount;
    private int skippedBlocks;
    private final long[] blockSsrc = new long[MAX_STORED_BLOCKS];
    private final int[] fractionLost = new int[MAX_STORED_BLOCKS];
    private final int[] cumulativeLost = new int[MAX_STORED_BLOCKS];
    private final long[] extendedHighestSequence = new long[MAX_STORED_BLOCKS];
    private final long[] jitter = new long[MAX_STORED_BLOCKS];
    private final long[] lastSenderReport = new long[MAX_STORED_BLOCKS];
    private final long[] delaySinceLastSenderReport = new long[MAX_STORED_BLOCKS];

    /**
     * Validates the readable bytes of {@code packet} as one compound RTCP packet and, when valid, extracts
     * its contents into this object.
     *
     * @return true when valid; false otherwise, with the reason in {@link #malformation()} and no contents
     */
    public boolean read(ByteBuf packet) {
        clear();
        malformation = validate(packet);
        if (malformation != null) {
            return false;
        }
        extract(packet);
        return true;
    }

    /** Why the last {@link #read(ByteBuf)} failed; {@code null} after a successful read. */
    public RtcpMalformation malformation() {
        return malformation;
    }

    private void clear() {
        packetCount = 0;
        senderReport = false;
        ssrc = 0;
        ntpTimestamp = 0;
        rtpTimestamp = 0;
        senderPacketCount = 0;
        senderOctetCount = 0;
        bye = false;
        blockCount = 0;
        skippedBlocks = 0;
    }

    private static RtcpMalformation validate(ByteBuf packet) {
        int start = packet.readerIndex();
        int end = packet.writerIndex();
        if (end - start < MIN_LENGTH) {
            return RtcpMalformation.TOO_SHORT;
        }
        if (packet.getUnsignedByte(start) >>> 6 != VERSION) {
            return RtcpMalformation.BAD_VERSION;
        }
        int firstType = packet.getUnsignedByte(start + 1);
        if (firstType != SR && firstType != RR) {
            return RtcpMalformation.FIRST_NOT_REPORT;
        }
        int offset = start;
        while (offset < end) {
            if (end - offset < HEADER_LENGTH) {
                return RtcpMalformation.TRAILING_BYTES;
            }
            int b0 = packet.getUnsignedByte(offset);
            if (b0 >>> 6 != VERSION) {
                return RtcpMalformation.BAD_VERSION;
            }
            int packetLength = (packet.getUnsignedShort(offset + 2) + 1) * 4;
            if (packetLength > end - offset) {
                return RtcpMalformation.LENGTH_OVERFLOW;
            }
            int next = offset + packetLength;
            int contentLength = packetLength;
            if ((b0 & 0x20) != 0) {
                if (next != end) {
                    return RtcpMalformation.PADDING_NOT_LAST;
                }
                int padding = packet.getUnsignedByte(next - 1);
                if (padding == 0 || padding > packetLength - HEADER_LENGTH) {
                    return RtcpMalformation.BAD_PADDING;
                }
                contentLength -= padding;
            }
            RtcpMalformation countProblem =
                    checkCount(packet.getUnsignedByte(offset + 1), b0 & 0x1F, contentLength);
            if (countProblem != null) {
                return countProblem;
            }
            offset = next;
        }
        return null;
    }

    private static RtcpMalformation checkCount(int type, int count, int contentLength) {
        return switch (type) {
            case SR -> HEADER_LENGTH + 4 + SENDER_INFO_LENGTH + count * ReportBlock.LENGTH > contentLength
                    ? RtcpMalformation.REPORT_COUNT_OVERFLOW : null;
            case RR -> HEADER_LENGTH + 4 + count * ReportBlock.LENGTH > contentLength
                    ? RtcpMalformation.REPORT_COUNT_OVERFLOW : null;
            case BYE -> HEADER_LENGTH + count * 4 > contentLength ? RtcpMalformation.SOURCE_COUNT_OVERFLOW : null;
            default -> null;
        };
    }

    private void extract(ByteBuf packet) {
        int start = packet.readerIndex();
        int end = packet.writerIndex();
        int offset = start;
        while (offset < end) {
            int b0 = packet.getUnsignedByte(offset);
            int type = packet.getUnsignedByte(offset + 1);
            int count = b0 & 0x1F;
            if (type == SR || type == RR) {
                int blocksAt = offset + HEADER_LENGTH + 4;
                if (offset == start) {
                    ssrc = packet.getUnsignedInt(offset + HEADER_LENGTH);
                    if (type == SR) {
                        senderReport = true;
                        ntpTimestamp = packet.getLong(blocksAt);
                        rtpTimestamp = packet.getUnsignedInt(blocksAt + 8);
                        senderPacketCount = packet.getUnsignedInt(blocksAt + 12);
                        senderOctetCount = packet.getUnsignedInt(blocksAt + 16);
                    }
                }
                if (type == SR) {
                    blocksAt += SENDER_INFO_LENGTH;
                }
                for (int i = 0; i < count; i++) {
                    storeBlock(packet, blocksAt + i * ReportBlock.LENGTH);
                }
            } else if (type == BYE) {
                bye = true;
            }
            packetCount++;
            offset += (packet.getUnsignedShort(offset + 2) + 1) * 4;
        }
    }

    private void storeBlock(ByteBuf packet, int at) {
        if (blockCount == MAX_STORED_BLOCKS) {
            skippedBlocks++;
            return;
        }
        int i = blockCount++;
        blockSsrc[i] = packet.getUnsignedInt(at);
        fractionLost[i] = packet.getUnsignedByte(at + 4);
        cumulativeLost[i] = packet.getMedium(at + 5);
        extendedHighestSequence[i] = packet.getUnsignedInt(at + 8);
        jitter[i] = packet.getUnsignedInt(at + 12);
        lastSenderReport[i] = packet.getUnsignedInt(at + 16);
        delaySinceLastSenderReport[i] = packet.getUnsignedInt(at + 20);
    }

    /** Number of RTCP packets in the compound. */
    public int packetCount() {
        return packetCount;
    }

    /** Whether the compound begins with a sender report, so that the sender-info accessors are meaningful. */
    public boolean isSenderReport() {
        return senderReport;
    }

    /** SSRC of the reporter: the sender of the leading SR or RR, as an unsigned 32-bit value. */
    public long ssrc() {
        return ssrc;
    }

    /** The leading SR's 64-bit NTP timestamp; 0 for an RR. */
    public long ntpTimestamp() {
        return ntpTimestamp;
    }

    /** Middle 32 bits of the SR's NTP timestamp: what our next report block echoes as LSR. */
    public long ntpMiddle32() {
        return NtpTime.middle32(ntpTimestamp);
    }

    /** The leading SR's RTP timestamp (unsigned 32-bit); 0 for an RR. */
    public long rtpTimestamp() {
        return rtpTimestamp;
    }

    /** The sender's packet count (unsigned 32-bit, wraps); 0 for an RR. */
    public long senderPacketCount() {
        return senderPacketCount;
    }

    /** The sender's payload octet count (unsigned 32-bit, wraps); 0 for an RR. */
    public long senderOctetCount() {
        return senderOctetCount;
    }

    /** Whether a BYE packet is present. */
    public boolean hasBye() {
        return bye;
    }

    /** Number of stored report blocks, over all SR and RR packets of the compound. */
    public int reportBlockCount() {
        return blockCount;
    }

    /** Report blocks present but not stored because {@link #MAX_STORED_BLOCKS} were already held. */
    public int skippedReportBlocks() {
        return skippedBlocks;
    }

    /** Index of the first stored block about {@code source}, or -1. */
    public int indexOfReportBlock(long source) {
        for (int i = 0; i < blockCount; i++) {
            if (blockSsrc[i] == source) {
                return i;
            }
        }
        return -1;
    }

    public long reportBlockSsrc(int i) {
        return blockSsrc[checkBlock(i)];
    }

    /** Fraction lost, 0..255 (in 1/256). */
    public int fractionLost(int i) {
        return fractionLost[checkBlock(i)];
    }

    /** Cumulative packets lost, sign-extended from 24 bits. */
    public int cumulativeLost(int i) {
        return cumulativeLost[checkBlock(i)];
    }

    public long extendedHighestSequence(int i) {
        return extendedHighestSequence[checkBlock(i)];
    }

    /** Interarrival jitter in the reported source's RTP timestamp units. */
    public long jitter(int i) {
        return jitter[checkBlock(i)];
    }

    /** LSR: middle 32 bits of the NTP timestamp of the last SR the reporter got from the source; 0 if none. */
    public long lastSenderReport(int i) {
        return lastSenderReport[checkBlock(i)];
    }

    /** DLSR in 1/65536 s. */
    public long delaySinceLastSenderReport(int i) {
        return delaySinceLastSenderReport[checkBlock(i)];
    }

    /** The {@code i}-th block as a record; allocates, for cold paths and tests. */
    public ReportBlock reportBlock(int i) {
        checkBlock(i);
        return new ReportBlock(blockSsrc[i], fractionLost[i], cumulativeLost[i], extendedHighestSequence[i],
                jitter[i], lastSenderReport[i], delaySinceLastSenderReport[i]);
    }

    private int checkBlock(int i) {
        if (i < 0 || i >= blockCount) {
            throw new IndexOutOfBoundsException("report block " + i + " of " + blockCount);
        }
        return i;
    }

    @Override
    public String toString() {
        if (malformation != null) {
            return "RtcpCompound[malformed " + malformation + "]";
        }
        return "RtcpCompound[" + (senderReport ? "SR" : "RR") + " ssrc=" + ssrc + ", packets=" + packetCount
                + ", blocks=" + blockCount + ", bye=" + bye + "]";
    }
}
