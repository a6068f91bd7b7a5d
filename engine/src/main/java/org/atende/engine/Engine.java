package org.atende.engine;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.atende.call.CallRouter;
import org.atende.call.TrunkDirectory;
import org.atende.config.TrunkConfig;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transport.Endpoint;
import org.atende.trunk.RegistrarUri;
import org.atende.trunk.TrunkRegistrationClient;
import org.atende.call.CallServices;
import org.atende.call.ShardCalls;
import org.atende.sip.core.SipCore;
import org.atende.config.AtendeConfig;
import org.atende.config.ListenConfig;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.message.UasRequestChecks;
import org.atende.sip.registrar.FileBindingStore;
import org.atende.sip.registrar.Registrar;
import org.atende.sip.registrar.OptionsProbe;
import org.atende.sip.registrar.Reachability;
import org.atende.sip.registrar.Registrations;
import org.atende.sip.transport.LocalIdentity;
import org.atende.sip.transaction.SipTimers;
import org.atende.sip.transaction.TimerService;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.InboundMessage;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.NettyTransports;
import org.atende.sip.transport.SipMessageSink;
import org.atende.sip.transport.SipTransport;
import org.atende.sip.transport.Transport;
import org.atende.call.CallLeg;
import org.atende.call.CallMedia;
import org.atende.call.CallObserver;
import org.atende.call.CallRecord;
import org.atende.media.sdp.Codec;
import org.atende.media.session.MediaClock;
import org.atende.media.session.MediaContext;
import org.atende.media.session.MediaCounters;
import org.atende.media.session.RtpPortPool;
import org.atende.media.recorder.RecordingWriter;
import org.atende.media.recorder.WavRepair;
import org.atende.metrics.AcdMetrics;
import org.atende.metrics.CatalogBinder;
import org.atende.metrics.EngineMetrics;
import org.atende.metrics.MediaMetrics;
import org.atende.metrics.SipMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Atende node: the SIP transports, one shard (event loop, transaction layer, UAS core) per core,
 * the registrar, and the graceful stop. Calls are pinned to a shard by the hash of their Call-ID.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final AtendeConfig config;
    private final Clock clock;
    /** The ACD, when queues are configured. */
    private final org.atende.call.QueueService queues;
    private final EventLoopGroup group;
    private final SipTransport transport;
    private final Shard[] shards;
    private final FileBindingStore bindingStore;
    /** File writes and fsyncs (the registrations); never DNS, never run on a loop. */
    private final BlockingExecutor io;
    /** Host names (trunk registrars and proxies), resolved without blocking. */
    private final HostResolver dns;
    private final Services services = new Services();
    private final Observers observers = new Observers();
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Every catalogue's meters ({@link #meters}); the control port will render it. */
    private final MeterRegistry meters;
    private final SipMetrics sipMetrics;
    private final Metering metering;
    private volatile boolean ready;
    private volatile boolean stopping;

    private record Shard(EventExecutor loop, TimerService timers, TransactionLayer layer, ShardCalls calls) {
    }

    private record Registering(Shard shard, TrunkRegistrationClient client) {
    }

    private record Qualifying(Shard shard, TrunkQualifier qualifier) {
    }

    private final List<Qualifying> trunkQualifiers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final TrunkDirectory trunkDirectory = new TrunkDirectory();
    private final MediaCounters mediaCounters = new MediaCounters();
    private RecordingWriter recordingWriter;

    /** Recordings left with 0 sizes by a crash are made readable before new ones are written. */
    private static void repairRecordings(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            for (WavRepair.Repaired r : WavRepair.repair(dir)) {
                log.warn("repaired recording {} left unfinished by a crash ({} bytes of audio)", r.file(), r.dataBytes());
            }
        } catch (java.io.IOException e) {
            log.error("cannot check recordings in {} for crash damage: {}", dir, e.toString());
        }
    }

    private final org.atende.media.player.PromptCache prompts = new org.atende.media.player.PromptCache();
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3)).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    /**
     * Decodes every prompt the flows use (and the spoken digits) before any call, so that playing never reads
     * a file on an event loop. The configuration check already refused missing or unsupported files.
     */
    private void loadPrompts(AtendeConfig config) {
        java.util.Set<String> builtins = new java.util.TreeSet<>();
        java.util.Set<Path> files = new java.util.TreeSet<>();
        for (var flow : config.flows().values()) {
            for (var node : flow.nodes().values()) {
                collectPrompts(node, builtins, files);
            }
            flow.survey().ifPresent(survey -> {
                survey.questions().forEach(q -> q.prompts().forEach(p -> addPrompt(p, builtins, files)));
                survey.thanks().forEach(p -> addPrompt(p, builtins, files));
            });
        }
        for (var queue : config.queues().values()) {
            queue.hold().forEach(p -> addPrompt(p, builtins, files));
            if (queue.announcePosition().isPresent()) {
                builtins.add("builtin:pt-BR/posicao-na-fila.wav");
                for (int d = 0; d <= 9; d++) {
                    builtins.add("builtin:pt-BR/digitos/" + d + ".wav");
                }
            }
            queue.survey().ifPresent(survey -> {
                survey.questions().forEach(q -> q.prompts().forEach(p -> addPrompt(p, builtins, files)));
                survey.thanks().forEach(p -> addPrompt(p, builtins, files));
            });
        }
        if (!config.flows().isEmpty()) {
            for (int d = 0; d <= 9; d++) {
                builtins.add("builtin:pt-BR/digitos/" + d + ".wav");
            }
        }
        for (String b : builtins) {
            try {
                prompts.loadBuiltin(b);
            } catch (java.io.IOException e) {
                log.warn("prompt {} cannot be loaded: {}; it will be skipped", b, e.getMessage());
            }
        }
        for (Path f : files) {
            try {
                prompts.load(f);
            } catch (java.io.IOException e) {
                log.warn("prompt {} cannot be loaded: {}; it will be skipped", f, e.getMessage());
            }
        }
        if (prompts.size() > 0) {
            log.info("prompts: {} loaded, {} s of audio in memory", prompts.size(), prompts.samples() / 8000);
        }
    }

    private static void collectPrompts(org.atende.config.flow.Node node, java.util.Set<String> builtins,
                                       java.util.Set<Path> files) {
        List<org.atende.config.flow.Prompt> list = new ArrayList<>();
        if (node instanceof org.atende.config.flow.Node.Play p) {
            list.addAll(p.prompts());
        } else if (node instanceof org.atende.config.flow.Node.Menu m) {
            list.addAll(m.prompts());
            list.addAll(m.invalid());
            list.addAll(m.noInput());
        } else if (node instanceof org.atende.config.flow.Node.Collect c) {
            list.addAll(c.prompts());
            list.addAll(c.confirm());
            list.addAll(c.invalid());
        } else if (node instanceof org.atende.config.flow.Node.Hangup h) {
            list.addAll(h.prompts());
        }
        list.forEach(p -> addPrompt(p, builtins, files));
    }

    private static void addPrompt(org.atende.config.flow.Prompt p, java.util.Set<String> builtins,
                                  java.util.Set<Path> files) {
        if (p instanceof org.atende.config.flow.Prompt.File f) {
            String ref = f.path().toString();
            if (ref.startsWith(org.atende.media.player.PromptCache.BUILTIN)) {
                builtins.add(ref);
            } else {
                files.add(f.path());
            }
        }
    }

    /** jitsi-srtp's one-time set-up takes seconds: done at start, off the event loops. */
    private static void preloadSrtp() {
        try {
            org.atende.media.srtp.SrtpSession.preload();
        } catch (RuntimeException | LinkageError e) {
            log.warn("SRTP unavailable: {}", e.toString());
        }
    }
    private RtpPortPool rtpPorts;
    private final List<CallObserver> callObservers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a listener for digits and ended calls (the IVR, the CDR store, tests). Any thread. */
    public void addCallObserver(CallObserver observer) {
        callObservers.add(observer);
    }

    /** Engine-wide media counters. */
    public MediaCounters mediaCounters() {
        return mediaCounters;
    }

    /** RTP port pairs in use. */
    public int rtpPortsInUse() {
        return rtpPorts.inUse();
    }

    private CallMedia.Recordings recordings() {
        return recordingWriter::open;
    }

    /** Tells every observer; one failing observer does not keep the others from hearing. */
    private final class Observers implements CallObserver {
        @Override
        public void onDigit(String callId, CallLeg.Side side, char digit, int durationMs,
                            org.atende.media.session.DigitSource source) {
            for (CallObserver o : callObservers) {
                o.onDigit(callId, side, digit, durationMs, source);
            }
        }

        @Override
        public void onCallEnded(CallRecord record) {
            for (CallObserver o : callObservers) {
                o.onCallEnded(record);
            }
        }
    }
    private final List<Registering> trunkRegistrations = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Engine(AtendeConfig config, Clock clock, int threads, MeterRegistry meters) throws InterruptedException {
        this.config = config;
        this.clock = clock;
        this.meters = java.util.Objects.requireNonNull(meters, "meters");
        NettyTransports netty = NettyTransports.best();
        this.group = netty.newGroup(threads, new DefaultThreadFactory("atende-loop"));
        this.io = new BlockingExecutor("atende-io", 1, 1024);
        this.dns = new HostResolver(config.server().dns(), (EventLoop) group.next(), netty.datagramChannelFactory(),
                netty.socketChannelFactory());
        this.transport = new SipTransport(netty, group, new Dispatcher(), config.server().maxMessageSize(),
                config.logging().sipTrace(), TlsContexts.client(config.server().tlsClient()));

        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        var t = config.server().timers();
        SipTimers timers = new SipTimers(t.t1(), t.t2(), t.t4());
        this.shards = new Shard[loops.size()];
        org.atende.config.MediaConfig mediaConfig = config.server().media();
        repairRecordings(mediaConfig.recordingsDir());
        loadPrompts(config);
        this.queues = config.queues().isEmpty() ? null
                : new org.atende.call.QueueService(config.queues().values(), clock);
        this.recordingWriter = RecordingWriter.start();
        Thread srtpWarmUp = new Thread(Engine::preloadSrtp, "atende-srtp-preload");
        srtpWarmUp.setDaemon(true);
        srtpWarmUp.start();
        this.rtpPorts = new RtpPortPool(mediaConfig.rtpPortMin(), mediaConfig.rtpPortMax());
        java.net.InetAddress mediaAddress;
        try {
            mediaAddress = java.net.InetAddress.getByName(mediaConfig.address());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("media address " + mediaConfig.address() + " is not an IP address", e);
        }
        List<Codec> codecs = mediaConfig.codecs().stream()
                .map(name -> name.equalsIgnoreCase("PCMA") ? Codec.PCMA : Codec.PCMU).toList();
        log.info("media: RTP on {} ports {}-{} ({} calls at most), SDP address {}, codecs {}, RTP timeout {} s",
                mediaConfig.address(), mediaConfig.rtpPortMin(), mediaConfig.rtpPortMax(), rtpPorts.capacity() / 2,
                mediaConfig.advertisedAddress(), String.join(", ", mediaConfig.codecs()), mediaConfig.rtpTimeout().toSeconds());
        for (int i = 0; i < shards.length; i++) {
            EventExecutor loop = loops.get(i);
            TimerService loopTimers = timerService(loop);
            MediaClock mediaClock = new MediaClock(loop);
            MediaContext mediaContext = new MediaContext((EventLoop) loop,
                    netty.datagramChannelFactory(), PooledByteBufAllocator.DEFAULT, rtpPorts,
                    mediaClock, mediaCounters, mediaAddress, mediaConfig.advertisedAddress(), mediaConfig.rtpTimeout());
            ShardCalls calls = new ShardCalls(i, shards.length, loop, loopTimers, clock, services,
                    new ShardCalls.ShardMedia(mediaContext, codecs, recordings(), mediaConfig.recordingsDir()));
            SipCore core = new SipCore(loop, services, calls);
            TransactionLayer layer = new TransactionLayer(transport, loopTimers, timers, core, loop);
            calls.attach(layer, core);
            shards[i] = new Shard(loop, loopTimers, layer, calls);
        }

        for (ListenConfig listen : config.server().listen()) {
            Transport kind = Transport.valueOf(listen.transport().name());
            transport.bind(kind, new InetSocketAddress(listen.address(), listen.port()), listen.advertise(),
                    kind == Transport.TLS ? TlsContexts.server(listen) : null);
        }
        services.identity = new LocalIdentity(config.server().domain(), transport.listenPoints());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        DigestAuthenticator authenticator = new DigestAuthenticator(config.server().realm(),
                config.server().registrar().nonceLifetime(), clock, secret,
                config.server().registrar().digestAlgorithms().stream()
                        .map(name -> org.atende.sip.auth.DigestAlgorithm.fromToken(name).orElseThrow()).toList());
        Path dataDir = config.server().dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        this.bindingStore = new FileBindingStore(dataDir.resolve("registrations.json"), io);
        Set<Transport> listening = java.util.EnumSet.noneOf(Transport.class);
        transport.listenPoints().forEach(p -> listening.add(p.transport()));
        Registrar registrar = new Registrar(config.server().domain(), config.server().registrar(), config::extension,
                authenticator, bindingStore, clock, listening);
        EventExecutor registrarLoop = group.next();
        services.registrations = new Registrations(registrar, registrarLoop,
                queues == null ? Registrations.OtherCalls.NONE : queues::otherCall);
        if (config.extensions().stream().anyMatch(e -> e.qualify().isPresent())) {
            int index = loops.indexOf(registrarLoop);
            services.registrations.qualify(user -> config.extension(user).flatMap(org.atende.config.ExtensionConfig::qualify),
                    new OptionsProbe(shards[index].layer(), OptionsProbe.listenerFor(transport::listenPoint),
                            config.server().domain(), index, shards.length), clock, new SecureRandom());
        }
        services.router = new CallRouter(config, services.identity, authenticator, trunkDirectory);
        services.checks = new UasRequestChecks(Set.copyOf(SipCore.ALLOWED), Set.of()); // no option tags implemented yet
        this.sipMetrics = new SipMetrics(transport, this::liveTransactions, services.registrations::bindingCount);
        List<CatalogBinder> binders = new ArrayList<>(List.of(
                new EngineMetrics(activeCalls::get, io::queued, io::rejected, dns::inFlight), sipMetrics,
                new MediaMetrics(mediaCounters, rtpPorts, recordingWriter)));
        if (queues != null) {
            binders.add(new AcdMetrics(queues, config.queues().keySet()));
        }
        this.metering = new Metering(meters, group.next(), binders);
        ready = true;
        startTrunkRegistrations();
        startTrunkQualifiers();
    }

    /** Qualifies every trunk with a {@code qualify} interval, each on its own shard's loop. */
    private void startTrunkQualifiers() {
        int next = 0;
        for (TrunkConfig trunk : config.trunks()) {
            if (trunk.qualify().isEmpty()) {
                continue;
            }
            int index = next++ % shards.length;
            Shard shard = shards[index];
            shard.loop().execute(() -> {
                if (stopping) {
                    return;
                }
                TrunkQualifier qualifier = new TrunkQualifier(trunk.name(), trunk.qualify().get(),
                        () -> resolveTrunk(trunk.name()), new OptionsProbe(shard.layer(),
                        OptionsProbe.listenerFor(transport::listenPoint), config.server().domain(), index, shards.length),
                        shard.loop(), shard.timers(), clock, new SecureRandom());
                trunkQualifiers.add(new Qualifying(shard, qualifier));
                qualifier.start();
            });
        }
    }

    /** Whether each qualified trunk answers OPTIONS, by trunk name (for tests and the control port). */
    public java.util.Map<String, Reachability> trunkReachability() {
        java.util.Map<String, Reachability> states = new java.util.TreeMap<>();
        trunkQualifiers.forEach(q -> states.put(q.qualifier().trunk(), q.qualifier().state()));
        return states;
    }

    /**
     * Registers to every carrier whose trunk has a {@code registration}, each client on its own shard's loop; the
     * client resolves the registrar's host (without blocking) before each REGISTER exchange.
     */
    private void startTrunkRegistrations() {
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
            int index = next++ % shards.length;
            Shard shard = shards[index];
            TrunkRegistrationClient.Resolver resolver = host -> dns.resolve(host).thenApply(address -> {
                trunkDirectory.addRegistrarAddress(trunk.name(), address);
                return address;
            });
            shard.loop().execute(() -> {
                if (stopping) {
                    return;
                }
                TrunkRegistrationClient client = new TrunkRegistrationClient(trunk.name(), settings, resolver,
                        shard.loop(), transport.listenPoint(uri.transport()), shard.layer(), shard.timers(), clock,
                        SipBuilder.newCallId(config.server().domain(), index, shards.length), new SecureRandom());
                trunkRegistrations.add(new Registering(shard, client));
                client.start();
            });
        }
    }

    /** The registrar's owner, which also knows who is on a call outside the queues (for tests and the control port). */
    public Registrations registrations() {
        return services.registrations;
    }

    /** The ACD, or null when no queue is configured (for tests and the control port). */
    public org.atende.call.QueueService queues() {
        return queues;
    }

    /** States of the registrations to carriers, by trunk name (for tests and the control port). */
    public java.util.Map<String, TrunkRegistrationClient.State> trunkRegistrationStates() {
        java.util.Map<String, TrunkRegistrationClient.State> states = new java.util.TreeMap<>();
        trunkRegistrations.forEach(r -> states.put(r.client().trunkName(), r.client().state()));
        return states;
    }

    /** Un-registers from every carrier, waiting a bounded time for the answers. */
    private void stopTrunkRegistrations() {
        CountDownLatch done = new CountDownLatch(trunkRegistrations.size());
        for (Registering r : trunkRegistrations) {
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

    /** Live transactions of every shard, each counted on its own loop. */
    private CompletableFuture<Integer> liveTransactions() {
        List<CompletableFuture<Integer>> sizes = new ArrayList<>();
        for (Shard s : shards) {
            sizes.add(CompletableFuture.supplyAsync(s.layer()::size, s.loop()));
        }
        return CompletableFuture.allOf(sizes.toArray(CompletableFuture[]::new))
                .thenApply(done -> sizes.stream().mapToInt(CompletableFuture::join).sum());
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

    public int activeCalls() {
        return activeCalls.get();
    }

    /** Connections Atende opened and closed because a CRLF keep-alive ping got no pong (RFC 5626 §4.4.1). */
    public long keepAliveFailures() {
        return transport.keepAliveFailureCount();
    }

    /** SIP messages refused by the decoder since start (answered 400/505 or dropped). */
    public long malformedMessages() {
        return transport.malformedCount();
    }

    /**
     * Graceful stop: new INVITEs get 503, every active call is ended with BYE, then the sockets close.
     * Returns within the configured grace period plus a few seconds.
     */
    public void stop() {
        if (stopping) {
            awaitTermination(Duration.ofSeconds(30));
            return;
        }
        stopping = true;
        Duration grace = config.server().shutdownGrace();
        boolean hadCalls = activeCalls.get() > 0;
        log.info("stopping: refusing new calls, ending {} active call(s) (grace {} s)", activeCalls.get(), grace.toSeconds());
        for (Shard s : shards) {
            s.loop().execute(() -> s.calls().hangupAll("engine stopping"));
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (System.nanoTime() < deadline && activeCalls.get() > 0) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            // let the BYEs just sent get their answers (or retransmit) before the sockets close
            long drain = Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            if (hadCalls && drain > 0) {
                TimeUnit.NANOSECONDS.sleep(drain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.registrations.stopQualifying();
        trunkQualifiers.forEach(q -> q.shard().loop().execute(q.qualifier()::stop));
        stopTrunkRegistrations();
        transport.close();
        try {
            bindingStore.close();
        } catch (java.io.UncheckedIOException e) {
            log.warn("stopping: registrations not saved: {}", e.getMessage());
        }
        if (!recordingWriter.shutdown(Duration.ofSeconds(5))) {
            log.warn("stopping: recordings still being written after 5 s");
        }
        dns.close();
        io.shutdown(Duration.ofSeconds(5));
        if (io.rejected() > 0) {
            log.warn("stopping: the I/O executor refused {} task(s) while running", io.rejected());
        }
        if (queues != null) {
            queues.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        metering.close();
        log.info("stopped");
        terminated.countDown();
    }

    public boolean awaitTermination(Duration timeout) {
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static TimerService timerService(EventExecutor loop) {
        return (delay, task) -> {
            var future = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }

    /** Hands each decoded message to the shard that owns its Call-ID. Runs on the channel's loop. */
    private final class Dispatcher implements SipMessageSink {
        @Override
        public void onMessage(InboundMessage inbound) {
            if (!ready) {
                return;
            }
            SIPMessage message = inbound.message();
            Shard shard = shardOf(message.getCallId().getCallId());
            if (message instanceof SIPRequest request) {
                sipMetrics.requestReceived(inbound.source().transport(), request.getMethod());
                markReceived(request, inbound.source().address());
                onShard(shard, () -> shard.layer().onRequest(request, inbound.source()));
            } else if (message instanceof SIPResponse response) {
                onShard(shard, () -> shard.layer().onResponse(response, inbound.source()));
            }
        }

        /** Datagrams are parsed on the loop of the shard their Call-ID names, so this hand-off is mostly none. */
        @Override
        public Executor parserFor(String callId) {
            return shardOf(callId).loop();
        }

        private Shard shardOf(String callId) {
            return shards[Math.floorMod(callId.hashCode(), shards.length)];
        }

        private static void onShard(Shard shard, Runnable task) {
            if (shard.loop().inEventLoop()) {
                task.run();
            } else {
                shard.loop().execute(task);
            }
        }

        /** RFC 3261 §18.2.1 received, RFC 3581 rport: record where the request really came from. */
        private void markReceived(SIPRequest request, InetSocketAddress source) {
            Via via = request.getTopmostVia();
            if (via == null) {
                return;
            }
            try {
                String ip = source.getAddress().getHostAddress();
                boolean rport = via.hasParameter("rport");
                if (rport) {
                    via.setParameter("rport", Integer.toString(source.getPort()));
                }
                if (rport || !ip.equals(via.getHost())) {
                    via.setReceived(ip);
                }
            } catch (ParseException e) {
                log.debug("cannot mark Via of request from {}: {}", source, e.getMessage());
            }
        }
    }

    /** The services shared by all shards. */
    private final class Services implements CallServices {
        volatile LocalIdentity identity;
        volatile Registrations registrations;
        volatile CallRouter router;
        volatile UasRequestChecks checks;

        @Override
        public LocalIdentity identity() {
            return identity;
        }

        @Override
        public Registrations registrations() {
            return registrations;
        }

        @Override
        public CallRouter router() {
            return router;
        }

        @Override
        public UasRequestChecks checks() {
            return checks;
        }

        @Override
        public ListenPoint listenPoint(Transport kind) {
            return transport.listenPoint(kind);
        }

        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public void callStarted() {
            activeCalls.incrementAndGet();
        }

        @Override
        public void callEnded() {
            activeCalls.decrementAndGet();
        }

        @Override
        public CallObserver observer() {
            return observers;
        }

        @Override
        public java.util.Optional<org.atende.config.flow.FlowConfig> flow(String name) {
            return config.flow(name);
        }

        @Override
        public org.atende.media.player.PromptCache prompts() {
            return prompts;
        }

        @Override
        public java.net.http.HttpClient http() {
            return http;
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.atende.call.TrunkTarget> trunkTarget(String name) {
            return resolveTrunk(name);
        }

        @Override
        public org.atende.call.QueueService queues() {
            return queues;
        }

        @Override
        public java.util.Optional<org.atende.config.QueueConfig> queue(String name) {
            return config.queue(name);
        }

        @Override
        public org.atende.config.SessionTimerConfig sessionTimers() {
            return config.server().sessionTimers();
        }
    }

    /**
     * Resolves the proxy of trunk {@code name} without blocking ({@link HostResolver}: its cache keeps this cheap
     * for a carrier dialled often). The future completes on the resolver's loop; it fails when the trunk places no
     * calls or the host does not resolve within the DNS timeout.
     */
    private java.util.concurrent.CompletableFuture<org.atende.call.TrunkTarget> resolveTrunk(String name) {
        java.util.Optional<TrunkConfig> trunk = config.trunks().stream().filter(t -> t.name().equals(name)).findFirst();
        if (trunk.isEmpty() || trunk.get().outboundProxy().isEmpty()) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("trunk " + name + " places no calls"));
        }
        TrunkConfig t = trunk.get();
        RegistrarUri proxy;
        try {
            proxy = RegistrarUri.parse(t.outboundProxy().get());
        } catch (IllegalArgumentException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        if (!transport.canSend(proxy.transport())) {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("trunk " + name
                    + " sends over " + proxy.transport() + " but no " + proxy.transport() + " listener is configured"));
        }
        return dns.resolve(proxy.host()).handle((address, failure) -> {
            if (address == null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new java.util.concurrent.CompletionException(new IllegalStateException("cannot resolve "
                        + proxy.host() + " (" + (cause == null ? "no address" : cause.getMessage()) + ")", cause));
            }
            return new org.atende.call.TrunkTarget(t.name(), proxy,
                    new Endpoint(proxy.transport(), new InetSocketAddress(address, proxy.destinationPort())),
                    t.outbound().flatMap(TrunkConfig.TrunkOutbound::callerId), t.outboundUsername(),
                    t.outboundPassword());
        });
    }

    /** Host-name look-ups under way (for tests and the control port). */
    public int dnsLookupsInFlight() {
        return dns.inFlight();
    }

    /** Tasks the I/O executor refused since start (for tests and the control port). */
    public long ioRejected() {
        return io.rejected();
    }
}
