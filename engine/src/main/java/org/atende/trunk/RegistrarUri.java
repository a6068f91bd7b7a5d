package org.atende.trunk;

import java.text.ParseException;
import java.util.Locale;
import java.util.Objects;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transport.Transport;

/**
 * A carrier registrar's SIP URI from the trunk configuration ({@code sip:sip.carrier.example:5060},
 * {@code sip:127.0.0.1:5070;transport=tcp}), split into what the engine resolves and what goes into the REGISTER.
 * A user part, if written, is ignored (RFC 3261 §10.2: the Request-URI of a REGISTER has none).
 *
 * @param host      host name or IP literal (IPv6 in brackets), as written
 * @param port      the port written in the URI, or -1 when none was (then {@link #destinationPort()} is 5060, or
 *                  5061 over TLS)
 * @param transport {@code transport=tcp} gives TCP, {@code transport=tls} or {@code sips:} TLS, no parameter or
 *                  {@code transport=udp} UDP
 */
public record RegistrarUri(String host, int port, Transport transport) {

    public RegistrarUri {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        if (host.isEmpty() || port < -1 || port > 65535) {
            throw new IllegalArgumentException("invalid registrar host or port: " + host + ":" + port);
        }
    }

    /**
     * Parses a registrar URI.
     *
     * @throws IllegalArgumentException when it is not a {@code sip:} or {@code sips:} URI, or names a transport
     *                                  other than UDP, TCP or TLS ({@code sips:} only TLS)
     */
    public static RegistrarUri parse(String text) {
        URI uri;
        try {
            uri = SipBuilder.ADDRESSES.createURI(text.strip());
        } catch (ParseException e) {
            throw new IllegalArgumentException("registrar is not a SIP URI: " + text, e);
        }
        if (!(uri instanceof SipURI sip)) {
            throw new IllegalArgumentException("registrar must be a sip: or sips: URI: " + text);
        }
        String param = sip.getTransportParam();
        Transport transport = param == null ? (sip.isSecure() ? Transport.TLS : Transport.UDP)
                : Transport.parse(param).orElseThrow(() -> new IllegalArgumentException(
                        "unsupported registrar transport " + param.toLowerCase(Locale.ROOT) + " in " + text));
        if (sip.isSecure() && transport != Transport.TLS) {
            throw new IllegalArgumentException("a sips: URI goes over TLS, not " + transport + ": " + text);
        }
        return new RegistrarUri(sip.getHost(), sip.getPort(), transport);
    }

    /** The port to send to: the one written, else 5061 over TLS and 5060 otherwise (no RFC 3263 SRV look-ups). */
    public int destinationPort() {
        return port == -1 ? transport.defaultPort() : port;
    }

    /** The REGISTER Request-URI, {@code sip:host[:port]} (a new mutable object each call). */
    public SipURI requestUri() {
        SipURI uri = SipBuilder.sipUri(null, host);
        if (port != -1) {
            uri.setPort(port);
        }
        return uri;
    }

    /** The address of record registered, {@code sip:user@host}, written in From and To (a new object each call). */
    public SipURI addressOfRecord(String user) {
        return SipBuilder.sipUri(user, host);
    }
}
