package org.atende.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the SIP server listens.
 *
 * @param domain         the SIP domain phones register to (host part of their AOR)
 * @param realm          the digest authentication realm (defaults to the domain; null becomes the domain)
 * @param countryCode    country calling code used to normalise dialled numbers (55 for Brazil)
 * @param listen         one entry per transport and address
 * @param maxMessageSize largest SIP message accepted, in bytes (UDP datagram or TCP frame)
 * @param dataDir        where registrations and other state survive a restart
 * @param timers         RFC 3261 T1, T2, T4
 * @param registrar      expiry limits and nonce lifetime
 * @param shutdownGrace  how long a graceful stop waits for dialogs to end
 * @param media          where RTP is bound and advertised, its ports, timeout, codecs and recordings (null
 *                       becomes {@link MediaConfig#defaults} for the first listener's address and {@code dataDir})
 * @param tlsClient      how Atende opens TLS connections (null becomes {@link TlsClientConfig#DEFAULTS})
 * @param sessionTimers  RFC 4028 session timers (null becomes {@link SessionTimerConfig#DEFAULTS})
 * @param dns            the servers asked for host names and the look-up timeout (null becomes
 *                       {@link DnsConfig#DEFAULTS})
 */
public record ServerConfig(
        String domain,
        String realm,
        String countryCode,
        List<ListenConfig> listen,
        int maxMessageSize,
        Path dataDir,
        TimerConfig timers,
        RegistrarConfig registrar,
        Duration shutdownGrace,
        MediaConfig media,
        TlsClientConfig tlsClient,
        DnsConfig dns,
        SessionTimerConfig sessionTimers) {

    public ServerConfig {
        Objects.requireNonNull(domain, "domain");
        if (realm == null) {
            realm = domain;
        }
        Objects.requireNonNull(countryCode, "countryCode");
        listen = List.copyOf(listen);
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("max_message_size must be positive, was " + maxMessageSize);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(registrar, "registrar");
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown_grace must not be negative, was " + shutdownGrace);
        }
        if (media == null) {
            media = MediaConfig.defaults(listen.isEmpty() ? "127.0.0.1" : listen.get(0).address(), dataDir);
        }
        if (tlsClient == null) {
            tlsClient = TlsClientConfig.DEFAULTS;
        }
        if (dns == null) {
            dns = DnsConfig.DEFAULTS;
        }
        if (sessionTimers == null) {
            sessionTimers = SessionTimerConfig.DEFAULTS;
        }
    }

    public ServerConfig(String domain, String realm, String countryCode, List<ListenConfig> listen,
                        int maxMessageSize, Path dataDir, TimerConfig timers, RegistrarConfig registrar,
                        Duration shutdownGrace, MediaConfig media) {
        this(domain, realm, countryCode, listen, maxMessageSize, dataDir, timers, registrar, shutdownGrace, media,
                null, null, null);
    }

    public ServerConfig(String domain, String realm, String countryCode, List<ListenConfig> listen,
                        int maxMessageSize, Path dataDir, TimerConfig timers, RegistrarConfig registrar,
                        Duration shutdownGrace) {
        this(domain, realm, countryCode, listen, maxMessageSize, dataDir, timers, registrar, shutdownGrace, null,
                null, null, null);
    }
}
