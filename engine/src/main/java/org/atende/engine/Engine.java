package org.atende.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.atende.call.CallObserver;
import org.atende.call.QueueService;
import org.atende.config.AtendeConfig;
import org.atende.config.ListenConfig;
import org.atende.media.session.MediaCounters;
import org.atende.metrics.AcdMetrics;
import org.atende.metrics.CatalogBinder;
import org.atende.metrics.EngineMetrics;
import org.atende.metrics.MediaMetrics;
import org.atende.metrics.SecurityMetrics;
import org.atende.metrics.SipMetrics;
import org.atende.sip.registrar.Reachability;
import org.atende.sip.registrar.Registrations;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.NettyTransports;
import org.atende.sip.transport.SipTransport;
import org.atende.sip.transport.Transport;
import org.atende.trunk.TrunkRegistrationClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Atende node, a facade over its parts: the SIP transports and event loops, the {@link Shards} (one
 * per loop: transaction layer, UAS core, calls, media; messages reach them through the {@link Dispatcher} by
 * Call-ID), the {@link SharedServices} (registrar, ACD, recorder, router, prompts from {@link PromptPreload}), the
 * {@link Trunks} (carrier registrations and qualifying), the {@link Protection} (bans, rate limits), the meters ({@link Metering}) and the
 * {@link GracefulStop}. This class wires them in order and answers for them; each part says what it does.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final AtendeConfig config;
    private final EventLoopGroup group;
    private final SipTransport transport;
    /** File writes and fsyncs (the registrations); never DNS, never run on a loop. */
    private final BlockingExecutor io;
    /** Host names (trunk registrars and proxies), resolved without blocking. */
    private final HostResolver dns;
    private final GracefulStop stop;
    private final Trunks trunks;
    private final SharedServices services;
    private final Shards shards;
    /** Every catalogue's meters ({@link #meters}); the control port will render it. */
    private final MeterRegistry meters;
    private final Metering metering;
    private final Protection protection;

    private Engine(AtendeConfig config, Clock clock, int threads, MeterRegistry meters) throws InterruptedException {
        this.config = config;
        this.meters = Objects.requireNonNull(meters, "meters");
        NettyTransports netty = NettyTransports.best();
        this.group = netty.newGroup(threads, new DefaultThreadFactory("atende-loop"));
        this.io = new BlockingExecutor("atende-io", 1, 1024);
        this.dns = new HostResolver(config.server().dns(), (EventLoop) group.next(), netty.datagramChannelFactory(),
                netty.socketChannelFactory());
        Dispatcher dispatcher = new Dispatcher();
        this.transport = new SipTransport(netty, group, dispatcher, config.server().maxMessageSize(),
                config.logging().sipTrace(), TlsContexts.client(config.server().tlsClient()));
        this.stop = new GracefulStop(config.server().shutdownGrace());
        this.trunks = new Trunks(config, clock, transport, dns, stop::stopping);
        this.protection = new Protection(config, clock, trunks.directory());
        this.services = new SharedServices(config, clock, transport, trunks, stop::stopping);
        protection.meterTrunks(services.trunkChannels());
        this.shards = new Shards(config, clock, netty, group, transport, services, services.recordings());
        for (ListenConfig listen : config.server().listen()) {
            Transport kind = Transport.valueOf(listen.transport().name());
            transport.bind(kind, new InetSocketAddress(listen.address(), listen.port()), listen.advertise(),
                    kind == Transport.TLS ? TlsContexts.server(listen) : null);
        }
        services.startRegistrar(io, group.next(), shards, protection.guard());
        services.startCallbacks(io, shards); // before any new call: restored callbacks keep their places ahead
        SipMetrics sipMetrics = new SipMetrics(transport, shards::liveTransactions,
                services.registrations()::bindingCount);
        this.metering = new Metering(meters, group.next(), binders(sipMetrics));
        dispatcher.open(shards, sipMetrics, protection.gate(shards.lags()));
        protection.start(group.next(), transport::connectionErrorCount);
        trunks.start(shards);
    }

    private List<CatalogBinder> binders(SipMetrics sipMetrics) {
        List<CatalogBinder> binders = new ArrayList<>(List.of(
                new EngineMetrics(services::activeCalls, io::queued, io::rejected, dns::inFlight, shards.lags()),
                sipMetrics,
                new MediaMetrics(shards.mediaCounters(), shards.rtpPorts(), services.recordingWriter()),
                new SecurityMetrics(protection)));
        if (services.queues() != null) {
            binders.add(new AcdMetrics(services.queues(), config.queues().keySet()));
        }
        return binders;
    }

    /** Starts a node on {@code config}: binds every listener (blocking until bound) and starts serving. */
    public static Engine start(AtendeConfig config) throws InterruptedException {
        return start(config, new SimpleMeterRegistry());
    }

    /**
     * Starts a node whose meters go to {@code meters} (the Prometheus registry, say; one engine per registry). The
     * engine binds every catalogue to it at start and removes its meters at the stop.
     */
    public static Engine start(AtendeConfig config, MeterRegistry meters) throws InterruptedException {
        return start(config, Clock.systemUTC(), Math.max(2, Runtime.getRuntime().availableProcessors()), meters);
    }

    public static Engine start(AtendeConfig config, Clock clock, int threads) throws InterruptedException {
        return start(config, clock, threads, new SimpleMeterRegistry());
    }

    public static Engine start(AtendeConfig config, Clock clock, int threads, MeterRegistry meters)
            throws InterruptedException {
        return new Engine(config, clock, threads, meters);
    }

    /** Adds a listener for digits and ended calls (the IVR, the CDR store, tests). Any thread. */
    public void addCallObserver(CallObserver observer) {
        services.addCallObserver(observer);
    }

    /** Engine-wide media counters. */
    public MediaCounters mediaCounters() {
        return shards.mediaCounters();
    }

    /** RTP port pairs in use. */
    public int rtpPortsInUse() {
        return shards.rtpPorts().inUse();
    }

    /** Whether each qualified trunk answers OPTIONS, by trunk name (for tests and the control port). */
    public Map<String, Reachability> trunkReachability() {
        return trunks.reachability();
    }

    /** The registrar's owner, which also knows who is on a call outside the queues (for tests and the control port). */
    public Registrations registrations() {
        return services.registrations();
    }

    /** The ACD, or null when no queue is configured (for tests and the control port). */
    public QueueService queues() {
        return services.queues();
    }

    /** States of the registrations to carriers, by trunk name (for tests and the control port). */
    public Map<String, TrunkRegistrationClient.State> trunkRegistrationStates() {
        return trunks.registrationStates();
    }

    /** The registry every catalogue is bound to ({@code org.atende.metrics}; for tests and the control port). */
    public MeterRegistry meters() {
        return meters;
    }

    /**
     * Samples the meters read from state an event loop owns (transactions, bindings, queue figures) now rather than
     * at the next periodic sample; completes when they are up to date. Any thread; never blocks.
     */
    public CompletableFuture<Void> refreshMeters() {
        return metering.refresh();
    }

    /** SIP connections (TCP and TLS) open now. */
    public int openSipConnections() {
        return transport.openConnections();
    }

    public List<ListenPoint> listenPoints() {
        return transport.listenPoints();
    }

    public AtendeConfig config() {
        return config;
    }

    /** The event loops (for tests in this package that must hold one up). */
    EventLoopGroup loops() {
        return group;
    }

    /** Each loop's lag readings (for tests in this package). */
    List<LoopLag> lagReadings() {
        return shards.lags();
    }

    public int activeCalls() {
        return services.activeCalls();
    }

    /** Connections Atende opened and closed because a CRLF keep-alive ping got no pong (RFC 5626 §4.4.1). */
    public long keepAliveFailures() {
        return transport.keepAliveFailureCount();
    }

    /** SIP messages refused by the decoder since start (answered 400/505 or dropped). */
    public long malformedMessages() {
        return transport.malformedCount();
    }

    /** Host-name look-ups under way (for tests and the control port). */
    public int dnsLookupsInFlight() {
        return dns.inFlight();
    }

    /** Tasks the I/O executor refused since start (for tests and the control port). */
    public long ioRejected() {
        return io.rejected();
    }

    /**
     * Graceful stop: new INVITEs get 503, every active call is ended with BYE, then the sockets close.
     * Returns within the configured grace period plus a few seconds.
     */
    public void stop() {
        stop.run(services::activeCalls, () -> shards.hangupAll("engine stopping"), this::release);
    }

    /** The parts, released in this order once the calls are gone: nothing new arrives, then state is saved. */
    private void release() {
        services.registrations().stopQualifying();
        protection.stop();
        trunks.stop();
        transport.close();
        services.closeBindings();
        services.closeRecorder();
        dns.close();
        services.closeQueues(); // the ACD's last messages, then the pending callbacks written through io
        io.shutdown(Duration.ofSeconds(5));
        if (io.rejected() > 0) {
            log.warn("stopping: the I/O executor refused {} task(s) while running", io.rejected());
        }
        shards.stopLagProbes();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        metering.close();
    }

    public boolean awaitTermination(Duration timeout) {
        return stop.awaitTermination(timeout);
    }

    @Override
    public void close() {
        stop();
    }
}
