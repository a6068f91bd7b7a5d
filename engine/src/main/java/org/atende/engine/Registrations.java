package org.atende.engine;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.atende.sip.registrar.Binding;
import org.atende.sip.registrar.Registrar;
import org.atende.sip.transport.Endpoint;

/**
 * The registrar's single owner: every REGISTER and every look-up runs on one executor, so the bindings
 * need no locks; answers travel back to the caller's loop.
 */
public final class Registrations {

    private final Registrar registrar;
    private final EventExecutor owner;

    public Registrations(Registrar registrar, EventExecutor owner) {
        this.registrar = registrar;
        this.owner = owner;
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
}
