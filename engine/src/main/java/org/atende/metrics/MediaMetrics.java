package org.atende.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.atende.media.recorder.RecordingWriter;
import org.atende.media.session.MediaCounters;
import org.atende.media.session.RtpPortPool;

/**
 * Binds {@link MediaMeters} to the media module's own state: {@link MediaCounters}' adders (the media module stays
 * free of Micrometer, and its hot path keeps incrementing plain {@code LongAdder}s), the port pool and the recorder.
 */
public final class MediaMetrics extends CatalogBinder {

    private final MediaCounters counters;
    private final RtpPortPool ports;
    private final RecordingWriter recorder;

    public MediaMetrics(MediaCounters counters, RtpPortPool ports, RecordingWriter recorder) {
        this.counters = counters;
        this.ports = ports;
        this.recorder = recorder;
    }

    @Override
    protected void register() {
        count(MediaMeters.LEGS_OPENED, counters.legsOpened);
        count(MediaMeters.LEGS_CLOSED, counters.legsClosed);
        count(MediaMeters.PORTS_EXHAUSTED, counters.portExhausted);
        count(MediaMeters.PACKETS_RECEIVED, counters.packetsReceived);
        count(MediaMeters.PACKETS_SENT, counters.packetsSent);
        count(MediaMeters.PACKETS_MALFORMED, counters.malformed);
        count(MediaMeters.PACKETS_STRANGERS, counters.strangers);
        count(MediaMeters.SRTP_REJECTED, counters.srtpRejected);
        count(MediaMeters.SRTCP_REJECTED, counters.srtcpRejected);
        count(MediaMeters.RTP_TIMEOUTS, counters.rtpTimeouts);
        count(MediaMeters.PACKETS_RELAYED, counters.relayedPackets);
        count(MediaMeters.PACKETS_TRANSCODED, counters.transcodedPackets);
        gauge(MediaMeters.PORT_PAIRS_USED, ports, RtpPortPool::inUse);
        gauge(MediaMeters.PORT_PAIRS_CAPACITY, ports, RtpPortPool::capacity);
        gauge(MediaMeters.RECORDINGS_ACTIVE, recorder, RecordingWriter::activeRecordings);
    }

    private void count(MediaMeters spec, LongAdder adder) {
        functionCounter(spec, adder, LongAdder::sum);
    }
}
