package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.util.Optional;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.HeaderAddress;
import org.atende.config.AtendeConfig;
import org.atende.config.ExtensionConfig;
import org.atende.config.NumberConfig;
import org.atende.config.PhoneNumbers;
import org.atende.config.TrunkConfig;
import org.atende.sip.transport.LocalIdentity;
import org.atende.security.GuardedAuthenticator;
import org.atende.sip.transport.Endpoint;

/**
 * Decides where a new INVITE goes and who is calling. Thread-safe: it reads only immutable configuration.
 *
 * <ol>
 *   <li>From a trunk's allowed address to one of that trunk's numbers: routed by the numbers table,
 *       no digest authentication; the caller is P-Asserted-Identity when the trunk is trusted, else From.</li>
 *   <li>From anything else claiming our domain: digest authentication (407) as an extension, under the
 *       {@link org.atende.security.AuthGuard} (failures counted, slowed sources answered late, a locked extension
 *       refused from new addresses), then routed to the dialled extension or number, or to an external number
 *       through {@code dial_out.trunk} (the toll-fraud guard decides later, in the shard).</li>
 *   <li>Anything else: 403, whatever was dialled, so that nothing reveals which numbers exist.</li>
 * </ol>
 */
public final class CallRouter {

    private static final String P_ASSERTED_IDENTITY = "P-Asserted-Identity";

    private final AtendeConfig config;
    private final LocalIdentity identity;
    private final GuardedAuthenticator authenticator;
    private final TrunkDirectory trunks;

    public CallRouter(AtendeConfig config, LocalIdentity identity, GuardedAuthenticator authenticator,
                      TrunkDirectory trunks) {
        this.config = config;
        this.identity = identity;
        this.authenticator = authenticator;
        this.trunks = trunks;
    }

    public CallRoute route(SIPRequest invite, Endpoint source) {
        String dialled = userOf(invite.getRequestURI());
        if (dialled == null) {
            return new CallRoute.Reject(404, "Not Found");
        }
        Optional<TrunkConfig> registered = registeredTrunkFor(source.address().getAddress(), dialled);
        if (registered.isPresent()) {
            return routeFromRegisteredTrunk(invite, registered.get());
        }
        Optional<TrunkConfig> trunk = trunkFor(source.address().getAddress(), dialled);
        if (trunk.isPresent()) {
            return routeFromTrunk(invite, trunk.get(), dialled);
        }
        URI fromUri = invite.getFrom().getAddress().getURI();
        if (!identity.isLocal(fromUri) && !isDomain(fromUri)) {
            return new CallRoute.Reject(403, "Forbidden");
        }
        GuardedAuthenticator.Result outcome = authenticator.authenticate(invite, true, source,
                user -> config.extension(user).map(ExtensionConfig::password));
        if (outcome instanceof GuardedAuthenticator.Answer answer) {
            return new CallRoute.Respond(answer.response(), answer.delay());
        }
        String user = ((GuardedAuthenticator.Identified) outcome).user();
        String fromUser = userOf(fromUri);
        if (!user.equals(fromUser)) {
            return new CallRoute.Reject(403, "Forbidden");
        }
        ExtensionConfig caller = config.extension(user).orElseThrow();
        CallerId callerId = new CallerId(user, caller.displayName(), "extension " + user);
        if (!config.queues().isEmpty()) {
            Optional<AgentFeatures.Dialled> feature = AgentFeatures.match(config.agents().features(), dialled);
            if (feature.isPresent()) {
                return new CallRoute.ToFeature(feature.get().code(), feature.get().argument(), callerId, dialled,
                        new MediaPolicy(true, false, false));
            }
        }
        Optional<ExtensionConfig> callee = config.extension(dialled);
        if (callee.isPresent()) {
            return new CallRoute.ToExtension(dialled, callerId, dialled, policy(caller, callee.get(), false));
        }
        Optional<NumberConfig> number = config.number(dialled);
        if (number.isPresent()) {
            return toNumber(number.get(), callerId, caller);
        }
        return config.dialOut().trunk()
                .<CallRoute>map(through -> new CallRoute.ToExternal(dialled, through, callerId,
                        new MediaPolicy(true, caller.record(), false)))
                .orElse(new CallRoute.Reject(404, "Not Found"));
    }

    /** Where a number leads; {@code caller} is the calling extension, or null for a trunk. */
    private CallRoute toNumber(NumberConfig number, CallerId callerId, ExtensionConfig caller) {
        boolean callerRecords = caller != null && caller.record();
        if (number.flow() != null) {
            return new CallRoute.ToFlow(number.flow(), callerId, number.normalized(),
                    new MediaPolicy(true, number.record() || callerRecords, false), number.survey());
        }
        if (number.application() != null) {
            return new CallRoute.ToApplication(number.application(), callerId, number.normalized(),
                    new MediaPolicy(true, number.record() || callerRecords, false));
        }
        ExtensionConfig callee = config.extension(number.extension()).orElseThrow();
        MediaPolicy media = caller == null
                ? new MediaPolicy(true, number.record() || callee.record(), callee.srtp())
                : policy(caller, callee, number.record());
        return new CallRoute.ToExtension(number.extension(), callerId, number.normalized(), media);
    }

    /**
     * Extension to extension: anchored unless both allow direct media and nothing needs the audio (recording).
     */
    static MediaPolicy policy(ExtensionConfig caller, ExtensionConfig callee, boolean numberRecords) {
        boolean record = caller.record() || callee.record() || numberRecords;
        boolean anchored = record || !(caller.directMedia() && callee.directMedia());
        return new MediaPolicy(anchored, record, anchored && callee.srtp());
    }

    private CallRoute routeFromTrunk(SIPRequest invite, TrunkConfig trunk, String dialled) {
        NumberConfig number = config.number(dialled).orElseThrow();
        Address identityAddress = invite.getFrom().getAddress();
        if (trunk.trusted()) {
            HeaderAddress pai = (HeaderAddress) invite.getHeader(P_ASSERTED_IDENTITY);
            if (pai != null && pai.getAddress() != null) {
                identityAddress = pai.getAddress();
            }
        }
        String user = userOf(identityAddress.getURI());
        CallerId caller = new CallerId(user == null ? "anonymous" : user, identityAddress.getDisplayName(),
                "trunk " + trunk.name(), trunk.name());
        return toNumber(number, caller, null);
    }

    /**
     * A carrier Atende registers to sends calls to the registered Contact, whose user is the trunk's user name:
     * the dialled number is then the To user (or P-Called-Party-ID, RFC 3455).
     */
    private Optional<TrunkConfig> registeredTrunkFor(InetAddress address, String requestUser) {
        return config.trunks().stream()
                .filter(t -> t.registration().map(r -> r.username().equals(requestUser)).orElse(false))
                .filter(t -> trunks.allows(t, address))
                .findFirst();
    }

    private CallRoute routeFromRegisteredTrunk(SIPRequest invite, TrunkConfig trunk) {
        URI called = invite.getTo().getAddress().getURI();
        HeaderAddress calledParty = (HeaderAddress) invite.getHeader("P-Called-Party-ID");
        if (calledParty != null && calledParty.getAddress() != null) {
            called = calledParty.getAddress().getURI();
        }
        String dialled = userOf(called);
        Optional<NumberConfig> number = dialled == null ? Optional.empty() : config.number(dialled);
        String countryCode = config.server().countryCode();
        if (number.isEmpty() || !(trunk.numbers().isEmpty() || trunk.numbers().stream()
                .anyMatch(n -> PhoneNumbers.normalize(n, countryCode).equals(number.get().normalized())))) {
            return new CallRoute.Reject(404, "Not Found");
        }
        return routeFromTrunk(invite, trunk, dialled);
    }

    /** The trunk that may deliver {@code dialled} from {@code address}, if any. */
    private Optional<TrunkConfig> trunkFor(InetAddress address, String dialled) {
        Optional<NumberConfig> number = config.number(dialled);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        String normalized = number.get().normalized();
        return config.trunks().stream()
                .filter(t -> trunks.allows(t, address))
                .filter(t -> t.numbers().isEmpty() || t.numbers().stream()
                        .anyMatch(n -> PhoneNumbers.normalize(n, config.server().countryCode()).equals(normalized)))
                .findFirst();
    }

    private boolean isDomain(URI uri) {
        return uri instanceof SipURI sip && sip.getHost().equalsIgnoreCase(identity.domain());
    }

    static String userOf(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        if (uri != null && "tel".equalsIgnoreCase(uri.getScheme())) {
            String s = uri.toString();
            int colon = s.indexOf(':');
            int semi = s.indexOf(';');
            return s.substring(colon + 1, semi < 0 ? s.length() : semi);
        }
        return null;
    }
}
