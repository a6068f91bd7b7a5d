package org.atende.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * The media engine's meters. The counts are {@link org.atende.media.session.MediaCounters}' fields, which the media
 * legs keep without knowing of Micrometer: packet counts are added when a leg closes, drops as they happen. Bound by
 * {@link MediaMetrics}.
 */
public enum MediaMeters implements MeterSpec {

    LEGS_OPENED("media.legs.opened", Meter.Type.COUNTER, "legs", "Media legs (RTP/RTCP port pairs) opened"),
    LEGS_CLOSED("media.legs.closed", Meter.Type.COUNTER, "legs", "Media legs closed"),
    PORTS_EXHAUSTED("media.ports.exhausted", Meter.Type.COUNTER, "legs",
            "New media legs refused because no RTP port pair was free"),
    PACKETS_RECEIVED("media.packets.received", Meter.Type.COUNTER, "packets",
            "RTP and RTCP packets received by legs that have closed"),
    PACKETS_SENT("media.packets.sent", Meter.Type.COUNTER, "packets",
            "RTP and RTCP packets sent by legs that have closed"),
    PACKETS_MALFORMED("media.packets.malformed", Meter.Type.COUNTER, "packets",
            "Packets that were not valid RTP or RTCP: too short, wrong version, bad lengths"),
    PACKETS_STRANGERS("media.packets.strangers", Meter.Type.COUNTER, "packets",
            "Packets from a source other than the one the leg latched on, dropped"),
    SRTP_REJECTED("media.srtp.rejected", Meter.Type.COUNTER, "packets",
            "SRTP packets that failed authentication or the replay check"),
    SRTCP_REJECTED("media.srtcp.rejected", Meter.Type.COUNTER, "packets",
            "SRTCP packets that failed authentication or the replay check"),
    RTP_TIMEOUTS("media.rtp.timeouts", Meter.Type.COUNTER, "calls", "Calls hung up because their media stopped"),
    PACKETS_RELAYED("media.packets.relayed", Meter.Type.COUNTER, "packets",
            "Audio packets bridged untouched, added as each media session closes"),
    PACKETS_TRANSCODED("media.packets.transcoded", Meter.Type.COUNTER, "packets",
            "Audio packets decoded and encoded again, added as each media session closes"),
    PORT_PAIRS_USED("media.port.pairs.used", Meter.Type.GAUGE, "pairs",
            "RTP/RTCP port pairs in use now, one per media leg"),
    PORT_PAIRS_CAPACITY("media.port.pairs.capacity", Meter.Type.GAUGE, "pairs",
            "RTP/RTCP port pairs in server.media.rtp_ports"),
    RECORDINGS_ACTIVE("media.recordings.active", Meter.Type.GAUGE, "recordings",
            "Recordings open and not yet finalised by the recorder's thread");

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    MediaMeters(String meterName, Meter.Type type, String baseUnit, String description, String... tagKeys) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    @Override
    public String meterName() {
        return meterName;
    }

    @Override
    public Meter.Type type() {
        return type;
    }

    @Override
    public String baseUnit() {
        return baseUnit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> tagKeys() {
        return tagKeys;
    }
}
