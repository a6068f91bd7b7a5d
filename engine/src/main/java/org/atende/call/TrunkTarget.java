package org.atende.call;

import java.util.Objects;
import java.util.Optional;
import javax.sip.address.SipURI;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transport.Endpoint;
import org.atende.trunk.RegistrarUri;

/**
 * Where and as whom a call through a carrier trunk goes, once the trunk's proxy host has been resolved.
 *
 * @param trunk       the trunk's name, for logs
 * @param proxy       the proxy URI as configured (host as written, port, transport)
 * @param destination the resolved address the INVITEs are sent to
 * @param callerId    the number presented in From; empty presents the caller's own number
 * @param username    digest user name for the carrier's 401/407; empty when the trunk has no credentials
 * @param password    digest password (never logged)
 */
public record TrunkTarget(String trunk, RegistrarUri proxy, Endpoint destination, Optional<String> callerId,
                   Optional<String> username, Optional<String> password) {

    public TrunkTarget {
        Objects.requireNonNull(trunk, "trunk");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** The Request-URI for {@code number}: {@code sip:number@host[:port][;transport=tcp|tls]}. */
    public String requestUri(String number) {
        SipURI uri = SipBuilder.sipUri(number, proxy.host());
        try {
            if (proxy.port() != -1) {
                uri.setPort(proxy.port());
            }
            if (proxy.transport() != org.atende.sip.transport.Transport.UDP) {
                uri.setTransportParam(proxy.transport().uriParameter());
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cannot build a Request-URI for " + number, e);
        }
        return uri.toString();
    }

    /** Whether the trunk can answer a digest challenge. */
    public boolean hasCredentials() {
        return username.isPresent() && password.isPresent();
    }

    @Override
    public String toString() {
        return "TrunkTarget[" + trunk + " via " + destination + "]";
    }
}
