package org.atende.engine;

import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.atende.call.CallLeg;
import org.atende.call.CallMedia;
import org.atende.call.CallObserver;
import org.atende.call.CallRecord;
import org.atende.call.CallRouter;
import org.atende.call.CallServices;
import org.atende.call.QueueService;
import org.atende.call.TrunkTarget;
import org.atende.config.AtendeConfig;
import org.atende.config.ExtensionConfig;
import org.atende.config.QueueConfig;
import org.atende.config.SessionTimerConfig;
import org.atende.config.flow.FlowConfig;
import org.atende.media.player.PromptCache;
import org.atende.media.recorder.RecordingWriter;
import org.atende.media.recorder.WavRepair;
import org.atende.media.session.DigitSource;
import org.atende.security.AuthGuard;
import org.atende.security.GuardedAuthenticator;
import org.atende.sip.auth.DigestAlgorithm;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.core.SipCore;
import org.atende.sip.message.UasRequestChecks;
import org.atende.sip.registrar.FileBindingStore;
import org.atende.sip.registrar.Registrar;
import org.atende.sip.registrar.Registrations;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.LocalIdentity;
import org.atende.sip.transport.SipTransport;
import org.atende.sip.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services every shard shares, wired together: the ACD ({@link QueueService}), the recorder (crash-damaged
 * recordings repaired first), the preloaded prompts, the HTTP client for CRM look-ups, the call observers and the
 * count of active calls; once the listeners are bound, the registrar (digest under the {@link AuthGuard}, binding
 * store, {@link Registrations}, phone qualifying), the router and the request checks. Thread-safe: what is set up later is published through
 * volatile fields.
 */
final class SharedServices implements CallServices {

    private static final Logger log = LoggerFactory.getLogger(SharedServices.class);

    private final AtendeConfig config;
    private final Clock clock;
    private final SipTransport transport;
    private final Trunks trunks;
    private final BooleanSupplier stopping;
    /** The ACD, when queues are configured. */
    private final QueueService queues;
    /** The agents' feature codes, with the ACD. */
    private final org.atende.call.AgentFeatures agentFeatures;
    private final RecordingWriter recordingWriter;
    private final PromptCache prompts;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<CallObserver> callObservers = new CopyOnWriteArrayList<>();
    private final Observers observers = new Observers();
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final org.atende.call.TrunkChannels trunkChannels;
    private final org.atende.security.DialOutGuard dialOut;
    private volatile LocalIdentity identity;
    private volatile Registrations registrations;
    private volatile CallRouter router;
    private volatile UasRequestChecks checks;
    private volatile FileBindingStore bindingStore;
    private volatile org.atende.call.CallbackStore callbackStore;

    /** Repairs recordings, loads the prompts, starts the ACD and the recorder. Starting thread. */
    SharedServices(AtendeConfig config, Clock clock, SipTransport transport, Trunks trunks, BooleanSupplier stopping) {
        this.config = config;
        this.clock = clock;
        this.transport = transport;
        this.trunks = trunks;
        this.stopping = stopping;
        repairRecordings(config.server().media().recordingsDir());
        this.prompts = PromptPreload.load(config);
        this.queues = config.queues().isEmpty() ? null : new QueueService(config.queues().values(),
                config.agents(), clock);
        this.agentFeatures = queues == null ? null : new org.atende.call.AgentFeatures(config, queues, clock);
        this.recordingWriter = RecordingWriter.start();
        this.trunkChannels = new org.atende.call.TrunkChannels(config.trunks(), System::nanoTime);
        this.dialOut = new org.atende.security.DialOutGuard(config.dialOut(), config.server().countryCode(), clock,
                java.time.ZoneId.systemDefault());
    }

    /** Recordings left with 0 sizes by a crash are made readable before new ones are written. */
    private static void repairRecordings(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            for (WavRepair.Repaired r : WavRepair.repair(dir)) {
                log.warn("repaired recording {} left unfinished by a crash ({} bytes of audio)", r.file(), r.dataBytes());
            }
        } catch (IOException e) {
            log.error("cannot check recordings in {} for crash damage: {}", dir, e.toString());
        }
    }

    /**
     * Once the listeners are bound (their addresses are part of our identity): the identity, the registrar owned by
     * {@code registrarLoop} with its bindings saved through {@code io}, phone qualifying, the router and the request
     * checks. Starting thread.
     */
    void startRegistrar(BlockingExecutor io, EventExecutor registrarLoop, Shards shards, AuthGuard guard) {
        identity = new LocalIdentity(config.server().domain(), transport.listenPoints());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        DigestAuthenticator authenticator = new DigestAuthenticator(config.server().realm(),
                config.server().registrar().nonceLifetime(), clock, secret,
                config.server().registrar().digestAlgorithms().stream()
                        .map(name -> DigestAlgorithm.fromToken(name).orElseThrow()).toList());
        Path dataDir = config.server().dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        bindingStore = new FileBindingStore(dataDir.resolve("registrations.json"), io);
        Set<Transport> listening = EnumSet.noneOf(Transport.class);
        transport.listenPoints().forEach(p -> listening.add(p.transport()));
        GuardedAuthenticator guarded = new GuardedAuthenticator(authenticator, guard);
        Registrar registrar = new Registrar(config.server().domain(), config.server().registrar(), config::extension,
                guarded, bindingStore, clock, listening);
        registrar.bindings().forEach(b -> guard.knownAddress(b.user(), b.source().address().getAddress()));
        registrations = new Registrations(registrar, registrarLoop,
                queues == null ? Registrations.OtherCalls.NONE : queues::otherCall);
        if (config.extensions().stream().anyMatch(e -> e.qualify().isPresent())) {
            registrations.qualify(user -> config.extension(user).flatMap(ExtensionConfig::qualify),
                    shards.optionsProbe(shards.on(registrarLoop).index()), clock, new SecureRandom());
        }
        router = new CallRouter(config, identity, guarded, trunks.directory());
        checks = new UasRequestChecks(Set.copyOf(SipCore.ALLOWED), Set.of()); // no option tags implemented yet
    }

    /** Adds a listener for digits and ended calls. Any thread. */
    void addCallObserver(CallObserver observer) {
        callObservers.add(observer);
    }

    /** Where the shards' calls record. */
    CallMedia.Recordings recordings() {
        return recordingWriter::open;
    }

    RecordingWriter recordingWriter() {
        return recordingWriter;
    }

    int activeCalls() {
        return activeCalls.get();
    }

    /** At the stop: the bindings saved one last time. */
    void closeBindings() {
        try {
            registrations.save().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("stopping: the last registrations may not be saved: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            bindingStore.close();
        } catch (UncheckedIOException e) {
            log.warn("stopping: registrations not saved: {}", e.getMessage());
        }
    }

    /** At the stop: recordings finished, waiting at most 5 s. */
    void closeRecorder() {
        if (!recordingWriter.shutdown(Duration.ofSeconds(5))) {
            log.warn("stopping: recordings still being written after 5 s");
        }
    }

    /**
     * Once the shards and trunks are up: pending callbacks are kept in {@code data_dir/callbacks.json} (written
     * through {@code io}), and those pending before a restart wait again, spread over the shards. Starting thread.
     */
    void startCallbacks(BlockingExecutor io, Shards shards) {
        if (queues == null) {
            return;
        }
        callbackStore = new org.atende.call.CallbackStore(config.server().dataDir().resolve("callbacks.json"), io);
        List<org.atende.call.CallbackStore.Pending> pending = callbackStore.load();
        int[] next = {0};
        queues.restoreCallbacks(callbackStore, pending, p -> shards.get(next[0]++ % shards.size()).calls()
                .restoredCallback(p, config.queue(p.queue()).flatMap(QueueConfig::callback).orElse(null),
                        recordsNumber(p.dialled())));
    }

    /** At the stop: the ACD's thread ends, after the pending callbacks are on disk. */
    void closeQueues() {
        if (queues != null) {
            queues.close();
        }
        if (callbackStore != null) {
            callbackStore.close();
        }
    }

    // ---- CallServices ----

    @Override
    public org.atende.call.TrunkChannels trunkChannels() {
        return trunkChannels;
    }

    @Override
    public org.atende.security.DialOutGuard dialOut() {
        return dialOut;
    }

    @Override
    public int retryAfterSeconds() {
        return (int) Math.max(1, config.security().rateLimits().retryAfter().toSeconds());
    }

    @Override
    public Duration ackTimeout() {
        return config.security().ackTimeout();
    }

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
        return stopping.getAsBoolean();
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
    public Optional<FlowConfig> flow(String name) {
        return config.flow(name);
    }

    @Override
    public PromptCache prompts() {
        return prompts;
    }

    @Override
    public HttpClient http() {
        return http;
    }

    @Override
    public CompletableFuture<TrunkTarget> trunkTarget(String name) {
        return trunks.target(name);
    }

    @Override
    public org.atende.call.AgentFeatures agentFeatures() {
        return agentFeatures;
    }

    @Override
    public QueueService queues() {
        return queues;
    }

    @Override
    public String countryCode() {
        return config.server().countryCode();
    }

    @Override
    public boolean recordsNumber(String dialled) {
        return config.number(dialled).map(org.atende.config.NumberConfig::record).orElse(false);
    }

    @Override
    public Optional<QueueConfig> queue(String name) {
        return config.queue(name);
    }

    @Override
    public SessionTimerConfig sessionTimers() {
        return config.server().sessionTimers();
    }

    /** Tells every observer; one failing observer does not keep the others from hearing. */
    private final class Observers implements CallObserver {
        @Override
        public void onDigit(String callId, CallLeg.Side side, char digit, int durationMs, DigitSource source) {
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
}
