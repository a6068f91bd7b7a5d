package org.atende.sip.registrar;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sip.address.URI;
import javax.sip.header.ExpiresHeader;
import org.atende.config.ExtensionConfig;
import org.atende.config.RegistrarConfig;
import org.atende.security.AuthGuard;
import org.atende.security.GuardedAuthenticator;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar for Atende's domain (RFC 3261 §10.3).
 *
 * <p><b>Threading.</b> Single-threaded: one thread (the registrar's event loop) owns an instance and calls
 * every method; nothing here is synchronized. Other loops reach it by message passing. Persistence goes
 * through the {@link BindingStore}, whose {@code save} does not block.
 *
 * <p><b>Processing a REGISTER.</b>
 * <ol>
 *   <li>Digest authentication ({@code Authorization}, 401) against the extension passwords. Without valid
 *       credentials the answer is the authenticator's challenge, the same for every To user, known or not.</li>
 *   <li>Authenticated as X: the To URI must be {@code sip:X@<domain>}. Another user → 403 Forbidden;
 *       another host → 404 Not Found.</li>
 *   <li>No Contact: a query, answered 200 with the current bindings.</li>
 *   <li>{@code Contact: *} must be alone and come with {@code Expires: 0} (else 400); it removes every binding
 *       of X, subject to the Call-ID/CSeq rule below.</li>
 *   <li>Each contact's expiry is its {@code expires} parameter, else the Expires header, else the default.
 *       Any non-zero expiry below {@code minExpires} → 423 with Min-Expires (nothing changes); above
 *       {@code maxExpires} it is cut to the maximum; 0 removes the binding.</li>
 *   <li>A contact matches an existing binding by {@code +sip.instance} when it has one (a restarted device
 *       replaces its own binding even if its contact address changed), else by URI (RFC 3261 §19.1.4).
 *       {@code reg-id} is recognised but, without RFC 5626 outbound support, a device gets one binding per
 *       instance (RFC 5626 §6: a registrar without outbound ignores reg-id).</li>
 *   <li>Call-ID/CSeq (§10.3 steps 6–7): if a matched binding has the same Call-ID and a CSeq not lower than the
 *       request's, the whole update is aborted and answered 500 (out of order). A different Call-ID
 *       replaces the binding.</li>
 *   <li>Updates are applied all or nothing. If X then has more bindings than {@code maxContacts}, the least
 *       recently registered ones are dropped: a phone that restarted without unregistering must not lock
 *       itself out until its stale binding expires.</li>
 *   <li>200 OK lists every binding of X with its remaining {@code expires}, plus a Date header.</li>
 * </ol>
 * Each binding remembers the {@link Endpoint} the REGISTER came from and the one its requests go to: the
 * Contact, or that source when the phone is behind NAT ({@link ContactRoute}, the extension's {@code nat}); the
 * choice is logged at DEBUG.
 */
public final class Registrar {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);
    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

    private final String domain;
    private final RegistrarConfig limits;
    private final Function<String, Optional<ExtensionConfig>> extensions;
    private final GuardedAuthenticator auth;
    private final BindingStore store;
    private final Clock clock;
    private final Set<Transport> transports;
    private final Map<String, List<Binding>> byUser = new HashMap<>();
    private final RegistrarResponses responses;
    private boolean deferSaves;
    private boolean unsaved;

    /**
     * Loads the stored bindings (blocking; call at start, before serving).
     *
     * @param domain     the SIP domain the registrar serves (host part of every AOR)
     * @param extensions the extension of a user name, empty when there is none
     */
    public Registrar(String domain, RegistrarConfig limits, Function<String, Optional<ExtensionConfig>> extensions,
                     DigestAuthenticator auth, BindingStore store, Clock clock) {
        this(domain, limits, extensions, auth, store, clock, EnumSet.allOf(Transport.class));
    }

    /**
     * As above, for a node listening on {@code transports} only: a Contact naming another transport is not sent
     * to (its binding's requests go to where the REGISTER came from).
     */
    public Registrar(String domain, RegistrarConfig limits, Function<String, Optional<ExtensionConfig>> extensions,
                     DigestAuthenticator auth, BindingStore store, Clock clock, Set<Transport> transports) {
        this(domain, limits, extensions, new GuardedAuthenticator(auth, AuthGuard.off(clock)), store, clock,
                transports);
    }

    /**
     * As above, with failed authentications counted by {@code auth}'s guard, and each address an extension registers
     * from told to it.
     */
    public Registrar(String domain, RegistrarConfig limits, Function<String, Optional<ExtensionConfig>> extensions,
                     GuardedAuthenticator auth, BindingStore store, Clock clock, Set<Transport> transports) {
        this.transports = Set.copyOf(Objects.requireNonNull(transports, "transports"));
        this.domain = Objects.requireNonNull(domain, "domain");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.responses = new RegistrarResponses(clock);
        Instant now = clock.instant();
        for (Binding b : store.loadAll()) {
            if (b.isLive(now)) {
                byUser.computeIfAbsent(b.user(), u -> new ArrayList<>()).add(b);
            }
        }
    }

    /** Handles one REGISTER and returns the final response to send (the caller's server transaction sends it). */
    public SIPResponse handle(SIPRequest register, Endpoint source) {
        return answer(register, source).response();
    }

    /**
     * Handles one REGISTER: the final response to send, and how long to hold it back (a challenge to a source the
     * guard is slowing down; otherwise zero).
     */
    public GuardedAuthenticator.Answer answer(SIPRequest register, Endpoint source) {
        if (!"REGISTER".equals(register.getMethod())) {
            throw new IllegalArgumentException("not a REGISTER: " + register.getMethod());
        }
        Objects.requireNonNull(source, "source");
        GuardedAuthenticator.Result outcome = auth.authenticate(register, false, source,
                user -> extensions.apply(user).map(ExtensionConfig::password));
        if (outcome instanceof GuardedAuthenticator.Answer answer) {
            return answer;
        }
        String user = ((GuardedAuthenticator.Identified) outcome).user();
        SIPResponse response = authorized(register, source, user);
        return new GuardedAuthenticator.Answer(response, Duration.ZERO);
    }

    private SIPResponse authorized(SIPRequest register, Endpoint source, String user) {
        URI to = register.getTo() == null ? null : register.getTo().getAddress().getURI();
        if (!(to instanceof SipUri toUri) || !user.equals(toUri.getUser())) {
            log.debug("{} tried to register another AOR (call {})", user, callId(register));
            return response(register, 403, "Forbidden (AOR is not yours)");
        }
        if (!domain.equalsIgnoreCase(toUri.getHost())) {
            return response(register, 404, "Not Found (not our domain)");
        }
        int maxContacts = Math.max(1, extensions.apply(user).map(ExtensionConfig::maxContacts).orElse(1));
        ContactList contacts = register.getContactHeaders();
        if (contacts == null || contacts.isEmpty()) {
            return ok(register, user);
        }
        return update(register, source, user, contacts, maxContacts);
    }

    /** The live bindings of {@code user}, highest q first, then most recently registered first. */
    public List<Binding> lookup(String user) {
        Instant now = clock.instant();
        List<Binding> live = new ArrayList<>();
        for (Binding b : byUser.getOrDefault(user, List.of())) {
            if (b.isLive(now)) {
                live.add(b);
            }
        }
        live.sort(Comparator.comparingDouble((Binding b) -> b.q()).reversed()
                .thenComparing(Binding::registeredAt, Comparator.reverseOrder()));
        return live;
    }

    /** Every live binding of every user (for the control port and tests). */
    public List<Binding> bindings() {
        Instant now = clock.instant();
        return byUser.values().stream().flatMap(List::stream).filter(b -> b.isLive(now)).toList();
    }

    /** Removes expired bindings and saves the result if anything went; the engine calls this periodically. */
    public void expire() {
        Instant now = clock.instant();
        boolean changed = false;
        var it = byUser.entrySet().iterator();
        while (it.hasNext()) {
            List<Binding> list = it.next().getValue();
            changed |= list.removeIf(b -> !b.isLive(now));
            if (list.isEmpty()) {
                it.remove();
            }
        }
        if (changed) {
            changed();
        }
    }

    private SIPResponse update(SIPRequest register, Endpoint source, String user, ContactList contacts,
                               int maxContacts) {
        Instant now = clock.instant();
        String callId = register.getCallId().getCallId();
        long cseq = register.getCSeq().getSeqNumber();
        ExpiresHeader expiresHeader = register.getExpires();
        List<Binding> current = new ArrayList<>(byUser.getOrDefault(user, List.of()));
        current.removeIf(b -> !b.isLive(now));

        boolean wildcard = contacts.stream().anyMatch(Contact::isWildCard);
        if (wildcard) {
            if (contacts.size() != 1 || expiresHeader == null || expiresHeader.getExpires() != 0) {
                return response(register, 400, "Bad Request (Contact: * needs Expires: 0 and no other contact)");
            }
            for (Binding b : current) {
                if (outOfOrder(b, callId, cseq)) {
                    return response(register, 500, "Server Internal Error (out of order REGISTER)");
                }
            }
            commit(user, List.of());
            log.debug("{} unregistered all contacts (call {})", user, callId);
            return ok(register, user);
        }

        List<Requested> requested = new ArrayList<>();
        for (Contact contact : contacts) {
            Optional<Long> seconds = Contacts.requestedExpiry(contact, expiresHeader, limits.defaultExpires());
            if (seconds.isEmpty()) {
                return response(register, 400, "Bad Request (invalid expires parameter)");
            }
            requested.add(new Requested(contact, seconds.get()));
        }
        long min = limits.minExpires().getSeconds();
        if (requested.stream().anyMatch(r -> r.seconds != 0 && r.seconds < min)) {
            SIPResponse tooBrief = response(register, 423, "Interval Too Brief");
            try {
                tooBrief.addHeader(HEADERS.createMinExpiresHeader((int) Math.min(min, Integer.MAX_VALUE)));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException("negative min-expires in config", e);
            }
            return tooBrief;
        }

        long max = limits.maxExpires().getSeconds();
        ExtensionConfig.Nat nat = extensions.apply(user).map(ExtensionConfig::nat).orElse(ExtensionConfig.Nat.AUTO);
        List<Binding> added = new ArrayList<>();
        for (Requested r : requested) {
            String uri = r.contact.getAddress().getURI().toString();
            Optional<String> instance = Contacts.instanceId(r.contact);
            Binding existing = Contacts.find(current, uri, instance);
            if (existing != null) {
                if (outOfOrder(existing, callId, cseq)) {
                    return response(register, 500, "Server Internal Error (out of order REGISTER)");
                }
                current.remove(existing);
            }
            added.removeIf(b -> Contacts.sameBinding(b, uri, instance));
            if (r.seconds != 0) {
                float q = r.contact.getQValue() < 0 ? 1.0f : r.contact.getQValue();
                ContactRoute.Choice route = ContactRoute.choose(nat, register.getTopmostVia(), source,
                        r.contact.getAddress().getURI(), transports);
                log.debug("{} registered {} from {}: requests go to {}, {} (call {})", user, uri, source,
                        route.destination(), route.why(), callId);
                added.add(new Binding(user, uri, source, route.destination(), callId, cseq,
                        now.plus(Duration.ofSeconds(Math.min(r.seconds, max))), q, instance, now));
            }
        }
        current.addAll(added);
        if (current.size() > maxContacts) {
            current.sort(Comparator.comparing(Binding::registeredAt));
            List<Binding> evicted = new ArrayList<>(current.subList(0, current.size() - maxContacts));
            current.subList(0, current.size() - maxContacts).clear();
            log.debug("{} exceeded {} contacts; dropped the oldest: {}", user, maxContacts,
                    evicted.stream().map(Binding::contactUri).toList());
        }
        commit(user, current);
        if (!added.isEmpty()) {
            auth.guard().registered(user, source.address(), source.transport().name().toLowerCase(Locale.ROOT));
        }
        return ok(register, user);
    }

    private record Requested(Contact contact, long seconds) {
    }

    private static boolean outOfOrder(Binding b, String callId, long cseq) {
        return b.callId().equals(callId) && cseq <= b.cseq();
    }

    private void commit(String user, List<Binding> bindings) {
        if (bindings.isEmpty()) {
            byUser.remove(user);
        } else {
            byUser.put(user, new ArrayList<>(bindings));
        }
        changed();
    }

    /**
     * From now on a change is saved by {@link #saveIfChanged}, which the owner calls about once a second, instead of
     * at once: a snapshot of every binding per REGISTER is O(bindings) per REGISTER, which at thousands of phones and
     * thousands of REGISTERs a second is most of the registrar's work. A crash loses at most that last second, which
     * the phones' next REGISTER restores. Owner thread.
     */
    public void deferSaves() {
        deferSaves = true;
    }

    /** Gives the store one snapshot if anything changed since the last. Owner thread. */
    public void saveIfChanged() {
        if (unsaved) {
            unsaved = false;
            store.save(allBindings());
        }
    }

    private void changed() {
        unsaved = true;
        if (!deferSaves) {
            saveIfChanged();
        }
    }

    private List<Binding> allBindings() {
        return byUser.values().stream().flatMap(List::stream).toList();
    }

    private SIPResponse ok(SIPRequest register, String user) {
        return responses.ok(register, user, lookup(user));
    }

    private SIPResponse response(SIPRequest request, int status, String reason) {
        return responses.response(request, status, reason);
    }

    private static String callId(SIPRequest request) {
        return request.getCallId() == null ? "?" : request.getCallId().getCallId();
    }
}
