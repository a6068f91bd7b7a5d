package org.atende.engine;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.atende.sip.registrar.Binding;
import org.atende.sip.registrar.Registrar;
import org.atende.sip.transport.Endpoint;

/**
 * The registrar's single owner: every REGISTER and every look-up runs on one executor, so the bindings
 * need no locks; answers travel back to the caller's loop.
 *
 * <p>The same owner keeps which extensions are on a call outside the ACD's queues (one they placed, or one to
 * their extension), and is the one truth about it: a call says so here before it looks up its callee's contacts,
 * so before its INVITEs go out; a queue offer looks the agent up with {@link #lookupIfFree}, so an offer the ACD
 * made before it heard of such a call is not rung. The ACD hears of every change from here, in this order.
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

    public Registrations(Registrar registrar, EventExecutor owner) {
        this(registrar, owner, OtherCalls.NONE);
    }

    public Registrations(Registrar registrar, EventExecutor owner, OtherCalls listener) {
        this.registrar = registrar;
        this.owner = owner;
        this.listener = listener;
        owner.scheduleAtFixedRate(registrar::expire, 10, 10, TimeUnit.SECONDS);
    }

    /** Handles a REGISTER; {@code reply} runs on {@code replyOn}. */
    public void register(SIPRequest request, Endpoint source, Executor replyOn, Consumer<SIPResponse> reply) {
        owner.execute(() -> {
            SIPResponse response = registrar.handle(request, source);
            replyOn.execute(() -> reply.accept(response));
        });
    }

    /** The live bindings of an extension; {@code reply} runs on {@code replyOn}. */
    public void lookup(String user, Executor replyOn, Consumer<List<Binding>> reply) {
        owner.execute(() -> {
            List<Binding> bindings = registrar.lookup(user);
            replyOn.execute(() -> reply.accept(bindings));
        });
    }

    /**
     * For a queue offer, just before its INVITEs: the live bindings of {@code user} for {@code ifFree}, or, when
     * the user is on a call outside the queues, {@code ifBusy} instead. Either runs on {@code replyOn}.
     */
    public void lookupIfFree(String user, Executor replyOn, Consumer<List<Binding>> ifFree, Runnable ifBusy) {
        owner.execute(() -> {
            if (otherCalls.containsKey(user)) {
                replyOn.execute(ifBusy);
                return;
            }
            List<Binding> bindings = registrar.lookup(user);
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
