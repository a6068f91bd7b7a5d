package org.atende.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the compound RTCP packets a leg sends (RFC 3550 §6.1, §6.4, §6.5, §6.6): an SR when we sent RTP
 * since the previous report, an RR otherwise, each with at most one report block (the peer's source: a leg
 * has one), followed by an SDES carrying our CNAME; and for hang-up the same followed by a BYE.
 *
 * <pre>
 * report:  SR(sender info, [block]) | SDES(CNAME)        or   RR([block]) | SDES(CNAME)
 * hang-up: SR or RR                 | SDES(CNAME) | BYE(our SSRC)
 * </pre>
 *
 * <p>Writes go into a buffer the caller provides, at its writer index, with no padding (none is needed:
 * every packet is a whole number of 32-bit words). The CNAME is encoded once, at construction; per report
 * the only allocation is the {@link ReportBlock} record. Not thread-safe: owned by the leg's event loop.
 */
public final class RtcpWriter {

    private static final int CNAME_ITEM = 1;

    private final long ssrc;
    private final byte[] cname;

    /**
     * @param ssrc  our SSRC on this leg, unsigned 32-bit
     * @param cname our canonical name (RFC 7022 advises a per-session random one), 1..255 bytes as UTF-8
     */
    public RtcpWriter(long ssrc, String cname) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
        if (this.cname.length == 0 || this.cname.length > 255) {
            throw new IllegalArgumentException("CNAME must be 1..255 bytes of UTF-8: " + this.cname.length);
        }
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * Writes a regular report: SR if {@code sent} shows RTP since the previous report, else RR; a report
     * block when {@code received} has one due; then SDES. Marks the report interval closed in both stats.
     *
     * @param received the peer's source, or {@code null} when nothing has been received yet
     * @param nowNtp   our wall clock as a 64-bit NTP timestamp (see {@link NtpTime})
     * @param nowNanos monotonic time in nanoseconds, on the same clock as the stats' arrival and send times
     * @return bytes written
     */
    public int writeReport(ByteBuf out, SendStats sent, ReceptionStats received, long nowNtp, long nowNanos) {
        int start = out.writerIndex();
        ReportBlock block = received != null && received.hasReportBlock() ? received.nextReportBlock(nowNanos) : null;
        if (sent.sentSinceLastReport()) {
            writeSenderReport(out, ssrc, nowNtp, sent.rtpTimestampAt(nowNanos), sent.packetsSent(),
                    sent.octetsSent(), block);
        } else {
            writeReceiverReport(out, ssrc, block);
        }
        sent.onReportWritten();
        writeSourceDescription(out, ssrc, cname);
        return out.writerIndex() - start;
    }

    /** Writes the hang-up compound: the report of {@link #writeReport}, then a BYE for our SSRC. */
    public int writeBye(ByteBuf out, SendStats sent, ReceptionStats received, long nowNtp, long nowNanos) {
        int start = out.writerIndex();
        writeReport(out, sent, received, nowNtp, nowNanos);
        writeBye(out, ssrc);
        return out.writerIndex() - start;
    }

    /** An SR (PT 200): header, SSRC, sender info, and {@code block} if not {@code null}. */
    public static void writeSenderReport(ByteBuf out, long ssrc, long ntpTimestamp, long rtpTimestamp,
                                         long packetCount, long octetCount, ReportBlock block) {
        int blocks = block == null ? 0 : 1;
        writeHeader(out, blocks, RtcpCompound.SR, 28 + blocks * ReportBlock.LENGTH);
        out.writeInt((int) ssrc);
        out.writeLong(ntpTimestamp);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packetCount);
        out.writeInt((int) octetCount);
        if (block != null) {
            writeReportBlock(out, block);
        }
    }

    /** An RR (PT 201): header, SSRC, and {@code block} if not {@code null}. */
    public static void writeReceiverReport(ByteBuf out, long ssrc, ReportBlock block) {
        int blocks = block == null ? 0 : 1;
        writeHeader(out, blocks, RtcpCompound.RR, 8 + blocks * ReportBlock.LENGTH);
        out.writeInt((int) ssrc);
        if (block != null) {
            writeReportBlock(out, block);
        }
    }

    /** The 24 bytes of one report block. */
    public static void writeReportBlock(ByteBuf out, ReportBlock block) {
        out.writeInt((int) block.ssrc());
        out.writeByte(block.fractionLost());
        out.writeMedium(block.cumulativeLost());
        out.writeInt((int) block.extendedHighestSequence());
        out.writeInt((int) block.jitter());
        out.writeInt((int) block.lastSenderReport());
        out.writeInt((int) block.delaySinceLastSenderReport());
    }

    /** An SDES (PT 202) with one chunk: {@code ssrc} and a CNAME item, null-terminated to a 32-bit boundary. */
    static void writeSourceDescription(ByteBuf out, long ssrc, byte[] cname) {
        int items = 2 + cname.length;
        int nulls = 4 - items % 4; // at least one terminating null octet (§6.5)
        writeHeader(out, 1, RtcpCompound.SDES, 8 + items + nulls);
        out.writeInt((int) ssrc);
        out.writeByte(CNAME_ITEM);
        out.writeByte(cname.length);
        out.writeBytes(cname);
        out.writeZero(nulls);
    }

    /** A BYE (PT 203) for one source, without reason. */
    public static void writeBye(ByteBuf out, long ssrc) {
        writeHeader(out, 1, RtcpCompound.BYE, 8);
        out.writeInt((int) ssrc);
    }

    private static void writeHeader(ByteBuf out, int count, int type, int lengthInBytes) {
        out.writeByte(RtcpCompound.VERSION << 6 | count);
        out.writeByte(type);
        out.writeShort(lengthInBytes / 4 - 1);
    }
}
