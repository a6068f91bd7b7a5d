package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sip.message.Request;
import org.atende.sip.transaction.TransactionKeys.AckKey;
import org.atende.sip.transaction.TransactionKeys.ClientKey;
import org.atende.sip.transaction.TransactionKeys.LegacyKey;
import org.atende.sip.transaction.TransactionKeys.MergeKey;
import org.atende.sip.transaction.TransactionKeys.ServerKey;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.SipSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 3261 §17 transaction layer (with RFC 6026) of one event loop: matches inbound messages to the four
 * transaction state machines, creates server transactions for new requests, and runs client transactions for the
 * TU.
 *
 * <p>One instance is owned by one thread, the Netty event loop the engine shards calls onto by Call-ID. Every
 * public method, every {@link TransactionUser} and listener callback, and every timer runs on that thread; there
 * are no locks. The only foreign thread is the transport's {@link SipSender.SendListener}, whose failures are
 * posted back through the owner {@link Executor}. A failure that arrives while the layer is in the middle of
 * handling something (an executor that runs tasks inline, as in tests) is held until that handling ends, so the
 * state machines never see a transport error in the middle of a transition.
 */
public final class TransactionLayer {

    static final Logger log = LoggerFactory.getLogger(TransactionLayer.class);

    private final SipSender sender;
    private final TimerService timerService;
    private final SipTimers timerValues;
    private final TransactionUser user;
    private final Executor owner;

    private final Map<ServerKey, AbstractServerTransaction> servers = new HashMap<>();
    private final Map<ClientKey, AbstractClientTransaction> clients = new HashMap<>();
    private final Map<MergeKey, AbstractServerTransaction> merges = new HashMap<>();
    private final Map<AckKey, InviteServerTransaction> accepted = new HashMap<>();

    /** Completed UDP non-INVITE server transactions waiting out Timer J, one timer for all. */
    private final TimerJQueue timerJ;

    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private int depth;
    private TransitionObserver observer = TransitionObserver.NONE;

    /**
     * @param sender        the transport's outbound side
     * @param timers        schedules on the owning thread
     * @param timerValues   T1, T2, T4
     * @param user          the TU (dialog layer, B2BUA), called on the owning thread
     * @param ownerExecutor runs tasks on the owning thread (the event loop itself); used to bring transport
     *                      failures back from the transport's threads. Must accept tasks from any thread.
     */
    public TransactionLayer(SipSender sender, TimerService timers, SipTimers timerValues, TransactionUser user,
            Executor ownerExecutor) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.timerService = Objects.requireNonNull(timers, "timers");
        this.timerValues = Objects.requireNonNull(timerValues, "timerValues");
        this.user = Objects.requireNonNull(user, "user");
        this.owner = Objects.requireNonNull(ownerExecutor, "ownerExecutor");
        this.timerJ = new TimerJQueue(timers, this::dispatch);
    }

    /**
     * Like the five-argument constructor, posting transport failures back with
     * {@code timers.schedule(Duration.ZERO, task)}; only correct when the {@link TimerService} accepts calls from
     * any thread, as one backed by a Netty {@code EventLoop} does.
     */
    public TransactionLayer(SipSender sender, TimerService timers, SipTimers timerValues, TransactionUser user) {
        this(sender, timers, timerValues, user, task -> timers.schedule(Duration.ZERO, task));
    }

    /** Inbound request from the transport, already validated. Runs on the owning event loop. */
    public void onRequest(SIPRequest request, Endpoint source) {
        dispatch(() -> route(request, source));
    }

    /** Inbound response from the transport. Runs on the owning event loop. */
    public void onResponse(SIPResponse response, Endpoint source) {
        dispatch(() -> route(response, source));
    }

    /**
     * Creates and starts a client transaction; the request already carries its top Via with a fresh branch. Runs
     * on the owning event loop; {@code listener} is called there. With an inline owner executor a failed first send
     * reaches {@link ClientTransaction.Listener#onTransportError} before this method returns.
     *
     * @throws IllegalArgumentException for an ACK (use {@link #sendStateless}), a request without a branch, or a
     *                                  branch and method already used by a live client transaction
     */
    public ClientTransaction sendRequest(SIPRequest request, Endpoint destination, ClientTransaction.Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (Request.ACK.equals(request.getMethod())) {
            throw new IllegalArgumentException("an ACK has no client transaction: use sendStateless");
        }
        if (TransactionKeys.branch(request) == null) {
            throw new IllegalArgumentException("request has no Via branch: " + request.getFirstLine());
        }
        if (clients.containsKey(TransactionKeys.clientKey(request))) {
            throw new IllegalArgumentException("branch already in use: " + TransactionKeys.branch(request));
        }
        return call(() -> startClient(request, destination, listener));
    }

    /** Sends without a transaction: the ACK for a 2xx, stateless responses. Runs on any thread. */
    public void sendStateless(SIPMessage message, Endpoint destination) {
        sender.send(message, destination, cause -> log.debug("stateless send to {} failed: {}", destination, cause.toString()));
    }

    /**
     * Whether {@code request} would be absorbed by a server transaction that exists (a retransmission): the front
     * gate lets those through rather than answer them a second time. Owning event loop only.
     */
    public boolean isRetransmission(SIPRequest request) {
        String method = request.getMethod();
        return !Request.ACK.equals(method) && !Request.CANCEL.equals(method)
                && servers.containsKey(TransactionKeys.serverKey(request));
    }

    /** Live transactions (not yet TERMINATED), for metrics and leak tests. Owning event loop only. */
    public int size() {
        return servers.size() + clients.size();
    }

    /** A new RFC 3261 branch: the magic cookie and 128 random bits. Any thread. */
    public static String newBranch() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return TransactionKeys.MAGIC_COOKIE + hex(random.nextLong()) + hex(random.nextLong());
    }

    /** A new To or From tag (64 random bits). */
    static String newTag() {
        return hex(ThreadLocalRandom.current().nextLong());
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    // ---- routing -------------------------------------------------------------------------------------------

    private void route(SIPRequest request, Endpoint source) {
        switch (request.getMethod()) {
            case Request.ACK -> routeAck(request, source);
            case Request.CANCEL -> routeCancel(request, source);
            default -> routeRequest(request, source);
        }
    }

    private void routeRequest(SIPRequest request, Endpoint source) {
        ServerKey key = TransactionKeys.serverKey(request);
        AbstractServerTransaction existing = servers.get(key);
        if (existing != null) {
            existing.onRetransmission(request);
            return;
        }
        MergeKey mergeKey = null;
        if (!request.hasToTag()) {
            mergeKey = TransactionKeys.mergeKey(request);
            if (merges.containsKey(mergeKey)) {
                loopDetected(request, source);
                return;
            }
        }
        AbstractServerTransaction tx;
        if (Request.INVITE.equals(request.getMethod())) {
            InviteServerTransaction invite = new InviteServerTransaction(this, request, source, key, mergeKey);
            file(invite, mergeKey);
            invite.start();
            tx = invite;
        } else {
            NonInviteServerTransaction other = new NonInviteServerTransaction(this, request, source, key, mergeKey);
            file(other, mergeKey);
            other.start();
            tx = other;
        }
        user.onRequest(tx);
    }

    private void loopDetected(SIPRequest request, Endpoint source) {
        log.debug("merged request {} (Call-ID {}, branch {}): 482", request.getMethod(), TransactionKeys.callId(request),
                TransactionKeys.branch(request));
        SIPResponse response = request.createResponse(482);
        AbstractServerTransaction.setToTag(response, newTag());
        sendStateless(response, source);
    }

    private void routeAck(SIPRequest ack, Endpoint source) {
        AbstractServerTransaction tx = findForAck(ack);
        if (tx instanceof InviteServerTransaction invite) {
            invite.onAck(ack, source);
            return;
        }
        InviteServerTransaction awaitingAck = accepted.get(TransactionKeys.ackKey(ack));
        if (awaitingAck != null) {
            awaitingAck.onAck(ack, source);
            return;
        }
        user.onAck(ack, source);
    }

    /**
     * RFC 3261 §17.2.3 for an ACK: by branch; for RFC 2543 peers by the INVITE's values, the ACK's To tag being the
     * INVITE's (re-INVITE) or that of the response the transaction sent.
     */
    private AbstractServerTransaction findForAck(SIPRequest ack) {
        ServerKey key = TransactionKeys.serverKey(ack, Request.INVITE);
        AbstractServerTransaction tx = servers.get(key);
        if (tx != null || !(key instanceof LegacyKey legacy)) {
            return tx;
        }
        LegacyKey withoutTag = new LegacyKey(legacy.requestUri(), legacy.fromTag(), legacy.callId(), legacy.cseq(),
                legacy.method(), null, legacy.topVia());
        tx = servers.get(withoutTag);
        return tx != null && Objects.equals(tx.responseToTag(), ack.getToTag()) ? tx : null;
    }

    private void routeCancel(SIPRequest cancel, Endpoint source) {
        ServerKey key = TransactionKeys.serverKey(cancel);
        AbstractServerTransaction existing = servers.get(key);
        if (existing != null) {
            existing.onRetransmission(cancel);
            return;
        }
        NonInviteServerTransaction cancelTx = new NonInviteServerTransaction(this, cancel, source, key, null);
        file(cancelTx, null);
        cancelTx.start();
        // RFC 3261 §9.2: the transaction being cancelled is found as if the CANCEL were an INVITE.
        if (!(servers.get(TransactionKeys.serverKey(cancel, Request.INVITE)) instanceof InviteServerTransaction invite)) {
            log.debug("CANCEL matches no INVITE (Call-ID {}, branch {}): 481", cancelTx.callId, cancelTx.branch);
            cancelTx.respond(481);
            return;
        }
        cancelTx.respond(200, invite.responseToTag());
        if (invite.awaitsFinalResponse()) {
            user.onCancel(invite, cancel);
        }
    }

    private void route(SIPResponse response, Endpoint source) {
        AbstractClientTransaction tx = TransactionKeys.branch(response) == null ? null
                : clients.get(TransactionKeys.clientKey(response));
        if (tx == null) {
            user.onStrayResponse(response, source);
        } else {
            tx.onResponse(response);
        }
    }

    // ---- package-private services for the transactions -------------------------------------------------------

    AbstractClientTransaction startClient(SIPRequest request, Endpoint destination, ClientTransaction.Listener listener) {
        AbstractClientTransaction tx = Request.INVITE.equals(request.getMethod())
                ? new InviteClientTransaction(this, request, destination, listener)
                : new NonInviteClientTransaction(this, request, destination, listener);
        clients.put(tx.key, tx);
        tx.start();
        return tx;
    }

    private void file(AbstractServerTransaction tx, MergeKey mergeKey) {
        servers.put(tx.key, tx);
        if (mergeKey != null) {
            merges.put(mergeKey, tx);
        }
    }

    /** An INVITE server transaction entered ACCEPTED: the ACK for {@code ok} (new branch) is filed under it. */
    void fileAccepted(InviteServerTransaction tx, SIPResponse ok) {
        TransactionKeys.AckKey ackKey = TransactionKeys.ackKey(ok);
        if (accepted.putIfAbsent(ackKey, tx) == null) {
            tx.ackKey = ackKey;
        }
    }

    /** Removes a TERMINATED transaction from every table. */
    void remove(AbstractTransaction tx) {
        if (tx instanceof AbstractServerTransaction server) {
            servers.remove(server.key, server);
            if (server.mergeKey != null) {
                merges.remove(server.mergeKey, server);
            }
            if (server instanceof InviteServerTransaction invite && invite.ackKey != null) {
                accepted.remove(invite.ackKey, invite);
            }
        } else if (tx instanceof AbstractClientTransaction client) {
            clients.remove(client.key, client);
        }
    }

    void sendEncoded(byte[] encoded, Endpoint destination, AbstractTransaction tx) {
        sender.sendEncoded(encoded, destination, cause -> post(() -> {
            if (!tx.isTerminated()) {
                log.debug("{} transport error to {}: {}", tx, destination, cause.toString());
                tx.onTransportError(cause);
            }
        }));
    }

    void send(SIPMessage message, Endpoint destination, AbstractTransaction tx) {
        sender.send(message, destination, cause -> post(() -> {
            if (!tx.isTerminated()) {
                log.debug("{} transport error to {}: {}", tx, destination, cause.toString());
                tx.onTransportError(cause);
            }
        }));
    }

    /** Files {@code tx} to terminate after {@code j}; every caller passes the same UDP Timer J. */
    void awaitTimerJ(NonInviteServerTransaction tx, Duration j) {
        timerJ.add(tx, j);
    }

    TimerService.Timer schedule(Duration delay, Runnable task) {
        return timerService.schedule(delay, () -> dispatch(task));
    }

    SipTimers timerValues() {
        return timerValues;
    }

    TransactionUser user() {
        return user;
    }

    /** Called from any thread by the transport: hands {@code task} to the owning loop. */
    private void post(Runnable task) {
        try {
            owner.execute(() -> {
                if (depth > 0) {
                    deferred.add(task);
                } else {
                    dispatch(task);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("owner executor rejected a transport error report (shutting down?)", e);
        }
    }

    /** Runs {@code action} as one step of the owning loop; transport errors reported meanwhile run after it. */
    void dispatch(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    private <T> T call(Supplier<T> action) {
        depth++;
        try {
            return action.get();
        } finally {
            depth--;
            if (depth == 0) {
                runDeferred();
            }
        }
    }

    private void runDeferred() {
        Runnable task;
        while ((task = deferred.poll()) != null) {
            depth++;
            try {
                task.run();
            } finally {
                depth--;
            }
        }
    }

    // ---- observation hook for tests --------------------------------------------------------------------------

    /** Package-private hook: every state change of every transaction, on the owning loop. */
    interface TransitionObserver {
        TransitionObserver NONE = (tx, from, to) -> { };

        /** {@code from} is null when the transaction is created. */
        void onTransition(Object transaction, TransactionState from, TransactionState to);
    }

    void observeTransitions(TransitionObserver observer) {
        this.observer = observer == null ? TransitionObserver.NONE : observer;
    }

    void transitioned(AbstractTransaction tx, TransactionState from, TransactionState to) {
        observer.onTransition(tx, from, to);
    }
}
