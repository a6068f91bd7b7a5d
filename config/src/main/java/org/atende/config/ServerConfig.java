package org.atende.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the SIP server listens.
 *
 * @param domain         the SIP domain phones register to (host part of their AOR)
 * @param realm          the digest authentication realm (defaults to the domain)
 * @param countryCode    country calling code used to normalise dialled numbers (55 for Brazil)
 * @param listen         one entry per transport and address
 * @param maxMessageSize largest SIP message accepted, in bytes (UDP datagram or TCP frame)
 * @param dataDir        where registrations and other state survive a restart
 * @param timers         RFC 3261 T1, T2, T4
 * @param registrar      expiry limits and nonce lifetime
 * @param shutdownGrace  how long a graceful stop waits for dialogs to end
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
        Duration shutdownGrace) {

    public ServerConfig {
        listen = List.copyOf(listen);
    }
}
