package org.atende.media.dtmf.rfc4733;

import io.netty.buffer.ByteBuf;
import org.atende.media.rtp.RtpHeader;

/**
 * Turns a stream of RFC 4733 telephone-event RTP packets into key presses, one {@link DigitListener#onDigit}
 * per press, reported when it ends.
 *
 * <p>An event is identified by its RTP timestamp (the time it started). For each event the receiver:
 * <ul>
 *   <li>reports the digit on the first packet with the E bit, with the largest duration seen; the redundant
 *       end packets (and any later packet with that timestamp or an older one) are ignored;</li>
 *   <li>reports it when a packet of a newer event arrives first (end packets all lost), with the last
 *       known duration, or when {@link #flush()} is called (end of call);</li>
 *   <li>counts it once even when its first packets were lost (the first packet seen already has a duration,
 *       or is an end packet);</li>
 *   <li>joins the segments of a long event (RFC 4733 §2.5.1.3): a packet with the same event code whose
 *       timestamp is exactly 0xFFFF after the current segment's continues that event, and the reported
 *       duration is the sum of the segments.</li>
 * </ul>
 * Reordering inside an event only affects the reported duration (the maximum wins); a packet from an older
 * event arriving after a newer one is dropped as stale. If the first packet of a new event overtakes the
 * last packets of the previous one, the previous digit is still reported once, with a shorter duration.
 * Timestamps are compared in serial-number arithmetic modulo 2^32. There is no timer: call {@link #flush()}
 * when the call ends.
 *
 * <p>Threading: not thread-safe; fed and flushed by the media session's event loop, which is also where
 * the listener runs. Buffers are read, never retained or released: the caller keeps ownership. Malformed
 * packets and event codes that are not keys (flash, tones) are dropped and counted.
 */
public final class TelephoneEventReceiver {

    private final int payloadType;
    private final DigitListener listener;
    private final RtpHeader header = new RtpHeader();

    private boolean active;
    private int event;
    private int segmentTimestamp;
    private long previousSegmentsDuration;
    private int segmentDuration;

    private boolean seenAny;
    private int latestTimestamp;

    private long malformedPackets;
    private long ignoredPackets;

    /**
     * @param payloadType the dynamic payload type negotiated for telephone-event (e.g. 101)
     * @param listener called once per key press, on the feeding thread
     */
    public TelephoneEventReceiver(int payloadType, DigitListener listener) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener");
        }
        this.payloadType = payloadType;
        this.listener = listener;
    }

    /**
     * Reads one RTP packet. Packets of another payload type are ignored without counting (the demuxer in
     * front normally keeps them away); malformed ones are counted.
     */
    public void receive(ByteBuf packet) {
        if (!header.read(packet)) {
            malformedPackets++;
            return;
        }
        receive(header, packet);
    }

    /** Reads a packet already parsed into {@code parsed} (its offsets refer to {@code packet}). */
    public void receive(RtpHeader parsed, ByteBuf packet) {
        if (parsed.payloadType() != payloadType) {
            return;
        }
        if (parsed.payloadLength() < TelephoneEvent.LENGTH) {
            malformedPackets++;
            return;
        }
        int at = parsed.payloadOffset();
        int flags = packet.getUnsignedByte(at + 1);
        onEvent((int) parsed.timestamp(), packet.getUnsignedByte(at), (flags & 0x80) != 0,
                packet.getUnsignedShort(at + 2));
    }

    private void onEvent(int timestamp, int code, boolean end, int duration) {
        if (TelephoneEvent.digitOf(code) == 0) {
            ignoredPackets++;
            return;
        }
        if (active) {
            int diff = timestamp - segmentTimestamp;
            if (diff == 0) {
                if (code != event) {
                    ignoredPackets++;
                    return;
                }
                segmentDuration = Math.max(segmentDuration, duration);
                if (end) {
                    finish();
                }
                return;
            }
            if (diff < 0) {
                ignoredPackets++;
                return;
            }
            if (code == event && diff == TelephoneEvent.MAX_DURATION) {
                previousSegmentsDuration += TelephoneEvent.MAX_DURATION;
                segmentTimestamp = timestamp;
                latestTimestamp = timestamp;
                segmentDuration = duration;
                if (end) {
                    finish();
                }
                return;
            }
            finish();
        } else if (seenAny && timestamp - latestTimestamp <= 0) {
            ignoredPackets++; // redundant end packet or a late packet of a reported event
            return;
        }
        active = true;
        seenAny = true;
        event = code;
        segmentTimestamp = timestamp;
        latestTimestamp = timestamp;
        previousSegmentsDuration = 0;
        segmentDuration = duration;
        if (end) {
            finish();
        }
    }

    private void finish() {
        active = false;
        listener.onDigit(TelephoneEvent.digitOf(event), previousSegmentsDuration + segmentDuration);
    }

    /** Reports the event in progress, if any, with its last known duration (call ended before its end). */
    public void flush() {
        if (active) {
            finish();
        }
    }

    /** Packets that were not RTP or whose payload was shorter than one event block. */
    public long malformedPackets() {
        return malformedPackets;
    }

    /** Well-formed packets dropped: non-key events, stale or redundant packets. */
    public long ignoredPackets() {
        return ignoredPackets;
    }
}
