package org.atende.trunk;

import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.atende.config.TrunkConfig;
import org.atende.sip.transaction.TimerService;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Atende registered with a carrier's registrar (RFC 3261 §10.2, client side): REGISTERs, digest
 * authentication, refreshes before the binding expires, retries with back-off after failures, and an un-REGISTER
 * on stop.
 *
 * <pre>
 *            start()
 *               |
 *               v
 *        +-------------+    2xx     +------------+
 *        | REGISTERING |-----------&gt;| REGISTERED |---+ refresh timer: REGISTER,
 *        +-------------+            +------------+   | 2xx: stays REGISTERED
 *           |       ^                  |      ^      |
 *   failure |       | retry timer      |      +------+
 *           v       |                  | failure
 *        +-------------+               |
 *        |   FAILED    |&lt;--------------+
 *        +-------------+
 *
 *   stop() from any state: STOPPED; an un-REGISTER (Expires: 0) goes out if a binding may exist.
 * </pre>
 *
 * <p><b>Who does what.</b> This class is the state machine above: when to register, refresh, retry and stop. Each
 * attempt is one {@link RegisterExchange} (digest challenges and 423s answered within it), whose REGISTERs
 * {@link RegisterRequests} builds (one Call-ID, From tag and growing CSeq; the challenge kept between exchanges).
 * Over 400 lines by a little, knowingly: a third of it is this comment and the diagram, and the code left is the
 * state machine alone, which would not read better cut in two.
 *
 * <p><b>Outcomes.</b> 2xx: registered until the granted interval (our Contact's expires, else Expires, else what was
 * asked) after the REGISTER was sent, refreshed after {@link RegistrationTiming#refreshDelay}, with credentials straight away. A
 * failure (a final response the exchange cannot answer, Timer F, a transport error): state {@link State#FAILED},
 * one WARN line, the challenge forgotten, and a new attempt after {@link RegistrationTiming#retryDelay} (at least
 * the Retry-After of a 5xx/6xx that carries one).
 *
 * <p><b>Finding the registrar.</b> Each REGISTER exchange (the first, each refresh, each retry) begins by resolving
 * the registrar URI's host through the {@link Resolver} (the engine's non-blocking DNS, with its cache); a host that
 * does not resolve is a failure like any other: one WARN line and a retry after the back-off. The un-REGISTER goes
 * to the address last resolved.
 *
 * <p><b>Threading.</b> Not thread-safe. The constructor, {@link #start}, {@link #stop}, every timer, every
 * transaction callback and every resolution result run on the event loop that owns {@code transactions} and
 * {@code timers}: the loop the Call-ID hashes to. Callers on other threads post to that loop. The getters ({@link #state()},
 * {@link #expiresAt()}, {@link #lastFailure()}) may be read from any thread (the control port).
 */
public final class TrunkRegistrationClient {

    /** Where the registration stands. */
    public enum State {
        /** The first REGISTER, or the first after a failure, is under way. */
        REGISTERING,
        /** The registrar accepted the binding (refreshes keep this state while they are under way). */
        REGISTERED,
        /** The last attempt failed; another is scheduled. See {@link #lastFailure()}. */
        FAILED,
        /** {@link #stop} was called; nothing more is sent after the un-REGISTER. */
        STOPPED
    }

    /** Resolves the registrar's host name; the engine's non-blocking DNS. */
    @FunctionalInterface
    public interface Resolver {
        /** The address of {@code host}; may complete on any thread, must complete (or fail) eventually. */
        CompletionStage<InetAddress> resolve(String host);
    }

    /** Challenges answered per exchange at most. */
    static final int MAX_CHALLENGES = 3;
    /** 423s answered per exchange at most. */
    static final int MAX_INTERVAL_RETRIES = 2;
    private static final Logger log = LoggerFactory.getLogger(TrunkRegistrationClient.class);

    private final String trunkName;
    private final TrunkConfig.TrunkRegistration settings;
    private final RegistrarUri registrarUri;
    private final Resolver resolver;
    private final Executor loop;
    private final TransactionLayer transactions;
    private final TimerService timers;
    private final Clock clock;
    private final String callId;
    private final RandomGenerator random;
    private final RegisterRequests requests;
    private final RegisterExchange.Outcomes outcomes = new Outcomes();
    /** The registrar's port: the URI's (5060 when none), or the given endpoint's. */
    private int registrarPort;

    /** Written on the owning loop; volatile so that the control port may read the getters from its own thread. */
    private volatile State state = State.REGISTERING;
    /** Where REGISTERs go: the registrar's host as last resolved; null until it first resolves. */
    private Endpoint registrar;
    private boolean started;
    /** The REGISTER exchange whose responses count; responses to any other are ignored. */
    private RegisterExchange current;
    /** The refresh or retry timer. */
    private TimerService.Timer timer;
    private volatile Instant bindingExpires;
    private volatile String lastFailure = "";
    private int consecutiveFailures;
    private boolean everRegistered;
    private Runnable onStopped = () -> { };

    /**
     * @param trunkName    the trunk's name, for logs
     * @param settings     registrar URI, credentials, requested expiry
     * @param registrar    where to send: the registrar URI's host already resolved (its transport must be
     *                     {@code local}'s)
     * @param local        the listener the REGISTERs leave from and whose address goes into Via and Contact
     * @param transactions the transaction layer of the owning loop
     * @param timers       timers on the owning loop
     * @param clock        for {@link #expiresAt()}
     * @param callId       the registration's Call-ID, chosen so that it hashes to the owning loop
     * @param random       jitter of the retry back-off, cnonces and the From tag; pass a {@code SecureRandom}
     * @throws IllegalArgumentException when the registrar URI does not parse or its transport differs from
     *                                  {@code registrar}'s or {@code local}'s
     */
    public TrunkRegistrationClient(String trunkName, TrunkConfig.TrunkRegistration settings, Endpoint registrar,
            ListenPoint local, TransactionLayer transactions, TimerService timers, Clock clock, String callId,
            RandomGenerator random) {
        this(trunkName, settings, fixed(registrar), Runnable::run, local, transactions, timers, clock, callId, random);
        if (registrar.transport() != registrarUri.transport()) {
            throw new IllegalArgumentException("trunk " + trunkName + ": registrar " + settings.registrar()
                    + " needs " + registrarUri.transport() + ", got destination " + registrar + " and listener " + local);
        }
        this.registrarPort = registrar.address().getPort();
    }

    /**
     * A client that resolves the registrar URI's host before each exchange.
     *
     * @param resolver resolves the registrar's host (its results may arrive on any thread)
     * @param loop     the owning loop: resolution results are handled there
     * @throws IllegalArgumentException when the registrar URI does not parse or its transport differs from
     *                                  {@code local}'s
     */
    public TrunkRegistrationClient(String trunkName, TrunkConfig.TrunkRegistration settings, Resolver resolver,
            Executor loop, ListenPoint local, TransactionLayer transactions, TimerService timers, Clock clock,
            String callId, RandomGenerator random) {
        this.trunkName = Objects.requireNonNull(trunkName, "trunkName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.loop = Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(local, "local");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callId = Objects.requireNonNull(callId, "callId");
        this.random = Objects.requireNonNull(random, "random");
        this.registrarUri = RegistrarUri.parse(settings.registrar());
        if (local.transport() != registrarUri.transport()) {
            throw new IllegalArgumentException("trunk " + trunkName + ": registrar " + settings.registrar()
                    + " needs " + registrarUri.transport() + ", got listener " + local);
        }
        this.registrarPort = registrarUri.destinationPort();
        this.requests = new RegisterRequests(trunkName, settings, registrarUri, local, callId, random);
    }

    // ---- public API ----------------------------------------------------------------------------------------

    /**
     * Sends the first REGISTER. Owning loop.
     *
     * @throws IllegalStateException when called twice or after {@link #stop}
     */
    public void start() {
        if (started || state == State.STOPPED) {
            throw new IllegalStateException("trunk " + trunkName + ": registration already started or stopped");
        }
        started = true;
        log.debug("trunk {}: registering with {} (Call-ID {})", trunkName, settings.registrar(), callId);
        register();
    }

    /**
     * Stops for good: cancels the refresh or retry timer and, if a binding may exist (registered, or a REGISTER
     * under way), sends an un-REGISTER ({@code Expires: 0}, answering a challenge if needed). {@code done} runs on
     * the owning loop once that is answered or has failed (at the latest after the transaction's Timer F, 32 s), or
     * at once when nothing needed sending. Calling it again only adds {@code done}.
     */
    public void stop(Runnable done) {
        Objects.requireNonNull(done, "done");
        if (state == State.STOPPED) {
            if (current == null) {
                done.run();
            } else {
                Runnable earlier = onStopped;
                onStopped = () -> {
                    earlier.run();
                    done.run();
                };
            }
            return;
        }
        cancelTimer();
        boolean mayHaveBinding = (current != null && current.sentAt() != null) || expiresAt().isPresent();
        enter(State.STOPPED);
        current = null;
        if (!mayHaveBinding || registrar == null) {
            done.run();
            return;
        }
        onStopped = done;
        current = newExchange(0);
        current.send(registrar);
    }

    /** The current state ({@link State#REGISTERING} before {@link #start} too). Any thread. */
    public State state() {
        return state;
    }

    /**
     * When the last binding the registrar granted runs out (counted from when its REGISTER was sent); empty when
     * there is none, it has run out, or it was removed by the un-REGISTER. Any thread.
     */
    public Optional<Instant> expiresAt() {
        Instant expires = bindingExpires;
        return expires != null && expires.isAfter(clock.instant()) ? Optional.of(expires) : Optional.empty();
    }

    /** Why the most recent attempt failed (kept after a later success), or an empty string if none has. Any thread. */
    public String lastFailure() {
        return lastFailure;
    }

    public String trunkName() {
        return trunkName;
    }

    public String callId() {
        return callId;
    }

    // ---- attempts and their outcomes ----------------------------------------------------------------------

    /** A new exchange: resolve the registrar's host, then send. */
    private void register() {
        RegisterExchange exchange = newExchange(requests.interval());
        current = exchange;
        CompletionStage<InetAddress> resolving;
        try {
            resolving = resolver.resolve(registrarUri.host());
        } catch (RuntimeException e) {
            resolving = CompletableFuture.failedFuture(e);
        }
        resolving.whenComplete((address, failure) -> {
            try {
                loop.execute(() -> located(exchange, address, failure));
            } catch (RejectedExecutionException e) {
                log.debug("trunk {}: loop stopping; resolution of {} dropped", trunkName, registrarUri.host());
            }
        });
    }

    /** Owning loop: the registrar's host resolved (or did not) for {@code exchange}. */
    private void located(RegisterExchange exchange, InetAddress address, Throwable failure) {
        if (exchange != current) {
            return; // stopped meanwhile
        }
        if (address == null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            failed(exchange, "cannot resolve " + registrarUri.host() + " ("
                    + (cause == null ? "no address" : cause.getMessage()) + ")", Duration.ZERO);
            return;
        }
        registrar = new Endpoint(registrarUri.transport(), new InetSocketAddress(address, registrarPort));
        exchange.send(registrar);
    }

    private static Resolver fixed(Endpoint registrar) {
        Objects.requireNonNull(registrar, "registrar");
        return host -> CompletableFuture.completedFuture(registrar.address().getAddress());
    }

    private void refresh() {
        timer = null;
        log.debug("trunk {}: refreshing registration with {} (Call-ID {})", trunkName, settings.registrar(), callId);
        register();
    }

    private void retry() {
        timer = null;
        enter(State.REGISTERING);
        register();
    }

    private void registered(RegisterExchange exchange, SIPResponse ok) {
        long granted = requests.grantedSeconds(ok, exchange.expires());
        if (granted <= 0) {
            failed(exchange, ok.getStatusCode() + " without our binding (expires=0)", Duration.ZERO);
            return;
        }
        current = null;
        bindingExpires = exchange.sentAt().plusSeconds(granted);
        State before = state;
        int failuresBefore = consecutiveFailures;
        consecutiveFailures = 0;
        enter(State.REGISTERED);
        if (!everRegistered) {
            everRegistered = true;
            log.info("trunk {}: registered with {} as {}, expires in {} s{}", trunkName, settings.registrar(),
                    settings.username(), granted, failuresBefore == 0 ? "" : " (after " + failuresBefore + " failed attempts)");
        } else if (before != State.REGISTERED) {
            log.info("trunk {}: registered again with {} after {} failed attempt(s), expires in {} s", trunkName,
                    settings.registrar(), failuresBefore, granted);
        } else {
            log.debug("trunk {}: registration refreshed, expires in {} s", trunkName, granted);
        }
        Duration sinceSent = Duration.between(exchange.sentAt(), clock.instant());
        Duration wait = RegistrationTiming.refreshDelay(Duration.ofSeconds(granted)).minus(sinceSent);
        timer = timers.schedule(wait.isNegative() ? Duration.ZERO : wait, this::refresh);
    }

    private void failed(RegisterExchange exchange, String reason, Duration retryAfter) {
        current = null;
        requests.forgetChallenge();
        if (exchange.unregister()) {
            stopped("un-REGISTER failed: " + reason);
            return;
        }
        lastFailure = reason;
        consecutiveFailures++;
        enter(State.FAILED);
        Duration wait = RegistrationTiming.retryDelay(consecutiveFailures, random.nextDouble());
        if (retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        log.warn("trunk {}: registration with {} failed: {}; retrying in {} s", trunkName, settings.registrar(),
                reason, wait.toSeconds());
        timer = timers.schedule(wait, this::retry);
    }

    private void stopped(String outcome) {
        current = null;
        log.info("trunk {}: {} ({})", trunkName, outcome, settings.registrar());
        Runnable done = onStopped;
        onStopped = () -> { };
        done.run();
    }

    // ---- small helpers -------------------------------------------------------------------------------------

    private RegisterExchange newExchange(int expires) {
        return new RegisterExchange(expires, requests, transactions, clock, outcomes);
    }

    private void enter(State next) {
        if (state != next) {
            log.debug("trunk {}: {} -> {} (Call-ID {})", trunkName, state, next, callId);
            state = next;
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** How the current exchange ended, on the owning loop. */
    private final class Outcomes implements RegisterExchange.Outcomes {
        @Override
        public boolean isCurrent(RegisterExchange exchange) {
            return exchange == current;
        }

        @Override
        public void onRegistered(RegisterExchange exchange, SIPResponse ok) {
            registered(exchange, ok);
        }

        @Override
        public void onUnregistered() {
            bindingExpires = null;
            stopped("unregistered");
        }

        @Override
        public void onFailed(RegisterExchange exchange, String reason, Duration retryAfter) {
            failed(exchange, reason, retryAfter);
        }
    }
}
