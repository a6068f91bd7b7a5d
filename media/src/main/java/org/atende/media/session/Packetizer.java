package org.atende.media.session;

/**
 * Cuts the linear audio Atende encodes toward one leg (prompt and tone frames of 20 ms, transcoded packets of
 * whatever size arrived) into packets of the packetisation that leg's peer asked for ({@code a=ptime}); with no
 * packetisation set, each piece of audio is one packet. What does not fill a packet waits for the next piece,
 * or is dropped by {@link #reset()} (relayed packets take over the stream, a new SDP, hold).
 *
 * <p>Not thread-safe: owned by the leg's event loop. Allocation-free.
 */
final class Packetizer {

    /** Where whole packets go: {@code count} samples of {@code samples} from {@code from}. */
    interface Sink {
        void packet(short[] samples, int from, int count, long nowNanos);
    }

    private final short[] pending = new short[2 * MediaLeg.MAX_SAMPLES];
    private final Sink sink;
    private int packetSamples;
    private int pendingSamples;

    Packetizer(Sink sink) {
        this.sink = sink;
    }

    /** Samples per packet (0: as they come), at most {@link MediaLeg#MAX_SAMPLES}; drops what was waiting. */
    void packetSamples(int samples) {
        if (samples < 0 || samples > MediaLeg.MAX_SAMPLES) {
            throw new IllegalArgumentException("samples per packet must be 0.." + MediaLeg.MAX_SAMPLES + ": " + samples);
        }
        packetSamples = samples;
        pendingSamples = 0;
    }

    int packetSamples() {
        return packetSamples;
    }

    /** Drops audio waiting for a packet to fill (less than one packet). */
    void reset() {
        pendingSamples = 0;
    }

    /** Takes {@code count} (at most {@link MediaLeg#MAX_SAMPLES}) samples; sends every packet they complete. */
    void offer(short[] samples, int count, long nowNanos) {
        if (packetSamples == 0) {
            sink.packet(samples, 0, count, nowNanos);
            return;
        }
        int from = 0;
        if (pendingSamples > 0) {
            int take = Math.min(count, packetSamples - pendingSamples);
            System.arraycopy(samples, 0, pending, pendingSamples, take);
            pendingSamples += take;
            from = take;
            if (pendingSamples < packetSamples) {
                return;
            }
            sink.packet(pending, 0, packetSamples, nowNanos);
            pendingSamples = 0;
        }
        while (count - from >= packetSamples) {
            sink.packet(samples, from, packetSamples, nowNanos);
            from += packetSamples;
        }
        System.arraycopy(samples, from, pending, 0, count - from);
        pendingSamples = count - from;
    }
}
