package org.atende.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how Atende anchors call media ({@code server.media}).
 *
 * @param address the local IP address RTP sockets bind to (default: the first listener's address)
 * @param advertisedAddress the address written into SDP (default: {@code address}); set it when phones reach
 *        Atende through NAT
 * @param rtpPortMin first port of the RTP range (even ports RTP, odd ports RTCP)
 * @param rtpPortMax last port of the range
 * @param rtpTimeout a call whose media stopped for this long (not on hold) is hung up
 * @param codecs audio codecs in preference order: PCMU, PCMA
 * @param recordingsDir where call recordings are written (default: {@code data_dir/recordings})
 */
public record MediaConfig(String address, String advertisedAddress, int rtpPortMin, int rtpPortMax,
        Duration rtpTimeout, List<String> codecs, Path recordingsDir) {

    public static final int DEFAULT_RTP_PORT_MIN = 10000;
    public static final int DEFAULT_RTP_PORT_MAX = 20000;
    public static final Duration DEFAULT_RTP_TIMEOUT = Duration.ofSeconds(60);
    public static final List<String> SUPPORTED_CODECS = List.of("PCMU", "PCMA");

    public MediaConfig {
        Objects.requireNonNull(address, "address");
        if (advertisedAddress == null) {
            advertisedAddress = address;
        }
        if (rtpPortMin < 1024 || rtpPortMax > 65535 || rtpPortMax < rtpPortMin + 1) {
            throw new IllegalArgumentException("RTP port range must lie within 1024-65535 and hold a pair, was "
                    + rtpPortMin + "-" + rtpPortMax);
        }
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
        codecs = List.copyOf(codecs);
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("at least one codec is needed");
        }
        Objects.requireNonNull(recordingsDir, "recordingsDir");
    }

    /** The defaults for a server listening on {@code address} with {@code dataDir}. */
    public static MediaConfig defaults(String address, Path dataDir) {
        return new MediaConfig(address, address, DEFAULT_RTP_PORT_MIN, DEFAULT_RTP_PORT_MAX, DEFAULT_RTP_TIMEOUT,
                SUPPORTED_CODECS, dataDir.resolve("recordings"));
    }
}
