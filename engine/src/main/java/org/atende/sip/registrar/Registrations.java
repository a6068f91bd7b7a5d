package org.atende.sip.registrar;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.util.concurrent.EventExecutor;
import gov.nist.javax.sip.address.SipUri;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.atende.sip.transport.Endpoint;

/**
 * The registrar's single owner: every REGISTER and every look-up runs on one executor, so the bindings
 * need no locks; answers travel back to the caller's loop.
 *
 * <p>The same owner keeps which extensions are on a call outside the ACD's queues (one they placed, or one to
 * their extension), and is the one truth about it: a call says so here before it looks up its callee's contacts,
 * so before its INVITEs go out; a queue offer looks the agent up with {@link #lookupIfFree}, so an offer the ACD
 * made before it heard of such a call is not rung. The ACD hears of every change from here, in this order.
 *
 * <p>It also qualifies the phones ({@code extensions[].qualify}, {@link BindingQualifier}): a look-up returns only
 * the bindings not known to be unreachable, so a call to an extension none of whose phones answers OPTIONS gets 480
 * at once and a queue offer to such an agent fails as "not registered". Without qualifying, every live binding is
 * returned, as before.
 */
public final class Registrations {

    /** Told of every start and end of a call outside the queues, on the owner, in the order they happen. */
    public interface OtherCalls {
        OtherCalls NONE = (extension, busy) -> { };

        void otherCall(String extension, boolean busy);
    }

    private final Registrar registrar;
    private final EventExecutor owner;
    private final OtherCalls listener;
    /** Calls outside the queues each extension is on; only extensions on one are present. Owner only. */
    private final Map<String, Integer> otherCalls = new HashMap<>();
    /** Null when no extension is qualified. Owner only. */
    private BindingQualifier qualifier;
    private ScheduledFuture<?> qualifying;

    public Registrations(Registrar registrar, EventExecutor owner) {
        this(registrar, owner, OtherCalls.NONE);
    }

    public Registrations(Registrar registrar, EventExecutor owner, OtherCalls listener) {
        this.registrar = registrar;
        this.owner = owner;
        this.listener = listener;
        owner.scheduleAtFixedRate(registrar::expire, 10, 10, TimeUnit.SECONDS);
        owner.execute(registrar::deferSaves);
        owner.scheduleAtFixedRate(registrar::saveIfChanged, 1, 1, TimeUnit.SECONDS);
    }

    /** Gives the store the bindings now if they changed since the last save (at the stop). Any thread. */
    public CompletableFuture<Void> save() {
        return CompletableFuture.runAsync(registrar::saveIfChanged, owner);
    }

    /**
     * Starts qualifying the phones with {@code probe}, whose transaction layer must belong to the owner's loop. Any
     * thread; once.
     *
     * @param intervals the qualify interval of an extension, empty when it is not qualified
     */
    public void qualify(Function<String, Optional<Duration>> intervals, OptionsProbe probe, Clock clock, RandomGenerator random) {
        owner.execute(() -> {
            if (qualifier != null) {
                throw new IllegalStateException("already qualifying");
            }
            qualifier = new BindingQualifier(intervals, probe, clock, random, registrar.bindings());
            long tick = BindingQualifier.TICK.toMillis();
            qualifying = owner.scheduleAtFixedRate(qualifier::tick, tick, tick, TimeUnit.MILLISECONDS);
        });
    }

    /** Stops qualifying (the engine is stopping); outcomes still to come are ignored. Any thread. */
    public void stopQualifying() {
        owner.execute(() -> {
            if (qualifier != null) {
                qualifier.stop();
                qualifying.cancel(false);
            }
        });
    }

    /** Handles a REGISTER; {@code reply} runs on {@code replyOn}. */
    public void register(SIPRequest request, Endpoint source, Executor replyOn, Consumer<SIPResponse> reply) {
        owner.execute(() -> {
            var answer = registrar.answer(request, source);
            SIPResponse response = answer.response();
            BindingQualifier q = qualifier;
            if (q != null && response.getStatusCode() / 100 == 2
                    && request.getTo().getAddress().getURI() instanceof SipUri to && to.getUser() != null) {
                q.registered(to.getUser(), registrar.lookup(to.getUser()));
            }
            if (answer.delay().isZero()) {
                replyOn.execute(() -> reply.accept(response));
            } else { // a source the guard slows down: its REGISTER's retransmissions are absorbed meanwhile
                owner.schedule(() -> replyOn.execute(() -> reply.accept(response)), answer.delay().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        });
    }

    /** The live bindings of an extension not known to be unreachable; {@code reply} runs on {@code replyOn}. */
    public void lookup(String user, Executor replyOn, Consumer<List<Binding>> reply) {
        owner.execute(() -> {
            List<Binding> bindings = reachable(user);
            replyOn.execute(() -> reply.accept(bindings));
        });
    }

    /**
     * The live bindings of {@code extension}, by contact URI, with whether each answers OPTIONS (all reachable when
     * the extension is not qualified). Completes on the owner (for tests and the control port).
     */
    public CompletableFuture<Map<String, Reachability>> reachability(String extension) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Reachability> states = new LinkedHashMap<>();
            BindingQualifier q = qualifier;
            for (Binding b : registrar.lookup(extension)) {
                states.put(b.contactUri(), q == null ? Reachability.REACHABLE : q.reachability(b));
            }
            return states;
        }, owner);
    }

    /** Owner only. */
    private List<Binding> reachable(String user) {
        List<Binding> live = registrar.lookup(user);
        BindingQualifier q = qualifier;
        return q == null ? live : live.stream().filter(q::reachable).toList();
    }

    /**
     * For a queue offer, just before its INVITEs: the live bindings of {@code user} not known to be unreachable (none:
     * the offer fails as "not registered") for {@code ifFree}, or, when
     * the user is on a call outside the queues, {@code ifBusy} instead. Either runs on {@code replyOn}.
     */
    public void lookupIfFree(String user, Executor replyOn, Consumer<List<Binding>> ifFree, Runnable ifBusy) {
        owner.execute(() -> {
            if (otherCalls.containsKey(user)) {
                replyOn.execute(ifBusy);
                return;
            }
            List<Binding> bindings = reachable(user);
            replyOn.execute(() -> ifFree.accept(bindings));
        });
    }

    /**
     * {@code extension} starts ({@code busy}) or ends a call outside the queues; calls may overlap. Any thread;
     * look-ups asked for after this one see it. An end without a start is ignored.
     */
    public void otherCall(String extension, boolean busy) {
        owner.execute(() -> {
            Integer calls = otherCalls.get(extension);
            if (busy) {
                otherCalls.put(extension, calls == null ? 1 : calls + 1);
            } else if (calls == null) {
                return;
            } else if (calls == 1) {
                otherCalls.remove(extension);
            } else {
                otherCalls.put(extension, calls - 1);
            }
            listener.otherCall(extension, busy);
        });
    }

    /** How many live bindings the registrar holds, counted on the owner (for metrics). Any thread. */
    public CompletableFuture<Integer> bindingCount() {
        return CompletableFuture.supplyAsync(() -> registrar.bindings().size(), owner);
    }
}
