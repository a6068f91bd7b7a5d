package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.atende.media.rtcp.NtpTime;
import org.atende.media.rtcp.RtcpSession;

/**
 * A leg's RTCP (RFC 3550 §6): reports received from the peer (checked against the latched source, SRTCP
 * unprotected, handed to the leg's {@link RtcpSession}), and our SR/RR reports and BYE. Malformed reports and
 * reports from strangers are dropped and counted. Not thread-safe: owned by the leg's loop.
 */
final class RtcpEndpoint {

    private final MediaLeg leg;
    private final MediaContext ctx;
    private final RtcpSession reports;
    private final RtpEndpoint endpoint;
    private final SourceLatch latch;
    private long rtcpReceived;

    RtcpEndpoint(MediaLeg leg, MediaContext ctx, RtcpSession reports, RtpEndpoint endpoint, SourceLatch latch) {
        this.leg = leg;
        this.ctx = ctx;
        this.reports = reports;
        this.endpoint = endpoint;
        this.latch = latch;
    }

    /** One RTCP datagram from {@code sender}; the caller releases {@code packet} when this returns. */
    void onRtcp(ByteBuf packet, InetSocketAddress sender) {
        if (leg.closed()) {
            return;
        }
        if (packet.readableBytes() < 8 || (packet.getUnsignedByte(packet.readerIndex()) >> 6) != 2) {
            malformed();
            return;
        }
        if (!latch.acceptRtcp(sender)) {
            leg.strangers++;
            ctx.counters().strangers.increment();
            return;
        }
        PacketProtection protection = leg.protection();
        if (protection != null && !protection.unprotectRtcp(packet)) {
            leg.protectionFailures++;
            ctx.counters().srtcpRejected.increment();
            return;
        }
        if (!reports.onRtcp(packet, NtpTime.of(Instant.now()), System.nanoTime())) {
            malformed();
            return;
        }
        rtcpReceived++;
    }

    private void malformed() {
        leg.malformed++;
        ctx.counters().malformed.increment();
    }

    /** Sends our report (SR if we sent media since the last one, else RR, with SDES CNAME). */
    void sendReport(long nowNanos) {
        ByteBuf packet = ctx.allocator().directBuffer(256);
        reports.writeReport(packet, NtpTime.of(Instant.now()), nowNanos);
        send(packet);
    }

    /** Sends our BYE (the leg is closing). */
    void sendBye() {
        ByteBuf bye = ctx.allocator().directBuffer(256);
        reports.writeBye(bye, NtpTime.of(Instant.now()), System.nanoTime());
        send(bye);
    }

    /** Sends an RTCP packet (in the clear; protected here when SRTP) to the peer's RTCP address. */
    void send(ByteBuf packet) {
        InetSocketAddress to = latch.remoteRtcp();
        PacketProtection protection = leg.protection();
        if (leg.closed() || to == null || protection != null && !protection.protectRtcp(packet)) {
            packet.release();
            return;
        }
        endpoint.writeRtcp(packet, to);
    }

    long rtcpReceived() {
        return rtcpReceived;
    }
}
