package org.atende.engine;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.atende.call.TrunkDirectory;
import org.atende.call.TrunkTarget;
import org.atende.config.AtendeConfig;
import org.atende.config.TrunkConfig;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.registrar.Reachability;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.SipTransport;
import org.atende.trunk.RegistrarUri;
import org.atende.trunk.TrunkRegistrationClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trunks as the engine runs them: registrations to carriers (one {@link TrunkRegistrationClient} per trunk with
 * a {@code registration}) and OPTIONS qualifying of their proxies ({@link TrunkQualifier}), each on a shard's loop,
 * the un-REGISTERs at the stop, and where calls through a trunk go (its proxy resolved without blocking).
 */
final class Trunks {

    private static final Logger log = LoggerFactory.getLogger(Trunks.class);

    private record Registering(Shards.Shard shard, TrunkRegistrationClient client) {
    }

    private record Qualifying(Shards.Shard shard, TrunkQualifier qualifier) {
    }

    private final AtendeConfig config;
    private final Clock clock;
    private final SipTransport transport;
    private final HostResolver dns;
    private final BooleanSupplier stopping;
    private final TrunkDirectory directory = new TrunkDirectory();
    private final List<Registering> registrations = new CopyOnWriteArrayList<>();
    private final List<Qualifying> qualifiers = new CopyOnWriteArrayList<>();

    /** @param stopping true once the graceful stop began: clients and qualifiers not yet created are not */
    Trunks(AtendeConfig config, Clock clock, SipTransport transport, HostResolver dns, BooleanSupplier stopping) {
        this.config = config;
        this.clock = clock;
        this.transport = transport;
        this.dns = dns;
        this.stopping = stopping;
    }

    /** Which trunk an address belongs to (registrar addresses are added as they resolve). */
    TrunkDirectory directory() {
        return directory;
    }

    /** Registers to the carriers, then qualifies the trunks that ask for it. Starting thread. */
    void start(Shards shards) {
        startRegistrations(shards);
        startQualifiers(shards);
    }

    /**
     * Registers to every carrier whose trunk has a {@code registration}, each client on its own shard's loop; the
     * client resolves the registrar's host (without blocking) before each REGISTER exchange.
     */
    private void startRegistrations(Shards shards) {
        int next = 0;
        for (TrunkConfig trunk : config.trunks()) {
            if (trunk.registration().isEmpty()) {
                continue;
            }
            TrunkConfig.TrunkRegistration settings = trunk.registration().get();
            RegistrarUri uri;
            try {
                uri = RegistrarUri.parse(settings.registrar());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("trunk " + trunk.name() + ": registrar " + settings.registrar()
                        + " is not usable: " + e.getMessage(), e);
            }
            if (!transport.canSend(uri.transport())) {
                throw new IllegalStateException("trunk " + trunk.name() + " registers over " + uri.transport()
                        + " but no " + uri.transport() + " listener is configured");
            }
            int index = next++ % shards.size();
            Shards.Shard shard = shards.get(index);
            TrunkRegistrationClient.Resolver resolver = host -> dns.resolve(host).thenApply(address -> {
                directory.addRegistrarAddress(trunk.name(), address);
                return address;
            });
            shard.loop().execute(() -> {
                if (stopping.getAsBoolean()) {
                    return;
                }
                TrunkRegistrationClient client = new TrunkRegistrationClient(trunk.name(), settings, resolver,
                        shard.loop(), transport.listenPoint(uri.transport()), shard.layer(), shard.timers(), clock,
                        SipBuilder.newCallId(config.server().domain(), index, shards.size()), new SecureRandom());
                registrations.add(new Registering(shard, client));
                client.start();
            });
        }
    }

    /** Qualifies every trunk with a {@code qualify} interval, each on its own shard's loop. */
    private void startQualifiers(Shards shards) {
        int next = 0;
        for (TrunkConfig trunk : config.trunks()) {
            if (trunk.qualify().isEmpty()) {
                continue;
            }
            int index = next++ % shards.size();
            Shards.Shard shard = shards.get(index);
            shard.loop().execute(() -> {
                if (stopping.getAsBoolean()) {
                    return;
                }
                TrunkQualifier qualifier = new TrunkQualifier(trunk.name(), trunk.qualify().get(),
                        () -> target(trunk.name()), shards.optionsProbe(index), shard.loop(), shard.timers(), clock,
                        new SecureRandom());
                qualifiers.add(new Qualifying(shard, qualifier));
                qualifier.start();
            });
        }
    }

    /** States of the registrations to carriers, by trunk name. Any thread. */
    Map<String, TrunkRegistrationClient.State> registrationStates() {
        Map<String, TrunkRegistrationClient.State> states = new TreeMap<>();
        registrations.forEach(r -> states.put(r.client().trunkName(), r.client().state()));
        return states;
    }

    /** Whether each qualified trunk answers OPTIONS, by trunk name. Any thread. */
    Map<String, Reachability> reachability() {
        Map<String, Reachability> states = new TreeMap<>();
        qualifiers.forEach(q -> states.put(q.qualifier().trunk(), q.qualifier().state()));
        return states;
    }

    /** Stops qualifying, then un-registers from every carrier, waiting a bounded time for the answers. */
    void stop() {
        qualifiers.forEach(q -> q.shard().loop().execute(q.qualifier()::stop));
        CountDownLatch done = new CountDownLatch(registrations.size());
        for (Registering r : registrations) {
            r.shard().loop().execute(() -> r.client().stop(done::countDown));
        }
        try {
            if (!done.await(3, TimeUnit.SECONDS)) {
                log.warn("stopping: {} carrier registration(s) not removed in time", done.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Resolves the proxy of trunk {@code name} without blocking ({@link HostResolver}: its cache keeps this cheap
     * for a carrier dialled often). The future completes on the resolver's loop; it fails when the trunk places no
     * calls or the host does not resolve within the DNS timeout.
     */
    CompletableFuture<TrunkTarget> target(String name) {
        Optional<TrunkConfig> trunk = config.trunks().stream().filter(t -> t.name().equals(name)).findFirst();
        if (trunk.isEmpty() || trunk.get().outboundProxy().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("trunk " + name + " places no calls"));
        }
        TrunkConfig t = trunk.get();
        RegistrarUri proxy;
        try {
            proxy = RegistrarUri.parse(t.outboundProxy().get());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!transport.canSend(proxy.transport())) {
            return CompletableFuture.failedFuture(new IllegalStateException("trunk " + name
                    + " sends over " + proxy.transport() + " but no " + proxy.transport() + " listener is configured"));
        }
        return dns.resolve(proxy.host()).handle((address, failure) -> {
            if (address == null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new CompletionException(new IllegalStateException("cannot resolve "
                        + proxy.host() + " (" + (cause == null ? "no address" : cause.getMessage()) + ")", cause));
            }
            return new TrunkTarget(t.name(), proxy,
                    new Endpoint(proxy.transport(), new InetSocketAddress(address, proxy.destinationPort())),
                    t.outbound().flatMap(TrunkConfig.TrunkOutbound::callerId), t.outboundUsername(),
                    t.outboundPassword());
        });
    }
}
