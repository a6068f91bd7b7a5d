package org.atende.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.atende.media.quality.CodecImpairment;
import org.atende.media.quality.EModel;
import org.atende.media.quality.LegQuality;

/**
 * RTCP for one leg of an anchored call: it takes the leg's sent and received RTP and the peer's RTCP, writes
 * our reports, and sums everything up as a {@link LegQuality} for the call record.
 *
 * <pre>
 * receive path ──onRtpReceived──▶ ReceptionStats (peer's source) ──▶ report block in our SR/RR
 * send path    ──onRtpSent──────▶ SendStats ─────────────────────▶ sender info in our SR
 * peer's RTCP  ──onRtcp─────────▶ SR: LSR/DLSR for our block; block about us: RTT, remote loss/jitter; BYE
 * </pre>
 *
 * <p><b>Sources.</b> A leg has one remote source. Packets from another SSRC are ignored (and counted) until
 * two arrive in a row; the leg then switches to the new source, keeping the old one's counts in the totals.
 * Interleaved streams with two SSRCs (some devices send RFC 4733 events that way) therefore never flap, and
 * the per-packet path allocates only on a real switch. Feed the audio stream's packets; the caller's
 * demultiplexer decides what that is.
 *
 * <p><b>Remote loss</b> is the peer's cumulative loss over the packets we had sent when its report arrived:
 * RR blocks carry no "expected" count, and ours differ from the peer's only by packets in flight and its
 * probation packet.
 *
 * <p>Times: {@code …Nanos} arguments are one monotonic clock (e.g. {@code System.nanoTime()} read by the
 * caller, or a test clock); {@code …Ntp} arguments are the wall clock as NTP timestamps ({@link NtpTime}).
 * Malformed RTCP is dropped; {@link #onRtcp} returns false and {@link #malformation()} says why, for the
 * caller's meters. Not thread-safe: owned by the leg's event loop.
 */
public final class RtcpSession {

    /** Packets in a row from a new SSRC before the leg takes it as its remote source. */
    public static final int SOURCE_SWITCH_PACKETS = 2;

    private final RtcpWriter writer;
    private final SendStats sent = new SendStats();
    private final RoundTripTime roundTrip = new RoundTripTime();
    private final RtcpCompound compound = new RtcpCompound();
    private final EModel model;
    private final CodecImpairment codec;
    private final double packetizationMs;

    private ReceptionStats source;
    private long candidateSsrc = -1;
    private int candidatePackets;
    private long foreignPackets;
    private long sourceSwitches;
    private long retiredExpected;
    private long retiredReceived;
    private double retiredJitterMsSum;
    private long retiredJitterSamples;
    private double retiredJitterMsMax;

    private long reportsReceived;
    private long foreignSenderReports;
    private boolean byeReceived;
    private boolean remoteReport;
    private int remoteCumulativeLost;
    private long remoteJitter;
    private long sentAtRemoteReport;

    /**
     * @param localSsrc       our SSRC on this leg
     * @param cname           our CNAME for SDES
     * @param codec           the leg's codec, for the MOS estimate
     * @param packetizationMs audio per packet, for the delay estimate (20 in Atende)
     */
    public RtcpSession(long localSsrc, String cname, CodecImpairment codec, double packetizationMs) {
        this(localSsrc, cname, codec, packetizationMs, EModel.DEFAULT);
    }

    public RtcpSession(long localSsrc, String cname, CodecImpairment codec, double packetizationMs, EModel model) {
        if (!(packetizationMs >= 0)) {
            throw new IllegalArgumentException("packetization must be >= 0 ms: " + packetizationMs);
        }
        this.writer = new RtcpWriter(localSsrc, cname);
        this.codec = Objects.requireNonNull(codec, "codec");
        this.model = Objects.requireNonNull(model, "model");
        this.packetizationMs = packetizationMs;
    }

    /**
     * One RTP packet received on the leg (after RTP header validation).
     *
     * @return whether it counted for the remote source (see {@link ReceptionStats#onRtp})
     */
    public boolean onRtpReceived(long ssrc, int seq, long rtpTimestamp, long arrivalNanos, int clockRate) {
        ssrc &= 0xFFFF_FFFFL;
        if (source == null) {
            source = new ReceptionStats(ssrc);
        } else if (source.ssrc() != ssrc) {
            if (ssrc != candidateSsrc) {
                candidateSsrc = ssrc;
                candidatePackets = 0;
            }
            if (++candidatePackets < SOURCE_SWITCH_PACKETS) {
                foreignPackets++;
                return false;
            }
            retire(source);
            source = new ReceptionStats(ssrc);
            sourceSwitches++;
        }
        candidateSsrc = -1;
        candidatePackets = 0;
        return source.onRtp(seq, rtpTimestamp, arrivalNanos, clockRate);
    }

    private void retire(ReceptionStats old) {
        retiredExpected += old.totalExpected();
        retiredReceived += old.totalReceived();
        retiredJitterMsSum += old.meanJitterMs() * old.jitterSamples();
        retiredJitterSamples += old.jitterSamples();
        retiredJitterMsMax = Math.max(retiredJitterMsMax, old.maxJitterMs());
    }

    /** One RTP packet sent on the leg; see {@link SendStats#onRtpSent}. */
    public void onRtpSent(long rtpTimestamp, int payloadOctets, long sentNanos, int clockRate) {
        sent.onRtpSent(rtpTimestamp, payloadOctets, sentNanos, clockRate);
    }

    /**
     * One RTCP datagram received on the leg.
     *
     * @param arrivalNtp   our wall clock at arrival, as an NTP timestamp (its middle 32 bits are A for RTT)
     * @param arrivalNanos monotonic arrival time
     * @return whether it was a valid compound; if not, see {@link #malformation()}
     */
    public boolean onRtcp(ByteBuf packet, long arrivalNtp, long arrivalNanos) {
        if (!compound.read(packet)) {
            return false;
        }
        reportsReceived++;
        if (compound.isSenderReport()) {
            if (source == null) {
                source = new ReceptionStats(compound.ssrc());
            }
            if (source.ssrc() == compound.ssrc()) {
                source.onSenderReport(compound.ntpMiddle32(), arrivalNanos);
            } else {
                foreignSenderReports++;
            }
        }
        int aboutUs = compound.indexOfReportBlock(writer.ssrc());
        if (aboutUs >= 0) {
            roundTrip.onReportBlock(compound.lastSenderReport(aboutUs), compound.delaySinceLastSenderReport(aboutUs),
                    NtpTime.middle32(arrivalNtp));
            remoteReport = true;
            remoteCumulativeLost = compound.cumulativeLost(aboutUs);
            remoteJitter = compound.jitter(aboutUs);
            sentAtRemoteReport = sent.packetsSent();
        }
        if (compound.hasBye()) {
            byeReceived = true;
        }
        return true;
    }

    /** Why the last {@link #onRtcp} refused its datagram; {@code null} after an accepted one. */
    public RtcpMalformation malformation() {
        return compound.malformation();
    }

    /** Writes our periodic report (SR or RR, SDES) into {@code out}; returns the bytes written. */
    public int writeReport(ByteBuf out, long nowNtp, long nowNanos) {
        return writer.writeReport(out, sent, source, nowNtp, nowNanos);
    }

    /** Writes our hang-up compound (report, SDES, BYE) into {@code out}; returns the bytes written. */
    public int writeBye(ByteBuf out, long nowNtp, long nowNanos) {
        return writer.writeBye(out, sent, source, nowNtp, nowNanos);
    }

    /** Whether the peer sent a BYE. */
    public boolean byeReceived() {
        return byeReceived;
    }

    /** Valid RTCP compounds received. */
    public long reportsReceived() {
        return reportsReceived;
    }

    /** Sender reports from an SSRC other than the current remote source, ignored. */
    public long foreignSenderReports() {
        return foreignSenderReports;
    }

    /** RTP packets ignored because they came from an SSRC other than the current remote source. */
    public long foreignPackets() {
        return foreignPackets;
    }

    /** Times the remote source changed. */
    public long sourceSwitches() {
        return sourceSwitches;
    }

    public SendStats sendStats() {
        return sent;
    }

    /** The current remote source, or {@code null} before any RTP or SR arrived. */
    public ReceptionStats receptionStats() {
        return source;
    }

    public RoundTripTime roundTripTime() {
        return roundTrip;
    }

    /** The leg's quality so far; allocates the record, meant for hang-up and the occasional status query. */
    public LegQuality snapshot() {
        long expected = retiredExpected;
        long received = retiredReceived;
        double jitterSum = retiredJitterMsSum;
        long jitterSamples = retiredJitterSamples;
        double jitterMax = retiredJitterMsMax;
        if (source != null) {
            expected += source.totalExpected();
            received += source.totalReceived();
            jitterSum += source.meanJitterMs() * source.jitterSamples();
            jitterSamples += source.jitterSamples();
            jitterMax = Math.max(jitterMax, source.maxJitterMs());
        }
        long lost = Math.max(0, expected - received);
        double lossPercent = expected > 0 ? Math.min(100, lost * 100.0 / expected) : 0;
        double jitterMean = jitterSamples > 0 ? jitterSum / jitterSamples : 0;
        double rttMs = roundTrip.averageMillis();

        double remoteLoss = Double.NaN;
        double remoteJitterMs = Double.NaN;
        if (remoteReport && sentAtRemoteReport > 0) {
            remoteLoss = Math.max(0, Math.min(100, remoteCumulativeLost * 100.0 / sentAtRemoteReport));
        }
        if (remoteReport && sent.clockRate() > 0) {
            remoteJitterMs = remoteJitter * 1000.0 / sent.clockRate();
        }

        double mos = Double.NaN;
        if (expected > 0) {
            mos = model.mos(EModel.oneWayDelayMs(rttMs, jitterMean, packetizationMs), lossPercent, codec);
        }
        if (!Double.isNaN(remoteLoss) && !Double.isNaN(remoteJitterMs)) {
            double outbound = model.mos(EModel.oneWayDelayMs(rttMs, remoteJitterMs, packetizationMs), remoteLoss, codec);
            mos = Double.isNaN(mos) ? outbound : Math.min(mos, outbound);
        }
        return new LegQuality(sent.packetsSent(), received, lost, lossPercent, jitterMean, jitterMax, rttMs,
                remoteLoss, remoteJitterMs, mos);
    }
}
